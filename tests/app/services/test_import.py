"""Importing national files: round trips, merging sources, full state per source, refusals, reasons."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from app.clock import FixedClock
from app.domain.pathway import PathwayData, derive
from app.domain.periods import Period
from app.errors import RuleViolation
from app.services import abroad, export, importer, partners, pathways
from app.services.context import ServiceContext
from app.store import audit
from app.store.engine import Store
from app.store.migrate import open_store
from app.store.models import AbroadCount, AuditEntry, Pathway
from app.submission.format import spec
from app.submission.validator import has_errors, validate_file
from app.submission.writer import build_content, write_xlsx

EXAMPLE = Path(__file__).parents[1] / "submission" / "data" / "MVK_1084_2024K4_20250110T093000.xlsx"
K4 = Period(2023, 4)
HEADER = spec().forloeb.header


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("MVK_STATE_DIR", str(folder))
    return folder


def fid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def pathway_row(
    n: int,
    henvisning: date,
    days: int,
    *,
    shak: str = "1301",
    aarsag: str | None = None,
    kommentar: str | None = None,
    udfoerende: str = "8001",
) -> list[Any]:
    """A valid UDREDNING row of the Forloeb sheet (frist, ventedage, kategori derived)."""
    start = henvisning + timedelta(days=days)
    data = PathwayData(
        cpr=f"{1 + n % 28:02d}0190{n % 4000:04d}",
        region="1084",
        indberettende_shak=shak,
        udfoerende_shak=udfoerende,
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=henvisning,
        tilbudt_start=start,
        start=start,
        aarsag=aarsag,
        kommentar=kommentar,
    )
    derived = derive(data)
    values = {
        **data.as_dict(),
        "forloeb_id": fid(n),
        "frist": derived.frist.dato,
        "ventedage": derived.ventedage,
        "kategori": derived.kategori,
    }
    return [v.isoformat() if isinstance(v, date) else v for v in (values[h] for h in HEADER)]


def abroad_row(kvartal: int, land: str, antal: int, kommentar: str | None = None) -> list[Any]:
    return [2023, kvartal, "1084", "BEHANDLING", "KIRURGI", "BRYST", land, antal, kommentar]


def write_file(
    folder: Path,
    forloeb: Sequence[list[Any]],
    udland: Sequence[list[Any]] = (),
    *,
    periode: str = "2023K4",
    source: str = "1301",
    leverance: int = 1,
    dannet: str = "2024-01-10T09:00:00+01:00",
) -> Path:
    meta = {
        "region": "1084",
        "periode": periode,
        "leverance": leverance,
        "indberetter_shak": source,
        "dannet": dannet,
        "dannet_af": "AB",
        "program": "andet program 2.1",
        "udland_opgjort": "J" if periode.endswith("K4") else "N",
    }
    content = build_content(meta, list(forloeb), list(udland))
    created = dannet[:19].replace("-", "").replace(":", "")
    target = folder / f"{source}_{leverance}" / f"MVK_1084_{periode}_{created}.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_xlsx(content, target)


def sheets(path: Path) -> tuple[dict[str, Any], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path)
    meta = {r[0]: r[1] for r in wb["Indberetning"].iter_rows(min_row=2, values_only=True)}
    forloeb = list(wb["Forloeb"].iter_rows(min_row=2, values_only=True))
    udland = list(wb["Udland"].iter_rows(min_row=2, values_only=True))
    return meta, forloeb, udland


def do_import(
    store: Store, path: Path, ctx: ServiceContext, reason: str | None = None
) -> importer.ImportReport:
    with store.write() as s:
        plan = importer.plan_import(s, path, ctx)
        assert not plan.refused, plan.findings
        return importer.apply_import(s, plan, ctx, reason)


def do_export(
    store: Store, ctx: ServiceContext, out: Path, period: Period = K4, *, trial: bool = False
) -> Path:
    with store.write() as s:
        return export.export(s, "1084", period, out, ctx, unit="1301", trial=trial).path


def live_ids(store: Store) -> set[str]:
    with store.read() as s:
        return set(s.scalars(select(Pathway.forloeb_id).where(Pathway.deleted.is_(False))))


def counts(store: Store) -> tuple[int, int, int]:
    with store.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Pathway)) or 0,
            s.scalar(select(func.count()).select_from(AbroadCount)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


@pytest.fixture
def scratch(sqlite_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A second, SQLite store: the producer of the files the test imports."""
    path = tmp_path / "producer.sqlite"
    shutil.copy(sqlite_template, path)
    opened = open_store(f"sqlite:///{path}")
    yield opened
    opened.dispose()


