"""Dates as users type them (``ddmmåå``, ``ddmmåååå``, ``dd-mm-åååå``, ``dd.mm.åååå``) and show them
(``dd-mm-åååå``), and ISO dates as the national file holds them (``YYYY-MM-DD``)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.errors import InputError

_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_SEPARATED = re.compile(r"^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{2}|\d{4})$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{2}|\d{4})$")


def format_date(day: date | None) -> str:
    """``dd-mm-åååå``; empty for no date."""
    return "" if day is None else f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def parse_iso(text: str, field: str | None = None) -> date:
    """A strict ``YYYY-MM-DD`` date (the national file): ASCII digits, nothing around it."""
    match = _ISO.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise InputError("date.iso_invalid", field=field, value=text)


def parse_user_date(text: str, today: date, field: str | None = None) -> date | None:
    """A date as a user types it; ``None`` for an empty field.

    Accepts ``ddmmåå``, ``ddmmåååå``, ``d-m-åååå``/``dd.mm.åå`` (``-``, ``.``, ``/`` or a space as
    separator) and ISO ``åååå-mm-dd``. A two-digit year means the century that puts the date no more
    than 20 years after ``today`` (so ``010130`` is 2030 and ``010160`` is 1960 in 2026).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    iso = _ISO.match(cleaned)
    if iso:
        return parse_iso(cleaned, field)
    match = _SEPARATED.match(cleaned) or _COMPACT.match(cleaned)
    if not match:
        raise InputError("date.invalid", field=field, value=text)
    day, month, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
    year = int(year_text)
    if len(year_text) == 2:
        latest = today.year + 20  # the latest year ending in these two digits, not after this
        year = latest - (latest - year) % 100
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError("date.invalid", field=field, value=text) from None
