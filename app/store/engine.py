"""Opening the store: SQLite as reliability.md says, or PostgreSQL by URL.

SQLite: WAL, synchronous=FULL, foreign keys on, a busy timeout, temp_store=MEMORY and a fixed
application_id; every write transaction starts with ``BEGIN IMMEDIATE`` (a deferred transaction that
reads then writes fails with "database is locked" at once, ignoring the busy timeout).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import NullPool

from app.store.errors import (
    ConflictError,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreForeign,
    StoreFull,
    StoreReadOnly,
    StoreUnreachable,
)

APPLICATION_ID = 0x4D564B31  # "MVK1"
BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS: dict[str, Any] = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "temp_store": 2,  # MEMORY
}
_BEGIN_OPTION = "mvk_begin"
BACKUP_FOLDER = "backups"
"""The folder of the automatic daily backups, beside the store file."""


@dataclass
class ConnectionOptions:
    """Settings applied to every new SQLite connection, read when the connection is made.

    The engine opens a fresh connection for every session, so changing a value takes effect at the
    next session (a test frees the "disk" by lifting ``max_page_count``).
    """

    busy_timeout_ms: int | None = None
    """How long a write waits for another writer's lock; None: ``SQLITE_PRAGMAS["busy_timeout"]``."""
    max_page_count: int | None = None
    """A cap on the file's size in pages; a save that needs more fails as a full disk would."""

    def busy_timeout(self) -> int:
        if self.busy_timeout_ms is not None:
            return self.busy_timeout_ms
        return int(SQLITE_PRAGMAS["busy_timeout"])


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database or another back-end."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database.removeprefix("file:"))


def split_readonly(url: str) -> tuple[str, bool]:
    """A SQLite URL without its ``mode=ro`` (and ``uri``) query, and whether it asked for read-only."""
    try:
        parsed = make_url(url)
    except Exception:  # an unparsable URL: create_engine explains it
        return url, False
    if parsed.get_backend_name() != "sqlite" or "mode" not in parsed.query:
        return url, False
    readonly = parsed.query.get("mode") == "ro"
    parsed = parsed.difference_update_query(["mode", "uri"])
    if parsed.database and parsed.database.startswith("file:"):
        parsed = parsed.set(database=parsed.database.removeprefix("file:"))
    return parsed.render_as_string(hide_password=False), readonly


def _sqlite_url(path: Path, readonly: bool) -> str:
    if readonly:
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    return f"sqlite:///{path}"


def _is_foreign(cursor: sqlite3.Cursor) -> bool:
    """Whether the file holds a schema or an application_id that is not ours (a read, no write)."""
    app_id = cursor.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return False
    return bool(app_id) or bool(cursor.execute("PRAGMA schema_version").fetchone()[0])


