"""Register, correct, close, interrupt and delete pathways — each validated, derived, audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.domain.pathway import FIELD_NAMES, PathwayData, Status, check, derive, normalise
from app.errors import MvkError, RuleViolation
from app.services.context import ServiceContext
from app.store import audit
from app.store.errors import ConflictError, NotFound
from app.store.models import Delivery, Pathway

ENTITY = "pathway"
DERIVED_FIELDS = ("frist", "frist_foreloebig", "ventedage", "kategori", "status", "periode")
AUDITED_FIELDS = (*FIELD_NAMES, *DERIVED_FIELDS, "partner_id", "kilde_shak", "deleted")


class PathwayInvalid(MvkError):
    """The pathway breaks one or more rules; ``errors`` holds each, with its field."""

    def __init__(self, errors: list[MvkError]) -> None:
        self.errors = errors
        super().__init__(
            errors[0].message_id, field=errors[0].field, rule=errors[0].rule, **errors[0].params
        )

    def message(self, lang: str | None = None) -> str:
        return " ".join(e.message(lang) for e in self.errors)


@dataclass(frozen=True)
class PathwayView:
    """A pathway as the GUI and the CLI see it."""

    forloeb_id: str
    version: int
    cpr: str
    region: str
    indberettende_shak: str
    udfoerende_shak: str
    udfoerende_type: str
    forloebstype: str
    behandlingsform: str | None
    kraeftomraade: str
    henvisning_modtaget: date
    samtykke: date | None
    frist: date
    frist_foreloebig: bool
    tilbudt_start: date | None
    start: date | None
    afbrudt: date | None
    ventedage: int | None
    kategori: int | None
    aarsag: str | None
    udfald: str | None
    kommentar: str | None
    status: str
    periode: str | None
    partner_id: int | None
    ekstern_reference: str | None
    alternativ_tilbud: str | None
    kilde_shak: str
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted: bool

    @property
    def data(self) -> PathwayData:
        return PathwayData(**{name: getattr(self, name) for name in FIELD_NAMES})


_VIEW_FIELDS = tuple(f.name for f in fields(PathwayView))


def to_view(row: Pathway) -> PathwayView:
    return PathwayView(**{name: getattr(row, name) for name in _VIEW_FIELDS})


def _audited(row: Pathway) -> dict[str, Any]:
    return {name: getattr(row, name) for name in AUDITED_FIELDS}


def _validate(data: PathwayData, ctx: ServiceContext) -> PathwayData:
    data = normalise(data)
    result = check(data, ctx.clock.today(), require_alternative=True)
    if not result.ok:
        raise PathwayInvalid(result.errors)
    return data


def _values(data: PathwayData) -> dict[str, Any]:
    """The typed fields and the fields derived from them, as the row stores them."""
    derived = derive(data)
    return {
        **{name: getattr(data, name) for name in FIELD_NAMES},
        "frist": derived.frist.dato,
        "frist_foreloebig": derived.frist.provisional,
        "ventedage": derived.ventedage,
        "kategori": derived.kategori,
        "status": derived.status.value,
        "periode": derived.periode,
    }


def _apply(row: Pathway, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)


def delivered(session: Session, region: str, periode: str | None) -> bool:
    """Whether a national file for this region and period has been delivered."""
    if periode is None:
        return False
    return bool(
        session.scalar(
            select(exists().where(Delivery.region == region, Delivery.periode == periode))
        )
    )


def _require_reason_if_delivered(
    session: Session, before: dict[str, Any] | None, after: dict[str, Any], reason: str | None
) -> None:
    touched = {(after["region"], after["periode"])}
    if before is not None:
        touched.add((before["region"], before["periode"]))
    if any(delivered(session, region, periode) for region, periode in touched) and not (
        reason and reason.strip()
    ):
        periods = ", ".join(sorted(p for _r, p in touched if p))
        raise RuleViolation("rules.reason_required_delivered", field="reason", periode=periods)


def register(
    session: Session,
    data: PathwayData,
    ctx: ServiceContext,
    *,
    partner_id: int | None = None,
    kilde_shak: str | None = None,
    forloeb_id: str | None = None,
    reason: str | None = None,
) -> PathwayView:
    """Register a pathway — open, or already finished with its dates — in one call."""
    data = _validate(data, ctx)
    now = ctx.timestamp()
    row = Pathway(
        forloeb_id=forloeb_id or str(uuid.uuid4()),
        partner_id=partner_id,
        kilde_shak=kilde_shak or data.indberettende_shak,
        created_at=now,
        created_by=ctx.actor.login,
        updated_at=now,
        updated_by=ctx.actor.login,
        deleted=False,
    )
    _apply(row, _values(data))
    after = _audited(row)
    _require_reason_if_delivered(session, None, after, reason)
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=ctx.actor,
        at=now,
        action="create",
        entity=ENTITY,
        entity_id=row.forloeb_id,
        changes=audit.diff({}, after),
        reason=reason,
    )
    return to_view(row)


def _load(session: Session, forloeb_id: str, expected_version: int | None) -> Pathway:
    row = session.get(
        Pathway, forloeb_id, with_for_update=session.get_bind().dialect.name != "sqlite"
    )
    if row is None or row.deleted:
        raise NotFound(ENTITY, forloeb_id)
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(ENTITY, forloeb_id)
    return row


def _change(
    session: Session,
    forloeb_id: str,
    ctx: ServiceContext,
    *,
    action: str,
    changes: dict[str, Any],
    expected_version: int | None,
    reason: str | None,
) -> PathwayView:
    row = _load(session, forloeb_id, expected_version)
    before = _audited(row)
    unknown = set(changes) - set(FIELD_NAMES) - {"partner_id"}
    if unknown:
        raise ValueError(f"not a pathway field: {sorted(unknown)}")
    partner_id = changes.pop("partner_id", row.partner_id)
    current = PathwayData(**{name: getattr(row, name) for name in FIELD_NAMES})
    data = _validate(current.replace(**changes), ctx)
    values = {**_values(data), "partner_id": partner_id}
    after = {**before, **values}
    difference = audit.diff(before, after)
    if not difference:
        return to_view(row)
    # Refuse before the row is touched: a caller that catches the error and lets its session
    # commit must not save the change (without a reason, without an audit row).
    _require_reason_if_delivered(session, before, after, reason)
    _apply(row, values)
    now = ctx.timestamp()
    row.updated_at = now
    row.updated_by = ctx.actor.login
    session.flush()
    audit.append(
        session,
        actor=ctx.actor,
        at=now,
        action=_action_for(action, before, after),
        entity=ENTITY,
        entity_id=forloeb_id,
        changes=difference,
        reason=reason,
    )
    return to_view(row)


def _action_for(action: str, before: dict[str, Any], after: dict[str, Any]) -> str:
    """A correction that starts or interrupts an open pathway is audited as a close/interrupt."""
    if action != "update" or before["status"] != Status.AABEN.value:
        return action
    return {Status.AFSLUTTET.value: "close", Status.AFBRUDT.value: "interrupt"}.get(
        after["status"], action
    )


def correct(
    session: Session,
    forloeb_id: str,
    changes: dict[str, Any],
    ctx: ServiceContext,
    *,
    expected_version: int | None = None,
    reason: str | None = None,
) -> PathwayView:
    """Change any of the typed fields; derived fields follow."""
    return _change(
        session,
        forloeb_id,
        ctx,
        action="update",
        changes=dict(changes),
        expected_version=expected_version,
        reason=reason,
    )


def close(
    session: Session,
    forloeb_id: str,
    ctx: ServiceContext,
    *,
    tilbudt_start: date,
    start: date,
    aarsag: str | None = None,
    kommentar: str | None = None,
    alternativ_tilbud: str | None = None,
    udfald: str | None = None,
    expected_version: int | None = None,
    reason: str | None = None,
) -> PathwayView:
    """The pathway started: the offered date and the start date (and a reason over the deadline)."""
    changes: dict[str, Any] = {
        "tilbudt_start": tilbudt_start,
        "start": start,
        "afbrudt": None,
        "aarsag": aarsag,
        "alternativ_tilbud": alternativ_tilbud,
    }
    if kommentar is not None:
        changes["kommentar"] = kommentar
    if udfald is not None:
        changes["udfald"] = udfald
    return _change(
        session,
        forloeb_id,
        ctx,
        action="close",
        changes=changes,
        expected_version=expected_version,
        reason=reason,
    )


def interrupt(
    session: Session,
    forloeb_id: str,
    ctx: ServiceContext,
    *,
    afbrudt: date,
    tilbudt_start: date | None = None,
    aarsag: str | None = None,
    kommentar: str | None = None,
    alternativ_tilbud: str | None = None,
    expected_version: int | None = None,
    reason: str | None = None,
) -> PathwayView:
    """The pathway was interrupted before its start (the patient opted out, died, moved …)."""
    changes: dict[str, Any] = {
        "afbrudt": afbrudt,
        "start": None,
        "aarsag": aarsag,
        "alternativ_tilbud": alternativ_tilbud,
    }
    if tilbudt_start is not None:
        changes["tilbudt_start"] = tilbudt_start
    if kommentar is not None:
        changes["kommentar"] = kommentar
    return _change(
        session,
        forloeb_id,
        ctx,
        action="interrupt",
        changes=changes,
        expected_version=expected_version,
        reason=reason,
    )


def delete(
    session: Session,
    forloeb_id: str,
    ctx: ServiceContext,
    *,
    expected_version: int | None = None,
    reason: str | None = None,
) -> None:
    """Soft delete: the row stays (and its history), marked deleted; audited."""
    row = _load(session, forloeb_id, expected_version)
    before = _audited(row)
    _require_reason_if_delivered(session, before, before, reason)
    now = ctx.timestamp()
    row.deleted = True
    row.updated_at = now
    row.updated_by = ctx.actor.login
    session.flush()
    audit.append(
        session,
        actor=ctx.actor,
        at=now,
        action="delete",
        entity=ENTITY,
        entity_id=forloeb_id,
        changes=audit.diff(before, _audited(row)),
        reason=reason,
    )


def get(session: Session, forloeb_id: str) -> PathwayView:
    row = session.get(Pathway, forloeb_id)
    if row is None or row.deleted:
        raise NotFound(ENTITY, forloeb_id)
    return to_view(row)
