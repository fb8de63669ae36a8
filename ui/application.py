"""Starting the GUI: the display check, the QApplication, the main window."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from app import messages
from app.cli import make_context
from app.paths import resolve_db_url
from app.safe_files import remove_leftovers

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon


def display_problem(environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """A one-line explanation when Qt has no display to open a window on, else None.

    Qt's own message for this case ("could not load the Qt platform plugin xcb") sends people
    looking for missing libraries; the real cause on a server is that there is no screen.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return messages.text("gui.no_display")


def application_icon() -> QIcon:
    """The program's icon in every size that ships (window title bars, task bar, Alt+Tab)."""
    from importlib.resources import files

    from PySide6.QtGui import QIcon

    icon = QIcon()
    folder = files("resources") / "icons"
    for size in (32, 64, 128, 256, 512):
        path = folder / f"mvk-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def run_gui(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.logging_setup import configure_logging
    from app.services.context import ServiceContext
    from app.store.backup import daily_backup
    from app.store.errors import StoreDamaged
    from ui.app_state import AppState
    from ui.crash import install_crash_handler
    from ui.i18n import install_translators
    from ui.main_window import MainWindow
    from ui.store_states import explain_store_problem, open_store_or_explain

    cli_ctx = make_context(args)
    remove_leftovers()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("MVK")
    app.setWindowIcon(application_icon())
    app.setOrganizationName("MVK")
    install_crash_handler(configure_logging())
    install_translators(app, cli_ctx.lang)  # until the user's own choice is known
    store = open_store_or_explain(resolve_db_url(args.db), cli_ctx.clock)
    if store is None:
        return 1
    daily_backup(store, cli_ctx.clock)  # the first start of a day: an online backup
    state = AppState(store=store, ctx=ServiceContext.default(cli_ctx.clock))
    try:
        install_translators(app, args.lang or state.preferences().language)  # --lang wins
        if state.needs_setup() and not store.readonly:
            from ui.setup_dialog import SetupDialog

            if SetupDialog(state).exec() != SetupDialog.DialogCode.Accepted:
                return 0
        window = MainWindow(state)
    except StoreDamaged as damaged:  # too damaged to show even read-only: say how to restore
        explain_store_problem(damaged)
        return 1
    window.show()
    window.raise_()
    window.activateWindow()
    QTimer.singleShot(0, window.offer_drafts)
    return app.exec()
