"""Filer → Tag sikkerhedskopi … and Gendan fra sikkerhedskopi …; the notices of a damaged store and of
a store on a network drive."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine

from app.clock import FixedClock
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store import backup
from app.store.engine import Store
from app.store.errors import StoreOnNetwork
from app.store.migrate import open_store
from ui.app_state import AppState
from ui.backup_actions import backup_now, restore_from
from ui.store_states import (
    StateBanners,
    StoreOverview,
    StoreProblemDialog,
    open_store_or_explain,
)

CLOCK = FixedClock(date(2024, 6, 15))


@pytest.fixture
def state(tmp_path: Path, sqlite_template: Path) -> Iterator[AppState]:
    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    made = AppState(
        store=open_store(f"sqlite:///{path}"),
        ctx=ServiceContext.default(CLOCK, login="sekretaer"),
    )
    yield made
    made.store.dispose()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every message box shown: (kind, title, text); questions are answered Yes."""
    shown: list[tuple[str, str, str]] = []

    def recorder(kind: str) -> Any:
        def show(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Yes

        return staticmethod(show)

    for kind in ("information", "warning", "question"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


def choose(monkeypatch: pytest.MonkeyPatch, method: str, path: Path | None) -> None:
    def dialog(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, method, staticmethod(dialog))


def set_region(state: AppState, region: str) -> None:
    state.write(lambda s: settings_service.set(s, state.ctx, "region", region))


def region(state: AppState) -> str | None:
    return state.read(lambda s: settings_service.get(s, "region").value)


def test_backup_now_writes_a_checked_copy_and_says_so(
    qtbot: QtBot, state: AppState, tmp_path: Path, boxes: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_region(state, "1084")
    target = tmp_path / "kopier" / "min-kopi.sqlite"
    choose(monkeypatch, "getSaveFileName", target)
    assert backup_now(state) == target
    assert backup.verify_backup(target) == []
    [(kind, _title, text)] = boxes
    assert kind == "information"
    assert f"Sikkerhedskopi skrevet: {target}" in text and "integritet er kontrolleret" in text


def test_backup_now_cancelled_writes_nothing(
    qtbot: QtBot, state: AppState, tmp_path: Path, boxes: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(monkeypatch, "getSaveFileName", None)
    assert backup_now(state) is None
    assert boxes == [] and not (tmp_path / "backups").exists()


def test_restore_from_confirms_restores_and_reopens(
    qtbot: QtBot, state: AppState, tmp_path: Path, boxes: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_region(state, "1084")
    copy = backup.backup_sqlite(state.store.engine, tmp_path / "kopi.sqlite")
    set_region(state, "1082")
    old_store = state.store
    choose(monkeypatch, "getOpenFileName", copy)
    assert restore_from(state) is True
    assert state.store is not old_store and not state.store.readonly
    assert region(state) == "1084"
    kinds = [kind for kind, _title, _text in boxes]
    assert kinds == ["question", "information"]
    assert "Det nuværende lager gemmes ved siden af" in boxes[0][2]
    assert "er gendannet fra" in boxes[1][2] and "før-gendannelse" in boxes[1][2]
    set_region(state, "1083")  # the reopened store saves
    assert region(state) == "1083"


def test_restore_from_answered_no_changes_nothing(
    qtbot: QtBot, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_region(state, "1084")
    copy = backup.backup_sqlite(state.store.engine, tmp_path / "kopi.sqlite")
    set_region(state, "1082")
    choose(monkeypatch, "getOpenFileName", copy)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    assert restore_from(state) is False
    assert region(state) == "1082"
    assert not list(tmp_path.glob("*før-gendannelse*"))


def test_restore_from_a_bad_file_says_why_and_keeps_the_store(
    qtbot: QtBot, state: AppState, tmp_path: Path, boxes: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_region(state, "1084")
    bad = tmp_path / "noter.sqlite"
    bad.write_text("ikke en database\n" * 200, encoding="utf-8")
    choose(monkeypatch, "getOpenFileName", bad)
    assert restore_from(state) is False
    assert boxes[-1][0] == "warning" and "kan ikke bruges" in boxes[-1][2]
    assert region(state) == "1084"


def test_on_postgres_both_point_to_the_database_tools(qtbot: QtBot, boxes: list[Any]) -> None:
    url = "postgresql+psycopg://mvk@db.example/mvk"
    state = AppState(
        store=Store(url=url, engine=create_engine(url)), ctx=ServiceContext.default(CLOCK)
    )
    assert backup_now(state) is None
    assert restore_from(state) is False
    assert "pg_dump" in boxes[0][2] and "pg_restore" in boxes[1][2]


def damage_table(path: Path, table: str = "audit_log") -> None:
    """Garbage over the first page of one table's data (the header and the schema stay readable,
    wherever a new migration puts its pages)."""
    with sqlite3.connect(path) as connection:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
        page = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page)
        handle.write(b"\xa5" * page)


def test_a_damaged_store_opens_with_how_to_restore_in_the_notice_bar(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "mvk.sqlite"
    store = open_store(f"sqlite:///{path}")
    ctx = ServiceContext.default(CLOCK, login="sekretaer")
    with store.write() as session:
        for i in range(80):
            settings_service.set(session, ctx, "region", ["1081", "1082"][i % 2])
    store.dispose()
    damage_table(path)
    store = open_store(f"sqlite:///{path}")
    try:
        assert store.readonly and store.damaged is not None
        banners = StateBanners()
        qtbot.addWidget(banners)
        overview = StoreOverview(0, 0, 0, 0, 0, True, store.location, store.damaged.message())
        banners.show_overview(overview)
        text = banners.readonly_bar.message()
        assert "er beskadiget" in text and "kun kan læses" in text
        assert "mvk db restore" in text and str(tmp_path / "backups") in text
        assert "Filer → Gendan fra sikkerhedskopi" in text
    finally:
        store.dispose()


def test_a_store_too_damaged_to_read_is_explained_without_retry(
    qtbot: QtBot, tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # garbage over every page after the first
        handle.seek(4096)
        handle.write(b"\xff" * (size - 4096))
    seen: list[StoreProblemDialog] = []

    def exec_(dialog: StoreProblemDialog) -> int:
        seen.append(dialog)
        dialog.quit_button.click()
        return 0

    monkeypatch.setattr(StoreProblemDialog, "exec", exec_)
    assert open_store_or_explain(f"sqlite:///{path}", CLOCK) is None
    [dialog] = seen
    assert dialog.text() == "Lageret er beskadiget"
    assert "kan ikke bruges" in dialog.informative_text()
    assert "mvk db restore" in dialog.informative_text()
    assert dialog.retry_button is None


def test_a_store_on_a_network_drive_is_explained_without_retry(qtbot: QtBot) -> None:
    dialog = StoreProblemDialog(StoreOnNetwork(r"\\fil01\hjem\mvk.sqlite"))
    qtbot.addWidget(dialog)
    assert dialog.text() == "Lageret ligger på et netværksdrev"
    assert "PostgreSQL" in dialog.informative_text()
    assert dialog.retry_button is None


def test_the_file_menu_actions_back_up_and_restore_in_the_main_window(
    qtbot: QtBot, state: AppState, tmp_path: Path, boxes: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.backup_actions import add_backup_actions
    from ui.main_window import MainWindow

    window = MainWindow(state)
    qtbot.addWidget(window)
    refreshed: list[bool] = []
    backup_action, restore_action = add_backup_actions(
        window.file_menu, window, window.state, lambda: refreshed.append(True)
    )
    texts = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert "Tag &sikkerhedskopi …" in texts and "&Gendan fra sikkerhedskopi …" in texts
    assert backup_action in window.all_actions() and restore_action in window.all_actions()

    set_region(state, "1084")
    copy = tmp_path / "kopi.sqlite"
    choose(monkeypatch, "getSaveFileName", copy)
    backup_action.trigger()
    assert backup.verify_backup(copy) == []
    set_region(state, "1082")
    choose(monkeypatch, "getOpenFileName", copy)
    restore_action.trigger()
    assert refreshed == [True]
    assert region(window.state) == "1084"


def test_program_start_on_a_store_too_damaged_to_show_says_how_to_restore(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a damaged table fails with StoreDamaged (engine._translate); when that happens while
    the window is built, the start explains it instead of showing a crash."""
    from app import cli
    from app.logging_setup import LOG_DIR_ENV, shutdown_logging
    from app.services.context import current_login
    from app.store.errors import StoreDamaged
    from ui import main_window
    from ui.application import run_gui
    from ui.crash import crash_handler

    path = tmp_path / "mvk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.write() as session:  # set up, so the start goes straight to the window
        settings_service.set_many(
            session,
            ServiceContext.default(CLOCK, login=current_login()),
            {"region": "1084", "own_shak": "1301", "initials": "AB"},
        )
    store.dispose()

    def damaged_window(_state: AppState) -> None:
        raise StoreDamaged(str(path), "database disk image is malformed", "backups", readable=False)

    seen: list[str] = []

    def exec_(dialog: StoreProblemDialog) -> int:
        seen.append(dialog.text())
        seen.append(dialog.informative_text())
        return 0

    monkeypatch.setattr(main_window, "MainWindow", damaged_window)
    monkeypatch.setattr(StoreProblemDialog, "exec", exec_)
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    args = cli.build_parser().parse_args(["--db", f"sqlite:///{path}", "--today", "2024-06-15"])
    try:
        assert run_gui(args) == 1
    finally:
        handler = crash_handler()
        if handler is not None:
            handler.uninstall()
        shutdown_logging()
    assert seen[0] == "Lageret er beskadiget"
    assert "mvk db restore" in seen[1]
    assert backup.daily_backups(path) == [tmp_path / "backups" / "mvk-2024-06-15.sqlite"]
