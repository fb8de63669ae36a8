"""SHAK codes (Sygehus-afdelingsklassifikation): 4 characters for a hospital, 6 for a department,
7 for a section, A–Z and 0–9; a department's code begins with its hospital's code."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from app.errors import InputError

_SHAK = re.compile(r"^[A-Z0-9]{4}(?:[A-Z0-9]{2}[A-Z0-9]?)?$")


class ShakLevel(StrEnum):
    SYGEHUS = "sygehus"
    AFDELING = "afdeling"
    AFSNIT = "afsnit"


_LEVELS = {4: ShakLevel.SYGEHUS, 6: ShakLevel.AFDELING, 7: ShakLevel.AFSNIT}


def normalize_shak(raw: str) -> str:
    """NFKC, white space removed, upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).upper()


def is_valid_shak(code: str) -> bool:
    """The strict form of the national file: 4, 6 or 7 characters A–Z/0–9 (no normalisation)."""
    return bool(_SHAK.fullmatch(code))  # fullmatch: ``$`` would accept a trailing newline


def parse_shak(raw: str, field: str = "shak") -> str:
    """A normalised, valid SHAK code, else :class:`InputError` (rule F04)."""
    code = normalize_shak(raw)
    if not is_valid_shak(code):
        raise InputError("shak.invalid", field=field, value=raw.strip(), rule="F04")
    return code


def level(code: str) -> ShakLevel:
    return _LEVELS[len(code)]


def hospital_of(code: str) -> str:
    """The hospital (4 characters) a unit belongs to."""
    return code[:4]


def parent_of(code: str) -> str | None:
    """The unit one level up: a section's department, a department's hospital; None for a hospital."""
    return {7: code[:6], 6: code[:4]}.get(len(code))


def is_within(unit: str, parent: str) -> bool:
    """Whether ``unit`` lies at or below ``parent`` in the hierarchy (a code begins with its parent's)."""
    return unit.startswith(parent) and len(parent) <= len(unit)
