"""R17: kill -9 during a schema migration leaves the old schema or the new one, never a mix.

"The next release" is made for the test: a copy of the migrations folder with one more, slow
migration on top of today's head. It prints "migrating" from inside ``upgrade()``, creates a table,
rebuilds the pathway table with a new column (Alembic's batch mode: copy, drop, rename — the most
dangerous step on SQLite) and fills the new table row by row. A child process opens a store of the
current release with that next release, and is killed at a random moment (seeded; the seed is
printed): while the pre-migration backup is written, at the marker, a random time into the
migration, or when its commit writes the log. After each kill the next start must find:

- ``integrity_check`` ok, and either the old schema (old revision, no new table, no new column) or
  the whole new one (new revision, table filled, column there) — never a mix;
- every pathway and audit row as before, the audit chain unbroken;
- no temporary file left, and any pre-migration backup whole.

At the end the migration runs to the end and the store is at the new revision with its data.
Migrating from every earlier revision, and refusing a store of a newer release unchanged, are tests
in tests/app/store/test_migrations.py. ``MVK_MIGRATION_KILLS`` sets the number of kills (5 by
default; ``make reliability`` runs more).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from alembic.config import Config
from store_kit import Child, facts, pathway_data

from app.clock import FixedClock
from app.safe_files import TEMP_PREFIX, remove_leftovers
from app.services import pathways
from app.services.context import ServiceContext
from app.store import migrate as migrate_module
from app.store.backup import verify_backup
from app.store.migrate import head_revision, open_store

KILLS = int(os.environ.get("MVK_MIGRATION_KILLS", "5"))
SEED = int(os.environ.get("MVK_KILL_SEED", "20240615"))
NEXT = "9002_test_slow_next"
ROWS = 6000

SLOW_MIGRATION = '''"""a later release's slow migration (made by the test).

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
    print("migrating", flush=True)
    op.create_table(
        "test_next",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("data", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("pathway", recreate="always") as batch:
        batch.add_column(sa.Column("test_next_note", sa.Text(), nullable=True))
    bind = op.get_bind()
    for i in range({rows}):
        bind.execute(sa.text("INSERT INTO test_next (data) VALUES (:d)"), {{"d": f"{{i}}" * 50}})
    print("migration body done", flush=True)


def downgrade() -> None:
    op.drop_table("test_next")
'''

CHILD = """
import sys
from alembic.config import Config
from app.store import migrate

def next_release():
    config = Config()
    config.set_main_option("script_location", sys.argv[2])
    return config

migrate.alembic_config = next_release
print("opening", flush=True)
migrate.open_store(sys.argv[1]).dispose()
print("migrated", flush=True)
"""


def make_next_release(folder: Path, old_head: str) -> Path:
    scripts = folder / "migrations"
    source = Path(migrate_module.__file__).parent / "migrations"
    shutil.copytree(source, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{NEXT}.py").write_text(
        SLOW_MIGRATION.format(revision=NEXT, down=old_head, rows=ROWS), encoding="utf-8"
    )
    return scripts


def schema_of(path: Path) -> tuple[str, bool, bool, int]:
    """(revision, has the new table, has the new column, rows in the new table), read as the next
    start reads the file (recovering the write-ahead log a killed process left)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(pathway)")}
        rows = (
            conn.execute("SELECT count(*) FROM test_next").fetchone()[0]
            if "test_next" in tables
            else 0
        )
        return revision, "test_next" in tables, "test_next_note" in columns, rows
    finally:
        conn.close()


def wait_for_wal(wal: Path, child: Child, size: int) -> None:
    while child.proc.poll() is None:
        try:
            if wal.stat().st_size > size:
                return
        except FileNotFoundError:
            pass
        os.sched_yield()


def spin(microseconds: int) -> None:
    end = time.perf_counter_ns() + microseconds * 1000
    while time.perf_counter_ns() < end:
        os.sched_yield()


def test_kill_during_migration_leaves_the_old_or_the_new_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    print(f"R17 kill during migration: seed {SEED}, {KILLS} kills")
    rng = random.Random(SEED)
    state = tmp_path / "state"
    monkeypatch.setenv("MVK_STATE_DIR", str(state))
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "mvk.sqlite"
    url = f"sqlite:///{path}"
    ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="tester")
    store = open_store(url)
    with store.write() as session:
        for i in range(40):
            pathways.register(session, pathway_data(f"forløb {i}"), ctx)
    before = facts(store)
    store.dispose()
    old_head = head_revision()
    scripts = make_next_release(tmp_path / "next", old_head)

    pristine = tmp_path / "pristine.sqlite"
    shutil.copy(path, pristine)  # the store is closed: one file, no log
    outcomes: list[str] = []
    for loop in range(KILLS):
        if schema_of(path)[0] == NEXT:  # migrated before the kill: start again from the old store
            for leftover in folder.glob("mvk.sqlite-*"):
                leftover.unlink()
            shutil.copy(pristine, path)
        moment = rng.choice(["backup", "marker", "inside", "inside", "commit"])
        child = Child(CHILD, url, str(scripts), MVK_STATE_DIR=str(state))
        try:
            child.wait_for("opening")
            if moment == "backup":  # while the copy before the migration is written
                spin(rng.randrange(0, 400_000))
            else:
                child.wait_for("migrating")
                if moment == "inside":
                    spin(rng.randrange(0, 600_000))
                elif moment == "commit":
                    wait_for_wal(path.with_name(path.name + "-wal"), child, 4_000_000)
            child.proc.send_signal(signal.SIGKILL)
            lines = child.finish()
            assert child.proc.returncode in (0, -signal.SIGKILL), child.stderr()
        finally:
            child.stop()
        remove_leftovers()  # the next start
        revision, table, column, rows = schema_of(path)
        context = f"seed {SEED}, loop {loop}, kill {moment}"
        if revision == old_head:
            assert (table, column) == (False, False), f"{context}: half a migration"
            outcomes.append("old")
        else:
            assert revision == NEXT and (table, column, rows) == (True, True, ROWS), context
            outcomes.append("new")
        if outcomes[-1] == "old":
            assert "migrated" not in lines, context
        assert not [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)], context
        for copy in folder.glob("mvk.før-opgradering-*.sqlite"):
            assert verify_backup(copy) == [], f"{context}: {copy.name}"

    def next_release() -> Config:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        return config

    monkeypatch.setattr(migrate_module, "alembic_config", next_release)
    store = open_store(url)  # the migration, uninterrupted
    try:
        assert schema_of(path) == (NEXT, True, True, ROWS)
        after = facts(store)
        after.assert_whole()
        assert (after.kommentar, after.audit_hashes) == (before.kommentar, before.audit_hashes)
    finally:
        store.dispose()
    print(f"R17: outcomes after each kill: {outcomes}")
    assert "old" in outcomes, "no kill interrupted a migration"