def register_k4(store: Store, ctx: ServiceContext) -> None:
    """A producer's 4th quarter 2023: varied pathways (kinds, overruns, an interruption, text that
    looks like a formula) and abroad counts from two sources."""

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

    d = date(2023, 10, 2)
    with store.write() as s:
        pathways.register(s, data("0101901234", d, tilbudt_start=d, start=d + timedelta(5)), ctx)
        pathways.register(
            s,
            data(
                "0202902345",
                d,
                tilbudt_start=d + timedelta(20),
                start=d + timedelta(21),
                aarsag="ANDET",
                kommentar="=1+1",
                udfald="BEKRAEFTET",
            ),
            ctx,
        )
        pathways.register(s, data("0303903456", d, afbrudt=d + timedelta(3)), ctx)
        pathways.register(
            s,
            data(
                "0404904567",
                d,
                forloebstype="BEHANDLING",
                behandlingsform="KIRURGI",
                samtykke=d + timedelta(2),
                tilbudt_start=d + timedelta(30),
                start=d + timedelta(30),
                aarsag="KAPACITET_HENVIST",
                alternativ_tilbud="Odense",
                kommentar="Æblegrød på ø",
            ),
            ctx,
        )
        pathways.register(
            s,
            data(
                "050590123A",
                d,
                tilbudt_start=d,
                start=d + timedelta(1),
                udfoerende_type="OFFENTLIG",
            ),
            ctx,
        )
        for kilde, antal in (("1301", 2), ("4202", 3)):
            abroad.set_count(
                s,
                abroad.AbroadData(
                    aar=2023,
                    kvartal=2,
                    region="1084",
                    kilde_shak=kilde,
                    forloebstype="BEHANDLING",
                    behandlingsform="KIRURGI",
                    kraeftomraade="BRYST",
                    land="SE",
                    antal=antal,
                    kommentar="+45 1234" if kilde == "1301" else None,
                ),
                ctx,
            )
            abroad.answer_year(s, "1084", 2023, kilde, False, ctx)
        abroad.set_count(
            s,
            abroad.AbroadData(
                aar=2023,
                kvartal=4,
                region="1084",
                kilde_shak="1301",
                forloebstype="UDREDNING",
                land="DE",
                antal=1,
            ),
            ctx,
        )


