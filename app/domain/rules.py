"""Deadlines, waiting days and categories exactly as national-format.md §4.

All periods are calendar days. The day the clock starts is day 0; a pathway is within its maximum
waiting time when its end date ≤ ``frist``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from app.domain.codes import Forloebstype, aarsag, aarsager
from app.domain.dates import format_date
from app.errors import RuleViolation
from app.messages import days as days_text
from app.messages import text

UDREDNING_DAYS = 14
BEHANDLING_CONSENT_DAYS = 14
BEHANDLING_CAP_DAYS = 28
EFTERBEHANDLING_DAYS = 14
SOON_DAYS = 3
"""An open pathway with this many days left or fewer is shown as urgent (amber)."""


@dataclass(frozen=True)
class Frist:
    """A deadline; ``provisional`` while a (efter)behandling pathway has no consent date yet."""

    dato: date
    provisional: bool = False


def compute_frist(
    forloebstype: Forloebstype | str, henvisning: date, samtykke: date | None
) -> Frist:
    """The deadline of §4 (provisional for (efter)behandling without consent).

    UDREDNING: henvisning + 14. BEHANDLING: the earlier of samtykke + 14 and henvisning + 28.
    EFTERBEHANDLING: the later of henvisning and samtykke, + 14.
    """
    kind = Forloebstype(forloebstype)
    if kind is Forloebstype.UDREDNING:
        return Frist(henvisning + timedelta(days=UDREDNING_DAYS))
    if kind is Forloebstype.BEHANDLING:
        cap = henvisning + timedelta(days=BEHANDLING_CAP_DAYS)
        if samtykke is None:
            return Frist(cap, provisional=True)
        return Frist(min(samtykke + timedelta(days=BEHANDLING_CONSENT_DAYS), cap))
    if samtykke is None:
        return Frist(henvisning + timedelta(days=EFTERBEHANDLING_DAYS), provisional=True)
    return Frist(max(henvisning, samtykke) + timedelta(days=EFTERBEHANDLING_DAYS))


def compute_ventedage(henvisning: date, slut: date) -> int:
    """End date − referral received, in calendar days."""
    return (slut - henvisning).days


def derive_kategori(frist: date, slut: date, aarsag_code: str | None) -> int:
    """1 when slut ≤ frist (no reason allowed), else 2 or 3 by the group of the reason (required)."""
    if slut <= frist:
        if aarsag_code:
            raise RuleViolation(
                "rules.aarsag_not_allowed",
                field="aarsag",
                value=aarsag_code,
                rule="F11",
                frist=format_date(frist),
            )
        return 1
    if not aarsag_code:
        raise RuleViolation(
            "rules.aarsag_required",
            field="aarsag",
            rule="F11",
            frist=format_date(frist),
            dage=partial(days_text, (slut - frist).days),
        )
    reason = aarsag(aarsag_code)
    if reason is None:
        raise RuleViolation(
            "rules.aarsag_unknown",
            field="aarsag",
            value=aarsag_code,
            rule="F11",
            allowed=", ".join(a.code for a in aarsager()),
        )
    return reason.kategori


@dataclass(frozen=True)
class Outcome:
    """What the rules say of a pathway: its deadline and, once it ended, waiting days and category."""

    frist: Frist
    ventedage: int | None = None
    kategori: int | None = None


def evaluate(
    forloebstype: Forloebstype | str,
    henvisning: date,
    samtykke: date | None = None,
    slut: date | None = None,
    aarsag_code: str | None = None,
) -> Outcome:
    """Apply §4 to one pathway, checking the cross-field rules the deadline depends on.

    Raises :class:`RuleViolation` for a consent date on an udredning, a missing consent on an ended
    (efter)behandling, an end before the referral, and a reason that does not fit the end date.
    """
    kind = Forloebstype(forloebstype)
    if kind is Forloebstype.UDREDNING and samtykke is not None:
        raise RuleViolation(
            "rules.samtykke_not_for_udredning", field="samtykke", value=samtykke, rule="F05"
        )
    frist = compute_frist(kind, henvisning, samtykke)
    if slut is None:
        if aarsag_code:
            reason = aarsag(aarsag_code)
            if reason is None:
                raise RuleViolation(
                    "rules.aarsag_unknown",
                    field="aarsag",
                    value=aarsag_code,
                    rule="F11",
                    allowed=", ".join(a.code for a in aarsager()),
                )
        return Outcome(frist)
    if slut < henvisning:
        raise RuleViolation(
            "rules.end_before_henvisning",
            field="slut",
            value=format_date(slut),
            rule="F07",
            henvisning=format_date(henvisning),
        )
    if frist.provisional:
        raise RuleViolation(
            "rules.samtykke_required",
            field="samtykke",
            rule="F05",
            forloebstype=kind.value.lower(),
        )
    return Outcome(
        frist, compute_ventedage(henvisning, slut), derive_kategori(frist.dato, slut, aarsag_code)
    )


class Urgency(StrEnum):
    OK = "ok"
    SOON = "soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Countdown:
    """Days left to the deadline of an open pathway, relative to a given day (negative: overdue)."""

    days_left: int

    @property
    def urgency(self) -> Urgency:
        if self.days_left < 0:
            return Urgency.OVERDUE
        if self.days_left <= SOON_DAYS:
            return Urgency.SOON
        return Urgency.OK


def countdown(frist: date, today: date) -> Countdown:
    return Countdown((frist - today).days)


def countdown_text(value: Countdown, lang: str | None = None) -> str:
    """The countdown as words, readable without colour: "3 dage tilbage", "overskredet 2 dage"."""
    if value.days_left < 0:
        return text("countdown.overdue", lang, days=days_text(-value.days_left, lang))
    if value.days_left == 0:
        return text("countdown.today", lang)
    return text("countdown.left", lang, days=days_text(value.days_left, lang))
