"""Validation speed: ``validate_file`` beside openpyxl's read-only mode just reading the same file.

Generates a valid national file (default 100,000 pathways, openpyxl write-only), then times both in
the same run and prints the figures (target: validation ≤ 2× plain reading). Asserts nothing.

    .venv/bin/python benchmarks/bench_validate.py [--rows N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell

from app.domain.rules import compute_frist
from app.submission.format import kontrolsum, spec
from app.submission.validator import validate_file

AREAS = ["BRYST", "LUNGE", "PROSTATA", "TYKTARM_ENDETARM", "MODERMAERKE", "ANDET"]


def _cpr(rng: random.Random) -> str:
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 70))
    seventh = "0" if born.year < 2000 else "4"
    return f"{born:%d%m%y}{seventh}{rng.randrange(1000):03d}"


def _pathway(rng: random.Random) -> list[Any]:
    kind = rng.choice(["UDREDNING", "BEHANDLING", "EFTERBEHANDLING"])
    end = date(2024, 10, 1) + timedelta(days=rng.randrange(92))
    henvisning = end - timedelta(days=rng.randrange(0, 60))
    samtykke = None if kind == "UDREDNING" else henvisning + timedelta(days=rng.randrange(0, 5))
    frist = compute_frist(kind, henvisning, samtykke).dato
    interrupted = rng.random() < 0.05
    kategori, aarsag = (1, None) if end <= frist else rng.choice([(2, "HELBRED"), (3, "KAPACITET")])
    return [
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        _cpr(rng),
        "1084",
        "1301011",
        "P1234A",
        "PRIVAT",
        kind,
        None if kind == "UDREDNING" else rng.choice(["KIRURGI", "MEDICINSK", "STRAALE"]),
        rng.choice(AREAS),
        henvisning.isoformat(),
        samtykke.isoformat() if samtykke else None,
        frist.isoformat(),
        None if interrupted else end.isoformat(),
        None if interrupted else end.isoformat(),
        end.isoformat() if interrupted else None,
        (end - henvisning).days,
        kategori,
        aarsag,
        rng.choice([None, "BEKRAEFTET", "AFKRAEFTET"]) if kind == "UDREDNING" else None,
        rng.choice([None, "Æblegrød på ø", "=1+1 er tekst", "Ringet op; ønsket senere tid"]),
    ]


def write_file(folder: Path, rows: int) -> Path:
    rng = random.Random(20240101)
    fspec = spec()
    forloeb = sorted((_pathway(rng) for _ in range(rows)), key=lambda r: r[0])
    udland = [
        [2024, q, "1084", "BEHANDLING", "KIRURGI", "BRYST", "SE", q, None] for q in (1, 2, 3, 4)
    ]
    checksum = kontrolsum(fspec.forloeb.header, forloeb, fspec.udland.header, udland)
    meta = {
        "formatversion": "1.0",
        "region": "1084",
        "periode": "2024K4",
        "leverance": 1,
        "indberetter_shak": "1301",
        "dannet": "2025-01-10T09:30:00+01:00",
        "dannet_af": "bench",
        "program": "mvk bench",
        "antal_forloeb": len(forloeb),
        "antal_udland": len(udland),
        "udland_opgjort": "J",
        "kontrolsum": checksum,
    }
    workbook = openpyxl.Workbook(write_only=True)

    def sheet(name: str, header: list[str], data: list[list[Any]]) -> None:
        ws = workbook.create_sheet(name)
        ws.append(header)
        for row in data:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            ws.append(cells)

    sheet("Indberetning", list(fspec.metadata.header), [[k, v] for k, v in meta.items()])
    sheet("Forloeb", list(fspec.forloeb.header), forloeb)
    sheet("Udland", list(fspec.udland.header), udland)
    path = folder / "MVK_1084_2024K4_20250110T093000.xlsx"
    workbook.save(path)
    return path


def read_only(path: Path) -> int:
    """What any reader must do: every cell's value and type, read-only."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    count = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                _ = (cell.value, cell.data_type)
                count += 1
    workbook.close()
    return count


def timed(label: str, work: Any, memory: bool) -> float:
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = ""
    if memory:
        peak = f", peak {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB (tracemalloc)"
        tracemalloc.stop()
    print(f"{label:<34} {seconds:7.2f} s{peak}   ({result})")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the generated file here and keep it")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory (slower)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        path = write_file(folder, args.rows)
        print(f"generated {args.rows:,} pathways in {time.perf_counter() - start:.1f} s: {path}")
        print(f"file size {path.stat().st_size / 2**20:.1f} MiB")
        reading = timed(
            "openpyxl read-only, every cell", lambda: f"{read_only(path):,} cells", False
        )

        def validating() -> str:
            findings = validate_file(path)
            return f"{len(findings)} findings: {sorted({f.rule for f in findings})}"

        checking = timed("validate_file", validating, False)
        print(f"ratio validate/read: {checking / reading:.2f}× (target ≤ 2×)")
        if args.memory:
            timed("validate_file (memory)", validating, True)


if __name__ == "__main__":
    main()
