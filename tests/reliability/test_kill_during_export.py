"""R11: an export killed at random moments leaves the old complete file or the new complete file,
and after the next start no temporary file (they hold CPR numbers) is left.

Kills happen when the export's temporary files have reached a random size, chosen from a seeded
generator (the seed is printed). ``MVK_KILL_LOOPS`` sets the number of kills (default 4).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from app.safe_files import TEMP_PREFIX
from app.submission.validator import has_errors, validate_file

ROOT = Path(__file__).resolve().parents[2]
CPR_MARK = "0101901235"

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import date, timedelta
    from pathlib import Path
    from app.submission.writer import build_content, write_xlsx

    target = Path(sys.argv[1])
    henvisning = date(2024, 4, 2)
    rows = []
    for i in range(int(sys.argv[2])):
        rows.append([f"00000000-0000-4000-8000-{i:012d}", "0101901235", "1084", "1301", "8001",
                     "PRIVAT", "UDREDNING", None, "BRYST", henvisning.isoformat(), None,
                     (henvisning + timedelta(days=14)).isoformat(), henvisning.isoformat(),
                     henvisning.isoformat(), None, 0, 1, None, None, "kommentar"])
    meta = {"region": "1084", "periode": "2024K2", "leverance": 1, "indberetter_shak": "1301",
            "dannet": "2024-07-01T10:00:00+02:00", "dannet_af": "AB", "program": "mvk test",
            "udland_opgjort": "N"}
    content = build_content(meta, rows, [])
    print("writing", flush=True)
    write_xlsx(content, target)
    print("done", flush=True)
    """
)


def temp_bytes(folder: Path) -> int:
    total = 0
    for entry in os.scandir(folder):
        if entry.name.startswith(TEMP_PREFIX):
            with contextlib.suppress(FileNotFoundError):
                total += entry.stat().st_size
    return total


def test_kill_during_export_leaves_old_or_new_file_and_no_temp_files(tmp_path: Path) -> None:
    seed = int(os.environ.get("MVK_KILL_SEED", "20241123"))
    loops = int(os.environ.get("MVK_KILL_LOOPS", "4"))
    print(f"kill loop seed {seed}, {loops} kills")
    rng = random.Random(seed)
    out = tmp_path / "out"
    out.mkdir()
    state = tmp_path / "state"
    env = {**os.environ, "MVK_STATE_DIR": str(state)}
    target = out / "MVK_1084_2024K2_20240701T100000.xlsx"
    old_content = b"the previous complete delivery"
    target.write_bytes(old_content)
    kills = 0
    for _ in range(loops):
        threshold = rng.randrange(1, 1_500_000)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), "20000"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        while child.poll() is None and temp_bytes(out) < threshold:
            pass
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait()
        # the target is the old complete file or a new complete one
        if target.read_bytes() != old_content:
            assert not has_errors(validate_file(target))
            old_content = target.read_bytes()
        # next start: leftovers removed
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from app.safe_files import remove_leftovers; remove_leftovers()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        leftovers = [p.name for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]
        assert leftovers == []
    assert kills >= 1, "no export was killed while writing; the thresholds are too high"
    for path in tmp_path.rglob("*"):
        if path.is_file() and path != target and CPR_MARK.encode() in path.read_bytes():
            raise AssertionError(f"CPR number left in {path}")
