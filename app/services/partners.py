"""Partner hospitals (private hospitals and other performing units) — set up by the user, audited.

No official list ships: the user adds each partner with its SHAK code and name. A partner is never
deleted (pathways point at it); it is deactivated, which hides it from the lists used for new
pathways, and can be activated again.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import codes
from app.domain.pathway import has_control_characters
from app.domain.shak import normalize_shak, parse_shak
from app.domain.text import LIKE_ESCAPE, contains_pattern, like_escape, search_key
from app.errors import InputError, MvkError
from app.services.context import ServiceContext
from app.store import audit
from app.store.errors import ConflictError, NotFound
from app.store.models import Partner

ENTITY = "partner"
AUDITED_FIELDS = ("shak", "name", "udfoerende_type", "active")
NAME_MAX = 200


class PartnerShakTaken(MvkError):
    """Another partner already has this SHAK code (``name`` is that partner's name)."""

    def __init__(self, shak: str, name: str) -> None:
        super().__init__("partner.shak_taken", field="shak", value=shak, name=name)


@dataclass(frozen=True)
class PartnerView:
    """A partner hospital as the GUI and the CLI see it."""

    id: int
    version: int
    shak: str
    name: str
    udfoerende_type: str
    active: bool
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


_VIEW_FIELDS = tuple(f.name for f in fields(PartnerView))


def to_view(row: Partner) -> PartnerView:
    return PartnerView(**{name: getattr(row, name) for name in _VIEW_FIELDS})


def _audited(row: Partner) -> dict[str, Any]:
    return {name: getattr(row, name) for name in AUDITED_FIELDS}


def clean_name(raw: str) -> str:
    """A partner's name as stored: NFC, white space trimmed; required, no control characters."""
    name = unicodedata.normalize("NFC", raw or "").strip()
    if not name:
        raise InputError("partner.name_required", field="name")
    if has_control_characters(name):
        raise InputError("partner.name_control_characters", field="name")
    if len(name) > NAME_MAX:
        raise InputError("partner.name_too_long", field="name", max=NAME_MAX, length=len(name))
    return name


def _clean_type(raw: str) -> str:
    value = (raw or "").strip().upper()
    if value not in codes.codes("udfoerende_type"):
        raise InputError("code.unknown", field="udfoerende_type", value=raw)
    return value


def _refuse_taken(session: Session, shak: str, own_id: int | None) -> None:
    other = session.scalars(select(Partner).where(Partner.shak == shak)).first()
    if other is not None and other.id != own_id:
        raise PartnerShakTaken(shak, other.name)


def _flush(session: Session, row: Partner) -> None:
    """Flush; a SHAK code taken by a concurrent writer comes out as :class:`PartnerShakTaken`."""
    try:
        session.flush()
    except IntegrityError as error:
        raise PartnerShakTaken(row.shak, "") from error


def add(
    session: Session,
    shak: str,
    name: str,
    ctx: ServiceContext,
    *,
    udfoerende_type: str = "PRIVAT",
) -> PartnerView:
    """Add a partner hospital (active). A SHAK code already used by a partner is refused."""
    code = parse_shak(shak)
    clean = clean_name(name)
    kind = _clean_type(udfoerende_type)
    _refuse_taken(session, code, None)
    now = ctx.timestamp()
    row = Partner(
        shak=code,
        name=clean,
        name_key=search_key(clean),
        udfoerende_type=kind,
        active=True,
        created_at=now,
        created_by=ctx.actor.login,
        updated_at=now,
        updated_by=ctx.actor.login,
    )
    session.add(row)
    _flush(session, row)
    audit.append(
        session,
        actor=ctx.actor,
        at=now,
        action="create",
        entity=ENTITY,
        entity_id=str(row.id),
        changes=audit.diff({}, _audited(row)),
    )
    return to_view(row)


def _load(session: Session, partner_id: int, expected_version: int | None) -> Partner:
    row = session.get(
        Partner, partner_id, with_for_update=session.get_bind().dialect.name != "sqlite"
    )
    if row is None:
        raise NotFound(ENTITY, str(partner_id))
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(ENTITY, str(partner_id))
    return row


def _save(
    session: Session, row: Partner, before: dict[str, Any], ctx: ServiceContext, action: str
) -> PartnerView:
    difference = audit.diff(before, _audited(row))
    if not difference:
        return to_view(row)
    now = ctx.timestamp()
    row.updated_at = now
    row.updated_by = ctx.actor.login
    _flush(session, row)
    audit.append(
        session,
        actor=ctx.actor,
        at=now,
        action=action,
        entity=ENTITY,
        entity_id=str(row.id),
        changes=difference,
    )
    return to_view(row)


def update(
    session: Session,
    partner_id: int,
    ctx: ServiceContext,
    *,
    shak: str | None = None,
    name: str | None = None,
    udfoerende_type: str | None = None,
    expected_version: int | None = None,
) -> PartnerView:
    """Change a partner's SHAK code, name or type (only the arguments given). Unchanged: no audit row.

    Pathways keep the ``udfoerende_shak`` they were registered with; changing a partner's SHAK code
    does not rewrite them.
    """
    row = _load(session, partner_id, expected_version)
    before = _audited(row)
    # Every value is checked before the row is touched: a caller that catches the error and lets
    # its session commit must not save half a change (without an audit row).
    code = parse_shak(shak) if shak is not None else row.shak
    clean = clean_name(name) if name is not None else row.name
    kind = _clean_type(udfoerende_type) if udfoerende_type is not None else row.udfoerende_type
    if code != row.shak:
        _refuse_taken(session, code, row.id)
    row.shak, row.name, row.name_key, row.udfoerende_type = code, clean, search_key(clean), kind
    return _save(session, row, before, ctx, "update")


def _set_active(
    session: Session,
    partner_id: int,
    ctx: ServiceContext,
    active: bool,
    expected_version: int | None,
) -> PartnerView:
    row = _load(session, partner_id, expected_version)
    before = _audited(row)
    row.active = active
    return _save(session, row, before, ctx, "activate" if active else "deactivate")


def deactivate(
    session: Session, partner_id: int, ctx: ServiceContext, *, expected_version: int | None = None
) -> PartnerView:
    """Hide a partner from the choices for new pathways; its pathways are not touched."""
    return _set_active(session, partner_id, ctx, False, expected_version)


def activate(
    session: Session, partner_id: int, ctx: ServiceContext, *, expected_version: int | None = None
) -> PartnerView:
    return _set_active(session, partner_id, ctx, True, expected_version)


def get(session: Session, partner_id: int) -> PartnerView:
    row = session.get(Partner, partner_id)
    if row is None:
        raise NotFound(ENTITY, str(partner_id))
    return to_view(row)


def get_by_shak(session: Session, shak: str) -> PartnerView | None:
    row = session.scalars(select(Partner).where(Partner.shak == normalize_shak(shak))).first()
    return to_view(row) if row is not None else None


def list_partners(
    session: Session, *, include_inactive: bool = False, search: str = ""
) -> list[PartnerView]:
    """Partners sorted by name; active only unless asked.

    ``search`` finds a partner by any part of its name, case-insensitive and with æ/ø/å alike
    ("moelholm" finds "Mølholm", "ærø" finds "Aeroe"), or by the beginning of its SHAK code.
    """
    query = select(Partner)
    if not include_inactive:
        query = query.where(Partner.active.is_(True))
    if search.strip():
        conditions = [Partner.name_key.like(contains_pattern(search), escape=LIKE_ESCAPE)]
        prefix = normalize_shak(search)
        if prefix:
            conditions.append(Partner.shak.like(like_escape(prefix) + "%", escape=LIKE_ESCAPE))
        query = query.where(or_(*conditions))
    query = query.order_by(Partner.name_key, Partner.shak)
    return [to_view(row) for row in session.scalars(query)]
