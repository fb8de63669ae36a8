"""Demo data speed: ``mvk demo`` into a fresh store (default 100,000 pathways on SQLite).

Prints wall time, CPU time and the time of the commit, then how long the audit chain check takes.
Asserts nothing. Pass ``--db`` for a PostgreSQL URL (an empty, migrated or new database).

    .venv/bin/python benchmarks/bench_demo.py [--pathways N] [--seed S] [--db URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.clock import FixedClock
from app.services import demo
from app.services.context import ServiceContext
from app.store import audit
from app.store.migrate import open_store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pathways", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 10))
    parser.add_argument("--db", help="store URL (default: a new SQLite file in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        store = open_store(url)
        ctx = ServiceContext.default(FixedClock(args.today), login="bench")
        wall, cpu = time.perf_counter(), time.process_time()
        with store.write() as session:
            summary = demo.generate(session, ctx, pathways=args.pathways, seed=args.seed)
            generated = time.perf_counter()
        done = time.perf_counter()
        print(
            f"demo {summary.pathways} pathways ({store.dialect}): {done - wall:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU, of which commit {done - generated:.1f} s"
        )
        started = time.perf_counter()
        with store.read() as session:
            report = audit.verify_chain(session)
        print(
            f"audit chain: {report.rows} rows, ok={report.ok}, "
            f"checked in {time.perf_counter() - started:.1f} s"
        )
        store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
