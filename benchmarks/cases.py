"""The benchmark cases, each run by ``run.py`` in a process of its own (so its peak RSS is its own).

    python benchmarks/cases.py CASE '{"json": "arguments"}'

A case prints progress on stderr and, as its last stdout line, ``RESULT {json}``. Timings use
``time.perf_counter``; nothing is asserted. Every measured case has a baseline case measured in the
same run (see ``run.py`` for the pairs).
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stores

STARTED = time.perf_counter()
"""When this process's Python code began (the interpreter itself started a little earlier)."""

Args = dict[str, Any]


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _say(message: str) -> None:
    print(f"    {message}", file=sys.stderr, flush=True)


# --- start-up ------------------------------------------------------------------------------------
def _paint_watch(is_target: Callable[[Any], bool], timeout_s: float = 120.0) -> Any:
    """Quit the application at the first paint of a widget ``is_target`` accepts; remember when."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])

    class Watch(QObject):
        shown_at: float | None = None
        detail: Any = None

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if self.shown_at is None and event.type() == QEvent.Type.Paint and is_target(obj):
                self.shown_at = time.perf_counter()
                self.detail = is_target(obj)
                QTimer.singleShot(0, app.quit)
            return False

    watch = Watch()
    app.installEventFilter(watch)
    QTimer.singleShot(int(timeout_s * 1000), app.quit)
    return app, watch


def case_startup_app(args: Args) -> Args:
    """``mvk --db URL`` as a user starts it, until the worklist's table has painted its first page.

    Runs the program's own start (``ui.launcher.main`` → ``run_gui``): logging, translations, the
    store opened and checked, the daily backup (already taken for the day by a warm-up start),
    settings, the main window with its first worklist page and counts, shown.
    """

    def is_table(obj: Any) -> Any:
        from PySide6.QtWidgets import QTableView

        parent = obj.parent() if hasattr(obj, "parent") else None
        if not isinstance(parent, QTableView) or obj is not parent.viewport():
            return False
        window = parent.window()
        if type(window).__name__ != "MainWindow":
            return False
        model = parent.model()
        return {"rows_shown": model.rowCount(), "total": getattr(model, "total", None)}

    app, watch = _paint_watch(is_table)
    from ui.launcher import main

    code = main(["--db", stores.url(Path(args["store"]))])
    if watch.shown_at is None:
        raise RuntimeError(f"the main window was not shown (exit status {code})")
    del app
    return {"shown_at": watch.shown_at, "python_started_at": STARTED, **watch.detail}


def case_startup_bare(args: Args) -> Args:
    """Baseline: a bare QApplication showing an empty QMainWindow, until its first paint."""
    from PySide6.QtWidgets import QMainWindow

    window: list[Any] = []
    app, watch = _paint_watch(lambda obj: bool(window) and obj is window[0] and {"rows_shown": 0})
    window.append(QMainWindow())
    window[0].resize(1200, 720)
    window[0].show()
    app.exec()
    if watch.shown_at is None:
        raise RuntimeError("the empty window was not shown")
    return {"shown_at": watch.shown_at, "python_started_at": STARTED}


# --- worklist ------------------------------------------------------------------------------------
def worklist_queries(store_path: Path) -> dict[str, Any]:
    """The measured worklist questions (the GUI's page size, 200 rows), with real values."""
    from app.domain.periods import Period
    from app.services.worklist import SortKey, StatusFilter, WorklistQuery

    with sqlite3.connect(store_path) as connection:
        partner_id = connection.execute("SELECT min(id) FROM partner").fetchone()[0]
        # a patient with several pathways, found by the CPR number typed in full
        cpr = connection.execute(
            "SELECT cpr FROM pathway GROUP BY cpr HAVING count(*) > 1 ORDER BY cpr LIMIT 1"
        ).fetchone()[0]
    connection.close()
    return {
        "first_page": WorklistQuery(limit=200),
        "filter_open_partner": WorklistQuery(partner_id=partner_id, limit=200),
        "filter_quarter": WorklistQuery(
            status=StatusFilter.AFSLUTTET, periode=Period.parse(QUARTER), limit=200
        ),
        "sort": WorklistQuery(
            status=StatusFilter.ALLE, sort=SortKey.FRIST, descending=True, limit=200
        ),
        "cpr_search": WorklistQuery(status=StatusFilter.ALLE, search=cpr, limit=200),
    }


QUARTER = "2025K4"
"""The last full quarter before the demo day: what regional staff check."""
QUERY_TEXT = {
    "first_page": "first page: open, most urgent first (frist asc)",
    "filter_open_partner": "filter: open + one partner",
    "filter_quarter": f"filter: afsluttet in {QUARTER}",
    "sort": "sort: all statuses by frist desc",
    "cpr_search": "CPR search: a full CPR number, all statuses",
}


def case_worklist(args: Args) -> Args:
    """``worklist.worklist`` (page + count) in its own read session each time, as the GUI asks."""
    from sqlalchemy import event

    from app.services import worklist as worklist_service
    from app.store.migrate import open_store

    path = Path(args["store"])
    store = open_store(stores.url(path), readonly=True)
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, list(parameters)))

    results: Args = {}
    sql: Args = {}
    for name, query in worklist_queries(path).items():
        event.listen(store.engine, "before_cursor_execute", capture)
        with store.read() as session:
            page = worklist_service.worklist(session, query, stores.TODAY)  # warm-up, captured
        event.remove(store.engine, "before_cursor_execute", capture)
        sql[name] = list(captured)
        captured.clear()
        times = []
        for _ in range(args["reps"]):
            started = time.perf_counter()
            with store.read() as session:
                page = worklist_service.worklist(session, query, stores.TODAY)
            times.append(_ms(time.perf_counter() - started))
        results[name] = {"ms": times, "rows": len(page.rows), "total": page.total}
        _say(f"worklist {name}: {sorted(times)[len(times) // 2]:.1f} ms, {page.total:,} match")
    store.dispose()
    Path(args["sql_out"]).write_text(json.dumps(sql, ensure_ascii=False), encoding="utf-8")
    return results


