"""Generated data for the benchmarks, cached outside git in ``benchmarks/.cache/``.

A store or file is keyed by what makes it: its size, the seed, the demo day and the schema revision
(Alembic head), so a second ``make bench`` reuses it and a new migration makes a new one. Each is
written under a temporary name and renamed when complete, so an interrupted run never leaves a
half-made store behind. Cached stores are only ever read by the benchmarks; a case that writes
works on a copy (:func:`scratch_copy`).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_CACHE = ROOT / "benchmarks" / ".cache"
SEED = 1
TODAY = date(2026, 3, 10)
"""The demo day of every generated store (and the benchmarks' "today")."""
LOGIN = "bench"
"""Who the benchmarks act as (the start-up case runs the GUI as this user)."""
INITIALS = "BE"
FILE_PERIOD = "2024K4"
FILE_REGION = "1084"
FILE_SOURCE = "1301"


def schema_revision() -> str:
    from app.store.migrate import head_revision

    return head_revision()


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def _log(message: str) -> None:
    print(f"  [cache] {message}", file=sys.stderr, flush=True)


def _finish_sqlite(path: Path) -> None:
    """Fold the WAL into the file so that a copy of the one file is the whole store."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def demo_store(pathways: int, cache: Path = DEFAULT_CACHE) -> Path:
    """A store filled by ``mvk demo`` (seed 1, day 2026-03-10) with the bench user's setup done.

    No ``ANALYZE``: the program never runs it, so the benchmarks see the store as users have it.
    """
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"demo-{pathways}-s{SEED}-{TODAY:%Y%m%d}-{schema_revision()}.sqlite"
    if path.exists():
        return path
    from app.clock import FixedClock
    from app.services import demo, settings
    from app.services.context import ServiceContext
    from app.store.migrate import open_store

    partial = path.with_name(path.name + f".partial-{os.getpid()}")
    _log(f"generating {pathways:,} demo pathways into {path.name} (once; takes a while)")
    started = time.perf_counter()
    store = open_store(url(partial))
    ctx = ServiceContext.default(FixedClock(TODAY), login=LOGIN)
    with store.write() as session:
        demo.generate(session, ctx, pathways=pathways, seed=SEED)
        # the bench user's initials: without them the GUI would open its setup dialog first
        settings.set(session, ctx, "initials", INITIALS)
    store.dispose()
    _finish_sqlite(partial)
    partial.rename(path)
    _log(f"generated in {time.perf_counter() - started:.0f} s")
    return path


# --- a national file of N pathways (one quarter), and a store that imported it -------------------
AREAS = ["BRYST", "LUNGE", "PROSTATA", "TYKTARM_ENDETARM", "MODERMAERKE", "ANDET"]


def _cpr(rng: random.Random) -> str:
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 70))
    seventh = "0" if born.year < 2000 else "4"
    return f"{born:%d%m%y}{seventh}{rng.randrange(1000):03d}"


def _pathway(rng: random.Random) -> list[Any]:
    from app.domain.rules import compute_frist

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
        FILE_REGION,
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


def _write_file(path: Path, rows: int) -> None:
    """A valid national file of ``rows`` pathways of 2024K4 (written with openpyxl write-only)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from app.submission.format import kontrolsum, spec

    rng = random.Random(20240101 + SEED)
    fspec = spec()
    forloeb = sorted((_pathway(rng) for _ in range(rows)), key=lambda r: r[0])
    udland = [
        [2024, q, FILE_REGION, "BEHANDLING", "KIRURGI", "BRYST", "SE", q, None]
        for q in (1, 2, 3, 4)
    ]
    checksum = kontrolsum(fspec.forloeb.header, forloeb, fspec.udland.header, udland)
    meta = {
        "formatversion": "1.0",
        "region": FILE_REGION,
        "periode": FILE_PERIOD,
        "leverance": 1,
        "indberetter_shak": FILE_SOURCE,
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
    workbook.save(path)


def national_file(rows: int, cache: Path = DEFAULT_CACHE) -> Path:
    """A national file of ``rows`` pathways (2024K4, region 1084, source 1301); name as the format
    wants it (the validator checks the name against the metadata)."""
    folder = cache / f"file-{rows}-s{SEED}-{schema_revision()}"
    path = folder / f"MVK_{FILE_REGION}_{FILE_PERIOD}_20250110T093000.xlsx"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"partial-{os.getpid()}.xlsx"
    _log(f"writing a national file of {rows:,} pathways")
    _write_file(partial, rows)
    partial.rename(path)
    return path


def empty_store(path: Path) -> Path:
    """A new migrated store with the installation and the bench user set up (region 1084)."""
    from app.clock import FixedClock
    from app.services import settings
    from app.services.context import ServiceContext
    from app.store.migrate import open_store

    store = open_store(url(path))
    ctx = ServiceContext.default(FixedClock(TODAY), login=LOGIN)
    with store.write() as session:
        settings.set(session, ctx, "region", FILE_REGION)
        settings.set(session, ctx, "own_shak", FILE_SOURCE)
        settings.set(session, ctx, "initials", INITIALS)
    store.dispose()
    _finish_sqlite(path)
    return path


def import_file(store_url: str, file: Path) -> Any:
    """``mvk import`` of one file: plan, then apply, in one write transaction (as the CLI does)."""
    from app.clock import FixedClock
    from app.services import importer
    from app.services.context import ServiceContext
    from app.store.migrate import open_store

    store = open_store(store_url)
    ctx = ServiceContext.default(FixedClock(TODAY), login=LOGIN)
    try:
        with store.write() as session:
            plan = importer.plan_import(session, file, ctx)
            if plan.refused:
                raise RuntimeError(f"the bench file was refused: {plan.findings[:3]}")
            return importer.apply_import(session, plan, ctx)
    finally:
        store.dispose()


def imported_store(rows: int, cache: Path = DEFAULT_CACHE) -> Path:
    """A store holding exactly the ``rows`` pathways of :func:`national_file` (by ``mvk import``):
    one quarter of ``rows`` pathways to export."""
    file = national_file(rows, cache)
    path = cache / f"imported-{rows}-s{SEED}-{schema_revision()}.sqlite"
    if path.exists():
        return path
    partial = path.with_name(path.name + f".partial-{os.getpid()}")
    _log(f"importing {rows:,} pathways into {path.name}")
    empty_store(partial)
    import_file(url(partial), file)
    _finish_sqlite(partial)
    partial.rename(path)
    return path


def scratch_copy(source: Path, folder: Path) -> Path:
    """A copy of a cached store to write to (the cache stays as generated)."""
    target = folder / source.name
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists() and wal.stat().st_size:  # only after an unclean stop; copied with its file
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target


def main(argv: list[str]) -> int:
    """``stores.py [--cache DIR] N [rows=M]``: make (or find) the demo store of N pathways and the
    file and imported store of M; prints their paths as JSON (the runner's lean parent calls this)."""
    cache = DEFAULT_CACHE
    if argv[:1] == ["--cache"]:
        cache, argv = Path(argv[1]), argv[2:]
    made: dict[str, str] = {}
    for size in argv:
        if size.startswith("rows="):
            rows = int(size.removeprefix("rows="))
            made["file"] = str(national_file(rows, cache))
            made["imported"] = str(imported_store(rows, cache))
        else:
            made["demo"] = str(demo_store(int(size), cache))
    print(json.dumps(made))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
