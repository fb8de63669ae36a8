"""Every rule of national-format.md §9: a small file that breaks exactly that rule, and valid files
that break none."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from national_files import (
    EXAMPLE,
    EXAMPLE_NAME,
    FORLOEB,
    UDLAND,
    Book,
    Formula,
    book_sheets,
    example_book,
    k2_book,
    write_book,
    write_sheets,
)

from app.submission.format import spec
from app.submission.validator import Finding, validate_file

Place = tuple[str, str, str | None, int | None, str | None]  # rule, severity, sheet, row, column


def places(findings: list[Finding]) -> list[Place]:
    return [(f.rule, f.severity, f.sheet, f.row, f.column) for f in findings]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "FEJL"]


# --- valid files ------------------------------------------------------------------------------


def test_the_example_file_has_no_error() -> None:
    assert errors(validate_file(EXAMPLE)) == []


def test_the_example_rebuilt_from_python_data_has_no_finding(tmp_path: Path) -> None:
    assert validate_file(write_book(example_book(), tmp_path)) == []


def test_a_second_quarter_file_without_abroad_rows_is_valid(tmp_path: Path) -> None:
    book = k2_book()
    assert len(book.forloeb) > 10
    path = write_book(book, tmp_path, "MVK_1084_2024K2_20240715T101500.xlsx")
    assert validate_file(path) == []


def test_blank_rows_after_the_last_data_row_are_ignored(tmp_path: Path) -> None:
    sheets = book_sheets(example_book().fixed())
    name, rows = sheets[1]
    sheets[1] = (name, [*rows, [None] * 20, ["", ""], [None], ["", None, ""]])
    assert validate_file(write_sheets(tmp_path / EXAMPLE_NAME, sheets)) == []


def test_a_modulus_11_failing_cpr_is_not_an_error(tmp_path: Path) -> None:
    book = example_book().set("Forloeb", 2, "cpr", "0101801234")  # 01-01-1980, fails modulus 11
    assert validate_file(write_book(book, tmp_path)) == []


def test_a_text_that_looks_like_a_formula_is_text(tmp_path: Path) -> None:
    book = example_book().set("Forloeb", 2, "kommentar", "=SUM(A1:A9)")
    assert validate_file(write_book(book, tmp_path)) == []


# --- one rule per case --------------------------------------------------------------------------

Mutation = Callable[[Book], Any]


def _set(sheet: str, row: int, **values: Any) -> Mutation:
    def mutate(book: Book) -> None:
        for column, value in values.items():
            book.set(sheet, row, column, value)

    return mutate


def _meta(**values: Any) -> Mutation:
    def mutate(book: Book) -> None:
        book.metadata.update(values)

    return mutate


def _duplicate_forloeb(book: Book) -> None:
    copy = list(book.forloeb[1])
    copy[FORLOEB.index("forloeb_id")] = "ffffffff-0000-4000-8000-000000000000"
    book.forloeb.append(copy)


def _duplicate_id(book: Book) -> None:
    book.forloeb[1][0] = book.forloeb[0][0]


def _duplicate_udland(book: Book) -> None:
    copy = list(book.udland[0])
    copy[UDLAND.index("antal")] = 7
    book.udland.append(copy)


def _long_wait(book: Book) -> None:
    """Row 2 (BEHANDLING, start 2024-10-05, kategori 2 HELBRED) referred 400 days before start."""
    henvisning = date(2024, 10, 5) - timedelta(days=400)
    book.set("Forloeb", 2, "henvisning_modtaget", henvisning.isoformat())
    book.set("Forloeb", 2, "frist", (henvisning + timedelta(days=28)).isoformat())
    book.set("Forloeb", 2, "ventedage", 400)


def _third_quarter(book: Book) -> None:
    book.forloeb = []
    book.metadata.update(periode="2024K3", udland_opgjort="N")


F, U, M = "Forloeb", "Udland", "Indberetning"
WARNINGS = {"F02E", "F14", "F15", "F16"}  # §9: the ADVARSEL rules
Where = tuple[str, str | None, int | None, str | None]  # rule, sheet, row, column


def case(case_id: str, mutate: Mutation, *where: Where, name: str = EXAMPLE_NAME) -> Any:
    expected = [(r, "ADVARSEL" if r in WARNINGS else "FEJL", s, row, c) for r, s, row, c in where]
    return pytest.param(mutate, name, expected, id=case_id)


def _none(book: Book) -> None:
    """No change to the data (the case breaks the file name, the counts or the checksum)."""


K3_NAME = "MVK_1084_2024K3_20250110T093000.xlsx"
CASES = [
    # metadata and file name (S04, S05, S06, S07, U04)
    case("S04-leverance-0", _meta(leverance=0), ("S04", M, 5, "vaerdi")),
    case("S04-dannet-no-offset", _meta(dannet="2025-01-10T09:30:00"), ("S04", M, 7, "vaerdi")),
    case(
        "S04-region-code",
        _meta(region="1086"),
        ("S04", M, 3, "vaerdi"),
        name="MVK_1086_2024K4_20250110T093000.xlsx",
    ),
    case("S04-shak", _meta(indberetter_shak="13O1x"), ("S04", M, 6, "vaerdi")),
    case("S04-periode", _meta(periode="2024Q4"), ("S04", M, 4, "vaerdi")),
    case("S04-trial-file", _none, ("S04", None, None, None), name="PROEVE_" + EXAMPLE_NAME),
    case(
        "S04-name-region",
        _none,
        ("S04", None, None, None),
        name="MVK_1083_2024K4_20250110T093000.xlsx",
    ),
    case("S04-name-periode", _none, ("S04", None, None, None), name=K3_NAME),
    case(
        "S04-name-upper-case",
        _none,
        ("S04", None, None, None),
        name="MVK_1084_2024K4_20250110T093000.XLSX",
    ),
    case(
        "S04-name-created",
        _none,
        ("S04", None, None, None),
        name="MVK_1084_2024K4_20251310T093000.xlsx",
    ),
    case("S05-formula", _set(F, 3, kommentar=Formula("=1+1")), ("S05", F, 3, "kommentar")),
    case("S05-integer-as-text", _set(F, 2, ventedage="35"), ("S05", F, 2, "ventedage")),
    case("S05-fraction", _set(F, 2, ventedage=35.5), ("S05", F, 2, "ventedage")),
    case("S05-boolean", _set(F, 4, kategori=True), ("S05", F, 4, "kategori")),
    case("S05-cpr-as-number", _set(F, 3, cpr=3012662644), ("S05", F, 3, "cpr")),
    case("S05-udland-antal-text", _set(U, 2, antal="2"), ("S05", U, 2, "antal")),
    case("S06-antal", _none, ("S06", M, 10, "vaerdi")),
    case("S07-kontrolsum", _none, ("S07", M, 13, "vaerdi")),
    case("U04-udland_opgjort", _meta(udland_opgjort="N"), ("U04", M, 12, "vaerdi")),
    # Forloeb
    case(
        "F01-upper-case",
        _set(F, 2, forloeb_id="01E66DBE-AE64-46FF-8ECE-D5DAB53FEA44"),
        ("F01", F, 2, "forloeb_id"),
    ),
    case("F01-duplicate", _duplicate_id, ("F01", F, 3, "forloeb_id")),
    case("F02-date", _set(F, 2, cpr="3202801234"), ("F02", F, 2, "cpr")),
    case("F02-hyphen", _set(F, 2, cpr="040533-3783"), ("F02", F, 2, "cpr")),
    case("F02-day-plus-60-digits", _set(F, 2, cpr="6101801234"), ("F02", F, 2, "cpr")),
    case("F02-lower-case-letters", _set(F, 2, cpr="010190ab12"), ("F02", F, 2, "cpr")),
    case("F02E-replacement", _set(F, 2, cpr="010190AB12"), ("F02E", F, 2, "cpr")),
    case("F02E-replacement-day-plus-60", _set(F, 2, cpr="610190AB12"), ("F02E", F, 2, "cpr")),
    case("F03-region", _set(F, 5, region="1083"), ("F03", F, 5, "region")),
    case("F04-shak", _set(F, 2, udfoerende_shak="P12"), ("F04", F, 2, "udfoerende_shak")),
    case("F04-type", _set(F, 2, udfoerende_type="PRIVATE"), ("F04", F, 2, "udfoerende_type")),
    case(
        "F05-kraeftomraade",
        _set(F, 3, kraeftomraade="BRYSTKRAEFT"),
        ("F05", F, 3, "kraeftomraade"),
    ),
    case(
        "F05-behandlingsform-on-udredning",
        _set(F, 3, behandlingsform="KIRURGI"),
        ("F05", F, 3, "behandlingsform"),
    ),
    case("F05-samtykke-missing", _set(F, 2, samtykke=None), ("F05", F, 2, "samtykke")),
    case(
        "F06-format",
        _set(F, 2, henvisning_modtaget="2024-8-31"),
        ("F06", F, 2, "henvisning_modtaget"),
    ),
    case(
        "F06-missing-henvisning",
        _set(F, 2, henvisning_modtaget=None),
        ("F06", F, 2, "henvisning_modtaget"),
    ),
    case(
        "F06-after-dannet",
        _set(F, 14, tilbudt_start="2025-01-11"),
        ("F06", F, 14, "tilbudt_start"),
    ),
    case(
        "F07-tilbudt-before-henvisning",
        _set(F, 2, tilbudt_start="2024-08-30"),
        ("F07", F, 2, "tilbudt_start"),
    ),
    case("F08-both", _set(F, 2, afbrudt="2024-10-05"), ("F08", F, 2, "afbrudt")),
    case("F08-tilbudt-missing", _set(F, 2, tilbudt_start=None), ("F08", F, 2, "tilbudt_start")),
    case(
        "F09-end-in-other-quarter",
        _set(F, 3, tilbudt_start="2024-09-30", start="2024-09-30", ventedage=22),
        ("F09", F, 3, "start"),
    ),
    case("F10-frist", _set(F, 2, frist="2024-09-15"), ("F10", F, 2, "frist")),
    case("F10-ventedage", _set(F, 2, ventedage=36), ("F10", F, 2, "ventedage")),
    case("F11-kategori", _set(F, 2, kategori=3), ("F11", F, 2, "kategori")),
    case("F11-unknown-aarsag", _set(F, 2, aarsag="TRAVLHED"), ("F11", F, 2, "aarsag")),
    case("F11-aarsag-within-deadline", _set(F, 4, aarsag="HELBRED"), ("F11", F, 4, "aarsag")),
    case("F12-too-long", _set(F, 2, kommentar="x" * 501), ("F12", F, 2, "kommentar")),
    case("F12-control-character", _set(F, 2, kommentar="a\tb"), ("F12", F, 2, "kommentar")),
    case("F12-andet-without-kommentar", _set(F, 20, kommentar=" "), ("F12", F, 20, "kommentar")),
    case("F13-udfald-on-behandling", _set(F, 2, udfald="BEKRAEFTET"), ("F13", F, 2, "udfald")),
    case("F13-unknown-udfald", _set(F, 3, udfald="MAASKE"), ("F13", F, 3, "udfald")),
    case(
        "F14-samtykke-before-henvisning",
        _set(F, 2, samtykke="2024-08-30", frist="2024-09-13"),
        ("F14", F, 2, "samtykke"),
    ),
    case("F15-same-pathway-twice", _duplicate_forloeb, ("F15", F, 27, None)),
    case("F16-long-wait", _long_wait, ("F16", F, 2, "ventedage")),
    # Udland
    case("U01-aar", _set(U, 3, aar=2023), ("U01", U, 3, "aar")),
    case(
        "U01-not-k4",
        _third_quarter,
        ("U01", U, 2, None),
        ("U01", U, 3, None),
        ("U01", U, 4, None),
        name=K3_NAME,
    ),
    case("U02-land-dk", _set(U, 2, land="DK"), ("U02", U, 2, "land")),
    case("U02-antal-0", _set(U, 4, antal=0), ("U02", U, 4, "antal")),
    case("U02-kvartal-5", _set(U, 4, kvartal=5), ("U02", U, 4, "kvartal")),
    case(
        "U02-behandlingsform-missing",
        _set(U, 2, behandlingsform=None),
        ("U02", U, 2, "behandlingsform"),
    ),
    case("U03-same-key", _duplicate_udland, ("U03", U, 5, None)),
]


@pytest.mark.parametrize(("mutate", "name", "expected"), CASES)
def test_a_broken_value_gives_exactly_its_rule(
    tmp_path: Path, mutate: Mutation, name: str, expected: list[Place]
) -> None:
    book = example_book()
    mutate(book)
    book = book.fixed()
    if expected[0][0] == "S06":
        book.metadata["antal_forloeb"] = 24
    if expected[0][0] == "S07":
        book.metadata["kontrolsum"] = "0" * 64
    findings = validate_file(write_book(book, tmp_path, name, fix=False))
    assert sorted(places(findings), key=repr) == sorted(expected, key=repr), findings
    for finding in findings:
        assert finding.message.strip()
        assert "{" not in finding.message
        assert "validator." not in finding.message  # a message id without a text


# --- structure (S01–S03) ------------------------------------------------------------------------


def test_garbage_bytes_are_s01(tmp_path: Path) -> None:
    path = tmp_path / EXAMPLE_NAME
    path.write_bytes(b"\x00garbage\xff" * 100)
    assert places(validate_file(path)) == [("S01", "FEJL", None, None, None)]


def test_a_zip_that_is_not_a_workbook_is_s01(tmp_path: Path) -> None:
    path = tmp_path / EXAMPLE_NAME
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert places(validate_file(path)) == [("S01", "FEJL", None, None, None)]


def test_a_missing_file_and_a_folder_are_s01(tmp_path: Path) -> None:
    assert places(validate_file(tmp_path / "nothing.xlsx")) == [("S01", "FEJL", None, None, None)]
    assert places(validate_file(tmp_path)) == [("S01", "FEJL", None, None, None)]


def test_a_broken_sheet_part_is_s01_not_a_crash(tmp_path: Path) -> None:
    source = zipfile.ZipFile(EXAMPLE)
    path = tmp_path / EXAMPLE_NAME
    with zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    findings = validate_file(path)
    assert "S01" in {f.rule for f in findings}


@pytest.mark.parametrize(
    "names",
    [
        ["Indberetning", "Udland", "Forloeb"],
        ["Indberetning", "Forloeb"],
        ["Indberetning", "Forloeb", "Udland", "Noter"],
        ["indberetning", "Forloeb", "Udland"],
    ],
)
def test_sheets_other_than_the_three_in_order_are_s02(tmp_path: Path, names: list[str]) -> None:
    by_name = dict(book_sheets(example_book().fixed()))
    by_name["indberetning"] = by_name["Indberetning"]
    sheets = [(n, by_name.get(n, [["x"]])) for n in names]
    findings = validate_file(write_sheets(tmp_path / EXAMPLE_NAME, sheets))
    assert places(findings) == [("S02", "FEJL", None, None, None)]


def test_a_wrong_header_is_s03_on_row_1(tmp_path: Path) -> None:
    sheets = book_sheets(example_book().fixed())
    sheets[1][1][0] = [*FORLOEB[:19], "bemaerkning"]
    findings = validate_file(write_sheets(tmp_path / EXAMPLE_NAME, sheets))
    assert places(findings) == [("S03", "FEJL", "Forloeb", 1, None)]


def test_metadata_rows_out_of_order_are_s03(tmp_path: Path) -> None:
    sheets = book_sheets(example_book().fixed())
    meta = sheets[0][1]
    meta[2], meta[3] = meta[3], meta[2]  # periode before region
    findings = validate_file(write_sheets(tmp_path / EXAMPLE_NAME, sheets))
    assert places(findings) == [("S03", "FEJL", "Indberetning", 3, "felt")]


def test_a_missing_metadata_row_is_s03(tmp_path: Path) -> None:
    sheets = book_sheets(example_book().fixed())
    del sheets[0][1][8]  # program
    findings = validate_file(write_sheets(tmp_path / EXAMPLE_NAME, sheets))
    assert ("S03", "FEJL", "Indberetning", None, None) in places(findings)
    assert {f.rule for f in errors(findings)} == {"S03"}


def test_an_empty_row_between_data_rows_is_s03(tmp_path: Path) -> None:
    sheets = book_sheets(example_book().fixed())
    sheets[1][1].insert(4, [None] * 20)  # becomes row 5
    sheets[1][1].insert(5, ["", ""])  # and row 6: one gap, one finding
    findings = validate_file(write_sheets(tmp_path / EXAMPLE_NAME, sheets))
    assert places(findings) == [("S03", "FEJL", "Forloeb", 5, None)]


def test_a_value_right_of_the_columns_is_s03(tmp_path: Path) -> None:
    sheets = book_sheets(example_book().fixed())
    sheets[2][1][2] = [*sheets[2][1][2], None, "ekstra"]
    findings = validate_file(write_sheets(tmp_path / EXAMPLE_NAME, sheets))
    assert places(findings) == [("S03", "FEJL", "Udland", 3, None)]


def test_metadata_integer_stored_as_text_is_s05_and_s04(tmp_path: Path) -> None:
    book = example_book().fixed()
    book.metadata["leverance"] = "1"
    findings = validate_file(write_book(book, tmp_path, fix=False))
    assert sorted(places(findings)) == [
        ("S04", "FEJL", "Indberetning", 5, "vaerdi"),
        ("S05", "FEJL", "Indberetning", 5, "vaerdi"),
    ]


def test_a_wrong_dimension_does_not_hide_rows(tmp_path: Path) -> None:
    """openpyxl's read-only mode trusts <dimension>; the validator must read every row anyway."""
    path = write_book(example_book(), tmp_path)
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.endswith("sheet2.xml"):
                content = content.replace(b'<dimension ref="A1:T26"/>', b'<dimension ref="B3:C5"/>')
                assert b'ref="B3:C5"' in content
            target.writestr(item, content)
    path.write_bytes(data.getvalue())
    assert validate_file(path) == []


def test_every_rule_id_has_a_case() -> None:
    covered = {place[0] for param in CASES for place in param.values[2]}
    covered |= {"S01", "S02", "S03"}  # the structural tests above
    assert covered == set(spec().rules)


def test_messages_are_danish_by_default_and_english_on_request(tmp_path: Path) -> None:
    path = write_book(example_book().set("Forloeb", 2, "ventedage", 36), tmp_path)
    (da,) = validate_file(path)
    (en,) = validate_file(path, lang="en")
    assert da.message.startswith("Forloeb, række 2, kolonne ventedage: frist eller ventedage")
    assert "beregnes til 35" in da.message
    assert en.message.startswith("Forloeb, row 2, column ventedage: frist or ventedage")


def test_messages_never_quote_a_cpr_number(tmp_path: Path) -> None:
    book = example_book().set("Forloeb", 3, "cpr", 3012662644)  # S05: a number, not text
    book.set("Forloeb", 4, "cpr", "0211561629\t")  # F02 and F12
    findings = validate_file(write_book(book, tmp_path))
    assert {f.rule for f in findings} >= {"S05", "F02", "F12"}
    for finding in findings:
        assert "3012662644" not in finding.message
        assert "0211561629" not in finding.message