def test_round_trip_export_import_export_gives_the_same_rows(
    scratch: Store, store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    register_k4(scratch, ctx)
    first = do_export(scratch, ctx, tmp_path / "first")
    meta1, forloeb1, udland1 = sheets(first)
    assert len(forloeb1) == 5 and udland1  # the data really are in the file

    report = do_import(store, first, ctx)
    assert (report.new, report.changed, report.unchanged, report.removed) == (5, 0, 0, 0)
    assert report.abroad_answered and report.abroad_rows == len(udland1)

    later = ServiceContext(ctx.actor, FixedClock(date(2024, 6, 16)))
    second = do_export(store, later, tmp_path / "second")
    meta2, forloeb2, udland2 = sheets(second)
    assert forloeb2 == forloeb1
    assert udland2 == udland1
    assert meta2["kontrolsum"] == meta1["kontrolsum"]
    assert not has_errors(validate_file(second))


def test_example_file_import_then_export_reproduces_its_rows_and_kontrolsum(
    store: Store, tmp_path: Path
) -> None:
    ctx = ServiceContext.default(FixedClock(date(2025, 1, 15)), login="tester")
    do_import(store, EXAMPLE, ctx)
    out = do_export(store, ctx, tmp_path, Period(2024, 4))
    meta0, forloeb0, udland0 = sheets(EXAMPLE)
    meta, forloeb, udland = sheets(out)
    assert forloeb == forloeb0
    assert udland == udland0
    assert meta["kontrolsum"] == meta0["kontrolsum"]
    assert meta["indberetter_shak"] == meta0["indberetter_shak"] == "1301"
    # what is not data differs: the delivery's own number and time
    assert meta["dannet"] != meta0["dannet"]
    assert not has_errors(validate_file(out))


def test_merge_two_sources_then_a_newer_file_replaces_its_source_only(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    d = date(2023, 10, 2)
    a_rows = [pathway_row(i, d, 3) for i in (1, 2, 3)]
    b_rows = [pathway_row(i, d, 4, shak="4202") for i in (11, 12)]
    a1 = write_file(tmp_path, a_rows, [abroad_row(2, "SE", 2), abroad_row(3, "NO", 1)])
    b1 = write_file(tmp_path, b_rows, [abroad_row(2, "SE", 3)], source="4202")
    assert do_import(store, a1, ctx).new == 3
    assert do_import(store, b1, ctx).new == 2
    _meta, forloeb, udland = sheets(do_export(store, ctx, tmp_path / "out1", trial=True))
    assert [r[0] for r in forloeb] == [fid(i) for i in (1, 2, 3, 11, 12)]
    assert [(r[1], r[6], r[7]) for r in udland] == [(2, "SE", 5), (3, "NO", 1)]

    # source 1301's correction: pathway 3 gone, pathway 2 changed, its abroad count changed
    a2_rows = [a_rows[0], pathway_row(2, d, 20, aarsag="PATIENTOENSKE")]
    a2 = write_file(
        tmp_path, a2_rows, [abroad_row(2, "SE", 4)], leverance=2, dannet="2024-02-01T09:00:00+01:00"
    )
    with store.read() as s:
        plan = importer.plan_import(s, a2, ctx)
    assert [c.forloeb_id for c in plan.removed] == [fid(3)]
    assert [c.forloeb_id for c in plan.changed] == [fid(2)]
    assert {"start", "ventedage", "kategori", "aarsag"} <= set(plan.changed[0].fields)
    assert (len(plan.new), plan.unchanged, plan.abroad_removed) == (0, 1, 1)
    report = do_import(store, a2, ctx)
    assert (report.new, report.changed, report.unchanged, report.removed) == (0, 1, 1, 1)
    assert report.abroad_removed == 1

    assert live_ids(store) == {fid(i) for i in (1, 2, 11, 12)}
    _meta, forloeb, udland = sheets(do_export(store, ctx, tmp_path / "out2", trial=True))
    assert [r[0] for r in forloeb] == [fid(i) for i in (1, 2, 11, 12)]
    assert next(r for r in forloeb if r[0] == fid(2))[16] == 2  # kategori 2 now
    assert [(r[1], r[6], r[7]) for r in udland] == [(2, "SE", 7)]
    with store.read() as s:
        removed = s.get(Pathway, fid(3))
        assert removed is not None and removed.deleted and removed.kilde_shak == "1301"
        assert [e.action for e in audit.history(s, "pathway", fid(3))] == ["create", "delete"]
        assert audit.verify_chain(s).ok
        replayed = audit.replay(s, "pathway")
        assert replayed[fid(2)]["kategori"] == 2 and replayed[fid(3)]["deleted"] is True

    # the older file of source 1301 is refused now; nothing changes
    before = counts(store)
    with store.read() as s:
        old = importer.plan_import(s, a1, ctx)
    assert old.refused and [f.rule for f in old.findings if f.is_error] == ["I01"]
    assert "leverance 2" in old.findings[-1].message
    assert counts(store) == before


def test_a_pathway_that_returns_in_a_later_file_is_new_again(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    d = date(2023, 10, 2)
    rows = [pathway_row(i, d, 3) for i in (1, 2)]
    do_import(store, write_file(tmp_path, rows, periode="2023K4"), ctx)
    do_import(store, write_file(tmp_path, rows[:1], leverance=2), ctx)
    report = do_import(store, write_file(tmp_path, rows, leverance=3), ctx)
    assert (report.new, report.unchanged) == (1, 1)
    assert live_ids(store) == {fid(1), fid(2)}


def test_k4_file_without_abroad_rows_answers_none_abroad_for_its_source(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    d = date(2023, 10, 2)
    do_import(store, write_file(tmp_path, [pathway_row(1, d, 3)], [abroad_row(1, "SE", 2)]), ctx)
    do_import(store, write_file(tmp_path, [pathway_row(1, d, 3)], [], leverance=2), ctx)
    with store.read() as s:
        answer = abroad.year_answer(s, "1084", 2023, "1301")
        assert answer is not None and answer.ingen_udland
        assert abroad.list_year(s, "1084", 2023).rows == []


def test_imported_pathway_gets_the_partner_with_its_unit_and_the_file_as_source(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with store.write() as s:
        partner = partners.add(s, "8001", "Privathospitalet Mølleåen", ctx)
    d = date(2023, 10, 2)
    rows = [pathway_row(1, d, 3, shak="420201"), pathway_row(2, d, 3, udfoerende="9999")]
    do_import(store, write_file(tmp_path, rows, source="4202"), ctx)
    with store.read() as s:
        first, second = pathways.get(s, fid(1)), pathways.get(s, fid(2))
    assert (first.partner_id, first.kilde_shak, first.indberettende_shak) == (
        partner.id,
        "4202",
        "420201",
    )
    assert second.partner_id is None


def test_a_delivered_period_is_changed_only_with_a_reason_which_is_audited(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    d = date(2023, 10, 2)
    do_import(store, write_file(tmp_path, [pathway_row(1, d, 3), pathway_row(2, d, 3)]), ctx)
    do_export(store, ctx, tmp_path / "delivered")  # 2023K4 is delivered now
    newer = write_file(
        tmp_path, [pathway_row(1, d, 5)], leverance=2, dannet="2024-02-01T09:00:00+01:00"
    )
    with store.read() as s:
        plan = importer.plan_import(s, newer, ctx)
    assert plan.reason_required and plan.delivered_periods == ("2023K4",)

    before = counts(store)
    with pytest.raises(RuleViolation) as refused, store.write() as s:
        importer.apply_import(s, importer.plan_import(s, newer, ctx), ctx, reason="  ")
    assert refused.value.field == "reason"
    assert "2023K4" in refused.value.message()
    assert counts(store) == before
    assert live_ids(store) == {fid(1), fid(2)}

    report = do_import(store, newer, ctx, reason="Rettet startdato efter opringning")
    assert (report.changed, report.removed) == (1, 1)
    with store.read() as s:
        changed = audit.history(s, "pathway", fid(1))[-1]
        removed = audit.history(s, "pathway", fid(2))[-1]
        assert changed.reason == removed.reason == "Rettet startdato efter opringning"
        assert json.loads(changed.changes)["start"] == ["2023-10-05", "2023-10-07"]
        assert removed.action == "delete"
        record = importer.last_imported(s, "1084/2023K4/1301")
    assert record is not None and record["leverance"] == 2 and record["fjernede"] == 1


def test_a_file_with_one_error_is_refused_whole(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    d = date(2023, 10, 2)
    rows = [pathway_row(i, d, 3) for i in (1, 2, 3)]
    rows[1][HEADER.index("frist")] = (d + timedelta(days=15)).isoformat()  # F10
    bad = write_file(tmp_path, rows)
    before = counts(store)
    with store.read() as s:
        plan = importer.plan_import(s, bad, ctx)
    assert plan.refused and plan.file is None
    assert [(f.rule, f.row) for f in plan.findings if f.is_error] == [("F10", 3)]
    with pytest.raises(importer.ImportRefused) as refused, store.write() as s:
        importer.apply_import(s, plan, ctx)
    assert refused.value.findings == plan.findings
    assert counts(store) == before


def test_a_file_the_domain_rules_refuse_is_refused_whole(store: Store, ctx: ServiceContext) -> None:
    """Valid for the receiver (dates before its `dannet`), but dated after this store's today."""
    with store.read() as s:
        plan = importer.plan_import(s, EXAMPLE, ctx)  # today is 15-06-2024, the file 2024K4
    assert plan.refused
    errors = [f for f in plan.findings if f.is_error]
    assert {(f.sheet, f.rule) for f in errors} == {("Forloeb", "F06"), ("Udland", "U02")}
    assert all(f.row and f.row >= 2 for f in errors)
    assert "række 2, kolonne henvisning_modtaget" in errors[0].message
    assert "efter dags dato (15-06-2024)" in errors[0].message
    assert counts(store) == (0, 0, 0)


def test_a_missing_or_broken_file_is_refused(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    broken = tmp_path / "MVK_1084_2023K4_20240110T090000.xlsx"
    broken.write_bytes(b"not a workbook")
    for path in (broken, tmp_path / "missing.xlsx"):
        with store.read() as s:
            plan = importer.plan_import(s, path, ctx)
        assert plan.refused and [f.rule for f in plan.findings] == ["S01"]


def test_text_is_imported_exactly_as_the_file_has_it(
    store: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    d = date(2023, 10, 2)
    texts = ["=1+1", " foran og bagved ", "@SUM(A1)", "-"]
    rows = [pathway_row(i, d, 3, kommentar=t) for i, t in enumerate(texts, start=1)]
    path = write_file(tmp_path, rows)
    assert not has_errors(validate_file(path))
    do_import(store, path, ctx)
    _meta, forloeb, _udland = sheets(do_export(store, ctx, tmp_path / "out"))
    assert [r[19] for r in forloeb] == texts


def test_cli_import_dry_run_report_and_refusal(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    d = date(2023, 10, 2)
    good = write_file(tmp_path, [pathway_row(i, d, 3) for i in (1, 2, 3)])
    bad_rows = [pathway_row(9, d, 3)]
    bad_rows[0][HEADER.index("kategori")] = 3  # F11
    bad = write_file(tmp_path, bad_rows, source="4202")
    base = ["--db", store.url, "--today", "2024-06-15", "import"]

    assert main([*base, "--dry-run", str(good)]) == 0
    out = capsys.readouterr().out
    assert "prøvekørsel" in out and "3 nye, 0 ændrede, 0 uændrede, 0 fjernede" in out
    assert live_ids(store) == set()

    assert main([*base, str(bad), str(good)]) == 1
    out = capsys.readouterr().out
    assert f"Fil {bad} er afvist; intet er importeret:" in out
    assert "FEJL F11" in out
    assert f"Fil {good}: 3 nye, 0 ændrede, 0 uændrede, 0 fjernede" in out
    assert live_ids(store) == {fid(1), fid(2), fid(3)}

    newer = write_file(tmp_path, [pathway_row(1, d, 3)], leverance=2)
    assert main([*base, str(newer)]) == 0
    assert f"Fil {newer}: 0 nye, 0 ændrede, 1 uændret, 2 fjernede" in capsys.readouterr().out


def test_cli_import_of_a_delivered_period_asks_for_aarsag(
    store: Store, ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    d = date(2023, 10, 2)
    do_import(store, write_file(tmp_path, [pathway_row(1, d, 3)]), ctx)
    do_export(store, ctx, tmp_path / "delivered")
    newer = write_file(tmp_path, [pathway_row(1, d, 6)], leverance=2)
    base = ["--db", store.url, "--today", "2024-06-15", "import"]
    capsys.readouterr()
    assert main([*base, str(newer)]) == 1
    out = capsys.readouterr().out
    assert "2023K4 er allerede indberettet" in out and "--aarsag" in out
    assert main([*base, "--aarsag", "Ny startdato", str(newer)]) == 0
    assert "1 ændret" in capsys.readouterr().out
    with store.read() as s:
        assert audit.history(s, "pathway", fid(1))[-1].reason == "Ny startdato"


def test_a_file_replaced_after_it_was_validated_is_refused(
    store: Store, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = date(2023, 10, 2)
    path = write_file(tmp_path, [pathway_row(1, d, 3)])
    other = write_file(tmp_path, [pathway_row(2, d, 3)], leverance=2)

    def validate_then_replace(file: Path, **kwargs: Any) -> Any:
        findings = validate_file(file, **kwargs)
        shutil.copy(other, file)  # another (valid) file takes its place before it is read
        return findings

    monkeypatch.setattr("app.services.import_file.validate_file", validate_then_replace)
    with store.read() as s:
        plan = importer.plan_import(s, path, ctx)
    assert plan.refused
    assert [f.rule for f in plan.findings if f.is_error] == ["I01"]
    assert "ændret, mens den blev læst" in plan.findings[-1].message
