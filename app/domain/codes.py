"""The code lists of the national format, loaded from ``resources/codes.toml``; countries from pycountry."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import pycountry

from app.errors import InputError
from app.resources_access import resource_toml


class Forloebstype(StrEnum):
    UDREDNING = "UDREDNING"
    BEHANDLING = "BEHANDLING"
    EFTERBEHANDLING = "EFTERBEHANDLING"


class Behandlingsform(StrEnum):
    KIRURGI = "KIRURGI"
    MEDICINSK = "MEDICINSK"
    STRAALE = "STRAALE"


@dataclass(frozen=True)
class Code:
    """One entry of a code list with its labels."""

    code: str
    da: str
    en: str
    extra: tuple[tuple[str, Any], ...] = ()

    def label(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.extra).get(key, default)


@dataclass(frozen=True)
class Aarsag:
    """A reason for an overrun and its group: kategori 2 (rules complied with) or 3 (not)."""

    code: str
    kategori: int
    da: str
    da_forklaring: str
    en: str
    en_forklaring: str

    def label(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da

    def explanation(self, lang: str = "da") -> str:
        return self.en_forklaring if lang == "en" else self.da_forklaring


LISTS = (
    "region",
    "forloebstype",
    "behandlingsform",
    "udfoerende_type",
    "udfald",
    "kraeftomraade",
)


@cache
def code_list(name: str) -> tuple[Code, ...]:
    """A code list by name (one of :data:`LISTS`), in the order of the resource file."""
    if name not in LISTS:
        raise KeyError(name)
    entries = resource_toml("codes.toml")[name]
    return tuple(
        Code(
            code=e["code"],
            da=e["da"],
            en=e["en"],
            extra=tuple((k, v) for k, v in e.items() if k not in {"code", "da", "en"}),
        )
        for e in entries
    )


@cache
def codes(name: str) -> frozenset[str]:
    return frozenset(c.code for c in code_list(name))


def label(name: str, code: str, lang: str = "da") -> str:
    """The label of ``code`` in list ``name``; the code itself when unknown."""
    for entry in code_list(name):
        if entry.code == code:
            return entry.label(lang)
    return code


def require_code(name: str, value: str) -> str:
    """``value`` when it is a code of list ``name``, else an :class:`InputError`."""
    if value not in codes(name):
        raise InputError("code.unknown", field=name, value=value, rule=None)
    return value


@cache
def aarsager() -> tuple[Aarsag, ...]:
    return tuple(Aarsag(**e) for e in resource_toml("codes.toml")["aarsag"])


def aarsag(code: str) -> Aarsag | None:
    for entry in aarsager():
        if entry.code == code:
            return entry
    return None


def aarsag_group(kategori: int) -> tuple[Aarsag, ...]:
    """The reasons of kategori 2 (rules complied with) or 3 (rules not complied with)."""
    return tuple(a for a in aarsager() if a.kategori == kategori)


# --- countries (sheet Udland): officially assigned ISO 3166-1 alpha-2, not DK -------------------


@dataclass(frozen=True)
class Country:
    alpha_2: str
    da: str
    en: str

    def label(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


@cache
def _danish_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["da"], fallback=True)


@cache
def countries() -> tuple[Country, ...]:
    """Every officially assigned ISO 3166-1 country except Denmark, sorted by Danish name."""
    translate = _danish_names().gettext
    found = [
        Country(alpha_2=c.alpha_2, da=translate(c.name), en=c.name)
        for c in pycountry.countries
        if c.alpha_2 != "DK"
    ]
    return tuple(sorted(found, key=lambda c: c.da.casefold()))


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in countries())


def find_countries(query: str, lang: str = "da") -> list[Country]:
    """Countries whose code or name (in ``lang``, case-insensitive) contains ``query``."""
    q = query.strip().casefold()
    if not q:
        return list(countries())
    exact = [c for c in countries() if c.alpha_2.casefold() == q]
    rest = [c for c in countries() if q in c.label(lang).casefold() and c not in exact]
    return exact + rest
