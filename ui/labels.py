"""How codes and values are shown in the GUI (labels come from app/'s code lists)."""

from __future__ import annotations

from datetime import date

from app.domain import codes
from app.domain.dates import format_date
from app.domain.rules import Countdown, Urgency, countdown_text

STATUS_LABELS = {"aaben": "Åben", "afsluttet": "Afsluttet", "afbrudt": "Afbrudt"}
URGENCY_SYMBOLS = {Urgency.OK: "✓", Urgency.SOON: "⚠", Urgency.OVERDUE: "✖"}


def cpr_display(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}" if len(cpr) == 10 else cpr


def type_display(forloebstype: str, behandlingsform: str | None) -> str:
    text = codes.label("forloebstype", forloebstype)
    if behandlingsform:
        text += " · " + codes.label("behandlingsform", behandlingsform)
    return text


def date_display(day: date | None) -> str:
    return format_date(day)


def countdown_display(value: Countdown | None) -> str:
    """Readable without colour: a symbol and words ("✖ overskredet 2 dage")."""
    if value is None:
        return ""
    return f"{URGENCY_SYMBOLS[value.urgency]} {countdown_text(value)}"


def days_text(n: int) -> str:
    from app.messages import days

    return days(n)
