"""CPR numbers as national-format.md §5 says.

- ``DDMMYY`` + 4; the century comes from position 7 (0–3: 1900s; 4 and 9: 2000s if YY ≤ 36 else
  1900s; 5–8: 2000s if YY ≤ 57 else 1800s).
- Modulus 11 is **not** a validity rule (numbers without a check digit are issued since 2007); it is
  only reported as a soft notice.
- Replacement numbers (erstatnings-CPR): positions 1–6 a date in the 1900s or 2000s (the day may have
  60 added), positions 7–10 upper-case A–Z/0–9 with at least one letter; valid, flagged as a warning.
  An all-digit number whose day has 60 added is invalid.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.errors import InputError

_WHITESPACE = re.compile(r"\s+")
_HYPHENATED = re.compile(r"^([0-9A-Z]{6})-([0-9A-Z]{4})$")
# ASCII digits only: ``\d`` would also match e.g. Arabic-Indic digits, which NFKC leaves as they are.
_ORDINARY = re.compile(r"^[0-9]{10}$")
_REPLACEMENT = re.compile(r"^[0-9]{6}[0-9A-Z]{4}$")
MODULUS_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


class Sex(StrEnum):
    FEMALE = "K"
    MALE = "M"


def normalize_cpr(raw: str) -> str:
    """The form a CPR number is stored in: 10 characters, no hyphen, upper case.

    NFKC (full-width digits become ASCII digits), white space removed anywhere (spaces, a trailing
    newline), one hyphen between position 6 and 7 removed, letters upper-cased. Anything else is left
    as it is for :func:`parse_cpr` to reject. Idempotent.
    """
    # Removing white space or upper-casing can leave text that NFKC changes again (e.g. "e\u00a8",
    # "\u0390"), so repeat until nothing changes; that makes the function idempotent.
    text = raw
    while True:
        again = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text)).upper()
        if again == text:
            break
        text = again
    match = _HYPHENATED.match(text)
    return match.group(1) + match.group(2) if match else text


def century(position7: str, yy: int) -> int:
    """The century (1800, 1900 or 2000) of an ordinary CPR number by its 7th digit and year."""
    digit = int(position7)
    if digit <= 3:
        return 1900
    if digit in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def modulus11_ok(number: str) -> bool:
    """Whether an all-digit number passes the old modulus-11 check (a notice, never an error)."""
    return sum(int(d) * w for d, w in zip(number, MODULUS_WEIGHTS, strict=True)) % 11 == 0


@dataclass(frozen=True)
class CprInfo:
    """A valid CPR number with what can be derived from it."""

    number: str
    birth_date: date | None
    sex: Sex | None
    replacement: bool
    modulus11: bool | None
    """True/False for an ordinary number; None for a replacement number."""

    @property
    def formatted(self) -> str:
        return f"{self.number[:6]}-{self.number[6:]}"


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_cpr(raw: str) -> CprInfo:
    """Normalise and validate a CPR number; :class:`InputError` (rule F02) when it is invalid."""
    number = normalize_cpr(raw)
    if not number:
        raise InputError("cpr.empty", field="cpr", rule="F02")
    if len(number) != 10:
        raise InputError(
            "cpr.length", field="cpr", value=raw.strip(), rule="F02", length=len(number)
        )
    if _ORDINARY.match(number):
        return _parse_ordinary(number)
    if _REPLACEMENT.match(number) and any(ch.isalpha() for ch in number[6:]):
        return _parse_replacement(number)
    raise InputError("cpr.characters", field="cpr", rule="F02")


def _parse_ordinary(number: str) -> CprInfo:
    dd, mm, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    born = _date_or_none(century(number[6], yy) + yy, mm, dd)
    if born is None:
        if dd > 60 and any(_date_or_none(c + yy, mm, dd - 60) for c in (1900, 2000)):
            raise InputError("cpr.date_plus_60", field="cpr", rule="F02")
        raise InputError("cpr.date", field="cpr", rule="F02")
    sex = Sex.MALE if int(number[9]) % 2 else Sex.FEMALE
    return CprInfo(number, born, sex, replacement=False, modulus11=modulus11_ok(number))


def _parse_replacement(number: str) -> CprInfo:
    dd, mm, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    if dd > 60:
        dd -= 60
    candidates = [
        d for d in (_date_or_none(1900 + yy, mm, dd), _date_or_none(2000 + yy, mm, dd)) if d
    ]
    if not candidates:
        raise InputError("cpr.date", field="cpr", rule="F02")
    born: date | None = candidates[0] if len(candidates) == 1 else None
    if born is None and number[6].isdigit():
        born = _date_or_none(century(number[6], yy) + yy, mm, dd)
    last = number[9]
    sex = (Sex.MALE if int(last) % 2 else Sex.FEMALE) if last.isdigit() else None
    return CprInfo(number, born, sex, replacement=True, modulus11=None)


def is_valid_cpr(raw: str) -> bool:
    try:
        parse_cpr(raw)
    except InputError:
        return False
    return True
