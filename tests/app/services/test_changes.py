"""Corrections since delivery: what changed in a delivered period, and whether a new delivery is due."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.domain.periods import Period
from app.services import abroad, changes, export, pathways
from app.services.changes import PeriodChanges
from app.services.context import ServiceContext
from app.store.engine import Store
from app.store.models import Pathway

Q2 = Period(2024, 2)
Q1 = Period(2024, 1)


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("MVK_STATE_DIR", str(folder))
    return folder


def data(cpr: str, henvisning: date, **extra: Any) -> PathwayData:
    base: dict[str, Any] = {
        "cpr": cpr,
        "region": "1084",
        "indberettende_shak": "1301",
        "udfoerende_shak": "8001",
        "udfoerende_type": "PRIVAT",
        "forloebstype": "UDREDNING",
        "kraeftomraade": "BRYST",
        "henvisning_modtaget": henvisning,
    }
    base.update(extra)
    return PathwayData(**base)


def started(cpr: str, henvisning: date, days: int = 3, **extra: Any) -> PathwayData:
    start = henvisning + timedelta(days=days)
    return data(cpr, henvisning, tilbudt_start=start, start=start, **extra)


@pytest.fixture
def ids(store: Store, ctx: ServiceContext, tmp_path: Path) -> dict[str, str]:
    """Four Q2 pathways and one Q1 pathway; Q2 delivered (leverance 1)."""
    made: dict[str, str] = {}
    with store.write() as s:
        for name, cpr, day in (
            ("a", "0101901234", date(2024, 4, 2)),
            ("b", "0202902345", date(2024, 4, 10)),
            ("c", "0303903456", date(2024, 5, 2)),
            ("d", "0404904567", date(2024, 5, 20)),
            ("q1", "0505905678", date(2024, 3, 1)),
        ):
            made[name] = pathways.register(s, started(cpr, day), ctx).forloeb_id
    deliver(store, ctx, Q2, tmp_path / "first")
    return made


def deliver(store: Store, ctx: ServiceContext, period: Period, out: Path) -> None:
    with store.write() as s:
        export.export(s, "1084", period, out, ctx, unit="1301")


def only(store: Store, period: Period = Q2) -> PeriodChanges:
    with store.read() as s:
        found = changes.since_delivery(s, "1084", period)
    assert len(found) == 1
    return found[0]


def test_nothing_changed_since_delivery(store: Store, ids: dict[str, str]) -> None:
    found = only(store)
    assert (found.new, found.changed, found.removed) == ((), (), ())
    assert found.verified and not found.correction_due and not found.abroad_changed
    assert (found.region, found.periode, found.leverance) == ("1084", "2024K2", 1)


def test_new_changed_removed_and_moved_pathways_are_listed(
    store: Store, ctx: ServiceContext, ids: dict[str, str]
) -> None:
    why = "efter levering"
    with store.write() as s:
        pathways.correct(s, ids["a"], {"start": date(2024, 4, 9)}, ctx, reason=why)
        pathways.delete(s, ids["b"], ctx, reason=why)
        new = pathways.register(s, started("0606906789", date(2024, 6, 1)), ctx, reason=why)
        # q1 moves into Q2: new here (and removed from Q1, which was never delivered)
        pathways.correct(
            s,
            ids["q1"],
            {"start": date(2024, 4, 2), "tilbudt_start": date(2024, 4, 2), "aarsag": "KAPACITET"},
            ctx,
            reason=why,
        )
        # d moves out of Q2, into Q1 (which was never delivered)
        pathways.correct(
            s,
            ids["d"],
            {
                "henvisning_modtaget": date(2024, 3, 20),
                "tilbudt_start": date(2024, 3, 25),
                "start": date(2024, 3, 25),
            },
            ctx,
            reason=why,
        )
        # c changes and changes back: nothing to report
        pathways.correct(s, ids["c"], {"kommentar": "midlertidig"}, ctx, reason=why)
        pathways.correct(s, ids["c"], {"kommentar": None}, ctx, reason=why)
        # a field that is not in the file: nothing to report
        pathways.correct(s, ids["c"], {"ekstern_reference": "BK-17"}, ctx, reason=why)
    found = only(store)
    assert [d.forloeb_id for d in found.new] == sorted([new.forloeb_id, ids["q1"]])
    assert [d.forloeb_id for d in found.removed] == sorted([ids["b"], ids["d"]])
    assert [d.forloeb_id for d in found.changed] == [ids["a"]]
    fields = {f.field: (f.old, f.new) for f in found.changed[0].fields}
    assert fields == {
        "start": ("2024-04-05", "2024-04-09"),
        "ventedage": (3, 7),
    }
    assert found.correction_due and found.verified and not found.abroad_changed


def test_only_changes_after_the_latest_delivery_count(
    store: Store, ctx: ServiceContext, ids: dict[str, str], tmp_path: Path
) -> None:
    with store.write() as s:
        pathways.correct(s, ids["a"], {"kommentar": "før leverance 2"}, ctx, reason="x")
    assert only(store).correction_due
    later = ServiceContext(ctx.actor, FixedClock(date(2024, 6, 16)))
    deliver(store, later, Q2, tmp_path / "second")
    found = only(store)
    assert found.leverance == 2 and not found.correction_due and found.pathways_changed == 0
    with store.write() as s:
        pathways.correct(s, ids["b"], {"kommentar": "efter leverance 2"}, later, reason="y")
    found = only(store)
    assert [d.forloeb_id for d in found.changed] == [ids["b"]]
    assert found.changed[0].fields[0].new == "efter leverance 2"


def test_a_change_in_the_same_second_as_the_delivery_is_placed_by_the_log_not_the_clock(
    store: Store, ctx: ServiceContext, ids: dict[str, str]
) -> None:
    """The fixed clock gives every action the same timestamp; the audit log's order decides."""
    with store.write() as s:
        pathways.correct(s, ids["a"], {"kommentar": "samme sekund"}, ctx, reason="x")
    found = only(store)
    assert [d.forloeb_id for d in found.changed] == [ids["a"]]
    assert found.dannet == ctx.timestamp()


