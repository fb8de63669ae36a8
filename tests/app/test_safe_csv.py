"""CSV cells are never formulas (R12): text beginning with =, +, -, @, tab, CR or NUL gets a '."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.safe_csv import FORMULA_STARTS, neutralise, neutralise_row


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\x00=1+1", "'\x00=1+1"),
        ('=HYPERLINK("http://x.invalid","klik")', '\'=HYPERLINK("http://x.invalid","klik")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ],
)
def test_formula_starts_are_prefixed(cell: str, written: str) -> None:
    assert neutralise(cell) == written


@pytest.mark.parametrize("cell", ["", "Æblegrød på ø", "1+1", "a=1", " =1+1", "'=1+1", "0101"])
def test_other_text_is_unchanged(cell: str) -> None:
    assert neutralise(cell) == cell


def test_a_row_keeps_numbers_and_empty_cells() -> None:
    row = neutralise_row(["=1+1", -5, 2.5, None, "tekst", "-5"])
    assert row == ["'=1+1", -5, 2.5, None, "tekst", "'-5"]


def test_written_csv_cells_begin_with_no_formula_character() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(neutralise_row(["=1+1", "@x", "ok"]))
    cells = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert cells == ["'=1+1", "'@x", "ok"]


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(), st.sampled_from(FORMULA_STARTS).flatmap(lambda c: st.text().map(c.__add__))
    )
)
def test_never_begins_with_a_formula_start_and_is_idempotent(cell: str) -> None:
    once = neutralise(cell)
    assert not once.startswith(FORMULA_STARTS)
    assert neutralise(once) == once
    assert once in (cell, "'" + cell)
