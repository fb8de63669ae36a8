"""The daily backup: once a day at start, into backups/ beside the store, the newest 14 kept; never
from a read-only or damaged store, never on PostgreSQL, never stopping the start when it fails."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from app.cli import main
from app.clock import FixedClock
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store import backup
from app.store.engine import Store
from app.store.errors import StoreDamaged
from app.store.migrate import open_store

DAY = date(2024, 6, 15)


@pytest.fixture
def path(tmp_path: Path, sqlite_template: Path) -> Path:
    made = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, made)
    return made


def test_the_first_start_of_a_day_makes_one_backup(path: Path) -> None:
    store = open_store(f"sqlite:///{path}")
    try:
        ctx = ServiceContext.default(FixedClock(DAY), login="tester")
        with store.write() as session:
            settings_service.set(session, ctx, "region", "1084")
        made = backup.daily_backup(store, FixedClock(DAY))
        assert made == path.parent / "backups" / "mvk-2024-06-15.sqlite"
        assert backup.daily_backup(store, FixedClock(DAY)) is None  # the second start that day
        assert backup.verify_backup(made) == []
        with sqlite3.connect(made) as copy:
            assert copy.execute("SELECT value FROM setting WHERE key='region'").fetchone() == (
                "1084",
            )
        assert backup.daily_backup(store, FixedClock(DAY + timedelta(days=1))) is not None
    finally:
        store.dispose()
    assert [p.name for p in backup.daily_backups(path)] == [
        "mvk-2024-06-15.sqlite",
        "mvk-2024-06-16.sqlite",
    ]


def test_the_newest_fourteen_are_kept_and_nothing_else_is_touched(path: Path) -> None:
    folder = path.parent / "backups"
    folder.mkdir()
    (folder / "min-egen-kopi.sqlite").write_bytes(b"the user's own file")
    (folder / "andet-2020-01-01.sqlite").write_bytes(b"another store's backup")
    store = open_store(f"sqlite:///{path}")
    try:
        for offset in range(20):
            assert backup.daily_backup(store, FixedClock(DAY + timedelta(days=offset))) is not None
    finally:
        store.dispose()
    kept = backup.daily_backups(path)
    assert len(kept) == backup.KEEP_DAILY == 14
    assert kept[0].name == "mvk-2024-06-21.sqlite" and kept[-1].name == "mvk-2024-07-04.sqlite"
    assert (folder / "min-egen-kopi.sqlite").read_bytes() == b"the user's own file"
    assert (folder / "andet-2020-01-01.sqlite").exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_no_backup_from_a_read_only_store(path: Path) -> None:
    store = open_store(f"sqlite:///{path}?mode=ro")
    try:
        assert backup.daily_backup(store, FixedClock(DAY)) is None
    finally:
        store.dispose()
    assert not (path.parent / "backups").exists()


def test_no_backup_from_a_damaged_store(path: Path) -> None:
    store = open_store(f"sqlite:///{path}")
    store.damaged = StoreDamaged(str(path), "test", str(path.parent / "backups"))
    try:
        assert backup.daily_backup(store, FixedClock(DAY)) is None
    finally:
        store.dispose()
    assert not (path.parent / "backups").exists()


def test_no_backup_on_postgres() -> None:
    url = "postgresql+psycopg://mvk@db.example/mvk"
    store = Store(url=url, engine=create_engine(url))  # never connects
    assert backup.daily_backup(store, FixedClock(DAY)) is None


def test_a_backup_that_cannot_be_written_does_not_stop_the_start(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (path.parent / "backups").write_text("a file where the folder should be", encoding="utf-8")
    store = open_store(f"sqlite:///{path}")
    try:
        assert backup.daily_backup(store, FixedClock(DAY)) is None
    finally:
        store.dispose()
    assert "Daily backup" in caplog.text


def test_cli_commands_that_write_take_the_daily_backup(path: Path) -> None:
    assert main(["--db", f"sqlite:///{path}", "--today", "2024-06-15", "db", "check"]) == 0
    assert backup.daily_backups(path) == []  # checking reads only
    assert main(["--db", f"sqlite:///{path}", "--today", "2024-06-15", "settings"]) == 0
    assert [p.name for p in backup.daily_backups(path)] == ["mvk-2024-06-15.sqlite"]
