"""R18: a raw-byte scan for known test CPR numbers after saves (through the registration form and the
services), a search, an export, an export killed while writing, and crashes (an exception in the GUI,
in a thread, in the command line, a Qt warning).

The numbers may be in the store files (``mvk.sqlite``, ``-wal``, ``-shm``) and in the chosen export
folder, nowhere else: not in the log folder (``MVK_LOG_DIR``), the state folder (``MVK_STATE_DIR``),
the files created or changed in the system temp folder during the test, nor in the crash reports'
text. Each number is looked for as 10 characters, as ``DDMMYY-SSSS`` and ``DDMMYY SSSS``, in UTF-8
and UTF-16. The scan is shown to find what it looks for: the store holds the numbers, and an export
whose spool files go to the system temp folder (openpyxl's default) is caught.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.domain.periods import Period
from app.errors import MvkError
from app.logging_setup import configure_logging, report_unexpected, shutdown_logging
from app.safe_files import TEMP_PREFIX, remove_leftovers
from app.services import export, partners, pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.services.worklist import StatusFilter
from app.store.migrate import open_store
from ui.app_state import AppState
from ui.crash import CrashHandler
from ui.main_window import MainWindow
from ui.pathway_form import PathwayForm

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2024, 6, 15)
# Valid, unusual numbers that no other test uses (a run next to other tests' files stays clean).
GUI_CPR = "2607814379"
GUI_CPR_FAILED = "1402867713"
SERVICE_CPR = "0311452918"
REPLACEMENT_CPR = "170359AB27"
BULK_CPRS = [f"{10 + n}0873{4100 + n}" for n in range(10)]  # 10-19 August 1973
KNOWN = [GUI_CPR, GUI_CPR_FAILED, SERVICE_CPR, REPLACEMENT_CPR, *BULK_CPRS]
MAX_SCANNED_BYTES = 200_000_000
RUN_FOLDERS = [Path(os.environ[k]) for k in ("MVK_LOG_DIR", "MVK_STATE_DIR") if k in os.environ]
"""The log and state folders tests/conftest.py set up for the whole run (scanned as well)."""


def needles(numbers: list[str]) -> dict[bytes, str]:
    found: dict[bytes, str] = {}
    for number in numbers:
        for form in (number, f"{number[:6]}-{number[6:]}", f"{number[:6]} {number[6:]}"):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                found[form.encode(encoding)] = f"{form} ({encoding})"
    return found


NEEDLES = needles(KNOWN)


def hits_in(data: bytes) -> list[str]:
    return [name for needle, name in NEEDLES.items() if needle in data]


def hits_in_file(path: Path) -> list[str]:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_SCANNED_BYTES:
            return []
        return hits_in(path.read_bytes())
    except OSError:  # removed meanwhile (another test's file), or not readable: nothing written
        return []


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its modification time and size."""
    files: dict[str, tuple[int, int]] = {}
    for base, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


@dataclass
class Places:
    root: Path
    store: Path
    export: Path
    logs: Path
    state: Path
    temp_before: dict[str, tuple[int, int]]

    def allowed(self, path: Path) -> bool:
        """The store files and the chosen export folder."""
        return (path.parent == self.store.parent and path.name.startswith(self.store.name)) or (
            self.export in path.parents
        )

    def leaks(self, crash_texts: list[str]) -> dict[str, list[str]]:
        """Where the known numbers are found outside the allowed places."""
        found: dict[str, list[str]] = {}
        folders = [self.logs, self.state, *RUN_FOLDERS]
        files = {p for folder in folders for p in listing(folder)}
        after = listing(Path(tempfile.gettempdir()))
        files |= {p for p, seen in after.items() if self.temp_before.get(p) != seen}
        for path in map(Path, sorted(files)):
            if not self.allowed(path) and (hits := hits_in_file(path)):
                found[str(path)] = hits
        for n, text in enumerate(crash_texts):
            if hits := hits_in(text.encode("utf-8")):
                found[f"crash text {n}"] = hits
        return found


@pytest.fixture
def places(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Places]:
    temp_before = listing(Path(tempfile.gettempdir()))
    store = tmp_path / "store" / "mvk.sqlite"
    store.parent.mkdir()
    shutil.copy(sqlite_template, store)
    found = Places(
        tmp_path, store, tmp_path / "export", tmp_path / "logs", tmp_path / "state", temp_before
    )
    monkeypatch.setenv("MVK_LOG_DIR", str(found.logs))
    monkeypatch.setenv("MVK_STATE_DIR", str(found.state))
    assert configure_logging() == found.logs / "mvk.log"
    yield found
    shutdown_logging()


