"""The reporting screen ("Indberetning"): pre-check, export, trial file, ledger, changes since
delivery, checking a file and importing files (offscreen; today is 15-06-2024, so 2024K1 is the
period chosen by default)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import at_partner as data
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.domain.periods import Period
from app.services import export as export_service
from app.services import pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store.migrate import open_store
from app.store.models import Pathway
from app.submission.validator import has_errors, validate_file
from tests.ui.conftest import GUI_TODAY
from ui.app_state import AppState
from ui.main_window import MainWindow
from ui.reporting_screen import CHANGES_TAB, ReportingScreen, screenshot_states

K1 = Period(2024, 1)


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("MVK_STATE_DIR", str(folder))
    return folder


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """QMessageBox.information/warning never block: each is recorded as (kind, title, text)."""
    seen: list[tuple[str, str, str]] = []

    def information(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(("information", title, text))
        return QMessageBox.StandardButton.Ok

    def warning(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(("warning", title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return seen


def configure(state: AppState) -> None:
    state.write(
        lambda s: settings_service.set_many(
            s, state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
    )


def register(state: AppState, pathway: PathwayData) -> str:
    return state.write(lambda s: pathways.register(s, pathway, state.ctx)).forloeb_id


def quarter(state: AppState) -> dict[str, str]:
    """Two finished pathways in 2024K1 and one open pathway whose deadline passed in it."""
    configure(state)
    return {
        "a": register(
            state,
            data(
                "0101901234",
                date(2024, 2, 1),
                tilbudt_start=date(2024, 2, 5),
                start=date(2024, 2, 6),
                kommentar="Første",
            ),
        ),
        "b": register(state, data("0202902345", date(2024, 3, 1), afbrudt=date(2024, 3, 4))),
        "open": register(state, data("0303903456", date(2024, 3, 10))),
    }


def make_screen(qtbot: QtBot, state: AppState, **kwargs: Any) -> ReportingScreen:
    screen = ReportingScreen(state, **kwargs)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    wait_idle(qtbot, screen)
    return screen


def wait_idle(qtbot: QtBot, screen: ReportingScreen) -> None:
    qtbot.waitUntil(lambda: not screen.loading and not screen.busy and screen._jobs == 0)


def rows(screen: ReportingScreen) -> list[tuple[str, str | None]]:
    return [(i.finding.rule, i.forloeb_id) for i in screen.findings_table.check_items]


@pytest.fixture
def other_state(tmp_path: Path, sqlite_template: Path) -> Iterator[AppState]:
    """A second, empty store (another region's office): the target of an import."""
    path = tmp_path / "other.sqlite"
    shutil.copy(sqlite_template, path)
    store = open_store(f"sqlite:///{path}")
    yield AppState(store=store, ctx=ServiceContext.default(FixedClock(GUI_TODAY), login="region"))
    store.dispose()


def test_default_period_is_the_last_finished_quarter() -> None:
    assert Period.last_finished(date(2024, 6, 15)) == K1
    assert Period.last_finished(date(2024, 1, 2)) == Period(2023, 4)


def test_finding_is_listed_opens_its_pathway_and_blocks_export_until_fixed(
    qtbot: QtBot, app_state: AppState, shown: list[tuple[str, str, str]]
) -> None:
    ids = quarter(app_state)
    # a value the services never write (as after a change outside them): F12 is a FEJL
    app_state.write(
        lambda s: s.execute(
            update(Pathway).where(Pathway.forloeb_id == ids["a"]).values(kommentar="a\x01b")
        )
    )
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_reporting()
    screen = window.reporting_screen
    qtbot.waitExposed(screen)
    wait_idle(qtbot, screen)

    assert screen.region() == "1084"
    assert screen.period() == K1
    assert ("F12", ids["a"]) in rows(screen)
    assert ("K01", ids["open"]) in rows(screen)  # the open pathway whose deadline passed
    table = screen.findings_table
    row = rows(screen).index(("F12", ids["a"]))
    assert table.item(row, table.RULE).text() == "F12"
    assert table.item(row, table.SEVERITY).text() == "✖ FEJL"
    assert table.item(row, table.CPR).text() == "010190-1234"
    assert "kommentar" in table.item(row, table.PLACE).text()
    assert screen.summary_label.text() == (
        "1 fejl, 1 advarsel — eksport ikke mulig før fejlene er rettet"
    )
    assert not screen.export_button.isEnabled()
    assert not screen.trial_button.isEnabled()  # the service refuses a trial file with FEJL too
    assert "1 fejl skal rettes først" in screen.export_button.toolTip()
    assert "Ctrl+E" in screen.export_button.toolTip()

    # Enter on the finding opens the real registration form on that pathway
    table.setFocus()
    table.setCurrentCell(row, table.RULE)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window, "current_form", None) is not None)
    form = window.current_form
    assert form.pathway is not None
    assert form.pathway.forloeb_id == ids["a"]
    form.close()

    # the open pathway's K01 line opens it too
    window.current_form = None  # type: ignore[assignment]
    row = rows(screen).index(("K01", ids["open"]))
    table.setCurrentCell(row, table.RULE)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window, "current_form", None) is not None)
    assert window.current_form.pathway.forloeb_id == ids["open"]
    window.current_form.close()

    app_state.write(lambda s: pathways.correct(s, ids["a"], {"kommentar": "rettet"}, app_state.ctx))
    screen.refresh()
    wait_idle(qtbot, screen)
    assert ("F12", ids["a"]) not in rows(screen)
    assert screen.summary_label.text() == "Ingen fejl, 1 advarsel — klar til eksport"
    assert screen.export_button.isEnabled()
    assert screen.trial_button.isEnabled()
    assert shown == []


