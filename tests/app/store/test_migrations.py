"""Migrations: every store this program ever made opens at the newest schema, and nothing else does.

A store from a newer program, or a file of another program, is refused and left byte for byte as it
was; an existing store is copied with SQLite's online backup before it is migrated.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pg_databases import drop_pg_database, new_pg_database
from sqlalchemy import Engine, inspect, text

from app.clock import FixedClock
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store import audit
from app.store import migrate as migrate_module
from app.store.engine import (
    APPLICATION_ID,
    create_store_engine,
    is_sqlite,
    sqlite_path,
    stamp_application_id,
)
from app.store.errors import StoreForeign, StoreTooNew
from app.store.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    open_store,
    upgrade,
)
from app.store.models import Base

CLOCK = FixedClock(date(2024, 6, 15))


def revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store that does not exist yet: a new SQLite file name, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ny' / 'mvk.sqlite'}"
        return
    pg_url = request.getfixturevalue("pg_url")
    url = new_pg_database(pg_url, None)
    yield url
    drop_pg_database(pg_url, url)


def schema_differences(engine: Engine) -> list[object]:
    """What ``alembic revision --autogenerate`` would write: differences between store and models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_upgrade_from_empty_gives_every_table_at_head(empty_url: str) -> None:
    store = open_store(empty_url, clock=CLOCK)
    try:
        assert current_revision(store.engine) == head_revision()
        tables = set(inspect(store.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert schema_differences(store.engine) == []
        if store.is_sqlite:
            with store.read() as session:
                found = session.execute(text("PRAGMA application_id")).scalar_one()
            assert found == APPLICATION_ID
        ctx = ServiceContext.default(CLOCK, login="tester")
        with store.write() as session:
            settings_service.set(session, ctx, "region", "1084")
        with store.read() as session:
            assert settings_service.get(session, "region").value == "1084"
    finally:
        store.dispose()


@pytest.mark.parametrize("revision", revisions_oldest_first())
def test_store_at_every_revision_upgrades_to_head(empty_url: str, revision: str) -> None:
    """A store left at any revision of the history (an earlier release) opens at head."""
    engine = create_store_engine(empty_url)
    try:
        if is_sqlite(empty_url):
            stamp_application_id(engine)  # as open_store did when the earlier release made it
        upgrade(engine, revision)
        assert current_revision(engine) == revision
    finally:
        engine.dispose()

    store = open_store(empty_url, clock=CLOCK)
    try:
        assert current_revision(store.engine) == head_revision()
        assert schema_differences(store.engine) == []
    finally:
        store.dispose()
    path = sqlite_path(empty_url)
    if path is not None and revision != head_revision():
        backups = list(path.parent.glob(f"mvk.før-opgradering-{revision}-*.sqlite"))
        assert len(backups) == 1


def test_head_schema_equals_the_models(store_url: str) -> None:
    """The migrations build exactly the tables of app/store/models.py (autogenerate finds nothing)."""
    engine = create_store_engine(store_url)
    try:
        assert schema_differences(engine) == []
    finally:
        engine.dispose()


def test_a_store_from_a_newer_version_is_refused_and_not_changed(store_url: str) -> None:
    engine = create_store_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_newer'"))
    engine.dispose()
    path = sqlite_path(store_url)
    before = files_in(path.parent) if path else {}

    with pytest.raises(StoreTooNew) as refused:
        open_store(store_url, clock=CLOCK)

    assert "nyere version" in refused.value.message("da")
    assert "9999_newer" in refused.value.message("da")
    if path is not None:
        assert files_in(path.parent) == before  # same bytes, no backup, no -wal/-shm left behind
    engine = create_store_engine(store_url)
    try:
        assert current_revision(engine) == "9999_newer"
    finally:
        engine.dispose()


def _sqlite_with_a_table(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE kunder (navn TEXT)")
    connection.execute("INSERT INTO kunder VALUES ('Hansen')")
    connection.commit()
    connection.close()


def _sqlite_with_other_application_id(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1234")
    connection.commit()
    connection.close()


def _text_file(path: Path) -> None:
    path.write_text("navn;adresse\nHansen;Vejen 1\n", encoding="utf-8")


@pytest.mark.parametrize(
    "make_file", [_sqlite_with_a_table, _sqlite_with_other_application_id, _text_file]
)
def test_a_file_of_another_program_is_refused_and_not_changed(
    tmp_path: Path, make_file: Callable[[Path], None]
) -> None:
    path = tmp_path / "andet.db"
    make_file(path)
    before = files_in(tmp_path)

    with pytest.raises(StoreForeign) as refused:
        open_store(f"sqlite:///{path}", clock=CLOCK)

    assert str(path) in refused.value.message("da")
    assert files_in(tmp_path) == before


# --- an existing store is backed up before it is migrated -------------------------------------

NEXT_REVISION = "9001_test_next"
_NEXT_MIGRATION = '''"""a later release's migration (made by the test).

Revision ID: {revision}
Revises: {down}
"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_next", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("test_next")
'''


def install_next_release(monkeypatch: pytest.MonkeyPatch, folder: Path) -> str:
    """Make this program one release newer: its migrations plus one more on top of today's head.

    Returns the old head, so a store made before the call is "a store of the previous release".
    """
    old_head = head_revision()
    scripts = folder / "migrations"
    source = Path(migrate_module.__file__).parent / "migrations"
    shutil.copytree(source, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{NEXT_REVISION}.py").write_text(
        _NEXT_MIGRATION.format(revision=NEXT_REVISION, down=old_head), encoding="utf-8"
    )

    def next_release_config() -> Config:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        return config

    monkeypatch.setattr(migrate_module, "alembic_config", next_release_config)
    assert head_revision() == NEXT_REVISION
    return old_head


def test_an_existing_store_is_backed_up_before_it_is_migrated(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    ctx = ServiceContext.default(CLOCK, login="tester")
    store = open_store(url, clock=CLOCK)
    with store.write() as session:
        settings_service.set(session, ctx, "own_shak", "1301")
    store.dispose()
    old_head = install_next_release(monkeypatch, tmp_path)

    store = open_store(url, clock=CLOCK)
    try:
        assert current_revision(store.engine) == NEXT_REVISION
        assert "test_next" in inspect(store.engine).get_table_names()
        with store.read() as session:
            assert settings_service.get(session, "own_shak").value == "1301"
    finally:
        store.dispose()

    backup = folder / f"mvk.før-opgradering-{old_head}-20240615T120000.sqlite"
    assert sorted(p.name for p in folder.iterdir()) == sorted([path.name, backup.name])
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]
        assert copy.execute("SELECT value FROM setting WHERE key = 'own_shak'").fetchall() == [
            ("1301",)
        ]
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        assert "test_next" not in tables
    finally:
        copy.close()


def test_a_new_store_needs_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "mvk.sqlite"
    open_store(f"sqlite:///{path}", clock=CLOCK).dispose()
    assert [p.name for p in tmp_path.iterdir()] == ["mvk.sqlite"]


def test_the_audit_log_of_a_migrated_store_is_still_whole(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    ctx = ServiceContext.default(CLOCK, login="tester")
    store = open_store(url, clock=CLOCK)
    with store.write() as session:
        settings_service.set(session, ctx, "region", "1081")
        settings_service.set(session, ctx, "region", "1082")
    store.dispose()
    install_next_release(monkeypatch, tmp_path / "next")

    store = open_store(url, clock=CLOCK)
    try:
        with store.read() as session:
            report = audit.verify_chain(session)
        assert report.ok and report.rows == 2
    finally:
        store.dispose()
