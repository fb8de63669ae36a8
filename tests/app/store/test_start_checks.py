"""What open_store checks at start: read-only URLs, the file's owner from its header, quick_check; and
that a damaged table met later is the store's "damaged" message, not a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError

from app.store.engine import (
    APPLICATION_ID,
    _translate,
    header_application_id,
    quick_check,
    split_readonly,
)
from app.store.errors import StoreDamaged, StoreForeign
from app.store.migrate import open_store


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///a/mvk.sqlite?mode=ro", ("sqlite:///a/mvk.sqlite", True)),
        ("sqlite:///file:/a/mvk.sqlite?mode=ro&uri=true", ("sqlite:////a/mvk.sqlite", True)),
        ("sqlite:///a/mvk.sqlite?mode=rw", ("sqlite:///a/mvk.sqlite", False)),
        ("sqlite:///a/mvk.sqlite", ("sqlite:///a/mvk.sqlite", False)),
        ("postgresql+psycopg://u@h/db?mode=ro", ("postgresql+psycopg://u@h/db?mode=ro", False)),
    ],
)
def test_split_readonly(url: str, expected: tuple[str, bool]) -> None:
    assert split_readonly(url) == expected


def test_header_names_the_owner_even_of_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "mvk.sqlite"
    open_store(f"sqlite:///{path}").dispose()
    assert header_application_id(path) == APPLICATION_ID
    with open(path, "r+b") as handle:
        handle.seek(4096)
        handle.write(b"\0" * 8192)
    assert header_application_id(path) == APPLICATION_ID
    text = tmp_path / "noter.txt"
    text.write_text("x" * 200, encoding="utf-8")
    assert header_application_id(text) is None


def test_a_sound_store_passes_and_a_foreign_damaged_file_is_foreign(tmp_path: Path) -> None:
    path = tmp_path / "mvk.sqlite"
    store = open_store(f"sqlite:///{path}")
    try:
        assert store.damaged is None and quick_check(store.engine) is None
    finally:
        store.dispose()
    other = tmp_path / "andet.db"
    with sqlite3.connect(other) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE t (x)")
    with open(other, "r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xff" * 4096)
    with pytest.raises(StoreForeign):  # not ours: never called damaged, never "restored" over
        open_store(f"sqlite:///{other}")


def test_a_malformed_read_is_the_damaged_message() -> None:
    error = DatabaseError("SELECT 1", {}, sqlite3.DatabaseError("database disk image is malformed"))
    translated = _translate(error, "/data/mvk.sqlite")
    assert isinstance(translated, StoreDamaged)
    assert translated.backups == "/data/backups"
    message = translated.message("da")
    assert "er beskadiget (database disk image is malformed) og kan ikke bruges" in message
    assert "mvk db restore" in message