def test_export_writes_a_valid_file_and_the_ledger_shows_it_trial_is_not_recorded(
    qtbot: QtBot,
    app_state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[tuple[str, str, str]],
) -> None:
    quarter(app_state)
    out = tmp_path / "ud"
    out.mkdir()
    asked: list[str] = []

    def choose_folder(parent: Any, title: str, folder: str = "", *args: Any) -> str:
        asked.append(folder)
        return str(out)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose_folder))
    screen = make_screen(qtbot, app_state)
    assert screen.ledger_table.rowCount() == 0
    assert screen.ledger_empty.text() == "Ingen leverancer for region 1084 endnu."

    qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(shown) == 1)
    wait_idle(qtbot, screen)
    kind, title, text = shown[0]
    assert (kind, title) == ("information", "Filen er dannet")
    files = sorted(out.glob("MVK_1084_2024K1_*.xlsx"))
    assert len(files) == 1
    assert files[0].name in text
    assert "2 forløb og 0 udlandsrækker" in text
    delivery = app_state.read(lambda s: export_service.deliveries(s, "1084"))[0]
    assert f"Kontrolsum: {delivery.kontrolsum}" in text
    assert not has_errors(validate_file(files[0]))

    ledger = screen.ledger_table
    assert ledger.rowCount() == 1
    assert [ledger.item(0, c).text() for c in (0, 1, 3, 4, 5, 6, 7)] == [
        "2024K1",
        "1",
        "AB",
        files[0].name,
        "2",
        "0",
        delivery.kontrolsum,
    ]
    assert ledger.item(0, 2).text().startswith("15-06-2024")
    assert "en ny eksport er en rettelse (leverance 2)" in screen.detail_label.text()

    # the trial file: written, not recorded; the folder chosen last is offered again
    screen.trial_button.click()
    qtbot.waitUntil(lambda: len(shown) == 2)
    wait_idle(qtbot, screen)
    assert shown[1][1] == "Prøveudtræk dannet"
    assert len(list(out.glob("PROEVE_MVK_1084_2024K1_*.xlsx"))) == 1
    assert asked[-1] == str(out)
    assert screen.ledger_table.rowCount() == 1
    assert len(app_state.read(lambda s: export_service.deliveries(s))) == 1


def test_check_file_lists_the_errors_of_a_broken_file(
    qtbot: QtBot, app_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "MVK_1084_2024K1_20240401T080000.xlsx"
    broken.write_bytes(b"not a workbook at all")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(broken), ""))
    )
    screen = make_screen(qtbot, app_state)
    qtbot.keyClick(screen, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.file_table.rowCount() > 0)
    wait_idle(qtbot, screen)
    findings = [i.finding for i in screen.file_table.check_items]
    assert [f.rule for f in findings] == ["S01"]
    assert screen.file_table.item(0, 0).text() == "✖ FEJL"
    assert screen.file_summary.text().startswith(f"«{broken.name}»: 1 fejl")
    assert screen.file_summary.text().endswith("filen ville blive afvist.")
    assert screen.tabs.currentIndex() == 3


