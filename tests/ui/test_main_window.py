"""The GUI entry point builds the main window (offscreen)."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app import __version__
from app.clock import FixedClock
from ui.application import display_problem
from ui.main_window import MainWindow


def test_main_window_shows_version_store_and_today(qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "mvk.sqlite"
    window = MainWindow(db_url=f"sqlite:///{store}", clock=FixedClock(date(2024, 2, 29)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle().startswith("MVK")
    assert window.version_label.text() == f"mvk {__version__}"
    assert window.store_label.text() == str(store)
    assert window.today_label.text() == "29-02-2024"


def test_display_problem_only_without_any_display() -> None:
    assert display_problem({"DISPLAY": ":99"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    message = display_problem({})
    import sys

    if sys.platform.startswith("linux"):
        assert message is not None and "xvfb-run" in message
