"""Worklist queries: filtering, sorting, paging and CPR search in SQL, checked against Python.

The big case runs on a generated 100,000-pathway SQLite store (a region's ten years); the same queries
run on PostgreSQL with fewer rows. Speed is measured in benchmarks/, not here.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from app.domain.periods import Period
from app.domain.rules import compute_frist
from app.services.worklist import (
    SortKey,
    StatusFilter,
    WorklistQuery,
    counts,
    cpr_search_term,
    worklist,
)
from app.store.engine import Store
from app.store.migrate import open_store
from app.store.models import Partner, Pathway

TODAY = date(2024, 6, 15)
STAMP = "2024-06-15T12:00:00+02:00"


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """Rows as they would be stored: open, started and interrupted pathways with derived fields."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        henvisning = TODAY - timedelta(days=rng.randrange(0, 3650))
        kind = rng.choice(["UDREDNING"] * 8 + ["BEHANDLING", "EFTERBEHANDLING"])
        samtykke = (
            None if kind == "UDREDNING" else henvisning + timedelta(days=rng.randrange(0, 10))
        )
        frist = compute_frist(kind, henvisning, samtykke).dato
        status = (
            "aaben"
            if (TODAY - henvisning).days < 30 or rng.random() < 0.002
            else rng.choice(["afsluttet"] * 30 + ["afbrudt"])
        )
        end = (
            None
            if status == "aaben"
            else min(henvisning + timedelta(days=rng.randrange(1, 14)), TODAY)
        )
        day, month, yy = rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(0, 100)
        cpr = f"{day:02d}{month:02d}{yy:02d}{rng.randrange(0, 4)}{i % 1000:03d}"
        rows.append(
            {
                "forloeb_id": str(uuid.UUID(int=rng.getrandbits(128))),
                "cpr": cpr,
                "region": "1084",
                "indberettende_shak": "1301",
                "udfoerende_shak": rng.choice(["8001", "8002"]),
                "udfoerende_type": "PRIVAT",
                "forloebstype": kind,
                "behandlingsform": None if kind == "UDREDNING" else "KIRURGI",
                "kraeftomraade": "BRYST",
                "henvisning_modtaget": henvisning,
                "samtykke": samtykke,
                "frist": frist,
                "frist_foreloebig": False,
                "tilbudt_start": end if status == "afsluttet" else None,
                "start": end if status == "afsluttet" else None,
                "afbrudt": end if status == "afbrudt" else None,
                "ventedage": None if end is None else (end - henvisning).days,
                "kategori": None if end is None else 1,
                "status": status,
                "periode": None if end is None else str(Period.of(end)),
                "partner_id": 1 if rng.random() < 0.7 else 2,
                "kilde_shak": "1301",
                "created_at": STAMP,
                "created_by": "t",
                "updated_at": STAMP,
                "updated_by": "t",
                "version": 1,
                "deleted": rng.random() < 0.001,
            }
        )
    return rows


def fill(store: Store, rows: list[dict[str, Any]]) -> None:
    with store.write() as session:
        session.execute(
            insert(Partner),
            [
                {
                    "id": 1,
                    "shak": "8001",
                    "name": "Privathospitalet Øresund",
                    "name_key": "x",
                    "udfoerende_type": "PRIVAT",
                    "active": True,
                    "created_at": STAMP,
                    "created_by": "t",
                    "updated_at": STAMP,
                    "updated_by": "t",
                    "version": 1,
                },
                {
                    "id": 2,
                    "shak": "8002",
                    "name": "Aleris Århus",
                    "name_key": "y",
                    "udfoerende_type": "PRIVAT",
                    "active": True,
                    "created_at": STAMP,
                    "created_by": "t",
                    "updated_at": STAMP,
                    "updated_by": "t",
                    "version": 1,
                },
            ],
        )
        for i in range(0, len(rows), 10_000):
            session.execute(insert(Pathway), rows[i : i + 10_000])


@pytest.fixture(scope="module")
def big_store(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Store, list[dict[str, Any]]]]:
    import shutil

    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    shutil.copy(sqlite_template, path)
    store = open_store(f"sqlite:///{path}")
    rows = generate(100_000, seed=7)
    fill(store, rows)
    yield store, rows
    store.dispose()


def live(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if not r["deleted"]]


