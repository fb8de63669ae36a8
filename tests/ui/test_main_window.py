"""The main window: the worklist, its filters and the status bar (offscreen)."""

from __future__ import annotations

import sys
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import __version__
from app.domain.pathway import PathwayData
from app.services import pathways
from ui.app_state import AppState
from ui.application import application_icon, display_problem
from ui.main_window import MainWindow
from ui.worklist_model import URGENCY_ROLE

TODAY = date(2024, 6, 15)


def register(state: AppState, cpr: str, henvisning: date, **extra: object) -> str:
    data = PathwayData(
        cpr=cpr,
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="8001",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=henvisning,
        **extra,  # type: ignore[arg-type]
    )
    return state.write(lambda s: pathways.register(s, data, state.ctx)).forloeb_id


def make_window(qtbot: QtBot, state: AppState) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_window_title_status_bar_and_empty_worklist(qtbot: QtBot, app_state: AppState) -> None:
    window = make_window(qtbot, app_state)
    assert window.windowTitle().startswith(f"MVK {__version__}")
    assert app_state.store.location in window.store_label.text()
    assert window.user_label.text() == "Bruger: sekretaer"
    assert window.today_label.text() == "Dato: 15-06-2024"
    assert window.model.rowCount() == 0
    assert window.counts_label.text().startswith("Åbne: 0 · Overskredne: 0")


def test_open_pathways_most_urgent_first_with_readable_countdown(
    qtbot: QtBot, app_state: AppState
) -> None:
    register(app_state, "0101901234", TODAY - timedelta(days=2))  # 12 days left
    register(app_state, "0202902345", TODAY - timedelta(days=16))  # overdue by 2
    register(app_state, "0303903456", TODAY - timedelta(days=12))  # 2 days left
    window = make_window(qtbot, app_state)
    model = window.model
    assert model.rowCount() == 3
    texts = [model.data(model.index(r, 6)) for r in range(3)]
    assert texts == ["✖ overskredet 2 dage", "⚠ 2 dage tilbage", "✓ 12 dage tilbage"]
    assert [model.data(model.index(r, 6), URGENCY_ROLE) for r in range(3)] == [
        "overdue",
        "soon",
        "ok",
    ]
    assert model.data(model.index(0, 0)) == "020290-2345"
    assert model.data(model.index(0, 5)) == "13-06-2024"
    assert "Overskredne: 1" in window.counts_label.text()


def test_search_by_cpr_with_and_without_hyphen(qtbot: QtBot, app_state: AppState) -> None:
    register(app_state, "0101901234", TODAY - timedelta(days=2))
    register(app_state, "0202902345", TODAY - timedelta(days=3))
    window = make_window(qtbot, app_state)
    for typed in ("020290-2345", "0202902345"):
        window.search_edit.setText(typed)
        window.apply_filters()
        assert window.model.rowCount() == 1
        assert window.model.data(window.model.index(0, 0)) == "020290-2345"
    window.search_edit.clear()
    window.apply_filters()
    assert window.model.rowCount() == 2


def test_invalid_period_filter_says_so_and_keeps_the_list(
    qtbot: QtBot, app_state: AppState
) -> None:
    register(app_state, "0101901234", TODAY - timedelta(days=2))
    window = make_window(qtbot, app_state)
    window.period_edit.setText("2024K7")
    window.apply_filters()
    assert "Ugyldig periode" in window.filter_message.text()
    assert window.model.rowCount() == 1
    assert window.period_edit.text() == "2024K7"


def test_sorting_by_header_happens_in_sql(qtbot: QtBot, app_state: AppState) -> None:
    register(app_state, "0101901234", TODAY - timedelta(days=2))
    register(app_state, "0202902345", TODAY - timedelta(days=16))
    window = make_window(qtbot, app_state)
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert window.model.data(window.model.index(0, 0)) == "020290-2345"
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert window.model.data(window.model.index(0, 0)) == "010190-1234"


def test_ctrl_f_focuses_search(qtbot: QtBot, app_state: AppState) -> None:
    window = make_window(qtbot, app_state)
    window.table.setFocus()
    window.search_action.trigger()
    assert window.search_edit.hasFocus()
    assert window.search_action.shortcut().toString() == "Ctrl+F"


