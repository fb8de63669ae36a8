"""``mvk demo``: realistic, valid, deterministic synthetic data with a whole audit trail."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.clock import FixedClock
from app.domain.cpr import modulus11_ok, parse_cpr
from app.domain.pathway import check, derive, normalise
from app.domain.text import search_key
from app.services import abroad, demo, partners
from app.services.context import ServiceContext
from app.services.demo_data import OPEN_WINDOW_DAYS, SPAN_DAYS, make_cpr
from app.services.pathways import AUDITED_FIELDS, PathwayView, to_view
from app.store import audit
from app.store.audit_bulk import NewEntry, append_many
from app.store.engine import Store
from app.store.migrate import open_store
from app.store.models import AuditEntry, Pathway, Setting

TODAY = date(2025, 11, 20)


def demo_ctx(day: date = TODAY) -> ServiceContext:
    return ServiceContext.default(FixedClock(day), login="demo")


def fill(store: Store, n: int, seed: int, day: date = TODAY, **options: Any) -> demo.DemoSummary:
    with store.write() as session:
        return demo.generate(session, demo_ctx(day), pathways=n, seed=seed, **options)


def all_pathways(store: Store) -> list[PathwayView]:
    with store.read() as session:
        return [to_view(r) for r in session.scalars(select(Pathway).order_by(Pathway.forloeb_id))]


def digest(store: Store) -> str:
    """Every pathway field (timestamps included) and the end of the audit chain."""
    with store.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        rows = [repr(sorted(vars(p).items())) for p in all_pathways(store)]
    return hashlib.sha256("\n".join([*rows, last.hash]).encode()).hexdigest()


def fresh_sqlite(template: Path, tmp_path: Path, name: str) -> Store:
    path = tmp_path / name
    shutil.copy(template, path)
    return open_store(f"sqlite:///{path}")


# --- validity and the audit trail, on both back-ends -----------------------------------------


def test_every_row_passes_the_rules_and_the_audit_log_rebuilds_them(store: Store) -> None:
    summary = fill(store, 600, seed=11)
    rows = all_pathways(store)
    assert len(rows) == summary.pathways == 600
    for row in rows:
        data = row.data
        assert normalise(data) == data
        result = check(data, TODAY, require_alternative=True)
        assert result.ok, (row.forloeb_id, [e.message_id for e in result.errors])
        derived = derive(data)
        assert (row.frist, row.ventedage, row.kategori, row.status, row.periode) == (
            derived.frist.dato,
            derived.ventedage,
            derived.kategori,
            derived.status.value,
            derived.periode,
        )
        assert row.created_at == row.updated_at == demo_ctx().timestamp()
    with store.read() as session:
        chain = audit.verify_chain(session)
        assert chain.ok and chain.rows == audit.count(session)
        rebuilt = audit.replay(session, "pathway")
    assert len(rebuilt) == 600
    for row in rows:
        expected = {name: audit.to_text(getattr(row, name)) for name in AUDITED_FIELDS}
        replayed = rebuilt[row.forloeb_id]
        assert {name: replayed.get(name) for name in AUDITED_FIELDS} == expected


def test_partners_abroad_counts_and_settings(store: Store) -> None:
    summary = fill(store, 100, seed=5)
    with store.read() as session:
        made = partners.list_partners(session)
        assert 1 <= len(made) <= 3
        assert made == sorted(summary.partners, key=lambda p: search_key(p.name))
        assert all(len(p.shak) == 4 and p.udfoerende_type == "PRIVAT" for p in made)
        assert {p.udfoerende_shak for p in all_pathways(store)} <= {p.shak for p in made}
        year = abroad.list_year(session, "1084", TODAY.year - 1)
        assert 2 <= len(year.rows) == summary.abroad_rows
        assert year.total == summary.abroad_total
        assert year.answer is not None and not year.answer.ingen_udland
        assert abroad.year_answered(session, "1084", TODAY.year - 1, summary.own_shak)
        settings = {s.key: s.value for s in session.scalars(select(Setting))}
    assert settings == {"region": "1084", "own_shak": summary.own_shak}
    assert {p.indberettende_shak for p in all_pathways(store)} == {summary.own_shak}
    assert sorted(summary.settings_written) == ["own_shak", "region"]
    with store.read() as session:  # written through the settings service: audited
        [entry] = audit.history(session, "setting", "region")
        assert json.loads(entry.changes) == {"value": [None, "1084"]}


def test_existing_settings_are_used_and_kept(store: Store) -> None:
    with store.write() as session:
        for key, value in (("region", "1085"), ("own_shak", "380099")):
            session.add(Setting(key=key, value=value, updated_at="x", updated_by="admin"))
    summary = fill(store, 50, seed=2)
    assert (summary.region, summary.own_shak, summary.settings_written) == ("1085", "380099", [])
    assert {(p.region, p.indberettende_shak) for p in all_pathways(store)} == {("1085", "380099")}
    with store.read() as session:
        assert session.get(Setting, "region").value == "1085"  # type: ignore[union-attr]


def test_a_store_with_pathways_is_refused_and_left_alone(store: Store) -> None:
    fill(store, 20, seed=1)
    before = digest(store)
    with pytest.raises(demo.DemoStoreNotEmpty) as caught:
        fill(store, 20, seed=2)
    assert "20" in caught.value.message("da")
    assert digest(store) == before


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_and_day_give_identical_data(sqlite_template: Path, tmp_path: Path) -> None:
    stores = [fresh_sqlite(sqlite_template, tmp_path, f"{n}.sqlite") for n in "abcde"]
    try:
        fill(stores[0], 300, seed=42)
        fill(stores[1], 300, seed=42)
        fill(stores[2], 300, seed=43)
        fill(stores[3], 300, seed=42, day=TODAY + timedelta(days=1))
        fill(stores[4], 300, seed=42, region="1082")
        first = digest(stores[0])
        assert digest(stores[1]) == first
        assert len({first, *(digest(s) for s in stores[2:])}) == 4
        ids = [{p.forloeb_id for p in all_pathways(s)} for s in stores[:3]]
        assert ids[0] == ids[1] and not ids[0] & ids[2]
    finally:
        for opened in stores:
            opened.dispose()


def test_both_back_ends_store_the_same_data(
    store: Store, sqlite_template: Path, tmp_path: Path
) -> None:
    """The fast inserts (executemany on SQLite, COPY on PostgreSQL) give the same rows and chain."""
    reference = fresh_sqlite(sqlite_template, tmp_path, "reference.sqlite")
    try:
        fill(reference, 200, seed=8)
        fill(store, 200, seed=8)
        assert digest(store) == digest(reference)
    finally:
        reference.dispose()


# --- realism: the proportions a user would recognise -------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[demo.DemoSummary, list[PathwayView]]:
    path = tmp_path_factory.mktemp("demo") / "big.sqlite"
    store = open_store(f"sqlite:///{path}")
    try:
        summary = fill(store, 5000, seed=2024)
        return summary, all_pathways(store)
    finally:
        store.dispose()


def share(count: int, total: int) -> float:
    return count / total


def test_mix_of_types_and_areas(big: tuple[demo.DemoSummary, list[PathwayView]]) -> None:
    summary, rows = big
    kinds = Counter(p.forloebstype for p in rows)
    assert 0.82 <= share(kinds["UDREDNING"], len(rows)) <= 0.88
    assert kinds["BEHANDLING"] > kinds["EFTERBEHANDLING"] > 0
    udredninger = [p for p in rows if p.forloebstype == "UDREDNING"]
    assert share(sum(p.kraeftomraade == "BRYST" for p in udredninger), len(udredninger)) > 0.9
    for p in rows:
        if p.forloebstype == "UDREDNING":
            assert p.behandlingsform is None and p.samtykke is None
        else:
            assert p.behandlingsform in {"KIRURGI", "MEDICINSK", "STRAALE"}
            assert p.samtykke is not None or p.status == "aaben"
    assert summary.by_forloebstype == kinds


def test_referrals_span_two_years_and_recent_ones_are_open(
    big: tuple[demo.DemoSummary, list[PathwayView]],
) -> None:
    _summary, rows = big
    referrals = [p.henvisning_modtaget for p in rows]
    assert min(referrals) >= TODAY - timedelta(days=SPAN_DAYS)
    assert max(referrals) <= TODAY
    assert min(referrals) <= TODAY - timedelta(days=SPAN_DAYS - 30)
    recent = [p for p in rows if p.henvisning_modtaget > TODAY - timedelta(days=OPEN_WINDOW_DAYS)]
    assert recent and all(p.status == "aaben" for p in recent)
    older_open = [
        p
        for p in rows
        if p.status == "aaben" and p.henvisning_modtaget <= TODAY - timedelta(days=30)
    ]
    assert 1 <= len(older_open) <= 0.01 * len(rows)
    assert all(p.frist < TODAY for p in older_open)  # overdue: urgent on the worklist
    open_rows = [p for p in rows if p.status == "aaben"]
    days_left = Counter((p.frist - TODAY).days for p in open_rows)
    assert sum(n for d, n in days_left.items() if 0 <= d <= 3) > 0  # close to the deadline
    assert sum(n for d, n in days_left.items() if d < 0) > 0  # past it


def test_overruns_interruptions_and_reasons(
    big: tuple[demo.DemoSummary, list[PathwayView]],
) -> None:
    summary, rows = big
    ended = [p for p in rows if p.status != "aaben"]
    overruns = [p for p in ended if p.kategori in (2, 3)]
    assert 0.035 <= share(len(overruns), len(ended)) <= 0.07
    kategori = Counter(p.kategori for p in overruns)
    assert 0 < kategori[3] < kategori[2] / 3  # mostly lawful (kategori 2), a few not
    interrupted = [p for p in ended if p.status == "afbrudt"]
    assert 0.015 <= share(len(interrupted), len(rows)) <= 0.035
    late = [p for p in interrupted if p.afbrudt is not None and p.afbrudt > p.frist]
    assert late and all(p.aarsag for p in late)
    assert any(p.kategori == 1 for p in interrupted)
    reasons = Counter(p.aarsag for p in overruns)
    assert reasons.most_common(1)[0][0] == "PATIENTOENSKE"
    assert {"HELBRED", "KAPACITET_HENVIST"} <= set(reasons)
    for p in rows:
        if p.aarsag == "ANDET":
            assert p.kommentar
        if p.aarsag == "KAPACITET_HENVIST":
            assert p.alternativ_tilbud
        if p.status == "afsluttet":
            assert p.tilbudt_start is not None and p.tilbudt_start <= p.start  # type: ignore[operator]
    assert summary.overruns == len(overruns)
    assert summary.by_status == Counter(p.status for p in rows)


def test_udfald_for_udredninger(big: tuple[demo.DemoSummary, list[PathwayView]]) -> None:
    _summary, rows = big
    started = [p for p in rows if p.forloebstype == "UDREDNING" and p.status == "afsluttet"]
    outcomes = Counter(p.udfald for p in started)
    assert share(outcomes["AFKRAEFTET"], len(started)) > 0.75
    assert 0.05 <= share(outcomes["BEKRAEFTET"], len(started)) <= 0.15
    assert all(p.udfald is None for p in rows if p.forloebstype != "UDREDNING")
    # A confirmed breast udredning is often followed by a behandling for the same patient.
    confirmed = {p.cpr for p in started if p.udfald == "BEKRAEFTET"}
    assert any(p.cpr in confirmed for p in rows if p.forloebstype == "BEHANDLING")


def test_cpr_numbers_are_valid_and_some_fail_modulus_11(
    big: tuple[demo.DemoSummary, list[PathwayView]],
) -> None:
    summary, rows = big
    infos = [parse_cpr(p.cpr) for p in rows]  # raises if any is invalid
    assert not any(i.replacement for i in infos)
    failing = sum(i.modulus11 is False for i in infos)
    assert 0.01 * len(rows) <= failing <= 0.1 * len(rows)
    assert summary.modulus11_fails == failing
    breast = [i for p, i in zip(rows, infos, strict=True) if p.kraeftomraade == "BRYST"]
    assert share(sum(i.sex == "K" for i in breast), len(breast)) > 0.95


@pytest.mark.parametrize("born", [date(1937, 1, 1), date(1999, 12, 31), date(2005, 2, 28)])
@pytest.mark.parametrize("female", [True, False])
@pytest.mark.parametrize("modulus11", [True, False])
def test_make_cpr(born: date, female: bool, modulus11: bool) -> None:
    rng = random.Random(born.toordinal())
    for _ in range(50):
        number = make_cpr(rng, born, female, modulus11=modulus11)
        info = parse_cpr(number)
        assert info.birth_date == born
        assert (info.sex == "K") == female
        assert modulus11_ok(number) == modulus11


def test_audit_rows_are_those_register_would_write(store: Store) -> None:
    fill(store, 80, seed=4)
    with store.read() as session:
        for row in session.scalars(select(Pathway)):
            [entry] = audit.history(session, "pathway", row.forloeb_id)
            fields = {name: getattr(row, name) for name in AUDITED_FIELDS}
            assert (entry.action, entry.login, entry.reason) == ("create", "demo", None)
            assert json.loads(entry.changes) == audit.diff({}, fields)


# --- the bulk audit helper ---------------------------------------------------------------------


def test_append_many_continues_the_chain_of_append(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        partners.add(session, "AB12", "Klinik Ærtebjerg", ctx)
        added = append_many(
            session,
            [
                NewEntry(ctx.actor, ctx.timestamp(), "create", "test", str(i), {"n": [None, i]})
                for i in range(7)
            ],
            batch=3,
        )
        partners.add(session, "CD34", "Privathospitalet Søholm", ctx)
    assert added == 7
    with store.read() as session:
        assert audit.verify_chain(session) == audit.ChainReport(9, None)
        assert audit.replay(session, "test")["6"] == {"n": 6}


# --- the command line --------------------------------------------------------------------------


def test_cli_demo_prints_a_danish_summary(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", store_url, "--lang", "da", "demo", "--pathways", "150", "--seed", "9"]
    assert main([*args, "--today", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    assert "150 forløb for region 1084, dags dato 01-03-2025" in out
    assert "Partnersygehus" in out and "Overskridelser" in out and "Udlandet 2024" in out
    # A second run on the same store is refused with one clear line and exit status 1.
    assert main(args) == 1
    assert "indeholder allerede 150 forløb" in capsys.readouterr().err
    store = open_store(store_url)
    try:
        rows = all_pathways(store)
        assert max(p.henvisning_modtaget for p in rows) <= date(2025, 3, 1)
    finally:
        store.dispose()


def test_cli_global_today_and_region(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.sqlite"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    assert (
        main(["--db", url, "--today", "2024-12-31", "demo", "--pathways", "40", "--region", "1081"])
        == 0
    )
    assert "40 forløb for region 1081, dags dato 31-12-2024" in capsys.readouterr().out
    store = open_store(url)
    try:
        assert {p.region for p in all_pathways(store)} == {"1081"}
    finally:
        store.dispose()
