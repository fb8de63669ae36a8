"""The sheet ``Indberetning`` (§2) and the file name (§1): rules S03, S04, S05 and U04."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.codes import codes
from app.domain.periods import Period
from app.domain.shak import is_valid_shak
from app.submission.findings import (
    BAD,
    CellLike,
    Reporter,
    int_value,
    is_empty,
    row_is_empty,
    show,
    text_problem,
    text_value,
)
from app.submission.format import spec

VALUE_COLUMN = "vaerdi"
PERIODE = re.compile(r"[0-9]{4}K[1-4]")
DANNET = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
KONTROLSUM = re.compile(r"[0-9a-f]{64}")
DANNET_AF_MAX = 64


@dataclass
class Metadata:
    """The metadata as read: typed values by key (None: no value or no row) and their row numbers."""

    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    region: str | None = None
    periode: Period | None = None
    dannet: date | None = None
    """The date of ``dannet`` (as written, in its own offset)."""

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if isinstance(value, str) else None

    def integer(self, key: str) -> int | None:
        value = self.values.get(key)
        return value if isinstance(value, int) else None


def read_metadata(report: Reporter, rows: Iterable[Sequence[CellLike]]) -> Metadata:
    """Read and check the sheet ``Indberetning``: header, the rows of §2 in order, their values."""
    mspec = spec().metadata
    sheet = mspec.sheet
    meta = Metadata()
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or not header_matches(header, mspec.header):
        found = "" if header is None else header_text(header)
        report.add(
            "S03", sheet, 1, None, "s03.header", expected=";".join(mspec.header), found=found
        )
    types = {c.name: c.type for c in mspec.rows}
    found_keys: list[tuple[int, str]] = []
    pending_empty: int | None = None
    for number, cells in enumerate(iterator, start=2):
        if number > MAX_ROWS:
            report.add("S03", sheet, number, None, "s03.too_many_rows", max=MAX_ROWS)
            break
        if row_is_empty(cells):
            if pending_empty is None:
                pending_empty = number
            continue
        if pending_empty is not None:
            report.add("S03", sheet, pending_empty, None, "s03.empty_row")
            pending_empty = None
        key_cell = cells[0] if cells else None
        key = key_cell.value if key_cell is not None and key_cell.data_type != "f" else None
        if not isinstance(key, str) or key not in types:
            report.add("S03", sheet, number, "felt", "s03.meta_unknown", value=show(key))
            continue
        if key in meta.rows:
            report.add("S03", sheet, number, "felt", "s03.meta_repeated", value=key)
            continue
        found_keys.append((number, key))
        meta.rows[key] = number
        if any(not is_empty(c) for c in cells[2:]):
            report.add("S03", sheet, number, None, "s03.extra_cells")
        value_cell = cells[1] if len(cells) > 1 else None
        if value_cell is None:
            meta.values[key] = None
        elif types[key] == "integer":
            meta.values[key] = int_value(value_cell, report, sheet, number, VALUE_COLUMN)
        else:
            meta.values[key] = text_value(value_cell, report, sheet, number, VALUE_COLUMN)
    _check_order(report, found_keys, mspec.keys)
    for key in mspec.keys:
        if key in meta.rows:
            _check_value(report, meta, key)
    return meta


MAX_ROWS = 1_048_576
"""Excel's row limit: a sheet that claims more rows is not read further."""


def header_matches(cells: Sequence[CellLike], header: Sequence[str]) -> bool:
    if len(cells) < len(header):
        return False
    for cell, name in zip(cells, header, strict=False):
        if cell.value != name or cell.data_type == "f":
            return False
    return all(is_empty(c) for c in cells[len(header) :])


def header_text(cells: Sequence[CellLike]) -> str:
    values = [c.value for c in cells]
    while values and values[-1] in (None, ""):
        values.pop()
    return show(";".join("" if v is None else str(v) for v in values), 200)


