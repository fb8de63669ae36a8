"""A kill -9 during ``import`` leaves the store with all of the file or none of it, and intact.

The store already holds an earlier file of the same source, so the big file's import inserts,
updates and soft-deletes. A child process imports the file through the real store and services and
prints a line at every progress step; the test reads its lines and kills it right after a line
chosen by a seeded generator (the seed is printed) — no sleeps. After each kill the store must be
either exactly as before the import or exactly as after a complete one (compared with a reference
run), pass ``PRAGMA integrity_check`` and keep an unbroken audit chain.
``MVK_KILL_LOOPS`` sets the number of kills (default 4), ``MVK_KILL_SEED`` the seed.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.clock import FixedClock
from app.domain.pathway import PathwayData, derive
from app.services import importer
from app.services.context import ServiceContext
from app.store import audit
from app.store.migrate import open_store
from app.submission.format import spec
from app.submission.writer import build_content, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2024, 6, 15)

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from app.clock import FixedClock
    from app.services import importer
    from app.services.context import ServiceContext
    from app.store.migrate import open_store

    importer.BATCH = 500  # more progress lines: more places to be killed at
    store = open_store(sys.argv[1])
    ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="kill")

    def progress(phase, done, total):
        print(f"progress {phase} {done} {total}", flush=True)

    with store.write() as session:
        plan = importer.plan_import(session, sys.argv[2], ctx, progress=progress)
        importer.apply_import(session, plan, ctx, progress=progress)
    print("committed", flush=True)
    """
)


def row(n: int, days: int) -> list[Any]:
    henvisning = date(2023, 10, 1) + timedelta(days=n % 60)
    start = henvisning + timedelta(days=days)
    data = PathwayData(
        cpr=f"{1 + n % 28:02d}{1 + n % 12:02d}{50 + n % 40:02d}{n % 4000:04d}",
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="8001",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=henvisning,
        tilbudt_start=start,
        start=start,
        kommentar=f"forløb {n}",
    )
    derived = derive(data)
    values = {
        **data.as_dict(),
        "forloeb_id": f"00000000-0000-4000-8000-{n:012d}",
        "frist": derived.frist.dato,
        "ventedage": derived.ventedage,
        "kategori": derived.kategori,
    }
    return [
        v.isoformat() if isinstance(v, date) else v
        for v in (values[h] for h in spec().forloeb.header)
    ]


def write_file(folder: Path, rows: Sequence[list[Any]], leverance: int) -> Path:
    meta = {
        "region": "1084",
        "periode": "2023K4",
        "leverance": leverance,
        "indberetter_shak": "1301",
        "dannet": f"2024-0{leverance}-10T09:00:00+01:00",
        "dannet_af": "AB",
        "program": "andet program",
        "udland_opgjort": "J",
    }
    folder.mkdir(parents=True, exist_ok=True)
    name = f"MVK_1084_2023K4_20240{leverance}10T090000.xlsx"
    udland = [[2023, 2, "1084", "UDREDNING", None, None, "SE", leverance, None]]
    return write_xlsx(build_content(meta, list(rows), udland), folder / name)


def signature(path: Path) -> str:
    """What the store holds, as one digest: every pathway and abroad count, and the audit log."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        digest = hashlib.sha256()
        for query in (
            "SELECT forloeb_id, deleted, start, kategori, version FROM pathway ORDER BY 1",
            "SELECT kilde_shak, kvartal, land, antal, deleted FROM abroad_count ORDER BY 1, 2, 3",
            "SELECT id, hash FROM audit_log ORDER BY id",
        ):
            for found in conn.execute(query):
                digest.update(repr(found).encode())
    conn.close()
    return digest.hexdigest()


def run_child(
    store: Path, file: Path, env: dict[str, str], kill_after: int | None
) -> tuple[list[str], bool]:
    """The child's lines up to the kill (or its end), and whether it was killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, f"sqlite:///{store}", str(file)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    lines: list[str] = []
    killed = False
    for line in child.stdout:
        lines.append(line.strip())
        if kill_after is not None and len(lines) == kill_after and child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed = True
            break
    child.stdout.close()
    child.wait(timeout=300)
    return lines, killed


def test_kill_during_import_leaves_all_or_nothing(sqlite_template: Path, tmp_path: Path) -> None:
    seed = int(os.environ.get("MVK_KILL_SEED", "20241124"))
    loops = int(os.environ.get("MVK_KILL_LOOPS", "4"))
    print(f"kill loop seed {seed}, {loops} kills")
    rng = random.Random(seed)
    env = {**os.environ, "MVK_STATE_DIR": str(tmp_path / "state")}

    # the store before: an earlier file of the same source (2,000 pathways)
    base = tmp_path / "base.sqlite"
    shutil.copy(sqlite_template, base)
    earlier = write_file(tmp_path / "files", [row(n, 3) for n in range(2000)], leverance=1)
    ctx = ServiceContext.default(FixedClock(TODAY), login="setup")
    store = open_store(f"sqlite:///{base}")
    with store.write() as session:
        importer.apply_import(session, importer.plan_import(session, earlier, ctx), ctx)
    store.dispose()
    old = signature(base)

    # the big file: 400 removed, 400 changed, 1,200 unchanged, 2,400 new
    rows = [row(n, 5 if n < 800 else 3) for n in range(400, 4400)]
    big = write_file(tmp_path / "files", rows, leverance=2)

    reference = tmp_path / "reference.sqlite"
    shutil.copy(base, reference)
    lines, _killed = run_child(reference, big, env, None)
    assert lines[-1] == "committed", lines
    new = signature(reference)
    assert new != old
    write_lines = [i + 1 for i, line in enumerate(lines) if line.startswith("progress write")]
    assert len(write_lines) >= 3, lines

    # kill points: once in the middle of writing, the rest anywhere
    points = [rng.choice(write_lines[:-1])]
    points += [rng.randrange(1, len(lines) + 1) for _ in range(loops - 1)]
    outcomes: list[tuple[int, str, bool, str]] = []
    for point in points:
        target = tmp_path / f"kill_{len(outcomes)}.sqlite"
        shutil.copy(base, target)
        seen, killed = run_child(target, big, env, point)
        state = signature(target)
        assert state in (old, new), f"kill after line {point} ({seen[-1]}): half an import"
        check = open_store(f"sqlite:///{target}")
        with check.read() as session:
            assert audit.verify_chain(session).ok
        check.dispose()
        outcomes.append((point, seen[-1], killed, "none" if state == old else "all"))
    print(outcomes)
    assert outcomes[0][2] and outcomes[0][3] == "none", "the kill while writing left the file in"
