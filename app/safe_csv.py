"""CSV cells that a spreadsheet never runs as a formula (OWASP ASVS 5.0 §1.2.10, reliability.md R12).

A spreadsheet that opens a CSV file treats a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(…)``, ``=cmd|…``), and tab, CR and NUL can hide such a start. Such a cell is
written with a leading apostrophe, which spreadsheets show as text. The program writes no CSV file
today; every future CSV export passes its text cells through :func:`neutralise` (or whole rows
through :func:`neutralise_row`). Numbers stay numbers: only text is touched.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
"""What a text cell must not begin with in a CSV file."""
PREFIX = "'"


def neutralise(cell: str) -> str:
    """``cell`` as a CSV cell that is never a formula: prefixed with ``'`` when it begins with one of
    :data:`FORMULA_STARTS`, else unchanged. Idempotent."""
    return PREFIX + cell if cell.startswith(FORMULA_STARTS) else cell


def neutralise_row(row: Iterable[object]) -> list[object]:
    """A row for ``csv.writer``: every text cell neutralised, other values as they are."""
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in row]


__all__ = ["FORMULA_STARTS", "PREFIX", "neutralise", "neutralise_row"]
