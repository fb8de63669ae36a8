"""The crash dialog: an unexpected error is shown with copyable details and the log file, no CPR."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QEventLoop, QTimer, qWarning
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.logging_setup import configure_logging, shutdown_logging
from ui.crash import CrashDialog, CrashHandler

CPRS = ("0101901234", "010190-1234")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def injected_error() -> ExcInfo:
    try:
        raise ValueError("kan ikke gemme 0101901234 (010190-1234)")
    except ValueError as error:
        return type(error), error, error.__traceback__


@pytest.fixture
def log_path(tmp_path: Path) -> Iterator[Path]:
    path = configure_logging(tmp_path)
    assert path is not None
    yield path
    shutdown_logging()


@pytest.fixture
def handler(qtbot: QtBot, log_path: Path) -> Iterator[CrashHandler]:
    installed = CrashHandler(log_path, wait_when_idle=False)
    installed.install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()
        installed.dialog.deleteLater()


def assert_no_cpr(text: str) -> None:
    for cpr in CPRS:
        assert cpr not in text


def log_bytes(path: Path) -> bytes:
    import logging

    for h in logging.getLogger().handlers:
        h.flush()
    return path.read_bytes()


@pytest.mark.qt_no_exception_capture
def test_injected_exception_shows_crash_dialog_without_cpr(
    qtbot: QtBot, handler: CrashHandler, log_path: Path
) -> None:
    assert sys.excepthook == handler.excepthook
    sys.excepthook(*injected_error())
    dialog = handler.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "MVK — uventet fejl"
    assert dialog.headline.text() == "Der opstod en uventet fejl i MVK."
    assert "Du kan arbejde videre" in dialog.advice.text()
    assert "Hverken detaljerne eller logfilen indeholder CPR-numre" in dialog.advice.text()
    assert dialog.log_label.text() == f"Logfil: {log_path}"
    details = dialog.details.toPlainText()
    assert dialog.details.isReadOnly()
    assert "ValueError: kan ikke gemme <CPR> (<CPR>)" in details
    assert "Traceback (most recent call last)" in details
    shown = "\n".join(
        (dialog.headline.text(), dialog.advice.text(), dialog.log_label.text(), details)
    )
    assert_no_cpr(shown)

    raw = log_bytes(log_path)
    assert b"ValueError: kan ikke gemme <CPR> (<CPR>)" in raw
    for cpr in CPRS:
        assert cpr.encode() not in raw


@pytest.mark.qt_no_exception_capture
def test_copy_button_puts_masked_details_and_log_location_on_clipboard(
    qtbot: QtBot, handler: CrashHandler, log_path: Path
) -> None:
    sys.excepthook(*injected_error())
    dialog = handler.dialog
    assert dialog is not None
    assert dialog.copy_button.text() == "&Kopiér"
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.text_for_support()
    assert "ValueError" in copied
    assert str(log_path) in copied
    assert_no_cpr(copied)
    assert dialog.copied_label.text() == "Kopieret til udklipsholderen."


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_keeps_the_program_running(qtbot: QtBot, log_path: Path) -> None:
    """Inside the event loop the dialog does not block: the loop goes on and quits normally."""
    handler = CrashHandler(log_path)  # waits only when there is no event loop
    handler.install()
    try:
        loop = QEventLoop()
        ran_after: list[bool] = []

        def boom() -> None:
            raise RuntimeError("slot for 0101901234")

        QTimer.singleShot(0, boom)
        QTimer.singleShot(0, lambda: ran_after.append(True))
        QTimer.singleShot(0, loop.quit)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(lambda: QApplication.activeModalWidget() and loop.quit())
        guard.start(10_000)
        loop.exec()
        guard.stop()
        assert ran_after == [True]
        dialog = handler.dialog
        assert dialog is not None and dialog.isVisible()
        assert "Du kan arbejde videre" in dialog.advice.text()
        assert "RuntimeError: slot for <CPR>" in dialog.details.toPlainText()
    finally:
        handler.uninstall()
        if handler.dialog is not None:
            handler.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_error_while_starting_waits_for_the_user_and_says_mvk_closes(
    qtbot: QtBot, log_path: Path
) -> None:
    """Without an event loop the dialog is modal and waits; the program ends afterwards."""
    handler = CrashHandler(log_path)
    seen: list[str] = []

    def close_it() -> None:
        dialog = handler.dialog
        assert dialog is not None
        seen.append(dialog.advice.text())
        dialog.reject()

    QTimer.singleShot(0, close_it)
    handler.excepthook(*injected_error())
    assert len(seen) == 1
    assert "MVK lukker, når du lukker denne besked" in seen[0]
    assert handler.dialog is not None and not handler.dialog.isVisible()


@pytest.mark.qt_no_exception_capture
def test_error_in_another_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, handler: CrashHandler, log_path: Path
) -> None:
    def work() -> None:
        raise OSError("tråd med 010190-1234")

    thread = threading.Thread(target=work, name="eksport")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog is not None
    details = handler.dialog.details.toPlainText()
    assert "OSError: tråd med <CPR>" in details
    assert "thread eksport" in details
    assert_no_cpr(details)


@pytest.mark.qt_no_exception_capture
def test_errors_that_follow_go_into_the_same_dialog(qtbot: QtBot, handler: CrashHandler) -> None:
    sys.excepthook(*injected_error())
    first = handler.dialog
    try:
        raise TypeError("endnu en 0101901234")
    except TypeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert handler.dialog is first
    assert first is not None
    assert first.headline.text() == "Der opstod 2 uventede fejl i MVK."
    details = first.details.toPlainText()
    assert "ValueError" in details and "TypeError: endnu en <CPR>" in details


@pytest.mark.qt_no_exception_capture
def test_keyboard_interrupt_is_not_a_crash(qtbot: QtBot, log_path: Path) -> None:
    calls: list[type[BaseException]] = []
    previous = sys.excepthook
    sys.excepthook = lambda t, e, tb: calls.append(t)
    handler = CrashHandler(log_path, wait_when_idle=False)
    handler.install()
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        handler.uninstall()
        sys.excepthook = previous
    assert calls == [KeyboardInterrupt]
    assert handler.dialog is None


def test_qt_warnings_go_to_the_log_masked(
    qtbot: QtBot, handler: CrashHandler, log_path: Path
) -> None:
    qWarning("Qt klager over 010190-1234")
    raw = log_bytes(log_path)
    assert b"Qt klager over <CPR>" in raw
    assert b"010190-1234" not in raw
    assert handler.dialog is None


def test_dialog_without_a_log_file_says_so(qtbot: QtBot) -> None:
    dialog = CrashDialog("RuntimeError: 0101901234", None)
    qtbot.addWidget(dialog)
    assert dialog.log_label.text() == "Logfilen kunne ikke skrives; kopiér detaljerne nedenfor."
    assert dialog.details.toPlainText() == "RuntimeError: <CPR>"
