"""The store opens, migrates and keeps its settings on both back-ends."""

from __future__ import annotations

from sqlalchemy import text

from app.store.engine import APPLICATION_ID, BUSY_TIMEOUT_MS, Store
from app.store.migrate import current_revision, head_revision


def test_store_is_at_head(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()


def test_sqlite_connection_settings_read_back(store: Store) -> None:
    if not store.is_sqlite:
        return
    with store.read() as session:

        def pragma(name: str) -> object:
            return session.execute(text(f"PRAGMA {name}")).scalar_one()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == BUSY_TIMEOUT_MS
        assert pragma("temp_store") == 2
        assert pragma("application_id") == APPLICATION_ID
