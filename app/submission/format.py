"""The national format as data: ``resources/national_format.toml`` loaded into typed objects.

The writer and the validator both use this module; neither names a sheet or a column itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from app import messages
from app.resources_access import resource_toml

ColumnType = Literal["text", "integer", "date", "timestamp"]
Severity = Literal["FEJL", "ADVARSEL"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    codes: str | None = None
    max: int | None = None


@dataclass(frozen=True)
class SheetSpec:
    sheet: str
    columns: tuple[Column, ...]
    sort_key: tuple[str, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


@dataclass(frozen=True)
class MetadataSpec:
    sheet: str
    header: tuple[str, ...]
    rows: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rows)


@dataclass(frozen=True)
class RuleSpec:
    id: str
    severity: Severity
    da: str
    en: str

    def message(self, lang: str | None = None, **params: Any) -> str:
        template = self.en if (lang or messages.current_language()) == "en" else self.da
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template


@dataclass(frozen=True)
class FormatSpec:
    version: str
    file_name_pattern: re.Pattern[str]
    trial_prefix: str
    sheets: tuple[str, ...]
    metadata: MetadataSpec
    forloeb: SheetSpec
    udland: SheetSpec
    rules: dict[str, RuleSpec]


def _sheet(data: dict[str, Any]) -> SheetSpec:
    return SheetSpec(
        sheet=data["sheet"],
        columns=tuple(Column(**c) for c in data["columns"]),
        sort_key=tuple(data["sort_key"]),
    )


@cache
def spec() -> FormatSpec:
    """The format description, loaded once."""
    data = resource_toml("national_format.toml")
    meta = data["metadata"]
    return FormatSpec(
        version=data["formatversion"],
        file_name_pattern=re.compile(data["file_name_pattern"]),
        trial_prefix=data["trial_prefix"],
        sheets=tuple(data["sheets"]),
        metadata=MetadataSpec(
            sheet=meta["sheet"],
            header=tuple(meta["header"]),
            rows=tuple(Column(name=r["key"], type=r["type"]) for r in meta["rows"]),
        ),
        forloeb=_sheet(data["forloeb"]),
        udland=_sheet(data["udland"]),
        rules={
            rule_id: RuleSpec(rule_id, r["severity"], r["da"], r["en"])
            for rule_id, r in data["rules"].items()
        },
    )


def cell_text(value: object) -> str:
    """A cell value as the canonical text of §6: empty for no value, integers in plain decimal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def canonical_text(
    forloeb_header: Sequence[str],
    forloeb_rows: Iterable[Sequence[object]],
    udland_header: Sequence[str],
    udland_rows: Iterable[Sequence[object]],
) -> bytes:
    """§6: for Forloeb then Udland, the header and every data row, cells joined by ``;``, rows ended
    by ``\\n``; UTF-8."""
    parts: list[str] = []
    for header, rows in ((forloeb_header, forloeb_rows), (udland_header, udland_rows)):
        parts.append(";".join(header) + "\n")
        for row in rows:
            parts.append(";".join(cell_text(v) for v in row) + "\n")
    return "".join(parts).encode("utf-8")


def kontrolsum(*args: Any) -> str:
    """SHA-256 (lower-case hex) of :func:`canonical_text`."""
    return hashlib.sha256(canonical_text(*args)).hexdigest()