def _check_order(report: Reporter, found: list[tuple[int, str]], keys: Sequence[str]) -> None:
    """Every key of §2 present, in the order of §2."""
    sheet = spec().metadata.sheet
    present = {key for _, key in found}
    for key in keys:
        if key not in present:
            report.add("S03", sheet, None, None, "s03.meta_missing", key=key)
    expected_order = [key for key in keys if key in present]
    for (number, key), expected in zip(found, expected_order, strict=True):
        if key != expected:
            report.add("S03", sheet, number, "felt", "s03.meta_order", key=key, expected=expected)
            break


def _check_value(report: Reporter, meta: Metadata, key: str) -> None:
    sheet = spec().metadata.sheet
    row = meta.rows[key]
    value = meta.values.get(key)

    def bad(detail: str, **params: Any) -> None:
        report.add("S04", sheet, row, VALUE_COLUMN, detail, key=key, **params)

    if value is BAD:
        bad("s04.type")
        return
    if value is None:
        bad("s04.missing")
        return
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            bad(problem)
            return
    if key == "formatversion" and value != spec().version:
        bad("s04.formatversion", value=show(value), expected=spec().version)
    elif key == "region":
        if value in codes("region"):
            meta.region = value
        else:
            bad("s04.region", value=show(value))
    elif key == "periode":
        if PERIODE.fullmatch(value):
            meta.periode = Period(int(value[:4]), int(value[5]))
        else:
            bad("s04.periode", value=show(value))
    elif key == "leverance" and value < 1:
        bad("s04.leverance", value=value)
    elif key == "indberetter_shak" and not is_valid_shak(value):
        bad("s04.shak", value=show(value))
    elif key == "dannet":
        meta.dannet = _dannet_date(value)
        if meta.dannet is None:
            bad("s04.dannet", value=show(value))
    elif key == "dannet_af" and len(value) > DANNET_AF_MAX:
        bad("s04.dannet_af", length=len(value), max=DANNET_AF_MAX)
    elif key in ("antal_forloeb", "antal_udland") and value < 0:
        bad("s04.count", value=value)
    elif key == "udland_opgjort" and value not in ("J", "N"):
        bad("s04.udland_opgjort", value=show(value))
    elif key == "kontrolsum" and not KONTROLSUM.fullmatch(value):
        bad("s04.kontrolsum", value=show(value))


def _dannet_date(value: str) -> date | None:
    if not DANNET.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def check_udland_opgjort(report: Reporter, meta: Metadata) -> None:
    """U04: ``udland_opgjort`` is J in a K4 file and N otherwise."""
    value = meta.text("udland_opgjort")
    if meta.periode is None or value is None:
        return
    expected = "J" if meta.periode.quarter == 4 else "N"
    if value != expected:
        report.add(
            "U04",
            spec().metadata.sheet,
            meta.rows["udland_opgjort"],
            VALUE_COLUMN,
            "u04.value",
            value=show(value),
            expected=expected,
            periode=str(meta.periode),
        )


def check_file_name(report: Reporter, path: str, meta: Metadata) -> None:
    """S04: the name is ``MVK_{region}_{periode}_{created}.xlsx`` and agrees with the metadata."""
    fspec = spec()
    name = os.path.basename(path)
    if name.startswith(fspec.trial_prefix):
        report.add("S04", None, None, None, "s04.file_trial", name=show(name))
        return
    pattern = re.compile(fspec.file_name_pattern.pattern, re.ASCII)
    match = pattern.fullmatch(name)
    if match is None:
        report.add("S04", None, None, None, "s04.file_form", name=show(name))
        return
    try:
        datetime.strptime(match.group("created"), "%Y%m%dT%H%M%S")  # noqa: DTZ007 (local, no zone)
    except ValueError:
        report.add("S04", None, None, None, "s04.file_created", value=match.group("created"))
    stated = {"region": meta.region, "periode": str(meta.periode) if meta.periode else None}
    for key, value in stated.items():
        if value is not None and match.group(key) != value:
            report.add(
                "S04",
                None,
                None,
                None,
                "s04.file_mismatch",
                key=key,
                name_value=match.group(key),
                value=value,
            )
