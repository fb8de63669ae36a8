"""Backups of a SQLite store with SQLite's online backup API (never a plain copy of a live file).

- :func:`backup_sqlite` — a consistent copy while others read and write (``mvk db backup``).
- :func:`backup_before_migration` — the copy taken before a schema upgrade.
- :func:`daily_backup` — at the first start of each day, into ``backups/`` beside the store; the
  newest :data:`KEEP_DAILY` are kept.
- :func:`restore` — put a backup back in place of the store (``mvk db restore``): the backup is
  checked first, copied to a temporary file in the store's folder, fsynced and renamed over the
  store, while no other connection has the store open. The store it replaces is kept beside it.

Temporary files are listed in :mod:`app.safe_files`' journal before they exist, so a killed backup
leaves nothing behind after the next start (they hold CPR numbers).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.clock import Clock
from app.paths import describe_db_url
from app.safe_files import SQLITE_SIDECARS, temp_path_in
from app.store.engine import (
    APPLICATION_ID,
    BACKUP_FOLDER,
    Store,
    header_application_id,
    is_sqlite,
    sqlite_path,
)
from app.store.errors import StoreError, StoreForeign, StoreInUse

KEEP_DAILY = 14

log = logging.getLogger(__name__)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_database(source: sqlite3.Connection, destination_path: Path) -> sqlite3.Connection:
    """Copy ``source`` into a new file with the backup API; returns the open destination.

    The destination has no journal while it is written (it is a temporary file, which the next
    start removes with its -wal and -shm if a kill leaves them), and leaves WAL mode afterwards, so
    the copy stands alone as one file (a rollback-journal database; the store's own settings put
    it back in WAL mode when it is opened as a store).
    """
    destination = sqlite3.connect(destination_path, isolation_level=None)
    try:
        destination.execute("PRAGMA journal_mode=OFF")
        source.backup(destination)  # one step: a consistent snapshot, writers are not blocked
        destination.execute("PRAGMA journal_mode=OFF").fetchone()  # out of WAL, no journal file
    except BaseException:
        destination.close()
        raise
    return destination


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Write an online backup of the store behind ``engine`` to ``target`` (atomically)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = temp_path_in(target.parent, target.suffix)
    try:
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            _copy_database(source, partial).close()
        finally:
            raw.close()
        _fsync_file(partial)
        os.replace(partial, target)
        _fsync_folder(target.parent)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return target


def backup_before_migration(engine: Engine, path: Path, revision: str, clock: Clock) -> Path:
    stamp = clock.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.før-opgradering-{revision}-{stamp}{path.suffix}")
    return backup_sqlite(engine, target)


# --- checking a backup ---------------------------------------------------------------------------
def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no such table: a store before its first migration
        return None
    return str(row[0]) if row else None


def _problems(connection: sqlite3.Connection, quick: bool = False) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    try:
        found = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}")]
        app_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return [str(error)]
    problems = [] if found == ["ok"] else found
    if app_id != APPLICATION_ID:
        problems.append(f"application_id={app_id:#x}")
    return problems


def verify_backup(path: Path, *, quick: bool = False) -> list[str]:
    """What ``integrity_check`` (or ``quick_check``) and the application id find wrong in a backup
    file; empty when the copy is sound. The file is opened read-only and not changed."""
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [str(error)]
    try:
        return _problems(connection, quick)
    finally:
        connection.close()


# --- daily backups -------------------------------------------------------------------------------
def backups_dir(store_path: Path) -> Path:
    """The folder of the automatic backups: ``backups/`` beside the store file."""
    return store_path.parent / BACKUP_FOLDER


def daily_backup_path(store_path: Path, day: date) -> Path:
    return backups_dir(store_path) / f"{store_path.stem}-{day.isoformat()}{store_path.suffix}"


def daily_backups(store_path: Path) -> list[Path]:
    """The automatic backups of this store, oldest first."""
    folder = backups_dir(store_path)
    if not folder.is_dir():
        return []
    pattern = re.compile(
        rf"{re.escape(store_path.stem)}-\d{{4}}-\d{{2}}-\d{{2}}{re.escape(store_path.suffix)}"
    )
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file())


def daily_backup(store: Store, clock: Clock, *, keep: int = KEEP_DAILY) -> Path | None:
    """At the first start of a day: an online backup into ``backups/`` beside the store.

    Returns the new file, or None when none was due or possible: not a SQLite file, a read-only or
    damaged store (a damaged store must never push the good backups out), already backed up
    today, or the backup could not be written (logged; it never stops the program from starting).
    Only the newest ``keep`` automatic backups are kept.
    """
    path = sqlite_path(store.url)
    if path is None or store.readonly or store.damaged is not None or not path.is_file():
        return None
    target = daily_backup_path(path, clock.today())
    if target.exists():
        return None
    try:
        backup_sqlite(store.engine, target)
        for old in daily_backups(path)[:-keep] if keep > 0 else []:
            old.unlink(missing_ok=True)
    except (OSError, sqlite3.Error, DBAPIError) as error:
        log.warning("Daily backup to %s failed: %s", target.parent, type(error).__name__)
        return None
    return target


# --- restore -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RestoreResult:
    target: Path
    backup: Path
    revision: str | None
    """The schema revision of the restored store (an older one is upgraded at the next start)."""
    kept: Path | None
    """Where the store that was replaced was kept; None when there was none."""


def _pg_restore_command(url: str) -> str:
    parsed = make_url(url)
    parts = ["pg_restore", "--clean", "--if-exists"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts += [f"--dbname={parsed.database or 'mvk'}", "mvk.dump"]
    return " ".join(parts)


def _check_backup(connection: sqlite3.Connection, backup: Path) -> str | None:
    from app.store.migrate import known_revisions

    problems = _problems(connection)
    if problems:
        if any(p.startswith("application_id=") for p in problems) and len(problems) == 1:
            raise StoreError("db.restore_not_mvk", value=backup)
        raise StoreError("db.restore_invalid", value=backup, count=len(problems), first=problems[0])
    revision = _revision(connection)
    if revision is not None and revision not in known_revisions():
        raise StoreError("db.restore_too_new", value=backup, revision=revision)
    return revision


def _quiesce(target: Path, location: str) -> sqlite3.Connection | None:
    """Bring the store at ``target`` into one file and hold it: no -wal, no other connection.

    Leaving WAL mode needs the only connection to the file, so "database is locked" here means the
    store is open elsewhere (another MVK, a backup). Returns the connection holding an exclusive
    lock, or None when the file is too damaged to be opened as a database.
    """
    connection = sqlite3.connect(target, isolation_level=None, timeout=0)
    try:
        connection.execute("PRAGMA journal_mode=DELETE").fetchone()
        connection.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as error:
        connection.close()
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            raise StoreInUse(location) from error
        return None
    except sqlite3.DatabaseError:  # malformed: its sidecars are moved aside below
        connection.close()
        return None
    return connection


def restore(target_url: str, backup: Path, clock: Clock) -> RestoreResult:
    """Replace the SQLite store at ``target_url`` with the backup file ``backup``.

    The backup must pass ``integrity_check``, be an MVK store and not come from a newer version. The
    store it replaces (if any) is kept beside it as ``<name>.før-gendannelse-<time>.sqlite``. On
    PostgreSQL nothing is done: the error names ``pg_restore``.
    """
    location = describe_db_url(target_url)
    if not is_sqlite(target_url):
        raise StoreError("db.restore_postgres", value=_pg_restore_command(target_url))
    target = sqlite_path(target_url)
    if target is None:
        raise StoreError("db.missing", value=location)
    backup = backup.expanduser().absolute()
    if not backup.is_file():
        raise StoreError("db.restore_missing", value=backup)
    if target.exists() and target.resolve() == backup.resolve():
        raise StoreError("db.restore_same_file", value=backup)
    if target.is_file() and target.stat().st_size > 0:
        app_id = header_application_id(target)
        if app_id not in (APPLICATION_ID, 0):
            raise StoreForeign(location)  # never replace another program's file
    target.parent.mkdir(parents=True, exist_ok=True)

    temporary = temp_path_in(target.parent, target.suffix)
    holder: sqlite3.Connection | None = None
    try:
        try:
            source = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise StoreError(
                "db.restore_invalid", value=backup, count=1, first=str(error)
            ) from error
        try:
            copy = _copy_database(source, temporary)
        except sqlite3.DatabaseError as error:
            raise StoreError(
                "db.restore_invalid", value=backup, count=1, first=str(error)
            ) from error
        finally:
            source.close()
        try:
            revision = _check_backup(copy, backup)
        finally:
            copy.close()
        _fsync_file(temporary)

        kept: Path | None = None
        if target.exists():
            holder = _quiesce(target, location)
            stamp = clock.now().strftime("%Y%m%dT%H%M%S")
            kept = target.with_name(f"{target.stem}.før-gendannelse-{stamp}{target.suffix}")
            shutil.copyfile(target, kept)
            _fsync_file(kept)
            for (
                sidecar
            ) in SQLITE_SIDECARS:  # left only by a damaged store: kept with it, not replayed
                side = target.with_name(target.name + sidecar)
                if side.exists():
                    os.replace(side, kept.with_name(kept.name + sidecar))
            if holder is not None and os.name != "posix":
                holder.close()  # Windows renames over a file only when no one has it open
                holder = None
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    finally:
        if holder is not None:
            holder.close()
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return RestoreResult(target=target, backup=backup, revision=revision, kept=kept)


__all__ = [
    "BACKUP_FOLDER",
    "KEEP_DAILY",
    "RestoreResult",
    "backup_before_migration",
    "backup_sqlite",
    "backups_dir",
    "daily_backup",
    "daily_backup_path",
    "daily_backups",
    "restore",
    "verify_backup",
]
