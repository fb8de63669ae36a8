"""MVK's benchmarks: every figure beside a baseline measured in the same run. Asserts nothing.

    .venv/bin/python benchmarks/run.py            # full sizes: 1,000,000 and 100,000 pathways
    .venv/bin/python benchmarks/run.py --quick    # smoke sizes: 100,000 and 10,000
    .venv/bin/python benchmarks/run.py --large 500 --rows 500 --reps 1 --out DIR   # the test's

Cases (``cases.py``), each repetition of the start-up and each other case in a fresh process of its
own, so that its peak RSS (``ru_maxrss`` from ``wait4``) is its own:

- start-up to the main window painted with its first worklist page (``--large`` store, offscreen)
  vs a bare QApplication painting an empty QMainWindow;
- worklist first page, filter, sort, CPR search at ``--large`` pathways vs the same SQL in sqlite3;
- registering ``--register`` pathways, one write transaction each, vs one Core INSERT per transaction;
- export of a quarter of ``--rows`` pathways vs openpyxl write-only of the same values;
- validation of a file of ``--rows`` pathways vs openpyxl read-only of every cell of the file;
- import of that file into an empty store vs the same openpyxl read-only reading.

Generated stores and files are cached in ``benchmarks/.cache/`` (``stores.py``; keyed by size, seed,
day and schema revision). Results: a table on stdout, ``latest.json`` and ``latest.md`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stores

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases.py"
FULL = {"large": 1_000_000, "rows": 100_000}
QUICK = {"large": 100_000, "rows": 10_000}
TARGET_WORKLIST_MS = 100.0
TARGET_REGISTER_P95_MS = 50.0


# --- running a case in its own process -----------------------------------------------------------
def run_case(name: str, args: dict[str, Any], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one case in a new process; its result, its wall time from spawn and its peak RSS."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(CASES), name, json.dumps(args)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    ended = time.perf_counter()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"case {name} failed with exit status {child.returncode}")
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise RuntimeError(f"case {name} printed no result")
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    result["_spawned_at"] = started
    result["_process_s"] = ended - started
    result["_ru_maxrss_mib"] = usage.ru_maxrss / 1024  # KiB on Linux
    # ru_maxrss of a child also holds the parent's RSS at spawn (vfork + exec); the child's own
    # VmHWM does not. The parent is kept lean (no app imports), and the larger of the two is never
    # reported: the child's VmHWM where Linux has it, else ru_maxrss.
    result["_peak_rss_mib"] = result.get("_vmhwm_mib") or result["_ru_maxrss_mib"]
    return result


def prepare(cache: Path, large: int, rows: int) -> dict[str, Path]:
    """The cached stores and file (made in a child process, so this one stays lean)."""
    output = subprocess.run(
        [
            sys.executable,
            str(HERE / "stores.py"),
            "--cache",
            str(cache),
            str(large),
            f"rows={rows}",
        ],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return {key: Path(value) for key, value in json.loads(output.splitlines()[-1]).items()}


# --- statistics ----------------------------------------------------------------------------------
def summary(values: list[float]) -> dict[str, Any]:
    ordered = sorted(values)
    p95 = ordered[0] if len(ordered) == 1 else statistics.quantiles(ordered, n=20)[18]
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "p95": p95,
        "min": ordered[0],
        "max": ordered[-1],
    }


def figure(
    name: str,
    what: str,
    unit: str,
    measured: dict[str, Any],
    baseline: dict[str, Any],
    baseline_what: str,
    *,
    runs: list[dict[str, Any]],
    baseline_runs: list[dict[str, Any]],
    target: str | None = None,
    met: bool | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    ratio = measured["median"] / baseline["median"] if baseline["median"] else None
    return {
        "name": name,
        "what": what,
        "unit": unit,
        "measured": measured,
        "baseline_what": baseline_what,
        "baseline": baseline,
        "ratio": ratio,
        "peak_rss_mib": max(r["_peak_rss_mib"] for r in runs),
        "baseline_peak_rss_mib": max(r["_peak_rss_mib"] for r in baseline_runs),
        "ru_maxrss_mib": max(r["_ru_maxrss_mib"] for r in runs),
        "baseline_ru_maxrss_mib": max(r["_ru_maxrss_mib"] for r in baseline_runs),
        "target": target,
        "target_met": met,
        **(extra or {}),
    }


# --- the cases -----------------------------------------------------------------------------------
def startup(store: Path, reps: int, scratch: Path, warmup: bool) -> list[dict[str, Any]]:
    home = scratch / "home"
    env = {
        "MVK_LOG_DIR": str(home / "log"),
        "MVK_STATE_DIR": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        "MVK_TODAY": stores.TODAY.isoformat(),
        "USER": stores.LOGIN,
        "LOGNAME": stores.LOGIN,
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    if warmup:
        _say("start-up: a warm-up start (takes the day's backup once, fills the OS file cache)")
        run_case("startup_app", {"store": str(store)}, env)
    app_runs, bare_runs = [], []
    for rep in range(reps):  # interleaved, so that a busy moment hits both alike
        _say(f"start-up {rep + 1}/{reps}")
        bare_runs.append(run_case("startup_bare", {}, env))
        app_runs.append(run_case("startup_app", {"store": str(store)}, env))

    def ms(runs: list[dict[str, Any]]) -> list[float]:
        return [(r["shown_at"] - r["_spawned_at"]) * 1000 for r in runs]

    return [
        figure(
            "startup",
            "start-up to the main window with its first worklist page painted",
            "ms",
            summary(ms(app_runs)),
            summary(ms(bare_runs)),
            "bare QApplication painting an empty QMainWindow",
            runs=app_runs,
            baseline_runs=bare_runs,
            extra={"rows_shown": app_runs[-1]["rows_shown"], "open_total": app_runs[-1]["total"]},
        )
    ]


def worklist(store: Path, reps: int, scratch: Path) -> list[dict[str, Any]]:
    from cases import QUERY_TEXT

    sql = scratch / "worklist-sql.json"
    _say(f"worklist: {len(QUERY_TEXT)} questions × {reps} through the service")
    service = run_case("worklist", {"store": str(store), "reps": reps, "sql_out": str(sql)})
    _say(f"worklist: the same SQL × {reps} through sqlite3")
    raw = run_case("worklist_raw", {"store": str(store), "reps": reps, "sql_in": str(sql)})
    figures = []
    for name, text in QUERY_TEXT.items():
        measured = summary(service[name]["ms"])
        figures.append(
            figure(
                f"worklist_{name}",
                f"worklist {text}",
                "ms",
                measured,
                summary(raw[name]["ms"]),
                "the same SELECTs (page + count) in plain sqlite3",
                runs=[service],
                baseline_runs=[raw],
                target=f"median < {TARGET_WORKLIST_MS:.0f} ms",
                met=measured["median"] < TARGET_WORKLIST_MS,
                extra={
                    "matching": service[name]["total"],
                    "rows": service[name]["rows"],
                    "query_plans": raw[name]["plans"],
                },
            )
        )
    return figures


def register(store: Path, count: int, scratch: Path) -> list[dict[str, Any]]:
    results = {}
    for case in ("register_raw", "register"):
        copy = scratch / "register"
        copy.mkdir(exist_ok=True)
        target = stores.scratch_copy(store, copy)
        _say(f"{case}: {count:,} pathways into a copy of {store.name}")
        results[case] = run_case(case, {"store": str(target), "count": count})
        shutil.rmtree(copy)
    measured = summary(results["register"]["ms"])
    return [
        figure(
            "register",
            f"registering {count:,} pathways, one write transaction each (per save)",
            "ms",
            measured,
            summary(results["register_raw"]["ms"]),
            "the same rows, one Core INSERT per transaction (no audit row, no checks)",
            runs=[results["register"]],
            baseline_runs=[results["register_raw"]],
            target=f"p95 < {TARGET_REGISTER_P95_MS:.0f} ms",
            met=measured["p95"] < TARGET_REGISTER_P95_MS,
        )
    ]


def files(rows: int, reps: int, store: Path, file: Path, scratch: Path) -> list[dict[str, Any]]:
    out = scratch / "export"
    _say(f"export: a quarter of {rows:,} pathways × {reps}")
    raw_export = run_case("export_raw", {"store": str(store), "out": str(out), "reps": reps})
    export = run_case("export", {"store": str(store), "out": str(out), "reps": reps})
    _say(f"validate and read a file of {rows:,} pathways × {reps}")
    read = run_case("read_raw", {"file": str(file), "reps": reps})
    validate = run_case("validate", {"file": str(file), "reps": reps})
    _say(f"import a file of {rows:,} pathways into an empty store × {reps}")
    imported = run_case("import", {"file": str(file), "reps": reps, "scratch": str(scratch)})
    read_baseline = "openpyxl read-only, every cell's value and type"
    return [
        figure(
            "export",
            f"export of {export['rows']:,} pathways (national file, export service)",
            "s",
            summary(export["s"]),
            summary(raw_export["s"]),
            "openpyxl write-only of the same values",
            runs=[export],
            baseline_runs=[raw_export],
            extra={"file_mib": export["file_mib"]},
        ),
        figure(
            "validate",
            f"validation of a file of {rows:,} pathway rows (validate_file)",
            "s",
            summary(validate["s"]),
            summary(read["s"]),
            read_baseline,
            runs=[validate],
            baseline_runs=[read],
            extra={"findings": validate["findings"], "error_rules": validate["error_rules"]},
        ),
        figure(
            "import",
            f"import of {imported['new']:,} pathways into an empty store (plan + apply)",
            "s",
            summary(imported["s"]),
            summary(read["s"]),
            read_baseline,
            runs=[imported],
            baseline_runs=[read],
        ),
    ]


# --- reporting -----------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_before": load,
    }


def _num(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


def table(figures: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| figure | median | p95 | baseline (median) | × | peak RSS (baseline) | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        m, b, unit = f["measured"], f["baseline"], f["unit"]
        target = f["target"] or "—"
        if f["target_met"] is not None:
            target += " ✓" if f["target_met"] else " **missed**"
        ratio = f"{f['ratio']:.1f}" if f["ratio"] is not None else "—"
        lines.append(
            f"| {f['what']} (n={m['n']}) | {_num(m['median'], unit)} | {_num(m['p95'], unit)} "
            f"| {_num(b['median'], unit)} — {f['baseline_what']} | {ratio} "
            f"| {f['peak_rss_mib']:.0f} MiB ({f['baseline_peak_rss_mib']:.0f} MiB) | {target} |"
        )
    return lines


def _say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 and 10,000 pathways")
    parser.add_argument("--large", type=int, help="pathways of the store for start-up/worklist")
    parser.add_argument("--rows", type=int, help="pathways of the export/validate/import file")
    parser.add_argument("--register", type=int, default=1000, help="pathways registered")
    parser.add_argument("--reps", type=int, default=20, help="worklist repetitions")
    parser.add_argument("--startup-reps", type=int, default=7)
    parser.add_argument("--file-reps", type=int, default=3, help="export/validate/import runs")
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help="no uncounted first start (the first start of a day also takes the daily backup)",
    )
    parser.add_argument("--cache", type=Path, default=stores.DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    sizes = dict(QUICK if args.quick else FULL)
    sizes["large"] = args.large or sizes["large"]
    sizes["rows"] = args.rows or sizes["rows"]
    if args.reps < 1 or args.startup_reps < 1 or args.file_reps < 1 or args.register < 1:
        parser.error("repetitions and counts must be ≥ 1")

    began = time.perf_counter()
    info = machine()
    _say(f"MVK benchmarks: {sizes['large']:,} / {sizes['rows']:,} pathways on {info['cpu']}")
    args.cache.mkdir(parents=True, exist_ok=True)
    paths = prepare(args.cache, sizes["large"], sizes["rows"])
    prepared = time.perf_counter() - began
    scratch = args.cache / f"run-{os.getpid()}"
    scratch.mkdir()
    try:
        figures = [
            *startup(paths["demo"], args.startup_reps, scratch, args.warmup),
            *worklist(paths["demo"], args.reps, scratch),
            *register(paths["demo"], args.register, scratch),
            *files(sizes["rows"], args.file_reps, paths["imported"], paths["file"], scratch),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "sizes": {**sizes, "register": args.register},
        "repetitions": {
            "worklist": args.reps,
            "startup": args.startup_reps,
            "files": args.file_reps,
        },
        "store_preparation_s": round(prepared, 1),
        "total_s": round(time.perf_counter() - began, 1),
        "figures": figures,
        "notes": [
            "Each case runs in its own process; peak RSS is that process's own high-water mark "
            "(VmHWM; ru_maxrss from wait4 is kept as _ru_maxrss_mib in the raw data — it also "
            "counts the runner's memory at spawn).",
            "Start-up: from spawning the process to the first paint, median of fresh processes "
            "(one warm-up start first: the store file is in the OS cache).",
            "Worklist: the service opens a new read session (a new SQLite connection) per question, "
            "as the window does; the baseline reuses one connection.",
            "Timings are wall-clock on a shared machine; other work running alongside adds noise.",
        ],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    lines = table(figures)
    header = (
        f"MVK benchmarks {result['date']}: {sizes['large']:,} pathways (start-up, worklist, "
        f"registering), {sizes['rows']:,} (export, validation, import); {info['cpu']}, "
        f"{info['cores']} cores, {info['memory_gib']} GiB, Python {info['python']}, "
        f"SQLite {info['sqlite']}"
    )
    (args.out / "latest.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.out / "latest.md").write_text("\n".join([header, "", *lines, ""]), encoding="utf-8")
    print(header)
    print()
    print("\n".join(lines))
    print(f"\nwritten: {args.out / 'latest.json'}, {args.out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