@pytest.fixture
def state(places: Places) -> Iterator[AppState]:
    store = open_store(f"sqlite:///{places.store}")
    app_state = AppState(store=store, ctx=ServiceContext.default(FixedClock(TODAY), login="r18"))

    def setup(session: Any) -> None:
        settings_service.set_many(
            session, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partners.add(session, "8001", "Privathospitalet Mølholm", app_state.ctx)

    app_state.write(setup)
    yield app_state
    store.dispose()


def data(cpr: str, **extra: Any) -> PathwayData:
    values: dict[str, Any] = {
        "tilbudt_start": date(2024, 5, 5),
        "start": date(2024, 5, 6),
        **extra,
    }
    return PathwayData(
        cpr=cpr,
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="8001",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=date(2024, 5, 1),
        **values,
    )


def save_through_the_form(qtbot: QtBot, state: AppState) -> None:
    """One failed save (a bad date; the draft keeps the number), then two good ones."""
    for cpr, start in (
        (GUI_CPR_FAILED, "31-02-2024"),
        (GUI_CPR_FAILED, "06-05-2024"),
        (GUI_CPR, "06-05-2024"),
    ):
        form = PathwayForm(state)
        qtbot.addWidget(form)
        form.show()
        form.cpr_edit.setText(f"{cpr[:6]}-{cpr[6:]}\n")
        form.cpr_edit.editingFinished.emit()  # the duplicate check looks the number up
        form.dates["henvisning_modtaget"].setText("01-05-2024")
        form.dates["tilbudt_start"].setText("05-05-2024")
        form.dates["start"].setText(start)
        form.kommentar_edit.setText(f"Henvist med {REPLACEMENT_CPR[:6]}-{REPLACEMENT_CPR[6:]}")
        form.save_draft()
        saved = form.save()
        assert saved is (start != "31-02-2024")
        if not saved:
            form.close()


def save_through_the_services(state: AppState) -> None:
    ctx = state.ctx

    def work(session: Any) -> None:
        view = pathways.register(session, data(SERVICE_CPR, start=None, tilbudt_start=None), ctx)
        pathways.correct(session, view.forloeb_id, {"kommentar": f"ret {SERVICE_CPR}"}, ctx)
        pathways.interrupt(session, view.forloeb_id, ctx, afbrudt=date(2024, 5, 10))
        for cpr in BULK_CPRS * 6:  # enough rows that the spool files are written to disk
            pathways.register(session, data(cpr, kommentar=f"samme som {cpr}"), ctx)
        with pytest.raises(MvkError) as refused:
            pathways.register(session, data(SERVICE_CPR[:9] + "X", start=date(2024, 7, 1)), ctx)
        logging.getLogger("mvk.test").warning("afvist: %s (%s)", refused.value, SERVICE_CPR)

    state.write(work)


def search_for_the_numbers(qtbot: QtBot, state: AppState) -> None:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.status_combo.setCurrentIndex(window.status_combo.findData(StatusFilter.ALLE))
    for cpr in (GUI_CPR, f"{SERVICE_CPR[:6]}-{SERVICE_CPR[6:]}"):
        window.search_edit.setText(cpr)
        window.apply_filters()
        assert window.model.rowCount() == 1


def crash(qtbot: QtBot, places: Places) -> list[str]:
    """Unexpected errors holding numbers: in the GUI, in a thread, in the command line, from Qt."""
    handler = CrashHandler(places.logs / "mvk.log", wait_when_idle=False)
    handler.install()
    try:
        try:
            raise ValueError(f"kan ikke gemme {GUI_CPR} / {GUI_CPR[:6]}-{GUI_CPR[6:]}")
        except ValueError as error:
            sys.excepthook(type(error), error, error.__traceback__)

        def work() -> None:
            raise OSError(f"tråd med {SERVICE_CPR[:6]} {SERVICE_CPR[6:]} og {REPLACEMENT_CPR}")

        thread = threading.Thread(target=work, name="eksport")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.reports == 2)
        qWarning(f"Qt klager over {GUI_CPR}")
        dialog = handler.dialog
        assert dialog is not None
        dialog.copy_details()
        texts = [
            dialog.details.toPlainText(),
            dialog.text_for_support(),
            QGuiApplication.clipboard().text(),
            dialog.headline.text(),
        ]
        assert "ValueError: kan ikke gemme <CPR> / <CPR>" in texts[0]
        assert "OSError: tråd med <CPR> og <CPR>" in texts[0]
        dialog.close()
    finally:
        handler.uninstall()
    line = io.StringIO()
    assert report_unexpected(RuntimeError(f"mvk export: {SERVICE_CPR}"), stream=line) == 1
    return [*texts, line.getvalue()]


