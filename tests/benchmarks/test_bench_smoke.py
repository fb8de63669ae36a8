"""`make bench`'s runner at a tiny size: it prints the table and writes JSON with every case and its
baseline. Timings are never asserted (they depend on the machine and what else runs on it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {
    "startup",
    "worklist_first_page",
    "worklist_filter_open_partner",
    "worklist_filter_quarter",
    "worklist_sort",
    "worklist_cpr_search",
    "register",
    "export",
    "validate",
    "import",
}


def test_runner_prints_the_table_and_writes_every_case_with_its_baseline(tmp_path: Path) -> None:
    out = tmp_path / "results"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--large=500",
            "--rows=500",
            "--register=20",
            "--reps=1",
            "--startup-reps=1",
            "--file-reps=1",
            "--no-warmup",
            f"--cache={tmp_path / 'cache'}",
            f"--out={out}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| figure | median | p95 | baseline (median) |" in done.stdout
    result = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    figures = {f["name"]: f for f in result["figures"]}
    assert set(figures) == FIGURES
    for name, f in figures.items():
        assert f["baseline_what"], name
        for side in ("measured", "baseline"):
            assert f[side]["n"] >= 1, (name, side)
            assert f[side]["median"] > 0, (name, side)
        assert f["peak_rss_mib"] > 0 and f["baseline_peak_rss_mib"] > 0, name
        assert f["what"].split(" (")[0] in done.stdout, name
    assert figures["startup"]["rows_shown"] > 0  # the worklist's first page was on screen
    assert figures["register"]["measured"]["n"] == 20
    assert figures["validate"]["error_rules"] == []  # the generated file is valid
    assert figures["import"]["measured"]["n"] == 1
    assert result["machine"]["sqlite"] and result["sizes"]["large"] == 500
    assert (out / "latest.md").read_text(encoding="utf-8").count("\n|") == len(
        FIGURES
    ) + 2  # header, rule, rows
