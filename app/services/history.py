"""A pathway's history from the audit log, shown as a user reads it, and whether it changed after its
period was delivered in a national file.

Each audit row becomes a :class:`HistoryEntry`: when, who, what (create, update, close, interrupt,
delete), each field's old and new value as stored and as shown (dates ``dd-mm-åååå``, codes by their
Danish label), and the reason given. A change "came after delivery" when a national file for a period
the pathway belonged to (before or after the change) had been made before it; the pathway is
"changed since delivery" while a change is later than the latest delivery of such a period.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import messages
from app.clock import in_danish_time
from app.domain import codes
from app.domain.dates import format_date
from app.services.pathways import ENTITY
from app.store import audit
from app.store.models import AuditEntry, Delivery, Partner

DATE_FIELDS = frozenset(
    {"henvisning_modtaget", "samtykke", "frist", "tilbudt_start", "start", "afbrudt"}
)
CODE_FIELDS = frozenset(
    {"forloebstype", "behandlingsform", "kraeftomraade", "udfald", "udfoerende_type"}
)
BOOL_FIELDS = frozenset({"frist_foreloebig", "deleted"})
HIDDEN_FIELDS = frozenset({"deleted"})
"""Fields the action itself already says (a deletion is the action "delete")."""
FIELD_ORDER = (
    "cpr",
    "partner_id",
    "udfoerende_shak",
    "udfoerende_type",
    "forloebstype",
    "behandlingsform",
    "kraeftomraade",
    "henvisning_modtaget",
    "samtykke",
    "frist",
    "frist_foreloebig",
    "tilbudt_start",
    "start",
    "afbrudt",
    "ventedage",
    "kategori",
    "aarsag",
    "alternativ_tilbud",
    "udfald",
    "kommentar",
    "status",
    "periode",
    "region",
    "indberettende_shak",
    "kilde_shak",
    "ekstern_reference",
)
"""The order fields are listed in: the order of the registration form, derived fields after."""

Pair = tuple[str, str]
"""(region, periode): what a national file is made for."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    """The old value as the audit log keeps it (dates ISO), None when empty."""
    new: Any
    old_text: str
    """The old value as shown: ``dd-mm-åååå``, a code's label, "(tom)" when empty."""
    new_text: str


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime
    login: str
    action: str
    """``create``, ``update``, ``close``, ``interrupt`` or ``delete``."""
    changes: tuple[FieldChange, ...]
    reason: str | None
    after_delivery: str | None
    """The delivered period (e.g. ``2024K2``) this change was made after, else None."""


@dataclass(frozen=True)
class DeliveryMark:
    """The pathway changed after the latest national file for ``periode`` was made."""

    region: str
    periode: str
    dannet: datetime
    changed_at: datetime


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 timestamp as stored (with offset); one without offset is taken as local time."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else in_danish_time(moment)


def field_label(name: str, lang: str | None = None) -> str:
    """The field's label from the catalogue (``field.<name>``, else ``history.field.<name>``)."""
    catalogue = messages.catalogue()
    for key in (f"field.{name}", f"history.field.{name}"):
        if key in catalogue:
            text = messages.text(key, lang)
            return text[:1].upper() + text[1:]
    return name


def display_value(
    name: str, value: Any, lang: str | None = None, partners: dict[int, str] | None = None
) -> str:
    """``value`` of field ``name`` as a user reads it."""
    if value is None or value == "":
        return messages.text("history.empty", lang)
    if name in BOOL_FIELDS:
        return messages.text("history.yes" if value else "history.no", lang)
    if name in DATE_FIELDS:
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    language = lang or messages.current_language()
    if name in CODE_FIELDS:
        return codes.label(name, str(value), language)
    if name == "region":
        return f"{value} {codes.label('region', str(value), language)}"
    if name == "aarsag":
        reason = codes.aarsag(str(value))
        return reason.label(language) if reason else str(value)
    if name == "status":
        return messages.text(f"history.status.{value}", lang)
    if name == "cpr" and len(str(value)) == 10:
        return f"{str(value)[:6]}-{str(value)[6:]}"
    if name == "partner_id" and partners is not None:
        return partners.get(int(value), str(value))
    return str(value)


