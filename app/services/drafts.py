"""Drafts: unsaved forms kept in the store, so a crash or a kill loses nothing typed.

A draft holds exactly what the form held (its fields as text), per login, form and record; it is
removed when the form is saved or deliberately discarded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.services.context import ServiceContext
from app.store.models import Draft


@dataclass(frozen=True)
class DraftView:
    id: int
    login: str
    form: str
    forloeb_id: str | None
    values: dict[str, Any]
    updated_at: str


def _find(session: Session, login: str, form: str, forloeb_id: str | None) -> Draft | None:
    query = select(Draft).where(Draft.login == login, Draft.form == form)
    query = query.where(
        Draft.forloeb_id.is_(None) if forloeb_id is None else Draft.forloeb_id == forloeb_id
    )
    return session.scalars(query).first()


def save(
    session: Session,
    ctx: ServiceContext,
    form: str,
    values: dict[str, Any],
    forloeb_id: str | None = None,
) -> None:
    """Keep the form's current values (replacing this form's earlier draft)."""
    payload = json.dumps(values, ensure_ascii=False, sort_keys=True)
    row = _find(session, ctx.actor.login, form, forloeb_id)
    if row is None:
        session.add(
            Draft(
                login=ctx.actor.login,
                form=form,
                forloeb_id=forloeb_id,
                payload=payload,
                updated_at=ctx.timestamp(),
            )
        )
    elif row.payload != payload:
        row.payload = payload
        row.updated_at = ctx.timestamp()
    session.flush()


def discard(
    session: Session, ctx: ServiceContext, form: str, forloeb_id: str | None = None
) -> None:
    session.execute(
        delete(Draft).where(
            Draft.login == ctx.actor.login,
            Draft.form == form,
            Draft.forloeb_id.is_(None) if forloeb_id is None else Draft.forloeb_id == forloeb_id,
        )
    )


def discard_id(session: Session, draft_id: int) -> None:
    session.execute(delete(Draft).where(Draft.id == draft_id))


def pending(session: Session, ctx: ServiceContext) -> list[DraftView]:
    """This login's drafts, oldest first."""
    rows = session.scalars(
        select(Draft).where(Draft.login == ctx.actor.login).order_by(Draft.updated_at, Draft.id)
    )
    return [
        DraftView(r.id, r.login, r.form, r.forloeb_id, json.loads(r.payload), r.updated_at)
        for r in rows
    ]
