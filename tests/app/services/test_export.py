"""Making the national file: export → validate, determinism, the delivery ledger, blocking, safety."""

from __future__ import annotations

import hashlib
import os
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from factories import at_partner as data
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clock import FixedClock
from app.domain.periods import Period
from app.errors import MvkError
from app.safe_files import TEMP_PREFIX, remove_leftovers
from app.services import abroad, export, pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.services.export import ExportBlocked
from app.store.engine import Store
from app.submission.format import kontrolsum, spec
from app.submission.validator import has_errors, validate_file
from app.submission.writer import build_content, write_xlsx

EXAMPLE = Path(__file__).parents[1] / "submission" / "data" / "MVK_1084_2024K4_20250110T093000.xlsx"
Q2 = Period(2024, 2)


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("MVK_STATE_DIR", str(folder))
    return folder


@pytest.fixture
def filled(store: Store, ctx: ServiceContext) -> Store:
    with store.write() as s:
        settings_service.set_many(s, ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"})
        pathways.register(
            s,
            data(
                "0101901234",
                date(2024, 4, 2),
                tilbudt_start=date(2024, 4, 5),
                start=date(2024, 4, 8),
            ),
            ctx,
        )
        pathways.register(
            s,
            data(
                "0202902345",
                date(2024, 5, 1),
                tilbudt_start=date(2024, 5, 20),
                start=date(2024, 5, 21),
                aarsag="ANDET",
                kommentar='=HYPERLINK("x") Æblegrød på ø',
            ),
            ctx,
        )
        pathways.register(s, data("0303903456", date(2024, 6, 1), afbrudt=date(2024, 6, 3)), ctx)
        pathways.register(s, data("0404904567", date(2024, 6, 10)), ctx)  # open: in no file
        pathways.register(
            s,
            data(
                "0505905678",
                date(2024, 3, 1),
                tilbudt_start=date(2024, 3, 5),
                start=date(2024, 3, 6),
            ),
            ctx,
        )  # K1
    return store


def test_export_then_validate_gives_no_error(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with filled.write() as s:
        result = export.export(s, "1084", Q2, tmp_path, ctx)
    assert result.path.name == "MVK_1084_2024K2_20240615T120000.xlsx"
    assert result.antal_forloeb == 3
    findings = validate_file(result.path)
    assert not has_errors(findings), findings
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames == ["Indberetning", "Forloeb", "Udland"]
    meta = {r[0]: r[1] for r in wb["Indberetning"].iter_rows(min_row=2, values_only=True)}
    assert (meta["region"], meta["periode"], meta["leverance"], meta["indberetter_shak"]) == (
        "1084",
        "2024K2",
        1,
        "1301",
    )
    assert meta["dannet_af"] == "AB"
    assert meta["udland_opgjort"] == "N"
    rows = list(wb["Forloeb"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    comment = next(r for r in rows if r[1] == "0202902345")[19]
    assert comment == '=HYPERLINK("x") Æblegrød på ø'
    for row in wb["Forloeb"].iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)


def test_same_data_twice_gives_same_content_and_kontrolsum(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with filled.write() as s:
        first = export.export(s, "1084", Q2, tmp_path / "a", ctx)
    later = ServiceContext(ctx.actor, FixedClock(date(2024, 6, 16)))
    with filled.write() as s:
        second = export.export(s, "1084", Q2, tmp_path / "b", later)
    assert second.delivery is not None and second.delivery.leverance == 2
    assert first.delivery is not None and first.delivery.kontrolsum == second.delivery.kontrolsum

    def sheets(path: Path) -> list[list[tuple[object, ...]]]:
        wb = openpyxl.load_workbook(path)
        return [list(wb[n].iter_rows(values_only=True)) for n in ("Forloeb", "Udland")]

    assert sheets(first.path) == sheets(second.path)


def test_deliveries_are_recorded_with_sha256_and_trial_files_are_not(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with filled.write() as s:
        trial = export.export(s, "1084", Q2, tmp_path, ctx, trial=True)
    assert trial.path.name.startswith("PROEVE_MVK_1084_2024K2_")
    assert trial.delivery is None
    assert [f.rule for f in validate_file(trial.path) if f.is_error] == ["S04"]
    with filled.write() as s:
        real = export.export(s, "1084", Q2, tmp_path, ctx)
    with filled.read() as s:
        ledger = export.deliveries(s)
    assert len(ledger) == 1
    assert ledger[0].sha256 == hashlib.sha256(real.path.read_bytes()).hexdigest()
    assert ledger[0].leverance == 1 and ledger[0].antal_forloeb == 3


def test_unit_sets_only_indberetter_shak(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with filled.write() as s:
        result = export.export(s, "1084", Q2, tmp_path, ctx, unit="4202", trial=True)
    wb = openpyxl.load_workbook(result.path)
    meta = {r[0]: r[1] for r in wb["Indberetning"].iter_rows(min_row=2, values_only=True)}
    assert meta["indberetter_shak"] == "4202"
    assert result.antal_forloeb == 3


def test_k4_without_abroad_answer_is_blocked_and_writes_nothing(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ExportBlocked) as blocked, filled.write() as s:
        export.export(s, "1084", Period(2023, 4), out, ctx)
    assert [f.rule for f in blocked.value.findings if f.is_error] == ["K02"]
    assert not out.exists() or not list(out.iterdir())
    with filled.read() as s:
        assert export.deliveries(s) == []


def test_k4_sums_abroad_counts_and_says_udland_opgjort(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with filled.write() as s:
        for kilde in ("1301", "4202"):
            abroad.set_count(
                s,
                abroad.AbroadData(
                    aar=2023,
                    kvartal=2,
                    region="1084",
                    forloebstype="BEHANDLING",
                    behandlingsform="KIRURGI",
                    kraeftomraade="BRYST",
                    land="SE",
                    antal=2,
                    kommentar=None,
                    kilde_shak=kilde,
                ),
                ctx,
            )
            abroad.answer_year(s, "1084", 2023, kilde, False, ctx)
    with filled.write() as s:
        result = export.export(s, "1084", Period(2023, 4), tmp_path, ctx)
    wb = openpyxl.load_workbook(result.path)
    rows = list(wb["Udland"].iter_rows(min_row=2, values_only=True))
    assert rows == [(2023, 2, "1084", "BEHANDLING", "KIRURGI", "BRYST", "SE", 4, None)]
    meta = {r[0]: r[1] for r in wb["Indberetning"].iter_rows(min_row=2, values_only=True)}
    assert meta["udland_opgjort"] == "J"
    assert not has_errors(validate_file(result.path))


def test_open_pathway_past_deadline_in_period_is_a_warning(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with filled.write() as s:
        pathways.register(s, data("0606906789", date(2024, 5, 1)), ctx)  # frist 15-05, still open
        result = export.export(s, "1084", Q2, tmp_path, ctx)
    assert [f.rule for f in result.findings] == ["K01"]
    assert "1 åbne forløb" in result.findings[0].message


def test_unwritable_folder_is_a_clear_message(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(MvkError) as error, filled.write() as s:
        export.export(s, "1084", Q2, blocker / "sub", ctx)
    assert "kan ikke skrives" in error.value.message()
    with filled.read() as s:
        assert export.deliveries(s) == []


def test_example_file_round_trips_through_the_writer(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(EXAMPLE)
    meta = {r[0]: r[1] for r in wb["Indberetning"].iter_rows(min_row=2, values_only=True)}
    forloeb = [list(r) for r in wb["Forloeb"].iter_rows(min_row=2, values_only=True)]
    udland = [list(r) for r in wb["Udland"].iter_rows(min_row=2, values_only=True)]
    content = build_content(meta, list(reversed(forloeb)), udland)
    assert content.metadata["kontrolsum"] == meta["kontrolsum"]
    target = write_xlsx(content, tmp_path / EXAMPLE.name)
    assert not has_errors(validate_file(target))
    again = openpyxl.load_workbook(target)
    assert [list(r) for r in again["Forloeb"].iter_rows(min_row=2, values_only=True)] == forloeb


def test_failed_write_leaves_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "MVK_1084_2024K2_20240615T120000.xlsx"
    target.write_bytes(b"old complete file")
    content = build_content({"region": "1084", "periode": "2024K2"}, [], [])

    def boom(self: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", boom)
    with pytest.raises(OSError):
        write_xlsx(content, target)
    assert target.read_bytes() == b"old complete file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)] == []


def test_leftover_temp_files_are_removed_at_next_start(tmp_path: Path) -> None:
    from app.safe_files import temp_path_in

    leftover = temp_path_in(tmp_path, ".xlsx")
    leftover.write_text("0101901234")  # as a killed export would leave it
    assert remove_leftovers() == [leftover]
    assert not leftover.exists()


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"),
    max_size=40,
).map(lambda t: __import__("unicodedata").normalize("NFC", t).strip())


@settings(max_examples=60)
@given(
    comment=st.one_of(
        st.none(), text, st.sampled_from(["=1+1", "+45 1234", "-x", "@SUM(A1)", "æøå ÆØÅ"])
    ),
    days=st.integers(min_value=0, max_value=13),
)
def test_any_valid_pathway_round_trips(
    tmp_path_factory: pytest.TempPathFactory, comment: str | None, days: int
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    henvisning = date(2024, 4, 2)
    row = [
        "0f0e0d0c-0b0a-4908-8706-050403020100",
        "0101901235",
        "1084",
        "1301",
        "8001",
        "PRIVAT",
        "UDREDNING",
        None,
        "BRYST",
        henvisning.isoformat(),
        None,
        (henvisning + timedelta(days=14)).isoformat(),
        henvisning.isoformat(),
        (henvisning + timedelta(days=days)).isoformat(),
        None,
        days,
        1,
        None,
        None,
        comment or None,
    ]
    meta = {
        "region": "1084",
        "periode": "2024K2",
        "leverance": 1,
        "indberetter_shak": "1301",
        "dannet": "2024-07-01T10:00:00+02:00",
        "dannet_af": "AB",
        "program": "mvk test",
        "udland_opgjort": "N",
    }
    content = build_content(meta, [row], [])
    target = write_xlsx(content, folder / "MVK_1084_2024K2_20240701T100000.xlsx")
    wb = openpyxl.load_workbook(target)
    back = [list(r) for r in wb["Forloeb"].iter_rows(min_row=2, values_only=True)]
    assert back == [row]
    assert (
        kontrolsum(spec().forloeb.header, back, spec().udland.header, [])
        == content.metadata["kontrolsum"]
    )
    assert not has_errors(validate_file(target))
    assert all(c.data_type != "f" for c in next(wb["Forloeb"].iter_rows(min_row=2)))


def test_cli_export_prints_path_and_blocks_with_status_1(filled: Store, tmp_path: Path) -> None:
    from app.cli import main

    url = filled.url
    out = tmp_path / "cli"
    assert (
        main(
            [
                "--db",
                url,
                "--today",
                "2024-06-15",
                "export",
                "--region",
                "1084",
                "--period",
                "2024K2",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert len(list(out.glob("MVK_1084_2024K2_*.xlsx"))) == 1
    assert (
        main(
            [
                "--db",
                url,
                "--today",
                "2024-06-15",
                "export",
                "--region",
                "1084",
                "--period",
                "2023K4",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert main(["--db", url, "deliveries", "--json"]) == 0
    assert os.path.isdir(out)


def test_long_joined_abroad_comments_are_cut_with_a_warning(
    filled: Store, ctx: ServiceContext, tmp_path: Path
) -> None:
    with filled.write() as s:
        for kilde, letter in (("1301", "a"), ("4202", "b")):
            abroad.set_count(
                s,
                abroad.AbroadData(
                    aar=2023,
                    kvartal=3,
                    region="1084",
                    forloebstype="UDREDNING",
                    behandlingsform=None,
                    kraeftomraade="BRYST",
                    land="DE",
                    antal=1,
                    kommentar=letter * 400,
                    kilde_shak=kilde,
                ),
                ctx,
            )
            abroad.answer_year(s, "1084", 2023, kilde, False, ctx)
    with filled.write() as s:
        result = export.export(s, "1084", Period(2023, 4), tmp_path, ctx)
    assert [f.rule for f in result.findings] == ["K03"]
    assert "K3, DE" in result.findings[0].message
    wb = openpyxl.load_workbook(result.path)
    comment = next(wb["Udland"].iter_rows(min_row=2, values_only=True))[8]
    assert len(comment) == 500 and comment.startswith("a" * 400 + "; b")
    assert not has_errors(validate_file(result.path))
