"""The sheet ``Forloeb`` (§3–§5): rules F01–F16 (and S05 for its cells), one row at a time."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from app.domain.codes import Forloebstype, aarsag, codes
from app.domain.cpr import parse_cpr
from app.domain.dates import parse_iso
from app.domain.rules import compute_frist
from app.domain.shak import is_valid_shak
from app.errors import InputError
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

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CPR_FORM = re.compile(r"[0-9]{6}[0-9A-Z]{4}")
EVENT_DATES = ("henvisning_modtaget", "samtykke", "tilbudt_start", "start", "afbrudt")
"""Dates that record events: not after the date of ``dannet`` (``frist`` may be)."""
DATES = ("henvisning_modtaget", "samtykke", "frist", "tilbudt_start", "start", "afbrudt")
LONG_WAIT_DAYS = 365
KOMMENTAR_MAX = 500
UDREDNING = Forloebstype.UDREDNING.value
WITH_CONSENT = frozenset({Forloebstype.BEHANDLING.value, Forloebstype.EFTERBEHANDLING.value})


@lru_cache(maxsize=8192)
def iso_date(text: str) -> date | None:
    """A strict ``YYYY-MM-DD`` date, else None (dates repeat a lot: cached)."""
    try:
        return parse_iso(text)
    except InputError:
        return None


class ForloebChecks:
    """Checks the data rows of ``Forloeb``; remembers what the cross-row rules (F01, F15) need."""

    def __init__(self, report: Reporter, meta: Metadata) -> None:
        sheet_spec = spec().forloeb
        self.report = report
        self.meta = meta
        self.sheet = sheet_spec.sheet
        self.columns = sheet_spec.columns
        self.kommentar_max = sheet_spec.column("kommentar").max or KOMMENTAR_MAX
        self.ids: dict[str, int] = {}
        self.keys: dict[tuple[str, str, str], int] = {}

    def add(self, rule: str, row: int, column: str | None, detail: str, /, **params: Any) -> None:
        self.report.add(rule, self.sheet, row, column, detail, **params)

    def check(self, row: int, cells: Sequence[CellLike]) -> None:
        """Every rule of one data row (``cells`` holds exactly the sheet's columns)."""
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
                        self.add("F12", row, column.name, problem)
                v[column.name] = value
        self._identity(row, v)
        kind = self._codes(row, v)
        dates = self._dates(row, v)
        self._deadline(row, v, kind, dates)
        self._texts(row, v, kind)

    # --- F01–F04 --------------------------------------------------------------------------

    def _identity(self, row: int, v: dict[str, Any]) -> None:
        forloeb_id = v["forloeb_id"]
        if forloeb_id is None:
            self.add("F01", row, "forloeb_id", "missing")
        elif isinstance(forloeb_id, str):
            if not UUID.fullmatch(forloeb_id):
                self.add("F01", row, "forloeb_id", "f01.form", value=show(forloeb_id))
            first = self.ids.setdefault(forloeb_id, row)
            if first != row:
                self.add("F01", row, "forloeb_id", "f01.duplicate", first=first)

        cpr = v["cpr"]
        if cpr is None:
            self.add("F02", row, "cpr", "missing")
        elif isinstance(cpr, str):
            if not CPR_FORM.fullmatch(cpr):
                self.add("F02", row, "cpr", "f02.form")
            else:
                try:
                    info = parse_cpr(cpr)
                except InputError as error:
                    self.add(
                        "F02", row, "cpr", "f02.invalid", reason=error.message(self.report.lang)
                    )
                else:
                    if info.replacement:
                        self.add("F02E", row, "cpr", "f02e.replacement")

        region = v["region"]
        if region is None:
            self.add("F03", row, "region", "missing")
        elif isinstance(region, str):
            expected = self.meta.region
            if expected is not None and region != expected:
                self.add("F03", row, "region", "f03.other", value=show(region), expected=expected)
            elif expected is None and region not in codes("region"):
                self.add("F03", row, "region", "unknown_code", value=show(region))

        for name in ("indberettende_shak", "udfoerende_shak"):
            shak = v[name]
            if shak is None:
                self.add("F04", row, name, "missing")
            elif isinstance(shak, str) and not is_valid_shak(shak):
                self.add("F04", row, name, "f04.shak", value=show(shak))
        self._code(row, v, "F04", "udfoerende_type", required=True)

    def _code(self, row: int, v: dict[str, Any], rule: str, name: str, *, required: bool) -> bool:
        """Whether the value of code column ``name`` is a known code; reports ``rule`` otherwise."""
        value = v[name]
        if value is None:
            if required:
                self.add(rule, row, name, "missing")
            return False
        if isinstance(value, str) and value not in codes(name):
            self.add(rule, row, name, "unknown_code", value=show(value))
            return False
        return isinstance(value, str)

    # --- F05 -------------------------------------------------------------------------------

    def _codes(self, row: int, v: dict[str, Any]) -> str | None:
        """F05; the pathway type when it is known."""
        kind = (
            v["forloebstype"] if self._code(row, v, "F05", "forloebstype", required=True) else None
        )
        self._code(row, v, "F05", "kraeftomraade", required=True)
        self._code(row, v, "F05", "behandlingsform", required=False)
        if kind == UDREDNING:
            for name in ("behandlingsform", "samtykke"):
                if v[name] is not None:
                    self.add("F05", row, name, "empty_for", name=name, kind=kind)
        elif kind in WITH_CONSENT:
            for name in ("behandlingsform", "samtykke"):
                if v[name] is None:
                    self.add("F05", row, name, "required_for", name=name, kind=kind)
        return kind

    # --- F06–F09 ---------------------------------------------------------------------------

    def _dates(self, row: int, v: dict[str, Any]) -> dict[str, date | None]:
        """F06–F09; the valid dates (None: missing or invalid)."""
        dates: dict[str, date | None] = {}
        for name in DATES:
            value = v[name]
            day = iso_date(value) if isinstance(value, str) else None
            if isinstance(value, str) and day is None:
                self.add("F06", row, name, "f06.form", value=show(value))
            dates[name] = day
        if v["henvisning_modtaget"] is None:
            self.add("F06", row, "henvisning_modtaget", "missing")
        dannet = self.meta.dannet
        if dannet is not None:
            for name in EVENT_DATES:
                day = dates[name]
                if day is not None and day > dannet:
                    self.add(
                        "F06",
                        row,
                        name,
                        "f06.after_dannet",
                        value=day.isoformat(),
                        dannet=dannet.isoformat(),
                    )
        henvisning = dates["henvisning_modtaget"]
        if henvisning is not None:
            for name in ("tilbudt_start", "start", "afbrudt"):
                day = dates[name]
                if day is not None and day < henvisning:
                    self.add(
                        "F07",
                        row,
                        name,
                        "f07.before",
                        name=name,
                        value=day.isoformat(),
                        henvisning=henvisning.isoformat(),
                    )
            samtykke = dates["samtykke"]
            if samtykke is not None and samtykke < henvisning:
                self.add(
                    "F14",
                    row,
                    "samtykke",
                    "f14.before",
                    value=samtykke.isoformat(),
                    henvisning=henvisning.isoformat(),
                )

        has_start, has_afbrudt = v["start"] is not None, v["afbrudt"] is not None
        if has_start and has_afbrudt:
            self.add("F08", row, "afbrudt", "f08.both")
        elif not has_start and not has_afbrudt:
            self.add("F08", row, "start", "f08.neither")
        if has_start and v["tilbudt_start"] is None:
            self.add("F08", row, "tilbudt_start", "f08.tilbudt_start")

        end_column = "start" if has_start and not has_afbrudt else "afbrudt"
        end = dates[end_column] if has_start != has_afbrudt else None
        periode = self.meta.periode
        if end is not None and periode is not None and end not in periode:
            self.add(
                "F09", row, end_column, "f09.outside", value=end.isoformat(), periode=str(periode)
            )
        dates["slut"] = end
        return dates

    # --- F10, F11, F16 ---------------------------------------------------------------------

    def _deadline(
        self, row: int, v: dict[str, Any], kind: str | None, dates: dict[str, date | None]
    ) -> None:
        henvisning, samtykke, end = dates["henvisning_modtaget"], dates["samtykke"], dates["slut"]
        frist: date | None = None
        if kind is not None and henvisning is not None:
            consent_ok = kind == UDREDNING or samtykke is not None
            if consent_ok:
                frist = compute_frist(kind, henvisning, samtykke).dato
        if frist is not None:
            stated = v["frist"]
            if stated is None:
                self.add("F10", row, "frist", "f10.missing", expected=frist.isoformat())
            elif dates["frist"] is not None and dates["frist"] != frist:
                self.add(
                    "F10",
                    row,
                    "frist",
                    "f10.wrong",
                    name="frist",
                    value=show(stated),
                    expected=frist.isoformat(),
                )

        ventedage = v["ventedage"]
        if henvisning is not None and end is not None:
            expected_days = (end - henvisning).days
            if ventedage is None:
                self.add("F10", row, "ventedage", "f10.missing", expected=expected_days)
            elif isinstance(ventedage, int) and ventedage != expected_days:
                self.add(
                    "F10",
                    row,
                    "ventedage",
                    "f10.wrong",
                    name="ventedage",
                    value=ventedage,
                    expected=expected_days,
                )
        if isinstance(ventedage, int) and ventedage > LONG_WAIT_DAYS:
            self.add("F16", row, "ventedage", "f16.days", value=ventedage)

        self._kategori(row, v, frist, end)

    def _kategori(self, row: int, v: dict[str, Any], frist: date | None, end: date | None) -> None:
        kategori, code = v["kategori"], v["aarsag"]
        if kategori is BAD or code is BAD:
            return
        reason = None
        if code is not None:
            reason = aarsag(code)
            if reason is None:
                self.add("F11", row, "aarsag", "f11.unknown", value=show(code))
                return
        if kategori is None:
            self.add("F11", row, "kategori", "missing")
            return
        if kategori not in (1, 2, 3):
            self.add("F11", row, "kategori", "f11.range", value=kategori)
            return
        if frist is not None and end is not None:
            if end <= frist:
                if code is not None:
                    self.add(
                        "F11",
                        row,
                        "aarsag",
                        "f11.not_allowed",
                        slut=end.isoformat(),
                        frist=frist.isoformat(),
                    )
                elif kategori != 1:
                    self.add("F11", row, "kategori", "f11.wrong", value=kategori, expected=1)
                return
            if reason is None:
                self.add(
                    "F11",
                    row,
                    "aarsag",
                    "f11.required",
                    slut=end.isoformat(),
                    frist=frist.isoformat(),
                )
            elif kategori != reason.kategori:
                self.add(
                    "F11", row, "kategori", "f11.wrong", value=kategori, expected=reason.kategori
                )
            return
        # Without an end date and a deadline, kategori and aarsag must at least agree with each other.
        if kategori == 1 and reason is not None:
            self.add("F11", row, "aarsag", "f11.kategori1_reason")
        elif kategori != 1 and reason is None:
            self.add("F11", row, "aarsag", "f11.reason_missing", value=kategori)
        elif reason is not None and kategori != reason.kategori:
            self.add("F11", row, "kategori", "f11.wrong", value=kategori, expected=reason.kategori)

    # --- F12, F13, F15 ---------------------------------------------------------------------

    def _texts(self, row: int, v: dict[str, Any], kind: str | None) -> None:
        kommentar = v["kommentar"]
        if isinstance(kommentar, str) and len(kommentar) > self.kommentar_max:
            self.add(
                "F12", row, "kommentar", "too_long", length=len(kommentar), max=self.kommentar_max
            )
        if v["aarsag"] == "ANDET" and (
            kommentar is None or (isinstance(kommentar, str) and not kommentar.strip())
        ):
            self.add("F12", row, "kommentar", "f12.andet")

        udfald = v["udfald"]
        if isinstance(udfald, str):
            if udfald not in codes("udfald"):
                self.add("F13", row, "udfald", "unknown_code", value=show(udfald))
            elif kind in WITH_CONSENT:
                self.add("F13", row, "udfald", "f13.only_udredning", kind=kind)

        key = (v["cpr"], v["forloebstype"], v["henvisning_modtaget"])
        if all(isinstance(part, str) for part in key):
            first = self.keys.setdefault(key, row)
            if first != row:
                self.add("F15", row, None, "f15.same", first=first)
