"""R6: backups taken while another process writes are sound snapshots, and restore gives them back.

- While a second process saves pathways without pause (``store_kit.SAVER``), backups are taken with
  the online backup API (``mvk db backup``'s and the daily backup's way). Each passes
  ``integrity_check``, and each equals a snapshot: its audit log is a prefix of the final store's
  (same rows, same hashes), every pathway in it equals what replaying that prefix gives, and it holds
  every save acknowledged before the backup began.
- Restoring a backup gives back exactly its data; the store it replaces is kept beside it.
- A damaged store opens read-only with a notice that names ``mvk db restore`` and the backups folder;
  ``mvk db restore`` of the daily backup makes it whole (the restore drill).
- A restore is refused, and the store left as it was, for a backup that is damaged, foreign or from
  a newer version, while the store is open in another program, and on PostgreSQL.
- A backup killed while it writes leaves no temporary file after the next start.

``MVK_BACKUP_ROUNDS`` sets the number of backups during writing (4; more in ``make reliability``).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from store_kit import SAVER, Child, facts, pathway_data

from app.cli import main
from app.clock import FixedClock
from app.safe_files import TEMP_PREFIX, remove_leftovers
from app.services import pathways
from app.services.context import ServiceContext
from app.store import backup
from app.store.engine import APPLICATION_ID, Store
from app.store.errors import StoreDamaged, StoreError, StoreForeign, StoreInUse
from app.store.migrate import open_store

ROUNDS = int(os.environ.get("MVK_BACKUP_ROUNDS", "4"))
SEED = int(os.environ.get("MVK_KILL_SEED", "20240615"))
DAY = date(2024, 6, 15)
CLOCK = FixedClock(DAY)
CTX = ServiceContext.default(CLOCK, login="tester")


def save(store: Store, *kommentarer: str) -> list[str]:
    with store.write() as session:
        return [pathways.register(session, pathway_data(k), CTX).forloeb_id for k in kommentarer]


def open_copy(path: Path) -> Store:
    return open_store(f"sqlite:///{path}?mode=ro")


def snapshot(path: Path) -> tuple[dict[str, str | None], list[str]]:
    store = open_copy(path)
    try:
        found = facts(store)
        found.assert_whole()
        return found.kommentar, found.audit_hashes
    finally:
        store.dispose()


def test_backups_while_another_process_writes_are_snapshots_and_restore_gives_them_back(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    store = open_store(url)
    save(store, "første")
    copies: list[tuple[Path, set[str]]] = []
    writer = Child(SAVER, url, "7", "-1")
    try:
        writer.wait_for("ready")
        for round_ in range(ROUNDS):
            for _ in range(3):
                writer.wait_for("saved ")
            acknowledged = {line.split()[1] for line in writer.lines if line.startswith("saved ")}
            if round_ == 0:  # the daily backup, taken the same way
                made = backup.daily_backup(store, CLOCK)
                assert made is not None
                target = made
            else:
                target = backup.backup_sqlite(store.engine, tmp_path / f"kopi-{round_}.sqlite")
            copies.append((target, acknowledged))
        # Saves go on while a copy is made, and a copy may hold saves not yet read from the writer's
        # output: wait until the store really has more than the last copy before stopping it.
        last = len(snapshot(copies[-1][0])[1])
        while len(facts(store).audit_hashes) <= last:
            writer.wait_for("saved ")
        writer.kill()
    finally:
        writer.stop()
    final = facts(store)
    final.assert_whole()
    store.dispose()

    for path, acknowledged in copies:
        assert backup.verify_backup(path) == [], path
        kommentar, hashes = snapshot(path)
        assert hashes == final.audit_hashes[: len(hashes)], f"{path.name} is not a snapshot"
        assert acknowledged <= set(kommentar), f"{path.name} misses acknowledged saves"
    sizes = [len(snapshot(path)[1]) for path, _ in copies]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1] < len(final.audit_hashes)

    chosen = copies[len(copies) // 2][0]
    restored = backup.restore(url, chosen, CLOCK)
    assert restored.kept is not None
    store = open_store(url)
    try:
        after = facts(store)
        after.assert_whole()
        assert (after.kommentar, after.audit_hashes) == snapshot(chosen)
        [new_id] = save(store, "efter gendannelsen")  # the restored store takes new saves
        assert facts(store).kommentar[new_id] == "efter gendannelsen"
    finally:
        store.dispose()
    kept = snapshot(restored.kept)
    assert kept == (final.kommentar, final.audit_hashes)  # nothing is thrown away


def damage(path: Path) -> None:
    """Overwrite the middle of the file (table pages; not the header) with garbage."""
    size = path.stat().st_size
    page = 4096
    with open(path, "r+b") as handle:
        handle.seek((size // page // 2) * page)
        handle.write(bytes(random.Random(1).randrange(256) for _ in range(3 * page)))


def test_damaged_store_opens_read_only_says_how_to_restore_and_the_restore_drill_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mvk.sqlite"
    url = f"sqlite:///{path}"
    store = open_store(url)
    save(store, *(f"forløb {i} " + "x" * 300 for i in range(60)))
    daily = backup.daily_backup(store, CLOCK)
    assert daily == tmp_path / "backups" / "mvk-2024-06-15.sqlite"
    save(store, "efter kopien")
    store.dispose()
    damage(path)

    store = open_store(url)
    try:
        assert store.readonly and store.damaged is not None
        notice = store.damaged.message("da")
        assert "er beskadiget" in notice and "kun kan læses" in notice
        assert "mvk db restore" in notice and str(tmp_path / "backups") in notice
        with pytest.raises(StoreDamaged) as refused, store.write() as session:
            pathways.register(session, pathway_data("ny"), CTX)
        assert "mvk db restore" in refused.value.message("da")
        assert backup.daily_backup(store, FixedClock(DAY + timedelta(days=1))) is None
    finally:
        store.dispose()
    assert backup.daily_backups(path) == [daily]  # the damaged store never pushes a good one out

    capsys.readouterr()
    assert main(["--db", url, "--today", "2024-06-16", "db", "restore", str(daily)]) == 0
    out = capsys.readouterr().out.splitlines()
    kept = tmp_path / "mvk.før-gendannelse-20240616T120000.sqlite"
    assert out[0] == f"Sikkerhedskopien «{daily}» er kontrolleret: OK."
    assert out[1] == f"Det hidtidige lager er gemt som «{kept}»."
    assert out[2].startswith(f"Lageret «{path}» er gendannet fra «{daily}»")
    assert kept.is_file()

    store = open_store(url)
    try:
        assert not store.readonly and store.damaged is None
        found = facts(store)
        found.assert_whole()
        assert (found.kommentar, found.audit_hashes) == snapshot(daily)
        assert len(found.kommentar) == 60
    finally:
        store.dispose()


# --- refusals ------------------------------------------------------------------------------------
@pytest.fixture
def made(tmp_path: Path) -> tuple[str, Path]:
    """A store with a row, and a good backup of it."""
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    store = open_store(url)
    save(store, "gemt")
    copy = backup.backup_sqlite(store.engine, tmp_path / "kopi.sqlite")
    save(store, "senere")
    store.dispose()
    return url, copy


def store_bytes(url: str) -> bytes:
    return Path(url.removeprefix("sqlite:///")).read_bytes()


def refused(url: str, copy: Path, error: type[Exception] = StoreError) -> str:
    before = store_bytes(url)
    with pytest.raises(error) as raised:
        backup.restore(url, copy, CLOCK)
    assert store_bytes(url) == before
    assert not [p for p in copy.parent.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert isinstance(raised.value, StoreError)
    return raised.value.message("da")


def test_a_damaged_backup_is_refused(made: tuple[str, Path]) -> None:
    url, copy = made
    damage(copy)
    assert "består ikke kontrollen" in refused(url, copy)


def test_a_backup_of_another_program_is_refused(made: tuple[str, Path], tmp_path: Path) -> None:
    url, _copy = made
    other = tmp_path / "andet.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE kunder (navn TEXT)")
    assert "ikke en sikkerhedskopi af et MVK-lager" in refused(url, other)
    text_file = tmp_path / "noter.txt"
    text_file.write_text("ikke en database\n" * 100, encoding="utf-8")
    assert "består ikke kontrollen" in refused(url, text_file)


def test_a_backup_from_a_newer_version_is_refused(made: tuple[str, Path]) -> None:
    url, copy = made
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_newer'")
    assert "nyere version af MVK (skema 9999_newer)" in refused(url, copy)


def test_restore_over_another_programs_file_is_refused(
    made: tuple[str, Path], tmp_path: Path
) -> None:
    _url, copy = made
    other = tmp_path / "andet.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE kunder (navn TEXT)")
    refused(f"sqlite:///{other}", copy, StoreForeign)


def test_restore_while_the_store_is_open_elsewhere_is_refused(made: tuple[str, Path]) -> None:
    url, copy = made
    other = sqlite3.connect(url.removeprefix("sqlite:///"))
    other.execute("SELECT count(*) FROM pathway").fetchone()  # an open connection, as MVK has
    try:
        assert "er åbent i et andet program" in refused(url, copy, StoreInUse)
    finally:
        other.close()
    assert backup.restore(url, copy, CLOCK).kept is not None  # closed: now it works


def test_restore_refuses_a_missing_file_and_the_store_itself(made: tuple[str, Path]) -> None:
    url, copy = made
    assert "findes ikke" in refused(url, copy.with_name("ingen.sqlite"))
    assert "selve lageret" in refused(url, Path(url.removeprefix("sqlite:///")))


def test_restore_on_postgres_points_to_pg_restore(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as raised:
        backup.restore("postgresql+psycopg://mvk@db.example/mvk", tmp_path / "x", CLOCK)
    message = raised.value.message("da")
    assert "pg_restore" in message and "--dbname=mvk" in message and "--host=db.example" in message


def test_restore_into_a_new_place_makes_the_store(made: tuple[str, Path], tmp_path: Path) -> None:
    _url, copy = made
    target = tmp_path / "ny" / "mvk.sqlite"
    result = backup.restore(f"sqlite:///{target}", copy, CLOCK)
    assert result.kept is None
    store = open_store(f"sqlite:///{target}")
    try:
        assert list(facts(store).kommentar.values()) == ["gemt"]
        with store.read() as session:
            assert session.connection().exec_driver_sql("PRAGMA application_id").scalar() == (
                APPLICATION_ID
            )
    finally:
        store.dispose()


# --- a backup killed while it writes ---------------------------------------------------------------
BACKUP_CHILD = """
import sys
from pathlib import Path
from app.store.backup import backup_sqlite
from app.store.migrate import open_store

