"""The audit log: who, when (with offset), which record, each field's old and new value, the reason.

Rows are append-only (triggers refuse UPDATE and DELETE) and linked by a hash chain: each row's hash
covers its own content, its id and the previous row's hash, so an edited, deleted or reordered row
breaks the chain. On PostgreSQL appends are serialised with a transaction-level advisory lock so two
writers cannot fork the chain; on SQLite every write transaction is ``BEGIN IMMEDIATE`` already.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.store.models import AuditEntry

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x4D564B  # "MVK"


@dataclass(frozen=True)
class Actor:
    """Who does something: the login name (and initials, when set)."""

    login: str
    initials: str | None = None


def to_text(value: Any) -> Any:
    """A value as the audit log keeps it: dates ISO, booleans and numbers as JSON, the rest text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value changed, as ``{field: [old, new]}`` (text form)."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(old) | set(new)):
        before, after = to_text(old.get(key)), to_text(new.get(key))
        if before != after:
            changed[key] = [before, after]
    return changed


def _row_hash(prev_hash: str, entry_id: int, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        [prev_hash, entry_id, fields], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _content(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at,
        "login": entry.login,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "changes": entry.changes,
        "reason": entry.reason,
    }


def append(
    session: Session,
    *,
    actor: Actor,
    at: str,
    action: str,
    entity: str,
    entity_id: str,
    changes: dict[str, list[Any]],
    reason: str | None = None,
) -> AuditEntry:
    """Add one audit row to the session's transaction, chained to the last one."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_hash = last.hash if last else GENESIS
    next_id = (last.id if last else 0) + 1
    entry = AuditEntry(
        id=next_id,
        at=at,
        login=actor.login,
        action=action,
        entity=entity,
        entity_id=entity_id,
        changes=json.dumps(changes, sort_keys=True, ensure_ascii=False),
        reason=reason,
        prev_hash=prev_hash,
    )
    entry.hash = _row_hash(prev_hash, next_id, _content(entry))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken_at: int | None
    """The id of the first row whose link or hash does not match; None when the chain is whole."""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the whole log in id order and check every link and hash."""
    prev_hash = GENESIS
    expected_id = 1
    count = 0
    last_id = 0
    while True:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not entries:
            return ChainReport(count, None)
        for entry in entries:
            if (
                entry.id != expected_id
                or entry.prev_hash != prev_hash
                or entry.hash != _row_hash(prev_hash, entry.id, _content(entry))
            ):
                return ChainReport(count, entry.id)
            prev_hash = entry.hash
            expected_id += 1
            count += 1
            last_id = entry.id
        session.expunge_all()


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def history(session: Session, entity: str, entity_id: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
    )


def replay(session: Session, entity: str) -> dict[str, dict[str, Any]]:
    """Rebuild every record of ``entity`` from the log alone: ``{id: {field: value-as-text}}``."""
    state: dict[str, dict[str, Any]] = {}
    for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
    ):
        record = state.setdefault(entry.entity_id, {})
        for field, (_old, new) in json.loads(entry.changes).items():
            record[field] = new
    return state
