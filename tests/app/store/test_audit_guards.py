"""The audit log cannot be changed through the store, and a change made around it is found.

UPDATE and DELETE on ``audit_log`` fail (triggers, both back-ends). Someone with direct access to
the database can drop the triggers; the hash chain then shows the first row that was edited,
deleted or moved.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.services.context import ServiceContext
from app.store import audit
from app.store.engine import Store
from app.store.models import AuditEntry

ROWS = 5


@pytest.fixture
def logged(store: Store, ctx: ServiceContext) -> Iterator[Store]:
    """A store whose audit log holds ROWS chained rows (ids 1..ROWS)."""
    with store.write() as session:
        for number in range(1, ROWS + 1):
            audit.append(
                session,
                actor=ctx.actor,
                at=ctx.timestamp(),
                action="update",
                entity="setting",
                entity_id=f"nøgle-{number}",
                changes={"value": [str(number - 1), str(number)]},
                reason="rettelse" if number == 3 else None,
            )
    with store.read() as session:
        assert audit.verify_chain(session).ok
    yield store


def rows(store: Store) -> list[tuple[object, ...]]:
    with store.read() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(
                    AuditEntry.id, AuditEntry.login, AuditEntry.changes, AuditEntry.hash
                ).order_by(AuditEntry.id)
            )
        ]


def chain(store: Store) -> audit.ChainReport:
    with store.read() as session:
        return audit.verify_chain(session)


# --- the guards --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET login = 'mallory' WHERE id = 2",
        "UPDATE audit_log SET reason = NULL",
        "DELETE FROM audit_log WHERE id = 2",
        "DELETE FROM audit_log",
    ],
)
def test_update_and_delete_on_the_audit_log_fail(logged: Store, statement: str) -> None:
    before = rows(logged)
    with pytest.raises(DBAPIError, match="append-only"), logged.write() as session:
        session.execute(text(statement))
    assert rows(logged) == before
    assert chain(logged).ok


def test_deleting_an_audit_row_through_the_orm_fails(logged: Store) -> None:
    with pytest.raises(DBAPIError, match="append-only"), logged.write() as session:
        entry = session.get(AuditEntry, 2)
        assert entry is not None
        session.delete(entry)
    assert len(rows(logged)) == ROWS


@pytest.mark.postgres
def test_truncate_of_the_audit_log_fails_on_postgres(logged: Store) -> None:
    if logged.is_sqlite:
        pytest.skip("SQLite has no TRUNCATE; DELETE without WHERE is tested above")
    with pytest.raises(DBAPIError, match="append-only"), logged.write() as session:
        session.execute(text("TRUNCATE audit_log"))
    assert len(rows(logged)) == ROWS


# --- an attacker with database access: drop the guards, then change rows ----------------------


def drop_guards(store: Store) -> None:
    with store.engine.begin() as conn:
        if store.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))


def tamper(store: Store, *statements: str) -> None:
    drop_guards(store)
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


@pytest.mark.parametrize(
    "assignment",
    [
        "login = 'mallory'",
        "at = '2020-01-01T00:00:00+01:00'",
        "action = 'create'",
        "entity_id = 'en-anden'",
        """changes = '{"value": ["2", "999"]}'""",
        "reason = NULL",
        "prev_hash = hash",
    ],
)
def test_an_edited_row_breaks_the_chain_at_that_row(logged: Store, assignment: str) -> None:
    tamper(logged, f"UPDATE audit_log SET {assignment} WHERE id = 3")
    report = chain(logged)
    assert report.broken_at == 3
    assert report.rows == 2


def test_an_edited_row_with_a_recomputed_hash_is_caught_at_the_next_row(logged: Store) -> None:
    with logged.read() as session:
        entry = session.get(AuditEntry, 3)
        assert entry is not None
        entry.login = "mallory"
        forged = audit._row_hash(entry.prev_hash, entry.id, audit._content(entry))
        session.rollback()
    tamper(logged, f"UPDATE audit_log SET login = 'mallory', hash = '{forged}' WHERE id = 3")
    assert chain(logged).broken_at == 4


@pytest.mark.parametrize(("deleted", "broken_at"), [(1, 2), (3, 4), (ROWS - 1, ROWS)])
def test_a_deleted_row_breaks_the_chain(logged: Store, deleted: int, broken_at: int) -> None:
    tamper(logged, f"DELETE FROM audit_log WHERE id = {deleted}")
    report = chain(logged)
    assert report.broken_at == broken_at
    assert report.rows == deleted - 1


def test_a_deleted_row_with_later_ids_renumbered_breaks_the_chain(logged: Store) -> None:
    """Closing the gap by renumbering does not help: the next row's link points at the lost row."""
    tamper(
        logged,
        "DELETE FROM audit_log WHERE id = 3",
        *(f"UPDATE audit_log SET id = {i - 1} WHERE id = {i}" for i in range(4, ROWS + 1)),
    )
    assert chain(logged).broken_at == 3


def test_reordered_rows_break_the_chain(logged: Store) -> None:
    tamper(
        logged,
        "UPDATE audit_log SET id = -2 WHERE id = 2",
        "UPDATE audit_log SET id = 2 WHERE id = 3",
        "UPDATE audit_log SET id = 3 WHERE id = -2",
    )
    assert [r[0] for r in rows(logged)] == [1, 2, 3, 4, 5]
    assert chain(logged).broken_at == 2


def test_an_inserted_row_breaks_the_chain(logged: Store) -> None:
    """A row slipped in between (ids moved up to make room) does not link to its neighbours."""
    statements = [f"UPDATE audit_log SET id = {i + 100} WHERE id = {i}" for i in range(3, ROWS + 1)]
    statements += [
        f"UPDATE audit_log SET id = {i + 1} WHERE id = {i + 100}" for i in range(3, ROWS + 1)
    ]
    statements.append(
        "INSERT INTO audit_log (id, at, login, action, entity, entity_id, changes, reason, "
        "prev_hash, hash) SELECT 3, at, 'mallory', action, entity, entity_id, changes, reason, "
        "hash, hash FROM audit_log WHERE id = 2"
    )
    tamper(logged, *statements)
    assert len(rows(logged)) == ROWS + 1
    assert chain(logged).broken_at == 3
