"""R1: kill -9 a process that saves pathways through the real store, at random moments.

The child (``store_kit.SAVER``) registers and corrects pathways in ``Store.write()`` sessions and
prints "saving <id> <kommentar>" before and "saved <id> <kommentar>" after each commit — the latter
is an acknowledged save. After a random number of acknowledged saves (seeded; the seed is printed)
the test kills it at one of three kinds of moment: a random number of microseconds into the next
save (validation, inserts, audit row, commit, checkpoint), the instant that save's commit writes the
write-ahead log, or right after an acknowledged save. After every kill the store is opened again (as the next start would) and must show:

- every acknowledged save, with its value (the save in flight may be there or not, whole);
- no half-applied save: every pathway has its create audit row and vice versa, every row equals
  what replaying its audit log gives, the hash chain is unbroken;
- ``integrity_check`` ok.

``MVK_KILL_LOOPS`` sets the number of kills (10 by default; ``make reliability`` runs 200);
``MVK_KILL_SEED`` repeats a run.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from store_kit import SAVER, Child, facts

from app.store.migrate import open_store

LOOPS = int(os.environ.get("MVK_KILL_LOOPS", "10"))
SEED = int(os.environ.get("MVK_KILL_SEED", "20240615"))


def spin(microseconds: int) -> None:
    """Wait (yielding the processor, never sleeping a fixed time) to place the kill at a random
    moment inside the save that has begun."""
    end = time.perf_counter_ns() + microseconds * 1000
    while time.perf_counter_ns() < end:
        os.sched_yield()


def wal_written(wal: Path, child: Child) -> None:
    """Wait until the save's commit has written to the write-ahead log (or the child has ended).

    The child's write session is the store's only connection, so the log is removed when each
    session closes and is written again by the next commit."""
    while child.proc.poll() is None:
        try:
            if wal.stat().st_size > 0:
                return
        except FileNotFoundError:
            pass
        os.sched_yield()


def test_killed_saver_loses_no_acknowledged_save_and_leaves_no_half_save(tmp_path: Path) -> None:
    print(f"R1 kill loop: seed {SEED}, {LOOPS} kills (MVK_KILL_SEED / MVK_KILL_LOOPS)")
    rng = random.Random(SEED)
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    open_store(url).dispose()

    acknowledged: dict[str, str] = {}  # id -> the last kommentar the child said it saved
    kills = in_flight_kills = in_flight_applied = 0
    for loop in range(LOOPS):
        saves_before_kill = rng.randrange(0, 10)
        moment = rng.choices(["inside", "commit", "between"], weights=[5, 3, 2])[0]
        delay_us = rng.randrange(0, 15_000)
        child = Child(SAVER, url, str(rng.randrange(1 << 30)), "-1")
        try:
            child.wait_for("ready")
            for _ in range(saves_before_kill):
                child.wait_for("saved ")
            if moment == "between":  # just after an acknowledged save
                lines = child.kill()
            else:
                child.wait_for("saving ")
                if moment == "inside":  # anywhere in the save: inserts, commit, checkpoint
                    spin(delay_us)
                else:  # while the commit writes the log
                    wal_written(tmp_path / "mvk.sqlite-wal", child)
                lines = child.kill()
        finally:
            child.stop()
        assert child.proc.returncode == -signal.SIGKILL, f"loop {loop}: the child ended on its own"
        kills += 1
        # Every line that reached the pipe before the kill counts; so does one "saving" in flight.
        in_flight: tuple[str, str] | None = None
        for line in lines:
            word, _sep, rest = line.partition(" ")
            forloeb_id, _sep, kommentar = rest.partition(" ")
            if word == "saving":
                in_flight = (forloeb_id, kommentar)
            elif word == "saved":
                acknowledged[forloeb_id] = kommentar
                in_flight = None

        in_flight_kills += in_flight is not None
        store = open_store(url)  # the next start
        try:
            found = facts(store)
        finally:
            store.dispose()
        context = f"seed {SEED}, loop {loop}"
        found.assert_whole()
        missing = sorted(set(acknowledged) - set(found.kommentar))
        assert missing == [], f"{context}: acknowledged saves missing: {missing}"
        for forloeb_id, kommentar in acknowledged.items():
            allowed = {kommentar}
            if in_flight and in_flight[0] == forloeb_id:
                allowed.add(in_flight[1])
            assert found.kommentar[forloeb_id] in allowed, f"{context}: {forloeb_id} lost its save"
        extra = set(found.kommentar) - set(acknowledged)
        assert extra <= ({in_flight[0]} if in_flight else set()), f"{context}: unknown rows {extra}"
        if in_flight and found.kommentar.get(in_flight[0]) == in_flight[1]:
            acknowledged[in_flight[0]] = in_flight[1]  # committed just before the kill
            in_flight_applied += 1

    print(
        f"R1: {kills} kills, {in_flight_kills} during a save, {len(acknowledged)} pathways, "
        f"{in_flight_applied} saves committed just before their kill"
    )
    assert len(acknowledged) > 0
    assert in_flight_kills > 0, "no kill landed inside a save; the delays are too short"