def create_store_engine(
    url: str, *, readonly: bool = False, options: ConnectionOptions | None = None
) -> Engine:
    """An engine with the store's connection settings applied to every connection.

    A SQLite URL with ``?mode=ro`` opens read-only, as ``readonly=True`` does.
    """
    url, asked_readonly = split_readonly(url)
    readonly = readonly or asked_readonly
    settings = options or ConnectionOptions()
    path = sqlite_path(url)
    if path is None and not is_sqlite(url):
        engine = create_engine(url, pool_pre_ping=True)
        return engine
    if path is not None:
        if not readonly:
            path.parent.mkdir(parents=True, exist_ok=True)
        url = _sqlite_url(path, readonly)
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"timeout": settings.busy_timeout() / 1000}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
        cursor = dbapi_connection.cursor()
        # journal_mode is the one setting stored in the file: never set it on a read-only
        # connection, nor on another application's file (check_application refuses it unchanged).
        keep_journal = readonly or _is_foreign(cursor)
        for name, value in SQLITE_PRAGMAS.items():
            if keep_journal and name == "journal_mode":
                continue
            if name == "busy_timeout":
                value = settings.busy_timeout()
            cursor.execute(f"PRAGMA {name}={value}")
        if settings.max_page_count is not None:
            cursor.execute(f"PRAGMA max_page_count={int(settings.max_page_count)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _translate(error: BaseException, location: str) -> BaseException:
    """A database error as the store error a user understands, or the error itself."""
    if isinstance(error, StaleDataError):
        return ConflictError("record", "?")
    if isinstance(error, DBAPIError):
        text = str(error.orig).lower() if error.orig is not None else str(error).lower()
        if "database is locked" in text or "database is busy" in text:
            return StoreBusy()
        if "readonly database" in text or "read-only" in text or "read only" in text:
            return StoreReadOnly(location)
        if "database or disk is full" in text or "disk full" in text or "no space left" in text:
            return StoreFull()
        if "malformed" in text and location and "://" not in location:
            detail = str(error.orig or error).strip().splitlines()[0]
            backups = str(Path(location).parent / BACKUP_FOLDER)
            return StoreDamaged(location, detail, backups, readable=False)
        if isinstance(error, OperationalError) and (
            "unable to open" in text or "could not connect" in text or "connection refused" in text
        ):
            return StoreUnreachable(location, str(error.orig))
    return error


@dataclass
class Store:
    """An open store: the engine and the two ways to use it (read, write)."""

    url: str
    engine: Engine
    readonly: bool = False
    damaged: StoreDamaged | None = None
    """Set when the store failed its start check: it is open read-only and says how to restore."""

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def location(self) -> str:
        from app.paths import describe_db_url

        return describe_db_url(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for one user action that only reads."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        except BaseException as error:
            session.rollback()
            translated = _translate(error, self.location)
            if translated is error:
                raise
            raise translated from error
        finally:
            session.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for one user action that writes: ``BEGIN IMMEDIATE`` on SQLite, one commit.

        Either everything in the block is saved or nothing is; store errors come out as the typed
        errors of :mod:`app.store.errors`.
        """
        if self.damaged is not None:
            raise StoreDamaged(self.damaged.location, self.damaged.detail, self.damaged.backups)
        if self.readonly:
            raise StoreReadOnly(self.location)
        bind = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        session = Session(bind, expire_on_commit=False)
        try:
            with session.begin():
                yield session
        except BaseException as error:
            translated = _translate(error, self.location)
            if translated is error:
                raise
            raise translated from error
        finally:
            session.close()

    def sessionmaker(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()


STATISTICS_SAMPLE = 400
"""Rows per index SQLite's ANALYZE samples (``PRAGMA analysis_limit``): seconds become milliseconds,
and the planner only needs the proportions."""


def refresh_statistics(connection: Connection, *, force: bool = False) -> bool:
    """Keep SQLite's planner statistics in step with the number of pathways (True when gathered).

    Without them SQLite may pick the wrong index on a large store (a CPR search that scans a million
    rows). Gathered when missing on a store of 1,000 or more pathways, or when the count has halved
    or doubled since; cheap to ask (two indexed lookups). PostgreSQL's autovacuum does this itself.
    """
    if connection.dialect.name != "sqlite":
        return False
    rows = int(connection.exec_driver_sql("SELECT max(rowid) FROM pathway").scalar() or 0)
    known: int | None = None
    if connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).scalar():
        stat = connection.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'pathway' LIMIT 1"
        ).scalar()
        known = int(str(stat).split()[0]) if stat else None
    stale = rows >= 1000 if known is None else not (known / 2 <= rows <= known * 2 + 1000)
    if not (force or stale):
        return False
    connection.exec_driver_sql(f"PRAGMA analysis_limit={STATISTICS_SAMPLE}")
    connection.exec_driver_sql("ANALYZE")
    return True


def read_application_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA application_id").scalar_one())


def check_application(engine: Engine, location: str) -> bool:
    """Whether a SQLite file is ours; True for a new empty file. A foreign file raises StoreForeign."""
    try:
        app_id = read_application_id(engine)
        tables = inspect(engine).get_table_names()
    except DBAPIError as error:
        text = str(error.orig).lower()
        if "file is not a database" in text or "malformed" in text:
            raise StoreForeign(location) from error
        raise
    if app_id == APPLICATION_ID:
        return True
    if app_id == 0 and not tables:
        return True
    raise StoreForeign(location)


def header_application_id(path: Path) -> int | None:
    """The application id in a SQLite file's header (read as bytes, so a damaged file can tell
    whose it is); None when the file is not a SQLite database."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(header[68:72], "big")


def quick_check(engine: Engine) -> str | None:
    """SQLite's ``quick_check`` of the file: None when it is sound, else the first finding."""
    try:
        with engine.connect() as conn:
            found = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check")]
    except DBAPIError as error:
        text = str(error.orig).lower()
        if "malformed" in text or "corrupt" in text or "not a database" in text:
            return str(error.orig).strip().splitlines()[0]
        raise
    if found == ["ok"]:
        return None
    return found[0] if found else "quick_check"


def stamp_application_id(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.commit()


__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "SQLITE_PRAGMAS",
    "ConnectionOptions",
    "Store",
    "StoreError",
    "StoreFull",
    "check_application",
    "create_store_engine",
    "header_application_id",
    "is_sqlite",
    "quick_check",
    "split_readonly",
    "sqlite_path",
    "stamp_application_id",
]
