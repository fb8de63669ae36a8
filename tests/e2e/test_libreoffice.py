"""The exported workbook opens in LibreOffice: every sheet converted headlessly to CSV holds the values
openpyxl reads, and text that looks like a formula (``=1+1``) stays text — nothing is evaluated (R12).

LibreOffice ≥ 7.2 converts all sheets with the CSV filter's sheet option ``-1``; each run gets its own
profile directory and a hard timeout. Without ``soffice`` the test is skipped on a developer's
machine and fails under CI=true (`make test` installs ``libreoffice-calc-nogui``).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.domain.periods import Period
from app.services import abroad, export, pathways
from app.services.context import ServiceContext
from app.store.engine import Store
from app.store.migrate import open_store

TIMEOUT = 180
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
TRICKY = ["=1+1", "+45 1234", "-x", "@SUM(A1)", '=HYPERLINK("http://x")', 'Æblegrød på ø; "citat"']


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def soffice() -> str:
    """The LibreOffice program (≥ 7.2), or skip — a failure under CI=true."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    problem = None
    if found is None:
        problem = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
    else:
        version = subprocess.run(
            [found, "--version"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
        match = re.search(r"(\d+)\.(\d+)", version)
        if match is None or (int(match.group(1)), int(match.group(2))) < (7, 2):
            problem = f"LibreOffice ≥ 7.2 is needed to convert every sheet; found {version!r}"
    if problem is not None:
        if in_ci():
            pytest.fail(problem + " — with CI=true this is an error, not a skip")
        pytest.skip(problem)
    assert found is not None
    return found


@pytest.fixture
def exported(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real K4 export: pathways with formula-like comments, abroad counts."""
    monkeypatch.setenv("MVK_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    store = open_store(f"sqlite:///{path}")
    ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="tester")
    try:
        fill(store, ctx)
        with store.write() as s:
            return export.export(
                s, "1084", Period(2023, 4), tmp_path / "out", ctx, unit="1301"
            ).path
    finally:
        store.dispose()


def fill(store: Store, ctx: ServiceContext) -> None:
    day = date(2023, 10, 2)
    with store.write() as s:
        for n, text in enumerate(TRICKY):
            start = day + timedelta(days=n)
            pathways.register(
                s,
                PathwayData(
                    cpr=f"0{n + 1}0190123{n}",
                    region="1084",
                    indberettende_shak="1301",
                    udfoerende_shak="8001",
                    udfoerende_type="PRIVAT",
                    forloebstype="UDREDNING",
                    kraeftomraade="BRYST",
                    henvisning_modtaget=day,
                    tilbudt_start=start,
                    start=start,
                    kommentar=text,
                ),
                ctx,
            )
        abroad.set_count(
            s,
            abroad.AbroadData(
                aar=2023,
                kvartal=3,
                region="1084",
                kilde_shak="1301",
                forloebstype="BEHANDLING",
                behandlingsform="KIRURGI",
                kraeftomraade="BRYST",
                land="SE",
                antal=4,
                kommentar="=2*3",
            ),
            ctx,
        )
        abroad.answer_year(s, "1084", 2023, "1301", False, ctx)


def convert(program: str, workbook: Path, out: Path, profile: Path) -> None:
    """Every sheet of ``workbook`` to ``out/<name>-<sheet>.csv``, within a hard timeout."""
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        CSV_ALL_SHEETS,
        "--outdir",
        str(out),
        str(workbook),
    ]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a timeout ends soffice.bin too
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"LibreOffice did not finish within {TIMEOUT} s")
    assert process.returncode == 0, (stdout, stderr)


def cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def openpyxl_rows(workbook: Path, sheet: str) -> list[list[str]]:
    wb = openpyxl.load_workbook(workbook)
    for row in wb[sheet].iter_rows():
        assert all(c.data_type != "f" for c in row)
    rows = [[cell_text(v) for v in r] for r in wb[sheet].iter_rows(values_only=True)]
    return trimmed(rows)


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Without trailing empty cells and rows (CSV leaves them out)."""
    result = []
    for row in rows:
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        result.append(cells)
    while result and not result[-1]:
        result.pop()
    return result


def csv_rows(path: Path) -> Iterator[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.reader(handle)


def test_every_sheet_converts_to_the_same_values_and_nothing_is_evaluated(
    exported: Path, tmp_path: Path
) -> None:
    program = soffice()
    out = tmp_path / "csv"
    convert(program, exported, out, tmp_path / "lo-profile")
    sheets = ("Indberetning", "Forloeb", "Udland")
    converted = {p.stem.rsplit("-", 1)[-1]: p for p in out.glob("*.csv")}
    assert sorted(converted) == sorted(sheets), sorted(p.name for p in out.iterdir())
    for sheet in sheets:
        from_lo = trimmed(list(csv_rows(converted[sheet])))
        assert from_lo == openpyxl_rows(exported, sheet), sheet

    forloeb = list(csv_rows(converted["Forloeb"]))
    comments = [row[forloeb[0].index("kommentar")] for row in forloeb[1:]]
    assert sorted(comments) == sorted(TRICKY)  # "=1+1" is the text "=1+1", not 2
    udland = list(csv_rows(converted["Udland"]))
    assert udland[1][-1] == "=2*3"
    meta = dict(csv_rows(converted["Indberetning"]))
    assert meta["region"] == "1084" and meta["antal_forloeb"] == str(len(TRICKY))