store = open_store(sys.argv[1])
print("backing up", flush=True)
backup_sqlite(store.engine, Path(sys.argv[2]))
print("done", flush=True)
"""


def temp_bytes(folder: Path) -> int:
    total = 0
    for entry in os.scandir(folder):
        if entry.name.startswith(TEMP_PREFIX):
            with contextlib.suppress(FileNotFoundError):
                total += entry.stat().st_size
    return total


def test_a_killed_backup_leaves_no_temporary_file_after_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("MVK_STATE_DIR", str(state))
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    store = open_store(url)
    save(store, *(f"{i} " + "y" * 450 for i in range(50)))
    store.dispose()
    path = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:  # bulk, so the copy takes long enough to be caught
        conn.execute("CREATE TABLE fyld (data BLOB)")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000) "
            "INSERT INTO fyld SELECT randomblob(1000) FROM n"
        )
    size = path.stat().st_size
    folder = tmp_path / "kopier"
    folder.mkdir()
    target = folder / "kopi.sqlite"
    rng = random.Random(SEED)
    print(f"killed backups: seed {SEED}")
    killed_while_writing = 0
    for _ in range(3):
        threshold = rng.randrange(1, size)
        child = Child(BACKUP_CHILD, url, str(target), MVK_STATE_DIR=str(state))
        try:
            child.wait_for("backing up")
            while child.proc.poll() is None and temp_bytes(folder) < threshold:
                pass
            child.proc.send_signal(signal.SIGKILL)
            child.finish()
        finally:
            child.stop()
        remove_leftovers()  # the next start
        assert not [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
        if target.exists():  # the backup finished before the kill: then it is whole
            assert backup.verify_backup(target) == []
            target.unlink()
        else:
            killed_while_writing += 1
    assert sorted(p.name for p in folder.iterdir()) == []
    assert killed_while_writing > 0, "no backup was killed while it wrote"
    shutil.rmtree(state, ignore_errors=True)
