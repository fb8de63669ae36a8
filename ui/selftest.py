"""The Qt step of ``mvk --selftest``: a QApplication, the translations and the main window, offscreen.

It proves that a bundle holds what only the window needs: the Qt platform plugin, Qt's own
translations (``qtbase_da.qm``), MVK's English translation (``mvk_en.qm``) and every module the
main window imports. The window is built on the self-test's store, shown once and closed.
"""

from __future__ import annotations

import os
import sys

from app.clock import Clock

LOGIN = "selvtest"


def run() -> int:
    """``mvk --selftest``: app/'s steps, then this window step. Without a display Qt runs offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.cli.selftest_cmd import run_selftest

    return run_selftest(check_main_window)


def check_main_window(url: str, clock: Clock) -> str:
    """Build and show the main window on the store at ``url``; returns the line the test prints."""
    from PySide6.QtWidgets import QApplication

    from app.services.context import ServiceContext
    from app.store.migrate import open_store
    from ui.app_state import AppState
    from ui.i18n import install_translators, remove_translators
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    english = install_translators(app, "en")
    missing = {"mvk_en.qm", "qtbase_en.qm"} - set(english)
    danish = install_translators(app, "da")
    if "qtbase_da.qm" not in danish:
        missing.add("qtbase_da.qm")
    if missing:
        raise RuntimeError(f"oversættelser mangler: {', '.join(sorted(missing))}")
    store = open_store(url, clock=clock)
    try:
        state = AppState(store=store, ctx=ServiceContext.default(clock, login=LOGIN))
        window = MainWindow(state)
        window.show()
        app.processEvents()
        shown = window.isVisible()
        title = window.windowTitle()
        window.close()
        window.deleteLater()
        app.processEvents()
    finally:
        store.dispose()
        remove_translators(app)
    if not shown:
        raise RuntimeError("hovedvinduet blev ikke vist")
    return f"hovedvindue vist ({app.platformName()}): «{title}»; oversættelser da og en indlæst"