def test_model_passes_qtmodeltester(qtbot: QtBot, qtmodeltester, app_state: AppState) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        register(app_state, f"0{i + 1}0190123{i}", TODAY - timedelta(days=i * 5))
    window = make_window(qtbot, app_state)
    qtmodeltester.check(window.model)


def test_display_problem_only_without_any_display() -> None:
    assert display_problem({"DISPLAY": ":99"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    if sys.platform.startswith("linux"):
        message = display_problem({})
        assert message is not None and "xvfb-run" in message


def test_menus_open_partners_and_settings_by_shortcut(qtbot: QtBot, app_state: AppState) -> None:
    window = make_window(qtbot, app_state)
    assert window.partners_action.shortcut().toString() == "Ctrl+Shift+P"
    window.partners_action.trigger()
    qtbot.waitUntil(lambda: window.current_dialog.isVisible())
    assert window.current_dialog.windowTitle()
    window.current_dialog.close()
    window.settings_action.trigger()
    qtbot.waitUntil(lambda: window.current_dialog.isVisible())
    window.current_dialog.close()


def test_new_pathway_shortcut_opens_the_form(qtbot: QtBot, app_state: AppState) -> None:
    window = make_window(qtbot, app_state)
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    window.new_action.trigger()
    qtbot.waitUntil(lambda: window.current_form.isVisible())
    assert window.current_form.windowTitle() == "Nyt forløb"
    window.current_form.close()


def test_f1_lists_every_shortcut_of_the_menus(qtbot: QtBot, app_state: AppState) -> None:
    window = make_window(qtbot, app_state)
    window.shortcuts_action.trigger()
    dialog = window.current_dialog
    table = dialog.table
    listed = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert listed["Nyt forløb"] == "Ctrl+N"
    assert listed["Søg CPR-nummer"] == "Ctrl+F"
    assert listed["Ret, afslut eller afbryd forløb"] == "F2"
    assert listed["Tastaturgenveje"] == "F1"
    for action in window.all_actions():
        if not action.shortcut().isEmpty():
            assert action.toolTip().endswith(f"({action.shortcut().toString()})")


def test_delete_asks_then_soft_deletes_and_needs_a_reason_once_delivered(
    qtbot: QtBot,
    app_state: AppState,
    monkeypatch,
    answered_questions: list[str],  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from app.store.errors import NotFound
    from app.store.models import Delivery

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a: warnings.append(text))
    )
    first = register(app_state, "0101901234", TODAY - timedelta(days=2))
    window = make_window(qtbot, app_state)
    window.table.selectRow(0)
    window.delete_action.trigger()
    assert window.model.rowCount() == 0
    with pytest.raises(NotFound):
        app_state.read(lambda s: pathways.get(s, first))

    closed = register(
        app_state,
        "0202902345",
        date(2024, 4, 2),
        tilbudt_start=date(2024, 4, 5),
        start=date(2024, 4, 8),
    )
    app_state.write(
        lambda s: s.add(
            Delivery(
                region="1084",
                periode="2024K2",
                leverance=1,
                indberetter_shak="1301",
                dannet="2024-06-01T10:00:00+02:00",
                dannet_af="AB",
                file_name="x.xlsx",
                sha256="0" * 64,
                kontrolsum="0" * 64,
                antal_forloeb=1,
                antal_udland=0,
            )
        )
    )
    window.status_combo.setCurrentIndex(window.status_combo.findData("alle"))
    window.apply_filters()
    window.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    window.delete_action.trigger()
    assert warnings and "allerede indberettet" in warnings[-1]
    assert app_state.read(lambda s: pathways.get(s, closed)).forloeb_id == closed
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Dobbeltregistreret", True))
    )
    window.delete_action.trigger()
    with pytest.raises(NotFound):
        app_state.read(lambda s: pathways.get(s, closed))


def test_the_program_has_its_icon_in_several_sizes(qtbot: QtBot) -> None:
    icon = application_icon()
    assert not icon.isNull()
    assert len(icon.availableSizes()) >= 4  # sharp in the title bar and the task bar