def test_each_delivered_period_is_listed_and_undelivered_ones_are_not(
    store: Store, ctx: ServiceContext, ids: dict[str, str], tmp_path: Path
) -> None:
    deliver(store, ctx, Q1, tmp_path / "q1")
    with store.read() as s:
        found = changes.since_delivery(s)
    assert [(f.periode, f.correction_due) for f in found] == [("2024K1", False), ("2024K2", False)]
    with store.write() as s:
        pathways.delete(s, ids["q1"], ctx, reason="dublet")
    with store.read() as s:
        found = changes.since_delivery(s)
    assert [(f.periode, f.correction_due) for f in found] == [("2024K1", True), ("2024K2", False)]
    assert [d.forloeb_id for d in found[0].removed] == [ids["q1"]]
    with store.read() as s:
        assert changes.since_delivery(s, "1081") == []


def test_abroad_counts_changed_after_a_k4_delivery(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    def count(antal: int, land: str = "SE") -> abroad.AbroadData:
        return abroad.AbroadData(
            aar=2023,
            kvartal=3,
            region="1084",
            kilde_shak="1301",
            forloebstype="UDREDNING",
            land=land,
            antal=antal,
        )

    with store.write() as s:
        abroad.set_count(s, count(2), ctx)
        abroad.answer_year(s, "1084", 2023, "1301", False, ctx)
    deliver(store, ctx, Period(2023, 4), tmp_path / "k4")
    found = only(store, Period(2023, 4))
    assert not found.abroad_changed and not found.correction_due and found.verified
    with store.write() as s:
        abroad.set_count(s, count(3), ctx)
    found = only(store, Period(2023, 4))
    assert found.abroad_changed and found.correction_due and found.verified
    with store.write() as s:
        abroad.set_count(s, count(2), ctx)  # back as delivered
        other = abroad.set_count(s, count(1, "NO"), ctx)  # added, then deleted
        abroad.delete(s, other.id, ctx)
    found = only(store, Period(2023, 4))
    assert not found.abroad_changed and not found.correction_due and found.verified


def test_a_change_past_the_audit_log_is_caught_by_the_checksum(
    store: Store, ctx: ServiceContext, ids: dict[str, str]
) -> None:
    with store.write() as s:
        s.execute(
            update(Pathway).where(Pathway.forloeb_id == ids["a"]).values(kommentar="uden log")
        )
    found = only(store)
    assert found.correction_due and not found.verified
    assert found.pathways_changed == 0


def test_cli_deliveries_changes(
    store: Store, ctx: ServiceContext, ids: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    base = ["--db", store.url, "deliveries", "--changes"]
    capsys.readouterr()
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "1084 2024K2, leverance 1" in out and "Ingen ændringer siden leverancen." in out
    with store.write() as s:
        pathways.correct(s, ids["a"], {"start": date(2024, 4, 9)}, ctx, reason="x")
        pathways.delete(s, ids["b"], ctx, reason="x")
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "0 nye forløb, 1 ændret, 1 fjernet" in out
    assert f"ændret  {ids['a']}: start, ventedage" in out
    assert f"fjernet {ids['b']}" in out
    assert "Efterindberetning skal laves" in out
    assert main([*base, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["correction_due"] is True and listed[0]["verified"] is True
    assert listed[0]["changed"][0]["fields"][0] == {
        "field": "start",
        "old": "2024-04-05",
        "new": "2024-04-09",
    }


def test_an_import_into_a_delivered_period_makes_a_correction_due(
    store: Store, ctx: ServiceContext, ids: dict[str, str], tmp_path: Path
) -> None:
    from app.domain.pathway import derive
    from app.services import importer
    from app.submission.format import spec
    from app.submission.writer import build_content, write_xlsx

    other = started("0707907890", date(2024, 5, 5), indberettende_shak="4202")
    derived = derive(other)
    values = {
        **other.as_dict(),
        "forloeb_id": "00000000-0000-4000-8000-000000000042",
        "frist": derived.frist.dato,
        "ventedage": derived.ventedage,
        "kategori": derived.kategori,
    }
    row = [
        v.isoformat() if isinstance(v, date) else v
        for v in (values[h] for h in spec().forloeb.header)
    ]
    meta = {
        "region": "1084",
        "periode": "2024K2",
        "leverance": 1,
        "indberetter_shak": "4202",
        "dannet": "2024-06-14T09:00:00+02:00",
        "dannet_af": "CD",
        "program": "andet 1.0",
        "udland_opgjort": "N",
    }
    path = write_xlsx(
        build_content(meta, [row], []), tmp_path / "MVK_1084_2024K2_20240614T090000.xlsx"
    )
    with store.write() as s:
        plan = importer.plan_import(s, path, ctx)
        importer.apply_import(s, plan, ctx, reason="Fil fra Bispebjerg")
    found = only(store)
    assert [d.forloeb_id for d in found.new] == [values["forloeb_id"]]
    assert found.correction_due and found.verified