def test_import_of_an_exported_file_shows_the_preview_then_the_counts(
    qtbot: QtBot,
    app_state: AppState,
    other_state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[tuple[str, str, str]],
) -> None:
    ids = quarter(app_state)
    result = app_state.write(
        lambda s: export_service.export(s, "1084", K1, tmp_path, app_state.ctx)
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(result.path)], ""))
    )
    screen = make_screen(qtbot, other_state)
    assert screen.region() is None  # nothing set up in the other store
    assert screen.summary_label.text().startswith("Ingen region er valgt")
    assert not screen.export_button.isEnabled()
    assert screen.import_button.isEnabled()

    qtbot.keyClick(screen, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.import_dialog is not None and screen.import_dialog.isVisible())
    dialog = screen.import_dialog
    assert dialog is not None
    item = dialog.tree.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(9)] == [
        result.path.name,
        "1301",
        "1084",
        "2024K1",
        "2",
        "0",
        "0",
        "0",
        "0",
    ]
    assert dialog.import_button.isEnabled()
    dialog.grab().save(str(tmp_path / "preview.png"))

    with qtbot.waitSignal(screen.store_changed):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: len(shown) == 1)
    wait_idle(qtbot, screen)
    assert shown[0][:2] == ("information", "Importen er gennemført")
    assert f"{result.path.name}: 2 nye, 0 ændrede, 0 uændrede, 0 fjernede forløb" in shown[0][2]
    imported = other_state.read(lambda s: pathways.get(s, ids["a"]))
    assert imported.cpr == "0101901234"


def test_import_that_changes_a_delivered_period_asks_for_a_reason(
    qtbot: QtBot,
    app_state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[tuple[str, str, str]],
) -> None:
    ids = quarter(app_state)
    result = app_state.write(
        lambda s: export_service.export(s, "1084", K1, tmp_path, app_state.ctx)
    )
    app_state.write(
        lambda s: pathways.correct(
            s, ids["a"], {"kommentar": "Rettet"}, app_state.ctx, reason="Stavefejl"
        )
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(result.path)], ""))
    )
    answers = [("", False), ("Filen er den gældende", True)]
    asked: list[str] = []

    def get_text(parent: Any, title: str, label: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(label)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    screen = make_screen(qtbot, app_state)

    for _attempt in range(2):
        screen.import_dialog = None
        screen.import_button.click()
        qtbot.waitUntil(
            lambda: screen.import_dialog is not None and screen.import_dialog.isVisible()
        )
        dialog = screen.import_dialog
        assert dialog is not None
        item = dialog.tree.topLevelItem(0)
        assert item is not None
        assert (item.text(dialog.CHANGED), item.text(dialog.UNCHANGED)) == ("1", "1")
        assert "allerede leverede perioder (2024K1)" in dialog.summary.text()
        dialog.import_button.click()
        wait_idle(qtbot, screen)
        if _attempt == 0:  # cancelled: nothing is imported
            assert screen.status_label.text() == "Importen er annulleret; intet er ændret."
            assert shown == []
            assert app_state.read(lambda s: pathways.get(s, ids["a"])).kommentar == "Rettet"

    qtbot.waitUntil(lambda: len(shown) == 1)
    wait_idle(qtbot, screen)
    assert "2024K1" in asked[0]
    assert "0 nye, 1 ændrede, 1 uændrede, 0 fjernede forløb" in shown[0][2]
    assert app_state.read(lambda s: pathways.get(s, ids["a"])).kommentar == "Første"


def test_import_refuses_a_broken_file_in_the_preview(
    qtbot: QtBot,
    app_state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[tuple[str, str, str]],
) -> None:
    broken = tmp_path / "MVK_1084_2024K1_20240401T080000.xlsx"
    broken.write_bytes(b"PK broken")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(broken)], ""))
    )
    screen = make_screen(qtbot, app_state)
    screen.import_button.click()
    qtbot.waitUntil(lambda: screen.import_dialog is not None and screen.import_dialog.isVisible())
    dialog = screen.import_dialog
    assert dialog is not None
    item = dialog.tree.topLevelItem(0)
    assert item is not None
    assert item.text(1) == "Afvist"
    assert item.childCount() >= 1
    assert "S01" in item.child(0).text(0)
    assert item.child(0).isFirstColumnSpanned()  # the message reads across the columns, not cut
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    assert shown == []