def test_default_view_is_open_pathways_most_urgent_first(
    big_store: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, rows = big_store
    expected = sorted(
        (r for r in live(rows) if r["status"] == "aaben"),
        key=lambda r: (r["frist"], r["forloeb_id"]),
    )
    with store.read() as session:
        page = worklist(session, WorklistQuery(limit=50), TODAY)
    assert page.total == len(expected)
    assert [r.forloeb_id for r in page.rows] == [r["forloeb_id"] for r in expected[:50]]
    first = page.rows[0]
    assert first.countdown is not None
    assert first.countdown.days_left == (first.frist - TODAY).days
    assert first.partner_name in {"Privathospitalet Øresund", "Aleris Århus"}


def test_paging_walks_through_without_gaps(big_store: tuple[Store, list[dict[str, Any]]]) -> None:
    store, rows = big_store
    expected = sorted(
        (r for r in live(rows) if r["status"] == "aaben"),
        key=lambda r: (r["frist"], r["forloeb_id"]),
    )
    seen: list[str] = []
    with store.read() as session:
        offset = 0
        while True:
            page = worklist(session, WorklistQuery(offset=offset, limit=200), TODAY)
            if not page.rows:
                break
            seen += [r.forloeb_id for r in page.rows]
            offset += 200
    assert seen == [r["forloeb_id"] for r in expected]


def test_filter_status_partner_type_and_sort_descending(
    big_store: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, rows = big_store
    q = WorklistQuery(
        status=StatusFilter.AFBRUDT,
        partner_id=2,
        forloebstype="UDREDNING",
        sort=SortKey.HENVISNING,
        descending=True,
        limit=20,
    )
    expected = sorted(
        (
            r
            for r in live(rows)
            if r["status"] == "afbrudt"
            and r["partner_id"] == 2
            and r["forloebstype"] == "UDREDNING"
        ),
        key=lambda r: (r["henvisning_modtaget"], r["forloeb_id"]),
        reverse=True,
    )
    with store.read() as session:
        page = worklist(session, q, TODAY)
    assert page.total == len(expected) > 0
    assert [r.forloeb_id for r in page.rows] == [r["forloeb_id"] for r in expected[:20]]


def test_only_overdue_and_status_bar_counts(big_store: tuple[Store, list[dict[str, Any]]]) -> None:
    store, rows = big_store
    open_rows = [r for r in live(rows) if r["status"] == "aaben"]
    overdue = [r for r in open_rows if r["frist"] < TODAY]
    with store.read() as session:
        page = worklist(session, WorklistQuery(only_overdue=True, limit=1000), TODAY)
        bar = counts(session, TODAY)
    assert page.total == len(overdue) > 0
    assert all(r.countdown is not None and r.countdown.days_left < 0 for r in page.rows)
    assert (bar.open, bar.overdue) == (len(open_rows), len(overdue))


def test_period_filter_uses_end_date_quarter(big_store: tuple[Store, list[dict[str, Any]]]) -> None:
    store, rows = big_store
    q = WorklistQuery(status=StatusFilter.ALLE, periode=Period(2020, 1), limit=10)
    p = Period(2020, 1)
    expected = [
        r
        for r in live(rows)
        if r["periode"] == "2020K1"
        or (r["periode"] is None and p.first_day <= r["henvisning_modtaget"] <= p.last_day)
    ]
    with store.read() as session:
        page = worklist(session, q, TODAY)
    assert page.total == len(expected) > 0


@pytest.mark.parametrize("typed", ["{a}-{b}", "{a}{b}", " {a} {b}\n"])
def test_cpr_search_with_or_without_hyphen(
    big_store: tuple[Store, list[dict[str, Any]]], typed: str
) -> None:
    store, rows = big_store
    target = live(rows)[1234]
    cpr = target["cpr"]
    matches = [r for r in live(rows) if r["cpr"] == cpr]
    with store.read() as session:
        page = worklist(
            session,
            WorklistQuery(status=StatusFilter.ALLE, search=typed.format(a=cpr[:6], b=cpr[6:])),
            TODAY,
        )
    assert page.total == len(matches)
    assert target["forloeb_id"] in {r.forloeb_id for r in page.rows}


def test_cpr_prefix_search(big_store: tuple[Store, list[dict[str, Any]]]) -> None:
    store, rows = big_store
    prefix = live(rows)[99]["cpr"][:6]
    expected = {r["forloeb_id"] for r in live(rows) if r["cpr"].startswith(prefix)}
    with store.read() as session:
        page = worklist(
            session,
            WorklistQuery(
                status=StatusFilter.ALLE, search=prefix[:4] + "-" * 0 + prefix[4:], limit=10_000
            ),
            TODAY,
        )
    assert {r.forloeb_id for r in page.rows} == expected


def test_search_term_normalisation() -> None:
    assert cpr_search_term("010190-1234") == "0101901234"
    assert cpr_search_term("０１０１９０ １２３４") == "0101901234"
    assert cpr_search_term("0101") == "0101"
    assert cpr_search_term("Hansen") is None or cpr_search_term("Hansen") == "HANSEN"


def test_same_answers_on_both_back_ends(store: Store) -> None:
    rows = generate(3000, seed=11)
    fill(store, rows)
    expected = sorted(
        (r for r in live(rows) if r["status"] == "aaben"),
        key=lambda r: (r["frist"], r["forloeb_id"]),
    )
    with store.read() as session:
        page = worklist(session, WorklistQuery(limit=25), TODAY)
        by_partner = worklist(
            session, WorklistQuery(status=StatusFilter.ALLE, sort=SortKey.PARTNER, limit=5), TODAY
        )
    assert [r.forloeb_id for r in page.rows] == [r["forloeb_id"] for r in expected[:25]]
    assert page.total == len(expected)
    assert [r.partner_name for r in by_partner.rows] == ["Aleris Århus"] * 5
