"""The validator never raises, whatever it is given: random bytes, damaged zip members, random cell
values in a valid workbook. A readable workbook never gives S01 (which would hide a crash)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from national_files import EXAMPLE, EXAMPLE_NAME, FORLOEB, UDLAND, example_book, write_book

from app.submission.findings import Cell, as_cells
from app.submission.format import spec
from app.submission.validator import Finding, validate_file, validate_rows, validate_workbook

EXAMPLE_BYTES = EXAMPLE.read_bytes()
with zipfile.ZipFile(EXAMPLE) as _archive:
    MEMBERS = [(item.filename, _archive.read(item)) for item in _archive.infolist()]


def check_shape(findings: list[Finding]) -> None:
    assert isinstance(findings, list)
    for f in findings:
        assert f.rule in spec().rules
        assert f.severity in ("FEJL", "ADVARSEL")
        assert f.message and "validator." not in f.message


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=100)
@given(data=st.binary(max_size=4096))
def test_random_bytes_never_raise(folder: Path, data: bytes) -> None:
    path = folder / EXAMPLE_NAME
    path.write_bytes(data)
    findings = validate_file(path)
    check_shape(findings)
    assert [f.rule for f in findings] == ["S01"]


@st.composite
def damaged_zip(draw: st.DrawFn) -> bytes:
    index = draw(st.integers(0, len(MEMBERS) - 1))
    name, content = MEMBERS[index]
    action = draw(st.sampled_from(["truncate", "flip", "insert", "replace", "drop"]))
    if action == "truncate":
        content = content[: draw(st.integers(0, len(content)))]
    elif action == "flip":
        position = draw(st.integers(0, max(0, len(content) - 1)))
        content = content[:position] + bytes([content[position] ^ 0xFF]) + content[position + 1 :]
    elif action == "insert":
        position = draw(st.integers(0, len(content)))
        content = content[:position] + draw(st.binary(min_size=1, max_size=40)) + content[position:]
    elif action == "replace":
        content = draw(st.binary(max_size=200))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for other, data in MEMBERS:
            if other != name:
                archive.writestr(other, data)
            elif action != "drop":
                archive.writestr(other, content)
    return buffer.getvalue()


@settings(max_examples=100)
@given(data=damaged_zip())
def test_damaged_zip_members_never_raise(folder: Path, data: bytes) -> None:
    path = folder / EXAMPLE_NAME
    path.write_bytes(data)
    check_shape(validate_file(path))


cell_values = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=30,
    ).filter(lambda s: not any(ord(c) < 32 and c not in "\t\n\r" for c in s)),
    st.sampled_from(["=1+1", "", " ", "2024-02-30", "2024-13-01", "BEHANDLING", "ANDET", "K4"]),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
)
places = st.one_of(
    st.tuples(st.just("Forloeb"), st.integers(2, 27), st.sampled_from(FORLOEB)),
    st.tuples(st.just("Udland"), st.integers(2, 5), st.sampled_from(UDLAND)),
    st.tuples(st.just("Indberetning"), st.integers(0, 0), st.sampled_from(spec().metadata.keys)),
)


@settings(max_examples=100)
@given(changes=st.lists(st.tuples(places, cell_values), min_size=1, max_size=4), fix=st.booleans())
def test_random_cell_values_never_raise(folder: Path, changes: list[Any], fix: bool) -> None:
    book = example_book()
    for (sheet, row, column), value in changes:
        if sheet == "Indberetning":
            book.metadata[column] = value
            continue
        rows = book.forloeb if sheet == "Forloeb" else book.udland
        while len(rows) < row - 1:
            rows.append([None] * len(rows[0]))
        book.set(sheet, row, column, value)
    findings = validate_file(write_book(book, folder, fix=fix))
    check_shape(findings)
    assert "S01" not in {f.rule for f in findings}, findings


cells = st.builds(
    Cell,
    st.one_of(st.none(), st.text(max_size=10), st.integers(), st.floats(), st.booleans()),
    st.sampled_from(["s", "n", "b", "f", "d", "e", "inlineStr", "str", "?"]),
)


@settings(max_examples=100)
@given(
    sheets=st.lists(
        st.tuples(
            st.sampled_from(["Indberetning", "Forloeb", "Udland", "x"]),
            st.lists(st.lists(cells, max_size=25), max_size=6),
        ),
        max_size=4,
    ),
    name=st.text(max_size=40),
)
def test_any_sheet_data_never_raises(sheets: list[Any], name: str) -> None:
    findings = validate_workbook(name, sheets)
    check_shape(findings)
    assert "S01" not in {f.rule for f in findings}, findings


@settings(max_examples=100)
@given(
    row=st.integers(0, 24),
    column=st.integers(0, 19),
    cell=cells,
)
def test_one_odd_cell_among_valid_rows_never_raises(row: int, column: int, cell: Cell) -> None:
    book = example_book().fixed()
    forloeb: list[list[Any]] = [list(r) for r in book.forloeb]
    forloeb[row][column] = cell
    findings = validate_rows(EXAMPLE_NAME, book.metadata, forloeb, book.udland)
    check_shape(findings)
    assert "S01" not in {f.rule for f in findings}, findings


def test_validate_rows_gives_what_validate_file_gives() -> None:
    book = example_book().fixed()
    assert validate_rows(EXAMPLE_NAME, book.metadata, book.forloeb, book.udland) == [
        Finding(**{**f.as_dict(), "file": EXAMPLE_NAME}) for f in validate_file(EXAMPLE)
    ]
    broken = example_book().set("Forloeb", 3, "frist", "2024-09-23").fixed()
    (finding,) = validate_rows("x/" + EXAMPLE_NAME, broken.metadata, broken.forloeb, broken.udland)
    assert (finding.rule, finding.sheet, finding.row, finding.column) == (
        "F10",
        "Forloeb",
        3,
        "frist",
    )


def test_a_zero_length_string_is_no_value() -> None:
    book = example_book().fixed()
    forloeb = [list(r) for r in book.forloeb]
    forloeb[0][FORLOEB.index("afbrudt")] = Cell("", "s")  # was empty
    forloeb[1][FORLOEB.index("udfald")] = Cell("", "s")
    assert validate_rows(EXAMPLE_NAME, book.metadata, forloeb, book.udland) == []


def test_cells_typed_like_openpyxl_are_checked_by_type() -> None:
    book = example_book().fixed()
    forloeb = [list(r) for r in book.forloeb]
    forloeb[0][FORLOEB.index("ventedage")] = Cell(35, "s")
    forloeb[1][FORLOEB.index("kommentar")] = Cell("=1+1", "f")
    forloeb[2][FORLOEB.index("henvisning_modtaget")] = datetime(2024, 11, 11)
    found = validate_rows(EXAMPLE_NAME, book.metadata, forloeb, book.udland)
    assert [(f.rule, f.row, f.column) for f in found] == [
        ("S07", 13, "vaerdi"),  # a date cell's text is not the ISO date the checksum was made of
        ("S05", 2, "ventedage"),
        ("S05", 3, "kommentar"),
        ("S05", 4, "henvisning_modtaget"),
    ]
    assert as_cells([True, 1, 1.5, "x", None]) == [
        Cell(True, "b"),
        Cell(1, "n"),
        Cell(1.5, "n"),
        Cell("x", "s"),
        Cell(None, "n"),
    ]


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_the_fast_control_character_check_agrees_with_the_domain_rule(value: str) -> None:
    from app.domain.pathway import has_control_characters
    from app.submission.findings import text_problem

    assert (text_problem(value) == "text.control") == has_control_characters(value)
