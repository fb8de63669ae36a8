"""Online backups of a SQLite store (SQLite's backup API; never a plain copy of a live file)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from app.clock import Clock


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Write an online backup of the store behind ``engine`` to ``target`` (atomically)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        raw.close()
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return target


def backup_before_migration(engine: Engine, path: Path, revision: str, clock: Clock) -> Path:
    stamp = clock.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.før-opgradering-{revision}-{stamp}{path.suffix}")
    return backup_sqlite(engine, target)
