"""Unexpected errors: written to the log and shown in a crash dialog, never a silent exit.

:func:`install_crash_handler` replaces ``sys.excepthook`` and ``threading.excepthook`` and routes Qt's
own messages to the log. An error shows :class:`CrashDialog`: what happened, what to do, the details
to copy for support and where the log file is — with every CPR number masked (``app.logging_setup``).

When the error happened inside the event loop (a slot, an event handler) the program goes on: the
dialog is shown without blocking and the window stays usable. When there is no event loop (an error
while starting) the dialog waits to be closed, and the program ends afterwards. An error in another
thread is reported to the GUI thread and shown there.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.logging_setup import crash_report, log_exception, mask_cpr

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
SEPARATOR = "\n\n" + "─" * 40 + "\n\n"


class CrashDialog(QDialog):
    """What went wrong, what to do now, the details to copy and where the log file is."""

    def __init__(
        self,
        report: str,
        log_path: Path | None,
        *,
        continues: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("MVK — uventet fejl"))
        self.setModal(True)
        self.resize(760, 520)
        self.reports = 0
        self.log_path = log_path

        self.headline = QLabel(self.tr("Der opstod en uventet fejl i MVK."))
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline.setFont(font)
        if continues:
            advice = self.tr(
                "Det, der allerede er gemt, er i sikkerhed. Du kan arbejde videre, men gem det, "
                "du er i gang med, og genstart MVK, hvis noget opfører sig mærkeligt."
            )
        else:
            advice = self.tr(
                "Det, der allerede er gemt, er i sikkerhed. MVK lukker, når du lukker denne "
                "besked; start programmet igen bagefter."
            )
        support = self.tr(
            "Kopiér detaljerne og send dem til support sammen med logfilen. "
            "Hverken detaljerne eller logfilen indeholder CPR-numre."
        )
        self.advice = QLabel(f"{advice}\n\n{support}")
        self.advice.setWordWrap(True)

        if log_path is not None:
            log_text = self.tr("Logfil: {0}").format(log_path)
        else:
            log_text = self.tr("Logfilen kunne ikke skrives; kopiér detaljerne nedenfor.")
        self.log_label = QLabel(log_text)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        details_label = QLabel(self.tr("&Detaljer:"))
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName(self.tr("Detaljer om fejlen"))
        details_label.setBuddy(self.details)

        self.copy_button = QPushButton(self.tr("&Kopiér"))
        self.copy_button.setToolTip(self.tr("Kopiér detaljerne og logfilens placering"))
        self.copy_button.clicked.connect(self.copy_details)
        self.copied_label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("&Luk"))
        self.buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.copied_label, 1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.advice)
        layout.addWidget(self.log_label)
        layout.addWidget(details_label)
        layout.addWidget(self.details, 1)
        layout.addLayout(row)

        self.add_report(report)
        close.setFocus()

    def add_report(self, report: str) -> None:
        """Add the details of one more error (the same dialog collects errors that follow)."""
        report = mask_cpr(report)
        self.reports += 1
        if self.reports == 1:
            self.details.setPlainText(report)
        else:
            self.details.setPlainText(self.details.toPlainText() + SEPARATOR + report)
            self.headline.setText(
                self.tr("Der opstod {0} uventede fejl i MVK.").format(self.reports)
            )

    def text_for_support(self) -> str:
        lines = [self.details.toPlainText()]
        if self.log_path is not None:
            lines.append(self.tr("Logfil: {0}").format(self.log_path))
        return mask_cpr("\n\n".join(lines))

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.text_for_support())
        self.copied_label.setText(self.tr("Kopieret til udklipsholderen."))


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class CrashHandler(QObject):
    """Receives every unexpected error, logs it (masked) and shows it in one crash dialog."""

    crash_reported = Signal(str)
    """A report from another thread, delivered to the GUI thread (queued)."""

    def __init__(
        self,
        log_path: Path | None,
        parent: QObject | None = None,
        *,
        wait_when_idle: bool = True,
    ) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.wait_when_idle = wait_when_idle
        self.dialog: CrashDialog | None = None
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[Any], Any] | None = None
        self._installed = False
        self._handling = False
        self.crash_reported.connect(self._on_crash_reported)

    # --- installing ----------------------------------------------------------------------------
    def install(self) -> None:
        if self._installed:
            return
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        qInstallMessageHandler(qt_message_handler)
        self._installed = True

    def uninstall(self) -> None:
        """Give the hooks back; a hook someone else installed after this one is left alone."""
        if not self._installed:
            return
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook or sys.__excepthook__
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_thread_hook or threading.__excepthook__
        qInstallMessageHandler(None)
        self._installed = False

    # --- hooks ---------------------------------------------------------------------------------
    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or self._handling:
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        self._handling = True
        try:
            self.handle((exc_type, exc, tb))
        except Exception:  # the crash handler itself failed: at least the masked text on stderr
            print(crash_report((exc_type, exc, tb)), file=sys.stderr)
        finally:
            self._handling = False

    def thread_excepthook(self, args: Any) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), where=f"thread {name}")

    def handle(
        self,
        exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
        where: str = "",
    ) -> None:
        """Log the error and show it: at once on the GUI thread, else through the event loop."""
        log_exception(exc_info, where=where)
        report = crash_report(exc_info, where=where)
        if threading.current_thread() is threading.main_thread():
            self.show_report(report)
        else:
            self.crash_reported.emit(report)

    def _on_crash_reported(self, report: str) -> None:
        self.show_report(report)

    # --- showing -------------------------------------------------------------------------------
    def show_report(self, report: str) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            print(report, file=sys.stderr)
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_report(report)
            return
        in_loop = QThread.currentThread().loopLevel() > 0
        self.dialog = CrashDialog(
            report, self.log_path, continues=in_loop or not self.wait_when_idle
        )
        if in_loop or not self.wait_when_idle:
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
        else:
            self.dialog.exec()


def qt_message_handler(mode: QtMsgType, context: Any, message: str) -> None:
    """Qt's own warnings go to the log (masked like everything else), not to a console."""
    logger = logging.getLogger("qt")
    level = _QT_LEVELS.get(mode, logging.WARNING)
    where = f" ({context.file}:{context.line})" if context is not None and context.file else ""
    logger.log(level, "%s%s", mask_cpr(message), where)


_handler: CrashHandler | None = None


def install_crash_handler(log_path: Path | None) -> CrashHandler:
    """Install the program's crash handler (once; a second call replaces the first)."""
    global _handler
    if _handler is not None:
        _handler.uninstall()
    _handler = CrashHandler(log_path)
    _handler.install()
    return _handler


def crash_handler() -> CrashHandler | None:
    return _handler
