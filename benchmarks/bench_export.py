"""Export speed: ``mvk export`` of N pathways beside raw openpyxl write-only writing the same values.

Fills a fresh SQLite store with the demo generator (default 100,000 pathways), then in the same run:
1. raw openpyxl write-only writing the same rows the exporter will write (the baseline);
2. the service ``export`` (query, validate, write, record the delivery).
Each runs in its own process so peak memory (max RSS) is its own. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_export.py [--pathways N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAW = """
import sys, time, openpyxl
from pathlib import Path
from app.domain.periods import Period
from app.services.export import pathway_rows
from app.store.migrate import open_store
from app.submission.format import spec
store = open_store(sys.argv[1])
with store.read() as s:
    rows = pathway_rows(s, "1084", Period.parse(sys.argv[2]))
t = time.perf_counter()
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Forloeb")
ws.append(list(spec().forloeb.header))
for row in rows:
    ws.append(row)
wb.save(Path(sys.argv[3]) / "raw.xlsx")
print(len(rows), time.perf_counter() - t)
"""

SERVICE = """
import sys, time
from pathlib import Path
from app.clock import FixedClock
from app.domain.periods import Period
from app.services.context import ServiceContext
from app.services.export import export
from app.store.migrate import open_store
from datetime import date
store = open_store(sys.argv[1])
ctx = ServiceContext.default(FixedClock(date(2026, 11, 23)), "bench")
t = time.perf_counter()
with store.write() as s:
    result = export(s, "1084", Period.parse(sys.argv[2]), Path(sys.argv[3]), ctx, trial=True)
print(result.antal_forloeb, time.perf_counter() - t)
"""


def run(code: str, *args: str) -> tuple[int, float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rows, seconds = out.stdout.split()[-2:]
    return int(rows), float(seconds), max(peak_kib, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pathways", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app.cli",
                "--db",
                url,
                "--today",
                "2026-11-23",
                "demo",
                "--pathways",
                str(args.pathways),
                "--seed",
                "1",
            ],
            check=True,
            capture_output=True,
        )
        fill = time.perf_counter() - t
        # the whole store's years in one period would be unrealistic; export the busiest quarter ×4
        period = "2026K1"
        _raw_rows, raw_s, raw_mb = run(RAW, url, period, folder)
        svc_rows, svc_s, svc_mb = run(SERVICE, url, period, folder)
    result = {
        "pathways_in_store": args.pathways,
        "fill_s": round(fill, 2),
        "period": period,
        "rows": svc_rows,
        "raw_openpyxl_s": round(raw_s, 3),
        "export_s": round(svc_s, 3),
        "ratio": round(svc_s / raw_s, 2) if raw_s else None,
        "raw_peak_mb": round(raw_mb, 1),
        "export_peak_mb": round(svc_mb, 1),
    }
    print(f"{'what':34} {'figure':>12}")
    for key, value in result.items():
        print(f"{key:34} {value!s:>12}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
