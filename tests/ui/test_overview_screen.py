"""Kvartalsoverblik: key figures, tables, charts, publication, PDF and Excel (offscreen).

The data set is small and known: in 1. kvartal 2024 (the last finished quarter on 15-06-2024)
region 1084 has 8 pathways — 5 in kategori 1, 2 in kategori 2, 1 in kategori 3 (5/8 = 62,5 %
within the deadline) — one more in April (the year: 9), and one open pathway past its deadline.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from factories import at_partner
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.periods import Period
from app.services import pathways
from app.services import settings as settings_service
from ui.app_state import AppState
from ui.main_window import MainWindow
from ui.overview_screen import OverviewScreen


def register(
    state: AppState,
    cpr: str,
    henvisning: date,
    start: date | None = None,
    aarsag: str | None = None,
) -> None:
    data = at_partner(cpr, henvisning, tilbudt_start=start, start=start, aarsag=aarsag)
    state.write(lambda s: pathways.register(s, data, state.ctx))


def set_region(state: AppState, region: str = "1084") -> None:
    state.write(
        lambda s: settings_service.set_many(s, state.ctx, {"region": region, "own_shak": "1301"})
    )


@pytest.fixture
def known(app_state: AppState) -> AppState:
    """The small data set described at the top."""
    set_region(app_state)
    for n in range(5):  # 8 waiting days (frist 14): kategori 1
        register(app_state, f"0{n + 1}0190{n}234", date(2024, 1, 2), date(2024, 1, 10))
    for n in range(2):  # 19 days, a reason of kategori 2
        register(app_state, f"1{n}0290{n}234", date(2024, 2, 1), date(2024, 2, 20), "PATIENTOENSKE")
    register(app_state, "2003901234", date(2024, 3, 1), date(2024, 3, 20), "KAPACITET")  # kat. 3
    register(app_state, "2104901234", date(2024, 4, 2), date(2024, 4, 10))  # April: K2
    register(app_state, "2203901234", date(2024, 3, 1))  # open, frist 15-03: overdue at 31-03
    return app_state


def open_screen(qtbot: QtBot, state: AppState) -> OverviewScreen:
    screen = OverviewScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    wait_ready(qtbot, screen)
    return screen


def wait_ready(qtbot: QtBot, screen: OverviewScreen) -> None:
    qtbot.waitUntil(lambda: not screen.busy and not screen.saving, timeout=20000)


def choose(qtbot: QtBot, screen: OverviewScreen, **choice: Any) -> None:
    with qtbot.waitSignal(screen.ready, timeout=20000):
        screen.choose(**choice)


def card(screen: OverviewScreen, key: str) -> tuple[str, str]:
    shown = screen.cards[key]
    return shown.value_label.text(), shown.detail_label.text()


def test_default_choice_is_own_region_and_last_finished_quarter() -> None:
    assert Period.last_finished(date(2024, 6, 15)) == Period(2024, 1)
    assert Period.last_finished(date(2024, 1, 1)) == Period(2023, 4)
    offered = Period.offered(date(2024, 6, 15), years_back=1)
    assert [str(p) for p in offered] == ["2024K2", "2024K1", "2023K4", "2023K3", "2023K2", "2023K1"]


def test_key_figures_and_tables_of_a_known_quarter(qtbot: QtBot, known: AppState) -> None:
    screen = open_screen(qtbot, known)
    assert screen.region() == "1084"
    assert screen.period() == Period(2024, 1)
    assert screen.stack.currentIndex() == screen.CONTENT_PAGE
    assert "Kvartalsoverblik · Region Hovedstaden (1084) · 1. kvartal 2024" in (
        screen.title_label.text()
    )
    assert "01-01-2024 – 31-03-2024" in screen.title_label.text()
    assert card(screen, "total")[0] == "8"
    assert card(screen, "inden")[0] == "62,5 %"
    assert card(screen, "1") == ("5", "62,5 %")
    assert card(screen, "2") == ("2", "25,0 %")
    assert card(screen, "3") == ("1", "12,5 %")
    assert card(screen, "afbrudte")[0] == "0"
    assert card(screen, "ventedage")[0] == "8 / 19"
    # the open pathway: waiting at 31-03-2024 and past its deadline, highlighted
    assert card(screen, "aabne") == ("1", "heraf 1 med overskredet frist")
    assert screen.cards["aabne"].property("overdue") == "true"
    assert "31-03-2024" in screen.cards["aabne"].caption_label.text()

    status = screen.tables["status"].texts()
    assert status[-1] == ["I alt", "5", "2", "1", "8"]
    reasons = {row[0]: row[-1] for row in screen.tables["aarsag"].texts()}
    assert reasons["Patientens eget ønske"] == "2"
    months = screen.tables["maaned"].texts()
    assert [row[0] for row in months] == ["januar 2024", "februar 2024", "marts 2024", "I alt"]
    assert [row[-1] for row in months] == ["5", "2", "1", "8"]
    overdue = screen.tables["open_list"].texts()
    assert len(overdue) == 1 and overdue[0][4:] == ["01-03-2024", "15-03-2024", "16"]
    assert set(screen.tables) >= {"forloeb", "partner", "aabne", "udland", "tendens"}
    assert screen.tables["tendens"].texts()[-1] == ["K1 2024", "8", "62,5 %"]
    assert "Intern udgave" in screen.edition_label.text()


def test_publication_hides_small_counts_and_says_so(qtbot: QtBot, known: AppState) -> None:
    screen = open_screen(qtbot, known)
    with qtbot.waitSignal(screen.ready, timeout=20000):
        screen.publish_check.toggle()
    assert screen.view is not None and screen.view.report.publish
    assert card(screen, "total")[0] == "8"
    assert card(screen, "2")[0] == "<5"
    assert card(screen, "3")[0] == "<5"
    status = screen.tables["status"].texts()
    assert "<5" in status[-1]
    texts = [cell for row in status for cell in row[1:]]
    assert not any(cell in {"1", "2", "3", "4"} for cell in texts)  # 1–4 never shown
    note = screen.edition_label.text()
    assert "Til offentliggørelse" in note and "&lt;5" in note and "«..»" in note
    assert "nationale fil" in note
    assert "open_list" not in screen.tables  # single pathways are not for publication
    with qtbot.waitSignal(screen.ready, timeout=20000):
        screen.publish_check.toggle()
    assert card(screen, "2")[0] == "2"


def test_charts_are_matplotlib_canvases(qtbot: QtBot, known: AppState) -> None:
    screen = open_screen(qtbot, known)
    screen.tabs.setCurrentIndex(1)
    assert [c.objectName() for c in screen.canvases] == [
        "chart_maaned",
        "chart_ventedage",
        "chart_aarsag",
        "chart_tendens",
    ]
    assert all(isinstance(c, FigureCanvasQTAgg) for c in screen.canvases)
    assert all(c.isVisibleTo(screen) and c.height() > 100 for c in screen.canvases)
    choose(qtbot, screen, publish=True)
    assert "chart_ventedage" not in [c.objectName() for c in screen.canvases]  # not published


def test_the_whole_year(qtbot: QtBot, known: AppState) -> None:
    screen = open_screen(qtbot, known)
    with qtbot.waitSignal(screen.ready, timeout=20000):
        screen.year_check.toggle()
        # counted in the background: the window says so and cannot save meanwhile
        assert screen.busy and screen.state_label.text() == "Beregner …"
        assert not screen.pdf_action.isEnabled()
    assert screen.title_label.text().startswith("Årsoverblik")
    assert "Året 2024" in screen.title_label.text()
    assert card(screen, "total")[0] == "9"
    assert "ikke slut" in screen.status_label.text()


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """QFileDialog answers with ``answer["path"]``; the suggested file and the messages are kept."""
    seen: dict[str, Any] = {"suggested": [], "information": [], "warning": []}

    def get_save_file_name(parent, caption, directory, file_filter, *a, **k):  # type: ignore[no-untyped-def]
        seen["suggested"].append(directory)
        return str(seen["path"]), file_filter

    def information(parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        seen["information"].append(text)
        return QMessageBox.StandardButton.Ok

    def warning(parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        seen["warning"].append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return seen


def test_save_pdf(qtbot: QtBot, known: AppState, save_as: dict[str, Any], tmp_path: Path) -> None:
    screen = open_screen(qtbot, known)
    save_as["path"] = tmp_path / "rapport"  # the suffix is added
    with qtbot.waitSignal(screen.file_saved, timeout=30000) as saved:
        screen.pdf_action.trigger()
    written = tmp_path / "rapport.pdf"
    assert saved.args == [written]
    assert written.read_bytes().startswith(b"%PDF")
    assert Path(save_as["suggested"][0]).name == "kvartalsoverblik_1084_2024K1.pdf"
    assert save_as["information"] == [f"PDF-rapporten er gemt:\n{written}"]
    assert save_as["warning"] == []


def test_save_excel_has_the_same_total(
    qtbot: QtBot, known: AppState, save_as: dict[str, Any], tmp_path: Path
) -> None:
    screen = open_screen(qtbot, known)
    choose(qtbot, screen, publish=True)
    save_as["path"] = tmp_path / "tabeller.xlsx"
    with qtbot.waitSignal(screen.file_saved, timeout=30000):
        screen.xlsx_button.click()
    assert Path(save_as["suggested"][0]).name == "kvartalsoverblik_1084_2024K1_offentlig.xlsx"
    book = openpyxl.load_workbook(tmp_path / "tabeller.xlsx")
    sheet = book["Nøgletal"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert values["Forløb i alt"] == 8
    assert values["Kategori 3: reglerne ikke overholdt"] == "<5"


def test_a_file_that_cannot_be_written_is_a_danish_warning(
    qtbot: QtBot, known: AppState, save_as: dict[str, Any], tmp_path: Path
) -> None:
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("")
    screen = open_screen(qtbot, known)
    save_as["path"] = blocker / "tabeller.xlsx"
    screen.xlsx_action.trigger()
    qtbot.waitUntil(lambda: bool(save_as["warning"]), timeout=30000)
    title, text = save_as["warning"][0]
    assert title == "Tabellerne blev ikke gemt"
    assert str(blocker) in text and "Traceback" not in text
    assert save_as["information"] == []
    assert screen.xlsx_button.isEnabled() and screen.pdf_button.isEnabled()


def test_empty_period_and_no_region(qtbot: QtBot, app_state: AppState) -> None:
    screen = open_screen(qtbot, app_state)  # no region chosen at installation
    assert screen.stack.currentIndex() == screen.STATE_PAGE
    assert screen.state_label.text().startswith("Vælg en region")
    assert not screen.pdf_button.isEnabled()
    choose(qtbot, screen, region="1084", period="2024K2")
    assert screen.stack.currentIndex() == screen.STATE_PAGE
    assert screen.state_label.text() == "Ingen forløb med slutdato i 2. kvartal 2024."


def test_keyboard_shortcuts_are_in_the_tooltips(qtbot: QtBot, known: AppState) -> None:
    screen = open_screen(qtbot, known)
    assert screen.windowFlags() & Qt.WindowType.Window
    assert "Ctrl+P" in screen.pdf_button.toolTip()
    assert "Ctrl+Shift+E" in screen.xlsx_button.toolTip()
    assert "F5" in screen.refresh_button.toolTip()
    assert "Esc" in screen.close_button.toolTip()
    assert "Alt+O" in screen.publish_check.toolTip()
    assert "Alt+H" in screen.year_check.toolTip()
    assert "Alt+R" in screen.region_combo.toolTip()
    assert "Alt+P" in screen.period_combo.toolTip()


def test_main_window_opens_the_overview_with_ctrl_shift_k(qtbot: QtBot, known: AppState) -> None:
    window = MainWindow(known)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.overview_action.shortcut().toString() == "Ctrl+Shift+K"
    qtbot.keyClick(
        window,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: getattr(window, "overview_screen", None) is not None)
    screen = window.overview_screen
    assert isinstance(screen, OverviewScreen) and screen.isVisible()
    wait_ready(qtbot, screen)
    assert card(screen, "total")[0] == "8"
    screen.close()
    assert not screen.isVisible()
    register(known, "2303901234", date(2024, 3, 4), date(2024, 3, 8))
    window.show_overview()  # again: the same window, counted again
    assert window.overview_screen is screen and screen.isVisible()
    wait_ready(qtbot, screen)
    assert card(screen, "total")[0] == "9"


def test_shown_without_pathways_today(qtbot: QtBot, app_state: AppState) -> None:
    set_region(app_state)
    register(app_state, "0101901234", date(2024, 6, 15) - timedelta(days=1))
    screen = open_screen(qtbot, app_state)
    assert screen.state_label.text() == "Ingen forløb med slutdato i 1. kvartal 2024."
