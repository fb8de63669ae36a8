"""What the validator reports (a :class:`Finding` per broken rule) and the cells it reads.

A cell is anything with ``value`` and ``data_type`` as openpyxl gives them (``ReadOnlyCell``,
``EmptyCell``) or a :class:`Cell` made by a caller that validates data before writing it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any, Final, NamedTuple, Protocol

from app import messages
from app.domain.pathway import has_control_characters
from app.submission.format import spec

STRING_TYPES: Final = frozenset({"s", "inlineStr", "str"})
"""openpyxl data types of a string cell (read-only mode reports inline strings as ``s``)."""


class CellLike(Protocol):
    @property
    def value(self) -> Any: ...

    @property
    def data_type(self) -> str: ...


class Cell(NamedTuple):
    """A cell value with its openpyxl data type (``s`` text, ``n`` number, ``f`` formula …)."""

    value: Any
    data_type: str


def as_cell(value: Any) -> CellLike:
    """A cell from a plain Python value, typed as a writer that stores text as string cells would:
    ``str`` → ``s`` (never a formula), ``bool`` → ``b``, numbers → ``n``, dates → ``d``."""
    if hasattr(value, "data_type") and hasattr(value, "value"):
        return value  # type: ignore[no-any-return]
    if value is None or isinstance(value, str):
        return Cell(value, "s" if value is not None else "n")
    if isinstance(value, bool):
        return Cell(value, "b")
    if isinstance(value, int | float):
        return Cell(value, "n")
    if isinstance(value, date | datetime | time):
        return Cell(value, "d")
    return Cell(value, "?")


def as_cells(row: Iterable[Any]) -> list[CellLike]:
    return [as_cell(v) for v in row]


@dataclass(frozen=True)
class Finding:
    """One broken rule: where (sheet, the sheet's own row number, column name) and what."""

    file: str
    rule: str
    severity: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "FEJL"


class _Bad:
    """A value whose cell had the wrong type (already reported as S05): rules that need it skip."""

    def __repr__(self) -> str:
        return "BAD"


BAD: Final = _Bad()


class Reporter:
    """Collects findings for one file; messages come from the format's rule texts and the catalogue."""

    def __init__(self, file: str, lang: str | None = None) -> None:
        self.file = file
        self.lang = lang or messages.current_language()
        self.findings: list[Finding] = []
        self._rules = spec().rules

    def add(
        self,
        rule: str,
        sheet: str | None,
        row: int | None,
        column: str | None,
        detail: str,
        /,
        **params: Any,
    ) -> None:
        """Report ``rule`` at a place; ``detail`` is a message id under ``validator.``."""
        spec_rule = self._rules[rule]
        text = spec_rule.message(
            self.lang, detail=messages.text(f"validator.{detail}", self.lang, **params)
        )
        place = self.place(sheet, row, column)
        self.findings.append(
            Finding(
                file=self.file,
                rule=rule,
                severity=spec_rule.severity,
                sheet=sheet,
                row=row,
                column=column,
                message=f"{place}: {text}" if place else text,
            )
        )

    def place(self, sheet: str | None, row: int | None, column: str | None) -> str:
        if sheet is None:
            return ""
        if row is None:
            return messages.text("validator.place.sheet", self.lang, sheet=sheet)
        if column is None:
            return messages.text("validator.place.row", self.lang, sheet=sheet, row=row)
        return messages.text("validator.place.cell", self.lang, sheet=sheet, row=row, column=column)


# --- reading typed values from cells -------------------------------------------------------


def is_empty(cell: CellLike) -> bool:
    """No value: an empty cell or a zero-length string (a formula is never empty)."""
    value = cell.value
    return (value is None or value == "") and cell.data_type != "f"


def row_is_empty(cells: Sequence[CellLike]) -> bool:
    return all(is_empty(c) for c in cells)


def show(value: Any, limit: int = 60) -> str:
    """A value as it may be quoted in a message: short and without control characters."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join("\ufffd" if has_control_characters(ch) else ch for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


PERSONAL_COLUMNS: Final = frozenset({"cpr"})
"""Columns whose values a message never quotes (findings are printed and shared)."""


def _quoted(value: Any, column: str) -> str:
    return "…" if column in PERSONAL_COLUMNS else show(value)


def text_value(
    cell: CellLike, report: Reporter, sheet: str, row: int, column: str
) -> str | _Bad | None:
    """The text of a text cell; None for no value; BAD (and S05) for a formula or a non-string cell."""
    value = cell.value
    data_type = cell.data_type
    if data_type == "f":
        report.add("S05", sheet, row, column, "s05.formula", value=_quoted(value, column))
        return BAD
    if value is None or value == "":
        return None
    if data_type in STRING_TYPES and isinstance(value, str):
        return value
    report.add("S05", sheet, row, column, "s05.text", value=_quoted(value, column), type=data_type)
    return BAD


def int_value(
    cell: CellLike, report: Reporter, sheet: str, row: int, column: str
) -> int | _Bad | None:
    """The integer of a numeric cell; None for no value; BAD (and S05) for anything else."""
    value = cell.value
    data_type = cell.data_type
    if data_type == "f":
        report.add("S05", sheet, row, column, "s05.formula", value=show(value))
        return BAD
    if value is None or value == "":
        return None
    if data_type == "n" and not isinstance(value, bool):
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    report.add("S05", sheet, row, column, "s05.integer", value=show(value), type=data_type)
    return BAD


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""What :func:`app.domain.pathway.has_control_characters` finds, as one fast regular expression."""


def text_problem(value: str) -> str | None:
    """The message id of what breaks the general text rules of §1 (control characters, NFC)."""
    if _CONTROL.search(value):
        return "text.control"
    if not unicodedata.is_normalized("NFC", value):
        return "text.nfc"
    return None
