"""The abroad counts screen, driven by the keyboard: counts, totals, the year's answer, countries
found by their Danish name, and messages next to the field that is wrong (offscreen)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services import abroad
from app.services import settings as settings_service
from app.services.abroad import AbroadData
from app.services.context import ServiceContext
from ui.abroad_dialog import AbroadCountDialog, AbroadDialog, AbroadTableModel, default_year
from ui.app_state import AppState

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NO_MOD = Qt.KeyboardModifier.NoModifier
REGION, SHAK = "1084", "1301"


@pytest.fixture
def ready_state(app_state: AppState) -> AppState:
    app_state.write(
        lambda s: settings_service.set_many(
            s, app_state.ctx, {"region": REGION, "own_shak": SHAK, "initials": "AB"}
        )
    )
    return app_state


def add_count(state: AppState, **values: object) -> None:
    data: dict[str, object] = {
        "aar": 2024,
        "kvartal": 1,
        "region": REGION,
        "kilde_shak": SHAK,
        "forloebstype": "UDREDNING",
        "land": "DE",
        "antal": 2,
        **values,
    }
    state.write(lambda s: abroad.set_count(s, AbroadData(**data), state.ctx))  # type: ignore[arg-type]


def year(state: AppState, aar: int = 2024) -> abroad.AbroadYear:
    return state.read(lambda s: abroad.list_year(s, REGION, aar, SHAK))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def open_dialog(qtbot: QtBot, state: AppState) -> AbroadDialog:
    dialog = AbroadDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()  # offscreen has no window manager to do it
    qtbot.waitUntil(widget.isActiveWindow)


def new_count(qtbot: QtBot, dialog: AbroadDialog) -> AbroadCountDialog:
    activate(qtbot, dialog)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor.isVisible())
    editor = dialog.editor
    assert editor is not None
    activate(qtbot, editor)
    qtbot.waitUntil(editor.kvartal_combo.hasFocus)
    return editor


def pick_country(qtbot: QtBot, editor: AbroadCountDialog, typed: str) -> None:
    """Type part of a Danish name, then choose the first suggestion with ↓ and Enter."""
    type_text(qtbot, typed)
    popup = editor.land_combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    # The popup has the keyboard (a grab the offscreen platform cannot make: send to it directly).
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())


def table_rows(dialog: AbroadDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_default_year_is_last_year_in_the_first_quarter() -> None:
    assert default_year(date(2024, 3, 31)) == 2023
    assert default_year(date(2024, 4, 1)) == 2024


def test_the_dialog_opens_on_last_year_during_the_first_quarter(
    qtbot: QtBot, ready_state: AppState
) -> None:
    ready_state.ctx = ServiceContext.default(FixedClock(date(2025, 2, 10)), login="sekretaer")
    dialog = open_dialog(qtbot, ready_state)
    assert dialog.aar == 2024
    assert "Året 2024 er ikke opgjort endnu" in dialog.answer_label.text()
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert dialog.empty_label.text().startswith("Ingen optællinger for 2024 endnu.")


def test_record_counts_by_keyboard_with_totals(qtbot: QtBot, ready_state: AppState) -> None:
    dialog = open_dialog(qtbot, ready_state)
    assert dialog.aar == 2024
    assert dialog.new_button.text() == "&Ny optælling (Ctrl+N)"
    assert dialog.edit_button.text() == "&Ret (F2)"
    assert dialog.delete_button.text() == "&Slet (Del)"

    editor = new_count(qtbot, dialog)
    assert editor.windowTitle() == "Ny udlandsoptælling for 2024"
    type_text(qtbot, "1")  # 1. kvartal
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.type_combo
    type_text(qtbot, "b")  # Behandling
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.form_combo
    type_text(qtbot, "s")  # Stråleterapi
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "p")  # Prostatakræft
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.land_combo
    pick_country(qtbot, editor, "sver")
    assert editor.land_combo.currentText() == "Sverige (SE)"
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.antal_edit
    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Protonterapi")
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)  # Enter on the last field saves
    assert not editor.isVisible()

    # The next count starts with quarter, type, form and area of the one before.
    editor = new_count(qtbot, dialog)
    assert editor.kvartal_combo.currentData() == 1
    assert editor.type_combo.currentData() == "BEHANDLING"
    assert editor.form_combo.currentData() == "STRAALE"
    assert editor.area_combo.currentData() == "PROSTATA"
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.land_combo
    pick_country(qtbot, editor, "tysk")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "2")
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_S, CTRL)

    # A third: an udredning in the second quarter, kræftområde not known.
    editor = new_count(qtbot, dialog)
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "u")
    assert not editor.form_combo.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.area_combo  # behandlingsform is skipped for an udredning
    type_text(qtbot, "(")  # (ikke kendt)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "DE")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "4")
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_S, CTRL)

    stored = year(ready_state)
    assert [
        (r.kvartal, r.forloebstype, r.behandlingsform, r.kraeftomraade, r.land, r.antal)
        for r in stored.rows
    ] == [
        (1, "BEHANDLING", "STRAALE", "PROSTATA", "DE", 2),
        (1, "BEHANDLING", "STRAALE", "PROSTATA", "SE", 3),
        (2, "UDREDNING", "", "", "DE", 4),
    ]
    assert stored.rows[1].kommentar == "Protonterapi"
    assert table_rows(dialog) == [
        ["K1", "Behandling", "Stråleterapi", "Prostatakræft", "Tyskland (DE)", "2", ""],
        ["K1", "Behandling", "Stråleterapi", "Prostatakræft", "Sverige (SE)", "3", "Protonterapi"],
        ["K2", "Udredning", "", "(ikke kendt)", "Tyskland (DE)", "4", ""],
    ]
    totals = dialog.totals_label.text()
    assert "I alt: 9 forløb" in totals
    assert "Pr. kvartal: K1: 5 · K2: 4" in totals
    assert "Pr. forløbstype: Udredning: 4 · Behandling: 5" in totals
    assert "Pr. land: Tyskland: 6 · Sverige: 3" in totals
    assert dialog.current_count() is not None
    assert dialog.current_count().land == "DE"  # type: ignore[union-attr]  # the one just saved


def test_a_country_is_found_by_typing_part_of_its_danish_name(
    qtbot: QtBot, ready_state: AppState
) -> None:
    dialog = open_dialog(qtbot, ready_state)
    editor = new_count(qtbot, dialog)
    editor.land_combo.setFocus()
    qtbot.waitUntil(editor.land_combo.hasFocus)
    type_text(qtbot, "tysk")
    completer = editor.land_combo.completer()
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Tyskland (DE)"
    editor.antal_edit.setText("1")
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        editor.save()  # typed, not chosen: the one country that matches is taken
    assert [r.land for r in year(ready_state).rows] == ["DE"]


def test_errors_are_shown_by_their_fields_and_nothing_typed_is_lost(
    qtbot: QtBot, ready_state: AppState
) -> None:
    dialog = open_dialog(qtbot, ready_state)
    editor = new_count(qtbot, dialog)
    type_text(qtbot, "3")  # 3. kvartal 2024 has not begun on 15-06-2024
    editor.land_combo.setEditText("guinea")
    editor.antal_edit.setText("0")
    editor.kommentar_edit.setText("Henvist af overlægen")
    with qtbot.assertNotEmitted(dialog.counts_changed):
        editor.save()
    errors = editor.error_labels
    assert errors["kvartal"].text() == (
        "Kvartalet 2024K3 er ikke begyndt endnu; forløb kan kun tælles for kvartaler, "
        "der er begyndt."
    )
    assert errors["land"].text().startswith("«guinea» passer på flere lande: Guinea, ")
    assert errors["antal"].text() == "Ugyldigt antal «0»: skriv et helt tal på mindst 1."
    assert all(errors[k].isVisible() for k in ("kvartal", "land", "antal"))
    assert errors["land"].parentWidget() is editor.land_combo.parentWidget()
    assert editor.kvartal_combo.hasFocus()
    assert editor.isVisible()
    assert (
        editor.kvartal_combo.currentData(),
        editor.land_combo.currentText(),
        editor.antal_edit.text(),
        editor.kommentar_edit.text(),
    ) == (3, "guinea", "0", "Henvist af overlægen")
    assert year(ready_state).rows == []

    editor.land_combo.setEditText("xyz")
    editor.save()
    assert errors["land"].text() == (
        "Intet land passer på «xyz». Skriv en del af landets danske navn."
    )
    editor.land_combo.setEditText("")
    editor.save()
    assert errors["land"].text() == "Feltet «land» skal udfyldes."


def test_a_new_count_never_replaces_an_existing_one(qtbot: QtBot, ready_state: AppState) -> None:
    add_count(ready_state, antal=5)
    dialog = open_dialog(qtbot, ready_state)
    editor = new_count(qtbot, dialog)
    editor.kvartal_combo.setCurrentIndex(0)
    editor.land_combo.setEditText("DE")
    editor.antal_edit.setText("2")
    editor.save()
    assert editor.general_error.isVisible()
    assert "Der findes allerede en optælling" in editor.general_error.text()
    assert [r.antal for r in year(ready_state).rows] == [5]


def test_edit_with_f2_and_delete_with_del_after_asking(qtbot: QtBot, ready_state: AppState) -> None:
    add_count(ready_state, antal=5)
    add_count(ready_state, land="SE", antal=1)
    dialog = open_dialog(qtbot, ready_state)
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor.isVisible())
    editor = dialog.editor
    assert editor is not None
    assert editor.windowTitle() == "Ret udlandsoptælling for 2024"
    assert (editor.land_combo.currentText(), editor.antal_edit.text()) == ("Tyskland (DE)", "5")
    activate(qtbot, editor)
    editor.antal_edit.setFocus()
    qtbot.waitUntil(editor.antal_edit.hasFocus)
    qtbot.keyClick(editor.antal_edit, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "7")
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert [(r.land, r.antal) for r in year(ready_state).rows] == [("DE", 7), ("SE", 1)]
    assert "I alt: 8 forløb" in dialog.totals_label.text()

    activate(qtbot, dialog)
    dialog.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Slet optællingen K1 · Udredning · Tyskland (DE): 7 forløb?"
    activate(qtbot, box)
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)  # the default button deletes
    assert [(r.land, r.antal) for r in year(ready_state).rows] == [("SE", 1)]
    assert table_rows(dialog)[0][4] == "Sverige (SE)"
    assert "I alt: 1 forløb" in dialog.totals_label.text()


def test_none_answer_is_refused_while_counts_exist_then_recorded(
    qtbot: QtBot, ready_state: AppState
) -> None:
    add_count(ready_state, antal=2)
    dialog = open_dialog(qtbot, ready_state)
    press(qtbot, Qt.Key.Key_I, ALT)  # «Ingen udenlandske forløb i år» (a mnemonic: animated click)
    qtbot.waitUntil(dialog.message_label.isVisible)
    assert dialog.message_label.text() == (
        "Året 2024 kan ikke markeres som »ingen udenlandske forløb«: der er allerede talt 2 "
        "forløb. Slet optællingerne først, eller marker året som opgjort."
    )
    assert ready_state.read(lambda s: abroad.year_answer(s, REGION, 2024, SHAK)) is None

    # Delete the count, then zero is recorded as an answer, not left blank.
    count_id = year(ready_state).rows[0].id
    ready_state.write(lambda s: abroad.delete(s, count_id, ready_state.ctx))
    dialog.reload()
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert not dialog.done_button.isEnabled()  # nothing counted: answer «ingen» instead
    activate(qtbot, dialog)
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_I, ALT)
    answer = ready_state.read(lambda s: abroad.year_answer(s, REGION, 2024, SHAK))
    assert answer is not None and answer.ingen_udland
    assert not dialog.message_label.isVisible()
    assert dialog.answer_label.text().startswith("✓ Ingen udenlandske forløb i 2024")
    assert not dialog.none_button.isEnabled()
    assert "vælg først «Året er opgjort»" in dialog.empty_label.text()

    # A year answered «none» takes no counts until the answer is changed.
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert dialog.editor is None
    assert "markeret som »ingen udenlandske forløb«" in dialog.message_label.text()


def test_a_year_with_counts_is_answered_as_counted(qtbot: QtBot, ready_state: AppState) -> None:
    add_count(ready_state, antal=2)
    dialog = open_dialog(qtbot, ready_state)
    assert dialog.done_button.isEnabled()
    with qtbot.waitSignal(dialog.counts_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_O, ALT)  # «Året er opgjort»
    answer = ready_state.read(lambda s: abroad.year_answer(s, REGION, 2024, SHAK))
    assert answer is not None and not answer.ingen_udland
    assert dialog.answer_label.text() == (
        "✓ Året 2024 er opgjort (registreret 15-06-2024 12:00 af sekretaer)."
    )
    assert not dialog.done_button.isEnabled()


def test_changing_the_year_shows_that_years_counts(qtbot: QtBot, ready_state: AppState) -> None:
    add_count(ready_state, aar=2023, kvartal=4, antal=3)
    dialog = open_dialog(qtbot, ready_state)
    assert dialog.model.rowCount() == 0
    dialog.year_spin.setFocus()
    qtbot.waitUntil(dialog.year_spin.hasFocus)
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.aar == 2023
    assert table_rows(dialog) == [["K4", "Udredning", "", "(ikke kendt)", "Tyskland (DE)", "3", ""]]


def test_escape_closes(qtbot: QtBot, ready_state: AppState) -> None:
    dialog = open_dialog(qtbot, ready_state)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        press(qtbot, Qt.Key.Key_Escape)


def test_model_passes_qtmodeltester(qtmodeltester, ready_state: AppState) -> None:  # type: ignore[no-untyped-def]
    add_count(ready_state)
    add_count(ready_state, land="SE", kraeftomraade="BRYST", kommentar="x")
    model = AbroadTableModel()
    model.set_rows(year(ready_state).rows)
    qtmodeltester.check(model)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Land"
