"""R7: the connection settings, read back on every connection, are the configured values.

Read back with ``PRAGMA`` on a fresh engine's first connection, on a second connection open at the
same time, on the connections of ``Store.read()`` and ``Store.write()`` sessions, on a read-only
store, and with test options (a short busy timeout); the file's application id is MVK's. That a file
of another application is refused, unchanged, is tests/app/store/test_migrations.py::
test_a_file_of_another_program_is_refused_and_not_changed (three kinds of file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from app.store.engine import (
    APPLICATION_ID,
    SQLITE_PRAGMAS,
    ConnectionOptions,
    create_store_engine,
)
from app.store.migrate import open_store

EXPECTED = {**SQLITE_PRAGMAS, "application_id": APPLICATION_ID}


def read_back(conn: Connection) -> dict[str, Any]:
    found = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar_one() for name in EXPECTED}
    return {name: str(value).lower() for name, value in found.items()}


def expected(**changes: Any) -> dict[str, str]:
    return {name: str(value).lower() for name, value in {**EXPECTED, **changes}.items()}


def test_every_connection_reads_back_the_configured_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    open_store(url).dispose()
    assert SQLITE_PRAGMAS["busy_timeout"] >= 5000
    engine = create_store_engine(url)  # a fresh engine
    try:
        with engine.connect() as first, engine.connect() as second:  # two at the same time
            assert first.connection.dbapi_connection is not second.connection.dbapi_connection
            assert read_back(first) == expected()
            assert read_back(second) == expected()
        with engine.connect() as again:  # and one made after both were closed
            assert read_back(again) == expected()
    finally:
        engine.dispose()

    store = open_store(url)
    try:
        with store.read() as session:
            assert read_back(session.connection()) == expected()
        with store.write() as session:
            assert read_back(session.connection()) == expected()
            assert session.connection().exec_driver_sql("PRAGMA query_only").scalar_one() == 0
    finally:
        store.dispose()


def test_a_read_only_store_reads_back_the_same_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    open_store(url).dispose()
    store = open_store(f"{url}?mode=ro")
    try:
        with store.read() as session:
            assert read_back(session.connection()) == expected()
    finally:
        store.dispose()


def test_test_options_are_read_back_as_configured(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    options = ConnectionOptions(busy_timeout_ms=250, max_page_count=50_000)
    store = open_store(url, options=options)
    try:
        with store.read() as session:
            conn = session.connection()
            assert read_back(conn) == expected(busy_timeout=250)
            assert conn.execute(text("PRAGMA max_page_count")).scalar_one() == 50_000
    finally:
        store.dispose()