def test_changes_since_delivery_show_the_changed_field_and_that_a_correction_is_due(
    qtbot: QtBot,
    app_state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[tuple[str, str, str]],
) -> None:
    ids = quarter(app_state)
    screen = make_screen(qtbot, app_state)
    app_state.write(lambda s: export_service.export(s, "1084", K1, tmp_path, app_state.ctx))
    screen.refresh()
    wait_idle(qtbot, screen)
    assert screen.changes_tree.topLevelItemCount() == 0
    assert screen.changes_empty.text() == "Ingen ændringer siden seneste levering."

    app_state.write(
        lambda s: pathways.correct(
            s, ids["a"], {"kommentar": "Rettet"}, app_state.ctx, reason="Stavefejl"
        )
    )
    screen.refresh()
    wait_idle(qtbot, screen)
    tree = screen.changes_tree
    assert tree.topLevelItemCount() == 1
    period = tree.topLevelItem(0)
    assert period is not None
    assert period.text(0).startswith("2024K1 (leverance 1, dannet 15-06-2024")
    assert "0 nye, 1 ændrede, 0 fjernede forløb" in period.text(0)
    texts = [period.child(i).text(0) for i in range(period.childCount())]
    assert "En rettelse skal indberettes: ny levering af 2024K1 (leverance 2)." in texts
    changed = next(period.child(i) for i in range(period.childCount()) if "010190-1234" in texts[i])
    assert changed.text(0).startswith("Ændret forløb: 010190-1234")
    diff = changed.child(0)
    assert [diff.text(c) for c in range(3)] == ["kommentar", "Første", "Rettet"]
    assert screen.changes_empty.text() == ""

    opened: list[str] = []
    screen.open_pathway = opened.append
    screen.show_tab(CHANGES_TAB)
    tree.setCurrentItem(changed)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened == [ids["a"]]


def test_readonly_store_disables_export_and_import_with_the_reason(
    qtbot: QtBot, app_state: AppState, tmp_path: Path
) -> None:
    quarter(app_state)
    url = app_state.store.location
    readonly = open_store(f"sqlite:///{url}", readonly=True)
    try:
        state = AppState(store=readonly, ctx=app_state.ctx)
        screen = make_screen(qtbot, state)
        assert screen.summary_label.text() == "Ingen fejl, 1 advarsel — klar til eksport"
        assert not screen.export_button.isEnabled()
        assert not screen.import_button.isEnabled()
        assert "skrivebeskyttet" in screen.export_button.toolTip()
        assert "skrivebeskyttet" in screen.import_button.toolTip()
        assert screen.trial_button.isEnabled()  # a trial file records nothing
        assert screen.check_button.isEnabled()
        assert screen.notice_label.isVisible()
    finally:
        readonly.dispose()


def test_missing_own_shak_is_shown_not_raised(
    qtbot: QtBot, app_state: AppState, shown: list[tuple[str, str, str]]
) -> None:
    app_state.write(lambda s: settings_service.set_many(s, app_state.ctx, {"region": "1084"}))
    screen = make_screen(qtbot, app_state)
    assert screen.summary_label.text().startswith("Forhåndskontrollen kunne ikke køres: ")
    assert "SHAK" in screen.summary_label.text()
    assert not screen.export_button.isEnabled()
    assert shown == []


def test_changing_region_or_period_runs_the_precheck_again(
    qtbot: QtBot, app_state: AppState
) -> None:
    quarter(app_state)
    screen = make_screen(qtbot, app_state)
    assert screen.overview is not None and screen.overview.precheck is not None
    assert screen.overview.precheck.antal_forloeb == 2
    screen.select(period=Period(2023, 4))
    wait_idle(qtbot, screen)
    assert screen.overview.precheck.period == Period(2023, 4)
    assert screen.overview.precheck.antal_forloeb == 0
    assert "Ingen afsluttede eller afbrudte forløb i 2023K4" in screen.detail_label.text()
    screen.select(region="1081")
    wait_idle(qtbot, screen)
    assert screen.overview.precheck.region == "1081"


def test_screenshot_states_saves_the_interesting_states(
    qtbot: QtBot, app_state: AppState, tmp_path: Path
) -> None:
    quarter(app_state)
    saved = screenshot_states(app_state, tmp_path / "shots")
    assert [p.name for p in saved] == [
        "indberetning-forhaandskontrol.png",
        "indberetning-leverancer.png",
        "indberetning-aendringer.png",
        "indberetning-import.png",
    ]
    assert all(p.stat().st_size > 1000 for p in saved)


def test_buttons_answer_both_their_alt_letter_and_their_ctrl_shortcut(
    qtbot: QtBot, app_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def pick(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append("file")
        return "", ""  # the user cancels the file dialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    screen = make_screen(qtbot, app_state)
    assert screen.check_button.text() == "&Kontrollér fil …"
    assert "(Ctrl+K)" in screen.check_button.toolTip()
    qtbot.keyClick(screen, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(asked) == 1)
    qtbot.keyClick(screen, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(asked) == 2)
