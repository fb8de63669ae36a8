"""R3: a read-only store, and a store locked by another process for longer than the busy timeout.

Read-only (``?mode=ro``; CI runs as root, so chmod would not make a file read-only): the store opens
read-only, reads work, saving gives the store's "kan kun læses" message, the file is not changed.

Locked: a second process (``HOLDER``) saves a pathway through the real store and holds its
``BEGIN IMMEDIATE`` transaction open — it prints "locked" and waits for a line on stdin. A save here
waits the (short, test-only) busy timeout and then fails with "busy, try again" (``StoreBusy``), a
plain sentence and no traceback, in the service and in the CLI; once the other process commits, the
retry succeeds and both saves are there. Nothing waits for a fixed time: the test waits for the
holder's lines.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from store_kit import Child, facts, pathway_data

from app.cli import main
from app.clock import FixedClock
from app.services import pathways
from app.services.context import ServiceContext
from app.store import engine as store_engine
from app.store.engine import ConnectionOptions, create_store_engine
from app.store.errors import StoreBusy, StoreReadOnly
from app.store.migrate import current_revision, open_store

CTX = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="tester")
BUSY_MS = 300

HOLDER = """
import sys
from datetime import date
from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.services import pathways
from app.services.context import ServiceContext
from app.store.migrate import open_store

store = open_store(sys.argv[1])
ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="holder")
data = PathwayData(cpr="0707614285", region="1084", indberettende_shak="1301",
                   udfoerende_shak="130111", udfoerende_type="PRIVAT", forloebstype="UDREDNING",
                   kraeftomraade="BRYST", henvisning_modtaget=date(2024, 6, 1), kommentar="holder")
with store.write() as session:
    pathways.register(session, data, ctx)
    session.flush()
    print("locked", flush=True)
    sys.stdin.readline()
print("released", flush=True)
store.dispose()
"""


@pytest.fixture
def url(tmp_path: Path) -> str:
    made = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    store = open_store(made)
    with store.write() as session:
        pathways.register(session, pathway_data("før"), CTX)
    store.dispose()
    return made


def files(folder: Path) -> dict[str, bytes]:
    """The files' bytes; SQLite's empty write-ahead log and its shared-memory index, which a
    read-only connection to a WAL store creates and cannot remove, are not counted."""
    found = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    for name in [n for n in found if n.endswith(("-wal", "-shm"))]:
        if name.endswith("-shm") or found[name] == b"":
            del found[name]
    return found


# --- read-only ---------------------------------------------------------------------------------
def test_read_only_url_opens_read_only_reads_and_refuses_to_save(url: str, tmp_path: Path) -> None:
    before = files(tmp_path)
    store = open_store(f"{url}?mode=ro")
    try:
        assert store.readonly and store.damaged is None
        assert store.url == url  # the URL without its mode, as the window shows it
        assert list(facts(store).kommentar.values()) == ["før"]
        with pytest.raises(StoreReadOnly) as refused, store.write() as session:
            pathways.register(session, pathway_data("efter"), CTX)
        assert "kan kun læses. Ændringer kan ikke gemmes" in refused.value.message("da")
    finally:
        store.dispose()
    assert files(tmp_path) == before


def test_read_only_engine_cannot_write_even_past_the_store(url: str) -> None:
    """``?mode=ro`` reaches SQLite itself: a write through the engine fails in SQLite."""
    engine = create_store_engine(f"{url}?mode=ro")
    try:
        with engine.connect() as conn, pytest.raises(Exception, match="readonly"):
            conn.exec_driver_sql("DELETE FROM setting")
    finally:
        engine.dispose()


def test_read_only_url_in_the_cli_is_one_clear_line(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", f"{url}?mode=ro", "settings", "--region", "1082"])
    err = capsys.readouterr().err
    assert code == 1
    assert "kan kun læses" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_an_older_store_opened_read_only_is_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "gammel.sqlite"
    engine = create_store_engine(f"sqlite:///{path}")
    store_engine.stamp_application_id(engine)
    engine.dispose()
    before = files(tmp_path)
    store = open_store(f"sqlite:///{path}?mode=ro")
    try:
        assert store.readonly and current_revision(store.engine) is None
    finally:
        store.dispose()
    assert files(tmp_path) == before


# --- locked by another process -----------------------------------------------------------------
def test_store_locked_by_another_process_says_busy_and_the_retry_saves_everything(
    url: str,
) -> None:
    store = open_store(url, options=ConnectionOptions(busy_timeout_ms=BUSY_MS))
    holder = Child(HOLDER, url, stdin=True)
    try:
        holder.wait_for("locked")
        started = time.perf_counter()
        with pytest.raises(StoreBusy) as busy, store.write() as session:
            pathways.register(session, pathway_data("min"), CTX)
        waited = time.perf_counter() - started
        assert waited >= 0.8 * BUSY_MS / 1000, "gave up without waiting for the lock"
        message = busy.value.message("da")
        assert message == str(busy.value)
        assert "optaget af en anden bruger lige nu. Prøv igen om et øjeblik" in message
        assert "intet er gået tabt" in message and "Traceback" not in message
        with store.read() as session:  # reading goes on while the other process writes
            assert session.execute(text("SELECT count(*) FROM pathway")).scalar_one() == 1

        holder.send("go")
        holder.wait_for("released")
        with store.write() as session:  # the retry
            mine = pathways.register(session, pathway_data("min"), CTX)
        found = facts(store)
        found.assert_whole()
        assert sorted(found.kommentar.values()) == ["før", "holder", "min"]
        assert found.kommentar[mine.forloeb_id] == "min"
    finally:
        holder.stop()
        store.dispose()


def test_store_locked_by_another_process_in_the_cli_is_one_clear_line(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(store_engine.SQLITE_PRAGMAS, "busy_timeout", BUSY_MS)
    holder = Child(HOLDER, url, stdin=True)
    try:
        holder.wait_for("locked")
        code = main(["--db", url, "settings", "--region", "1082"])
        err = capsys.readouterr().err
        assert code == 1
        assert "Lageret er optaget af en anden bruger lige nu. Prøv igen" in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        holder.send("go")
        holder.wait_for("released")
        assert main(["--db", url, "settings", "--region", "1082"]) == 0  # the retry
    finally:
        holder.stop()
    store = open_store(url)
    try:
        with store.read() as session:
            region = session.execute(
                text("SELECT value FROM setting WHERE key = 'region'")
            ).scalar_one()
        assert region == "1082"
        assert sorted(facts(store).kommentar.values()) == ["før", "holder"]
    finally:
        store.dispose()