def _sort_key(name: str) -> tuple[int, str]:
    return (FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER), name)


def _partner_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Partner.id, Partner.name, Partner.shak).where(Partner.id.in_(ids))
    )
    return {row.id: f"{row.name} ({row.shak})" for row in rows}


def _deliveries(session: Session, pairs: set[Pair]) -> dict[Pair, list[datetime]]:
    """Every delivery's time for each (region, periode) in ``pairs``, oldest first."""
    if not pairs:
        return {}
    found: dict[Pair, list[datetime]] = {}
    rows = session.execute(
        select(Delivery.region, Delivery.periode, Delivery.dannet).where(
            Delivery.periode.in_({periode for _region, periode in pairs})
        )
    )
    for row in rows:
        pair = (row.region, row.periode)
        if pair in pairs:
            found.setdefault(pair, []).append(parse_timestamp(row.dannet))
    return {pair: sorted(times) for pair, times in found.items()}


@dataclass(frozen=True)
class _Step:
    entry: AuditEntry
    at: datetime
    changes: dict[str, list[Any]]
    touched: frozenset[Pair]


def _steps(session: Session, forloeb_id: str) -> list[_Step]:
    """The audit rows in order, each with the (region, periode) pairs it touched."""
    steps: list[_Step] = []
    region: str | None = None
    periode: str | None = None
    for entry in audit.history(session, ENTITY, forloeb_id):
        changes: dict[str, list[Any]] = json.loads(entry.changes)
        before = (region, periode)
        if "region" in changes:
            region = changes["region"][1]
        if "periode" in changes:
            periode = changes["periode"][1]
        touched = frozenset(
            (r, p) for r, p in (before, (region, periode)) if r is not None and p is not None
        )
        steps.append(_Step(entry, parse_timestamp(entry.at), changes, touched))
    return steps


def history(session: Session, forloeb_id: str, lang: str | None = None) -> list[HistoryEntry]:
    """Every recorded change of the pathway, oldest first (a deleted pathway's too)."""
    steps = _steps(session, forloeb_id)
    deliveries = _deliveries(session, {p for s in steps for p in s.touched})
    partner_ids = {
        int(v)
        for s in steps
        for v in s.changes.get("partner_id", [])
        if isinstance(v, int | str) and str(v).isdigit()
    }
    partners = _partner_names(session, partner_ids)
    entries: list[HistoryEntry] = []
    for step in steps:
        changes = tuple(
            FieldChange(
                field=name,
                label=field_label(name, lang),
                old=old,
                new=new,
                old_text=display_value(name, old, lang, partners),
                new_text=display_value(name, new, lang, partners),
            )
            for name, (old, new) in sorted(step.changes.items(), key=lambda kv: _sort_key(kv[0]))
            if name not in HIDDEN_FIELDS
        )
        delivered_before = sorted(
            pair[1]
            for pair in step.touched
            if any(dannet < step.at for dannet in deliveries.get(pair, []))
        )
        entries.append(
            HistoryEntry(
                id=step.entry.id,
                at=step.at,
                login=step.entry.login,
                action=step.entry.action,
                changes=changes,
                reason=step.entry.reason,
                after_delivery=", ".join(delivered_before) or None,
            )
        )
    return entries


def delivery_marks(session: Session, forloeb_id: str) -> list[DeliveryMark]:
    """Each delivered period the pathway belongs or belonged to whose latest national file was made
    before a later change of the pathway (the file no longer shows the pathway as it is)."""
    steps = _steps(session, forloeb_id)
    deliveries = _deliveries(session, {p for s in steps for p in s.touched})
    marks: list[DeliveryMark] = []
    for pair, times in sorted(deliveries.items()):
        latest = times[-1]
        later = [s.at for s in steps if pair in s.touched and s.at > latest]
        if later:
            marks.append(DeliveryMark(pair[0], pair[1], latest, max(later)))
    return marks


def changed_since_delivery(session: Session, forloeb_id: str) -> bool:
    """Whether the pathway changed after the latest national file for its period was made."""
    return bool(delivery_marks(session, forloeb_id))
