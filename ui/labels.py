"""How codes and values are shown in the GUI (labels come from app/'s code lists).

Code labels follow the language the GUI runs in (``MVK_LANG``, set once at start from the user's
preference; see :mod:`ui.i18n`), so the code lists and app/'s messages always agree with the
translated window texts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain import codes
from app.domain.dates import format_date
from app.domain.rules import Countdown, Urgency, countdown_text
from app.messages import current_language

STATUS_LABELS = {
    "aaben": QT_TRANSLATE_NOOP("labels", "Åben"),
    "afsluttet": QT_TRANSLATE_NOOP("labels", "Afsluttet"),
    "afbrudt": QT_TRANSLATE_NOOP("labels", "Afbrudt"),
}
URGENCY_SYMBOLS = {Urgency.OK: "✓", Urgency.SOON: "⚠", Urgency.OVERDUE: "✖"}


def language() -> str:
    """The language of the shown code labels: ``da`` or ``en``."""
    return current_language()


def code_label(name: str, code: str) -> str:
    """The label of ``code`` in code list ``name``, in the GUI's language."""
    return codes.label(name, code, language())


def status_display(status: str) -> str:
    text = STATUS_LABELS.get(status)
    return QCoreApplication.translate("labels", text) if text else status


def cpr_display(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}" if len(cpr) == 10 else cpr


def type_display(forloebstype: str, behandlingsform: str | None) -> str:
    text = code_label("forloebstype", forloebstype)
    if behandlingsform:
        text += " · " + code_label("behandlingsform", behandlingsform)
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