KILLED_EXPORT = textwrap.dedent(
    """
    import contextlib, os, sys
    from datetime import date
    from pathlib import Path
    from app.clock import FixedClock
    from app.domain.periods import Period
    from app.logging_setup import configure_logging
    from app.services import export
    from app.services.context import ServiceContext
    from app.store.migrate import open_store
    from app.submission import writer

    configure_logging()
    original = writer._write_sheet

    def write_sheet(wb, title, header, rows):
        original(wb, title, header, rows)
        if title == "Forloeb":
            print("forloeb written", flush=True)
            sys.stdin.readline()  # killed while waiting here

    writer._write_sheet = write_sheet
    if os.environ.get("R18_SPOOL_IN_SYSTEM_TEMP") == "1":  # the control: openpyxl's own spooling
        writer._spool_in = lambda folder: contextlib.nullcontext()
    store = open_store(sys.argv[1])
    ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="r18")
    with store.write() as session:
        export.export(session, "1084", Period(2024, 2), Path(sys.argv[2]), ctx)
    print("done", flush=True)
    """
)


def kill_during_export(places: Places, *, spool_in_system_temp: bool = False) -> None:
    env = {**os.environ, "R18_SPOOL_IN_SYSTEM_TEMP": "1" if spool_in_system_temp else "0"}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, f"sqlite:///{places.store}", str(places.export)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        line = child.stdout.readline().strip()
        assert line == "forloeb written", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for pipe in (child.stdin, child.stdout, child.stderr):
            if pipe is not None:
                pipe.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.qt_no_exception_capture
def test_no_cpr_number_outside_the_store_and_the_export_folder(
    qtbot: QtBot, places: Places, state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Discard)
    )
    save_through_the_form(qtbot, state)
    save_through_the_services(state)
    search_for_the_numbers(qtbot, state)
    with state.store.write() as session:  # a trial file: the killed export below is the real one
        result = export.export(
            session, "1084", Period(2024, 2), places.export, state.ctx, trial=True
        )
    assert result.path.parent == places.export and result.antal_forloeb == 63

    kill_during_export(places)
    assert any(p.name.startswith(TEMP_PREFIX) for p in places.export.iterdir())
    assert remove_leftovers()  # the next start
    assert not any(p.name.startswith(TEMP_PREFIX) for p in places.export.iterdir())

    crash_texts = crash(qtbot, places)
    for handler in logging.getLogger().handlers:
        handler.flush()

    # the scan finds what it looks for: the store holds every number (the scan is not blind)
    in_store = {h for p in places.store.parent.iterdir() for h in hits_in_file(p)}
    for cpr in (GUI_CPR, GUI_CPR_FAILED, SERVICE_CPR, *BULK_CPRS):
        assert f"{cpr} (utf-8)" in in_store, cpr
    log = (places.logs / "mvk.log").read_text(encoding="utf-8")
    assert "kan ikke gemme <CPR>" in log and "Qt klager over <CPR>" in log
    assert "afvist:" in log and "RuntimeError" in log

    assert places.leaks(crash_texts) == {}


def test_the_scan_finds_spool_files_left_in_the_system_temp_folder(
    places: Places, state: AppState
) -> None:
    """The control: an export spooling to the system temp folder (openpyxl's default), killed,
    leaves the numbers there — and the scan says so."""
    save_through_the_services(state)
    kill_during_export(places, spool_in_system_temp=True)
    leaks = places.leaks([])
    try:
        assert any(Path(p).parent == Path(tempfile.gettempdir()) for p in leaks), leaks
    finally:
        for path in leaks:
            if Path(path).parent == Path(tempfile.gettempdir()):
                Path(path).unlink(missing_ok=True)
