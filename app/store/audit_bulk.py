"""Appending many audit rows at once (demo data, imports): the same chain as :func:`audit.append`.

:func:`append_many` reads the end of the chain once, computes every row's hash in Python with the
hashing of :mod:`app.store.audit`, and inserts the rows with SQLAlchemy Core in batches, inside the
caller's transaction. The result is indistinguishable from calling ``audit.append`` row by row:
``audit.verify_chain`` passes and ``audit.replay`` rebuilds the data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from app.store.audit import _PG_LOCK_KEY, GENESIS, Actor, _row_hash
from app.store.models import AuditEntry

BATCH = 5000


@dataclass(frozen=True)
class NewEntry:
    """One audit row to append: the arguments of :func:`app.store.audit.append`."""

    actor: Actor
    at: str
    action: str
    entity: str
    entity_id: str
    changes: dict[str, list[Any]]
    reason: str | None = None


def chain_end(session: Session) -> tuple[int, str]:
    """The id and hash of the last audit row ((0, GENESIS) for an empty log).

    On PostgreSQL this first takes the transaction's advisory lock that serialises appends.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (last.id, last.hash) if last else (0, GENESIS)


def chained_rows(
    entries: Iterable[NewEntry], last_id: int, last_hash: str
) -> Iterable[dict[str, Any]]:
    """The rows of ``entries`` as insert parameters, chained after (``last_id``, ``last_hash``)."""
    prev_hash = last_hash
    entry_id = last_id
    # The same text as json.dumps(changes, sort_keys=True, ensure_ascii=False) in audit.append.
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
    for entry in entries:
        entry_id += 1
        content = {
            "at": entry.at,
            "login": entry.actor.login,
            "action": entry.action,
            "entity": entry.entity,
            "entity_id": entry.entity_id,
            "changes": encode(entry.changes),
            "reason": entry.reason,
        }
        row_hash = _row_hash(prev_hash, entry_id, content)
        yield {**content, "id": entry_id, "prev_hash": prev_hash, "hash": row_hash}
        prev_hash = row_hash


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (each with a value for every column of ``table``) as fast as the back-end can.

    On SQLite one executemany goes straight to the driver, with dates as ISO text as SQLAlchemy
    stores them there (``YYYY-MM-DD``): the per-row parameter processing of SQLAlchemy would
    otherwise cost as much as the insert itself. On PostgreSQL with psycopg 3 the rows are sent with
    ``COPY``; any other back-end gets an ordinary Core insert. Column defaults are not applied.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    names = [column.name for column in table.columns]
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy_rows(
            session, f"{quote(table.name)} ({', '.join(quote(n) for n in names)})", names, rows
        )
        return
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _n in names)})"
    )
    params = [
        tuple(v.isoformat() if type(v) is date else v for v in (row[n] for n in names))
        for row in rows
    ]
    session.connection().exec_driver_sql(sql, params)


def _copy_rows(session: Session, target: str, names: list[str], rows: list[dict[str, Any]]) -> None:
    """PostgreSQL with psycopg 3: ``COPY … FROM STDIN`` in the session's transaction."""
    driver_connection: Any = session.connection().connection.driver_connection
    with (
        driver_connection.cursor() as cursor,
        cursor.copy(f"COPY {target} FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[n] for n in names])


def append_many(session: Session, entries: Iterable[NewEntry], batch: int = BATCH) -> int:
    """Append ``entries`` in order to the audit log in the session's transaction; the count added."""
    session.flush()
    last_id, last_hash = chain_end(session)
    table = AuditEntry.__table__
    assert isinstance(table, Table)
    added = 0
    pending: list[dict[str, Any]] = []
    for row in chained_rows(entries, last_id, last_hash):
        pending.append(row)
        if len(pending) >= batch:
            insert_rows(session, table, pending)
            added += len(pending)
            pending = []
    insert_rows(session, table, pending)
    return added + len(pending)
