"""GUI fixtures: an AppState on a fresh SQLite store with a fixed day."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.services.context import ServiceContext
from app.store.migrate import open_store
from ui.app_state import AppState

GUI_TODAY = date(2024, 6, 15)


@pytest.fixture
def app_state(tmp_path: Path, sqlite_template: Path) -> Iterator[AppState]:
    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    store = open_store(f"sqlite:///{path}")
    yield AppState(
        store=store, ctx=ServiceContext.default(FixedClock(GUI_TODAY), login="sekretaer")
    )
    store.dispose()


@pytest.fixture(autouse=True)
def answered_questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Modal questions never block a test: each is recorded and answered "Discard"/"Yes"."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.fixture(autouse=True)
def danish_unless_told(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in Danish, and a test that switches language leaves nothing behind."""
    from PySide6.QtWidgets import QApplication

    from ui.i18n import remove_translators

    monkeypatch.setenv("MVK_LANG", "da")  # undone afterwards, whatever the test sets
    yield
    app = QApplication.instance()
    if app is not None:
        remove_translators(app)