def case_worklist_raw(args: Args) -> Args:
    """Baseline: the same SELECTs the service sent (page and count), through one plain sqlite3
    connection (``temp_store=MEMORY`` as the store's), rows fetched as tuples."""
    sql = json.loads(Path(args["sql_in"]).read_text(encoding="utf-8"))
    connection = sqlite3.connect(f"file:{args['store']}?mode=ro", uri=True)
    connection.execute("PRAGMA temp_store=2")
    results: Args = {}
    for name, statements in sql.items():
        for statement, parameters in statements:  # warm-up
            connection.execute(statement, parameters).fetchall()
        times = []
        for _ in range(args["reps"]):
            started = time.perf_counter()
            for statement, parameters in statements:
                connection.execute(statement, parameters).fetchall()
            times.append(_ms(time.perf_counter() - started))
        plans = [
            [row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {s}", p)]
            for s, p in statements
        ]
        results[name] = {"ms": times, "statements": len(statements), "plans": plans}
    connection.close()
    return results


# --- registering ---------------------------------------------------------------------------------
def _new_pathways(store_path: Path, count: int) -> list[tuple[str, int, Any]]:
    """``count`` realistic new pathways referred in the last weeks, from the demo generator."""
    from app.services.demo_data import DemoPartner as Partner
    from app.services.demo_data import PathwayGenerator, booking_prefix

    with sqlite3.connect(store_path) as connection:
        partners = [
            Partner(pid, shak, name, booking_prefix(name))
            for pid, shak, name in connection.execute(
                "SELECT id, shak, name FROM partner ORDER BY id"
            )
        ]
        region, own_shak = (
            connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()[0]
            for key in ("region", "own_shak")
        )
    connection.close()
    rng = random.Random(4242)
    generator = PathwayGenerator(rng, stores.TODAY, region, own_shak, partners)
    days = sorted(stores.TODAY - timedelta(days=rng.randrange(0, 40)) for _ in range(count))
    return [generator.make(day) for day in days]


def case_register(args: Args) -> Args:
    """``pathways.register`` per pathway, each in its own write transaction as the form's save."""
    from app.clock import FixedClock
    from app.services import pathways
    from app.services.context import ServiceContext
    from app.store.migrate import open_store

    path = Path(args["store"])
    items = _new_pathways(path, args["count"])
    store = open_store(stores.url(path))
    ctx = ServiceContext.default(FixedClock(stores.TODAY), login=stores.LOGIN)
    own_shak = items[0][2].indberettende_shak
    times = []
    for forloeb_id, partner_id, data in items:
        started = time.perf_counter()
        with store.write() as session:
            pathways.register(
                session,
                data,
                ctx,
                partner_id=partner_id,
                kilde_shak=own_shak,
                forloeb_id=forloeb_id,
            )
        times.append(_ms(time.perf_counter() - started))
    store.dispose()
    return {"ms": times, "count": len(times)}


def case_register_raw(args: Args) -> Args:
    """Baseline: the same pathway rows (as the service would store them) inserted with SQLAlchemy
    Core, one INSERT per transaction, on an engine with the store's connection settings (WAL,
    synchronous=FULL, a new connection per transaction). No audit row, no validation."""
    from sqlalchemy import Table, insert

    from app.clock import FixedClock
    from app.domain.pathway import normalise
    from app.services.context import ServiceContext
    from app.services.demo import stored_row
    from app.store.engine import create_store_engine
    from app.store.models import Pathway

    path = Path(args["store"])
    ctx = ServiceContext.default(FixedClock(stores.TODAY), login=stores.LOGIN)
    now = ctx.timestamp()
    rows = [
        stored_row(forloeb_id, partner_id, normalise(raw), ctx, now)
        for forloeb_id, partner_id, raw in _new_pathways(path, args["count"])
    ]
    table = Pathway.__table__
    assert isinstance(table, Table)
    engine = create_store_engine(stores.url(path))
    statement = insert(table)
    times = []
    for row in rows:
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(statement, row)
        times.append(_ms(time.perf_counter() - started))
    engine.dispose()
    return {"ms": times, "count": len(times)}


# --- export, validation, import ------------------------------------------------------------------
def _export_args(store_path: Path) -> tuple[Any, Any]:
    from app.clock import FixedClock
    from app.domain.periods import Period
    from app.services.context import ServiceContext

    ctx = ServiceContext.default(FixedClock(stores.TODAY), login=stores.LOGIN)
    return Period.parse(stores.FILE_PERIOD), ctx


def case_export(args: Args) -> Args:
    """``export.export`` of the quarter (a trial file, so the cached store records nothing): query,
    the receiver's validator on the rows, completeness checks, write the file atomically."""
    from app.services.export import export
    from app.store.migrate import open_store

    path = Path(args["store"])
    period, ctx = _export_args(path)
    store = open_store(stores.url(path))
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    times = []
    for _ in range(args["reps"]):
        for old in out.glob("*.xlsx"):
            old.unlink()
        started = time.perf_counter()
        with store.write() as session:
            result = export(session, stores.FILE_REGION, period, out, ctx, trial=True)
        times.append(time.perf_counter() - started)
    store.dispose()
    size = result.path.stat().st_size
    return {"s": times, "rows": result.antal_forloeb, "file_mib": size / 2**20}


def case_export_raw(args: Args) -> Args:
    """Baseline: openpyxl write-only writing the same three sheets' values (read beforehand, not
    timed), with no checks."""
    import openpyxl

    from app import __version__
    from app.services.export import abroad_rows, pathway_rows
    from app.store.migrate import open_store
    from app.submission.format import spec
    from app.submission.writer import build_content

    path = Path(args["store"])
    period, _ctx = _export_args(path)
    store = open_store(stores.url(path), readonly=True)
    with store.read() as session:
        metadata = {
            "region": stores.FILE_REGION,
            "periode": str(period),
            "leverance": 1,
            "indberetter_shak": stores.FILE_SOURCE,
            "dannet": "2026-03-10T12:00:00+01:00",
            "dannet_af": stores.INITIALS,
            "program": f"mvk {__version__}",
            "udland_opgjort": "J",
        }
        content = build_content(
            metadata,
            pathway_rows(session, stores.FILE_REGION, period),
            abroad_rows(session, stores.FILE_REGION, period),
        )
    store.dispose()
    fmt = spec()
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    times = []
    for _ in range(args["reps"]):
        started = time.perf_counter()
        workbook = openpyxl.Workbook(write_only=True)
        sheets = (
            (fmt.metadata.sheet, fmt.metadata.header, list(content.metadata.items())),
            (fmt.forloeb.sheet, fmt.forloeb.header, content.forloeb),
            (fmt.udland.sheet, fmt.udland.header, content.udland),
        )
        for name, header, data in sheets:
            sheet = workbook.create_sheet(name)
            sheet.append(list(header))
            for row in data:
                sheet.append(list(row))
        workbook.save(out / "raw.xlsx")
        times.append(time.perf_counter() - started)
    return {"s": times, "rows": len(content.forloeb)}


def case_validate(args: Args) -> Args:
    """``validate_file`` (every rule of the format, as ``mvk validate``)."""
    from app.submission.validator import validate_file

    times = []
    findings: list[Any] = []
    for _ in range(args["reps"]):
        started = time.perf_counter()
        findings = validate_file(Path(args["file"]))
        times.append(time.perf_counter() - started)
    errors = sorted({f.rule for f in findings if f.is_error})
    return {"s": times, "findings": len(findings), "error_rules": errors}


def case_read_raw(args: Args) -> Args:
    """Baseline: openpyxl read-only reading every cell's value and type of the same file."""
    import openpyxl

    times = []
    cells = 0
    for _ in range(args["reps"]):
        started = time.perf_counter()
        workbook = openpyxl.load_workbook(args["file"], read_only=True)
        cells = 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    _ = (cell.value, cell.data_type)
                    cells += 1
        workbook.close()
        times.append(time.perf_counter() - started)
    return {"s": times, "cells": cells}


def case_import(args: Args) -> Args:
    """``importer.plan_import`` + ``apply_import`` of the file into an empty store (set up, no
    pathways), in one write transaction as ``mvk import``; a fresh empty store each repetition."""
    folder = Path(args["scratch"])
    times = []
    report: Any = None
    for rep in range(args["reps"]):
        target = folder / f"import-{rep}.sqlite"
        stores.empty_store(target)
        started = time.perf_counter()
        report = stores.import_file(stores.url(target), Path(args["file"]))
        times.append(time.perf_counter() - started)
        for leftover in folder.glob(f"import-{rep}.sqlite*"):
            leftover.unlink()
    return {"s": times, "new": report.new}


CASES: dict[str, Callable[[Args], Args]] = {
    name.removeprefix("case_"): function
    for name, function in globals().items()
    if name.startswith("case_") and callable(function)
}


def peak_rss_mib() -> float | None:
    """This process's own peak RSS (``VmHWM``; Linux). Unlike ``ru_maxrss`` it starts afresh at
    ``exec``, so it never includes the parent's memory that a vfork+exec child inherits."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main() -> int:
    name, raw = sys.argv[1], sys.argv[2]
    result = CASES[name](json.loads(raw))
    result["_vmhwm_mib"] = peak_rss_mib()
    sys.stdout.flush()
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
