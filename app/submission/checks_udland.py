"""The sheet ``Udland`` (§8): rules U01–U03 (and S05 for its cells), one row at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain.codes import codes, country_codes
from app.submission.checks_forloeb import KOMMENTAR_MAX, UDREDNING, WITH_CONSENT
from app.submission.checks_meta import Metadata
from app.submission.findings import (
    BAD,
    CellLike,
    Reporter,
    int_value,
    show,
    text_problem,
    text_value,
)
from app.submission.format import spec


class UdlandChecks:
    """Checks the data rows of ``Udland``; remembers the keys for U03."""

    def __init__(self, report: Reporter, meta: Metadata) -> None:
        sheet_spec = spec().udland
        self.report = report
        self.meta = meta
        self.sheet = sheet_spec.sheet
        self.columns = sheet_spec.columns
        self.key_columns = sheet_spec.sort_key
        self.kommentar_max = sheet_spec.column("kommentar").max or KOMMENTAR_MAX
        self.keys: dict[tuple[Any, ...], int] = {}

    def add(self, rule: str, row: int, column: str | None, detail: str, /, **params: Any) -> None:
        self.report.add(rule, self.sheet, row, column, detail, **params)

    def check(self, row: int, cells: Sequence[CellLike]) -> None:
        report, sheet = self.report, self.sheet
        v: dict[str, Any] = {}
        for column, cell in zip(self.columns, cells, strict=True):
            if column.type == "integer":
                v[column.name] = int_value(cell, report, sheet, row, column.name)
            else:
                value = text_value(cell, report, sheet, row, column.name)
                if isinstance(value, str):
                    problem = text_problem(value)
                    if problem:
                        self.add("U02", row, column.name, problem)
                v[column.name] = value

        periode = self.meta.periode
        if periode is not None:
            if periode.quarter != 4:
                self.add("U01", row, None, "u01.not_k4", periode=str(periode))
            aar = v["aar"]
            if aar is None:
                self.add("U01", row, "aar", "missing")
            elif isinstance(aar, int) and aar != periode.year:
                self.add("U01", row, "aar", "u01.year", value=aar, year=periode.year)

        kvartal = v["kvartal"]
        if kvartal is None:
            self.add("U02", row, "kvartal", "missing")
        elif isinstance(kvartal, int) and not 1 <= kvartal <= 4:
            self.add("U02", row, "kvartal", "u02.kvartal", value=kvartal)

        region = v["region"]
        expected_region = self.meta.region
        if region is None:
            self.add("U02", row, "region", "missing")
        elif isinstance(region, str):
            if expected_region is not None and region != expected_region:
                self.add(
                    "U02", row, "region", "f03.other", value=show(region), expected=expected_region
                )
            elif expected_region is None and region not in codes("region"):
                self.add("U02", row, "region", "unknown_code", value=show(region))

        kind = v["forloebstype"]
        if kind is None:
            self.add("U02", row, "forloebstype", "missing")
        elif isinstance(kind, str) and kind not in codes("forloebstype"):
            self.add("U02", row, "forloebstype", "unknown_code", value=show(kind))
        form = v["behandlingsform"]
        if isinstance(form, str) and form not in codes("behandlingsform"):
            self.add("U02", row, "behandlingsform", "unknown_code", value=show(form))
        if kind == UDREDNING and form is not None:
            self.add("U02", row, "behandlingsform", "empty_for", name="behandlingsform", kind=kind)
        elif kind in WITH_CONSENT and form is None:
            self.add(
                "U02", row, "behandlingsform", "required_for", name="behandlingsform", kind=kind
            )
        area = v["kraeftomraade"]
        if isinstance(area, str) and area not in codes("kraeftomraade"):
            self.add("U02", row, "kraeftomraade", "unknown_code", value=show(area))

        land = v["land"]
        if land is None:
            self.add("U02", row, "land", "missing")
        elif isinstance(land, str) and land not in country_codes():
            self.add("U02", row, "land", "u02.land", value=show(land))

        antal = v["antal"]
        if antal is None:
            self.add("U02", row, "antal", "missing")
        elif isinstance(antal, int) and antal < 1:
            self.add("U02", row, "antal", "u02.antal", value=antal)

        kommentar = v["kommentar"]
        if isinstance(kommentar, str) and len(kommentar) > self.kommentar_max:
            self.add(
                "U02", row, "kommentar", "too_long", length=len(kommentar), max=self.kommentar_max
            )

        key = tuple(v[name] for name in self.key_columns)
        if all(part is not BAD for part in key):
            first = self.keys.setdefault(key, row)
            if first != row:
                self.add("U03", row, None, "u03.same", first=first)
