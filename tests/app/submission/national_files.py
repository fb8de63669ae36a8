"""Builds national files for the validator's tests from Python data (openpyxl, normal write mode, so
every cell's type is under the test's control).

A :class:`Book` holds metadata by key and data rows as plain values; :func:`write_book` writes it
with ``antal_*`` and ``kontrolsum`` recomputed (unless a test sets ``fix=False``), so a test that
breaks one value breaks one rule. Values: ``str`` → a string cell (even ``=1+1``), ``int``/``float``
→ a number, ``bool`` → a boolean, ``None`` → no cell, :class:`Formula` → a formula cell.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl

from app.submission.format import kontrolsum, spec

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "MVK_1084_2024K4_20250110T093000.xlsx"
EXAMPLE_NAME = EXAMPLE.name
FORLOEB = spec().forloeb.header
UDLAND = spec().udland.header


class Formula(str):
    """A value written as a formula cell."""


@dataclass
class Book:
    metadata: dict[str, Any]
    forloeb: list[list[Any]]
    udland: list[list[Any]]
    extra_sheets: list[str] = field(default_factory=list)

    def set(self, sheet: str, row: int, column: str, value: Any) -> Book:
        """Set a cell by the sheet's own row number (first data row = 2) and column name."""
        if sheet == "Forloeb":
            self.forloeb[row - 2][FORLOEB.index(column)] = value
        elif sheet == "Udland":
            self.udland[row - 2][UDLAND.index(column)] = value
        else:
            raise ValueError(sheet)
        return self

    def get(self, sheet: str, row: int, column: str) -> Any:
        if sheet == "Forloeb":
            return self.forloeb[row - 2][FORLOEB.index(column)]
        return self.udland[row - 2][UDLAND.index(column)]

    def fixed(self) -> Book:
        """With antal_forloeb, antal_udland and kontrolsum that agree with the rows."""
        book = copy.deepcopy(self)
        book.metadata["antal_forloeb"] = len(book.forloeb)
        book.metadata["antal_udland"] = len(book.udland)
        book.metadata["kontrolsum"] = kontrolsum(FORLOEB, book.forloeb, UDLAND, book.udland)
        return book


@cache
def _example() -> Book:
    workbook = openpyxl.load_workbook(EXAMPLE, read_only=True)
    meta = {
        row[0]: row[1]
        for row in workbook["Indberetning"].iter_rows(min_row=2, values_only=True)
        if row[0] is not None
    }
    forloeb = [list(r) for r in workbook["Forloeb"].iter_rows(min_row=2, values_only=True)]
    udland = [list(r) for r in workbook["Udland"].iter_rows(min_row=2, values_only=True)]
    workbook.close()
    return Book(meta, forloeb, udland)


def example_book() -> Book:
    """The example file's content (a fresh copy each time)."""
    return copy.deepcopy(_example())


def k2_book() -> Book:
    """A valid 2nd-quarter file: the example's udredning rows moved back half a year, no Udland."""
    from datetime import date, timedelta

    book = example_book()
    shift = timedelta(days=-182)
    rows = []
    for row in book.forloeb:
        if row[FORLOEB.index("forloebstype")] != "UDREDNING":
            continue
        moved = list(row)
        for name in ("henvisning_modtaget", "frist", "tilbudt_start", "start", "afbrudt"):
            i = FORLOEB.index(name)
            if moved[i]:
                moved[i] = (date.fromisoformat(moved[i]) + shift).isoformat()
        end = moved[FORLOEB.index("start")] or moved[FORLOEB.index("afbrudt")]
        if date.fromisoformat(end) < date(2024, 4, 1) or date.fromisoformat(end) > date(
            2024, 6, 30
        ):
            continue
        rows.append(moved)
    book.forloeb = rows
    book.udland = []
    book.metadata.update(periode="2024K2", udland_opgjort="N", dannet="2024-07-15T10:15:00+02:00")
    return book


def write_sheets(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> Path:
    """Write sheets of raw rows (row 1 first) exactly as given."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        worksheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = worksheet.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str) and not isinstance(value, Formula):
                    cell.data_type = "s"  # never a formula, even for "=1+1"
                elif isinstance(value, Formula):
                    cell.data_type = "f"
    workbook.save(path)
    return path


def book_sheets(book: Book) -> list[tuple[str, list[list[Any]]]]:
    meta = [["felt", "vaerdi"]] + [[k, v] for k, v in book.metadata.items()]
    sheets = [
        ("Indberetning", meta),
        ("Forloeb", [list(FORLOEB), *book.forloeb]),
        ("Udland", [list(UDLAND), *book.udland]),
    ]
    sheets += [(name, [["x"]]) for name in book.extra_sheets]
    return sheets


def write_book(book: Book, folder: Path, name: str = EXAMPLE_NAME, *, fix: bool = True) -> Path:
    """Write ``book`` as ``folder/name``; with ``fix`` the counts and kontrolsum are recomputed."""
    return write_sheets(folder / name, book_sheets(book.fixed() if fix else book))
