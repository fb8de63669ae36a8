"""A pathway as the rules see it: its fields, what is derived from them, and every check of §3–§5.

:func:`check` collects every problem (so a form can show each next to its field) and :func:`derive`
computes frist, ventedage, kategori, status and periode — never typed by a user.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any

from app.domain import codes
from app.domain.codes import Forloebstype
from app.domain.cpr import parse_cpr
from app.domain.dates import format_date
from app.domain.periods import Period
from app.domain.rules import Frist, compute_frist, compute_ventedage, derive_kategori
from app.domain.shak import is_valid_shak
from app.errors import InputError, MvkError, RuleViolation

KOMMENTAR_MAX = 500
TEXT_MAX = 200


class Status(StrEnum):
    AABEN = "aaben"
    AFSLUTTET = "afsluttet"
    AFBRUDT = "afbrudt"


@dataclass(frozen=True)
class PathwayData:
    """The fields a user (or a file) gives; everything else is derived."""

    cpr: str
    region: str
    indberettende_shak: str
    udfoerende_shak: str
    udfoerende_type: str
    forloebstype: str
    kraeftomraade: str
    henvisning_modtaget: date
    behandlingsform: str | None = None
    samtykke: date | None = None
    tilbudt_start: date | None = None
    start: date | None = None
    afbrudt: date | None = None
    aarsag: str | None = None
    udfald: str | None = None
    kommentar: str | None = None
    ekstern_reference: str | None = None
    alternativ_tilbud: str | None = None

    @property
    def slut(self) -> date | None:
        """The end date: ``start``, or ``afbrudt`` when interrupted."""
        return self.start or self.afbrudt

    def replace(self, **changes: Any) -> PathwayData:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


FIELD_NAMES = tuple(f.name for f in fields(PathwayData))


@dataclass(frozen=True)
class Derived:
    frist: Frist
    ventedage: int | None
    kategori: int | None
    status: Status
    periode: str | None


def has_control_characters(value: str) -> bool:
    """Anything below U+0020 or in U+007F–U+009F (so no tab or line break)."""
    return any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in value)


def clean_text(value: str | None) -> str | None:
    """Free text as stored: NFC, surrounding white space removed, empty → None."""
    if value is None:
        return None
    cleaned = unicodedata.normalize("NFC", value).strip()
    return cleaned or None


def normalise(data: PathwayData) -> PathwayData:
    """Codes upper-cased, CPR in its stored form when valid, free text NFC; empty text → None."""
    from app.domain.cpr import normalize_cpr
    from app.domain.shak import normalize_shak

    def code(value: str | None) -> str | None:
        return value.strip().upper() or None if value else None

    return data.replace(
        cpr=normalize_cpr(data.cpr),
        region=(data.region or "").strip(),
        indberettende_shak=normalize_shak(data.indberettende_shak or ""),
        udfoerende_shak=normalize_shak(data.udfoerende_shak or ""),
        udfoerende_type=code(data.udfoerende_type) or "",
        forloebstype=code(data.forloebstype) or "",
        kraeftomraade=code(data.kraeftomraade) or "",
        behandlingsform=code(data.behandlingsform),
        aarsag=code(data.aarsag),
        udfald=code(data.udfald),
        kommentar=clean_text(data.kommentar),
        ekstern_reference=clean_text(data.ekstern_reference),
        alternativ_tilbud=clean_text(data.alternativ_tilbud),
    )


@dataclass
class CheckResult:
    errors: list[MvkError] = field(default_factory=list)
    warnings: list[MvkError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_field(self) -> dict[str, list[MvkError]]:
        grouped: dict[str, list[MvkError]] = {}
        for error in self.errors:
            grouped.setdefault(error.field or "", []).append(error)
        return grouped


def check(data: PathwayData, today: date, *, require_alternative: bool = False) -> CheckResult:
    """Every rule a single pathway must meet (national-format.md §3–§5, F02–F13), all at once.

    ``today`` is the latest date allowed for the dates that record events (F06).
    ``require_alternative`` asks where the alternative offer was made for KAPACITET_HENVIST.
    """
    result = CheckResult()
    add = result.errors.append

    try:
        info = parse_cpr(data.cpr)
        if info.replacement:
            result.warnings.append(InputError("cpr.replacement", field="cpr", rule="F02E"))
        elif info.modulus11 is False:
            result.warnings.append(InputError("cpr.modulus11", field="cpr"))
    except InputError as error:
        add(error)

    for name, listname in (
        ("region", "region"),
        ("udfoerende_type", "udfoerende_type"),
        ("forloebstype", "forloebstype"),
        ("kraeftomraade", "kraeftomraade"),
    ):
        value = getattr(data, name)
        if not value:
            add(InputError("field.required", field=name, rule="F05"))
        elif value not in codes.codes(listname):
            add(InputError("code.unknown", field=name, value=value, rule="F05"))

    for name in ("indberettende_shak", "udfoerende_shak"):
        if not is_valid_shak(getattr(data, name) or ""):
            add(InputError("shak.invalid", field=name, value=getattr(data, name), rule="F04"))

    kind = data.forloebstype
    if kind == Forloebstype.UDREDNING:
        if data.behandlingsform:
            add(
                RuleViolation(
                    "rules.behandlingsform_not_for_udredning", field="behandlingsform", rule="F05"
                )
            )
        if data.samtykke is not None:
            add(RuleViolation("rules.samtykke_not_for_udredning", field="samtykke", rule="F05"))
    elif kind in codes.codes("forloebstype"):
        if not data.behandlingsform:
            add(InputError("field.required", field="behandlingsform", rule="F05"))
        elif data.behandlingsform not in codes.codes("behandlingsform"):
            add(
                InputError(
                    "code.unknown", field="behandlingsform", value=data.behandlingsform, rule="F05"
                )
            )

    for name in ("henvisning_modtaget", "samtykke", "tilbudt_start", "start", "afbrudt"):
        value = getattr(data, name)
        if value is not None and value > today:
            add(
                RuleViolation(
                    "rules.date_in_future",
                    field=name,
                    value=format_date(value),
                    rule="F06",
                    today=format_date(today),
                )
            )

    for name in ("tilbudt_start", "start", "afbrudt"):
        value = getattr(data, name)
        if value is not None and value < data.henvisning_modtaget:
            add(
                RuleViolation(
                    "rules.end_before_henvisning",
                    field=name,
                    value=format_date(value),
                    rule="F07",
                    henvisning=format_date(data.henvisning_modtaget),
                )
            )

    if data.start is not None and data.afbrudt is not None:
        add(RuleViolation("rules.start_and_afbrudt", field="afbrudt", rule="F08"))
    if data.start is not None and data.tilbudt_start is None:
        add(InputError("rules.tilbudt_start_required", field="tilbudt_start", rule="F08"))

    if data.udfald:
        if data.udfald not in codes.codes("udfald"):
            add(InputError("code.unknown", field="udfald", value=data.udfald, rule="F13"))
        elif kind != Forloebstype.UDREDNING:
            add(RuleViolation("rules.udfald_only_udredning", field="udfald", rule="F13"))

    for name in ("kommentar", "ekstern_reference", "alternativ_tilbud"):
        value = getattr(data, name)
        if value and has_control_characters(value):
            add(InputError("text.control_characters", field=name, rule="F12"))
    if data.kommentar and len(data.kommentar) > KOMMENTAR_MAX:
        add(
            InputError(
                "text.too_long",
                field="kommentar",
                rule="F12",
                max=KOMMENTAR_MAX,
                length=len(data.kommentar),
            )
        )
    for name in ("ekstern_reference", "alternativ_tilbud"):
        value = getattr(data, name)
        if value and len(value) > TEXT_MAX:
            add(InputError("text.too_long", field=name, max=TEXT_MAX, length=len(value)))

    if kind in codes.codes("forloebstype") and not any(
        e.field in {"samtykke", "start", "afbrudt", "tilbudt_start", "forloebstype"}
        for e in result.errors
    ):
        _check_kategori(data, result, require_alternative)
    return result


def _check_kategori(data: PathwayData, result: CheckResult, require_alternative: bool) -> None:
    add = result.errors.append
    frist = compute_frist(data.forloebstype, data.henvisning_modtaget, data.samtykke)
    slut = data.slut
    if slut is None:
        if data.aarsag:
            add(
                RuleViolation(
                    "rules.aarsag_without_end", field="aarsag", value=data.aarsag, rule="F11"
                )
            )
        return
    if frist.provisional:
        add(
            RuleViolation(
                "rules.samtykke_required",
                field="samtykke",
                rule="F05",
                forloebstype=data.forloebstype.lower(),
            )
        )
        return
    try:
        derive_kategori(frist.dato, slut, data.aarsag)
    except RuleViolation as error:
        add(error)
        return
    if data.aarsag == "ANDET" and not data.kommentar:
        add(RuleViolation("rules.kommentar_required", field="kommentar", rule="F12"))
    if require_alternative and data.aarsag == "KAPACITET_HENVIST" and not data.alternativ_tilbud:
        add(RuleViolation("rules.alternativ_required", field="alternativ_tilbud"))


def derive(data: PathwayData) -> Derived:
    """frist, ventedage, kategori, status and periode of a pathway that passed :func:`check`."""
    frist = compute_frist(data.forloebstype, data.henvisning_modtaget, data.samtykke)
    slut = data.slut
    if slut is None:
        return Derived(frist, None, None, Status.AABEN, None)
    status = Status.AFSLUTTET if data.start is not None else Status.AFBRUDT
    return Derived(
        frist,
        compute_ventedage(data.henvisning_modtaget, slut),
        derive_kategori(frist.dato, slut, data.aarsag),
        status,
        str(Period.of(slut)),
    )
