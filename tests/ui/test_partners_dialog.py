"""Partner hospitals: list, add, edit, deactivate and activate with the keyboard (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services import partners as partner_service
from app.services.partners import PartnerView
from ui.app_state import AppState
from ui.partners_dialog import PartnerEditDialog, PartnersDialog, PartnerTableModel

CTRL = Qt.KeyboardModifier.ControlModifier
EMPTY_TEXT = "Ingen partnersygehuse endnu — tryk Ctrl+N for at tilføje det første."


def add_partner(state: AppState, shak: str, name: str) -> PartnerView:
    return state.write(lambda s: partner_service.add(s, shak, name, state.ctx))


def partners_in_store(state: AppState) -> list[tuple[str, str, bool]]:
    rows = state.read(lambda s: partner_service.list_partners(s, include_inactive=True))
    return [(p.shak, p.name, p.active) for p in rows]


def open_dialog(qtbot: QtBot, state: AppState) -> PartnersDialog:
    dialog = PartnersDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def wait_for_editor(qtbot: QtBot, dialog: PartnersDialog) -> PartnerEditDialog:
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor.isVisible())
    editor = dialog.editor
    assert editor is not None
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.waitUntil(editor.shak_edit.hasFocus)
    return editor


def table_rows(dialog: PartnersDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_empty_state_text_without_partners(qtbot: QtBot, app_state: AppState) -> None:
    dialog = open_dialog(qtbot, app_state)
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert dialog.empty_label.isVisible()
    assert dialog.empty_label.text() == EMPTY_TEXT
    assert not dialog.edit_action.isEnabled()
    assert not dialog.toggle_action.isEnabled()


def test_add_a_partner_by_keyboard(qtbot: QtBot, app_state: AppState) -> None:
    dialog = open_dialog(qtbot, app_state)
    press(qtbot, Qt.Key.Key_N, CTRL)
    editor = wait_for_editor(qtbot, dialog)
    assert editor.windowTitle() == "Nyt partnersygehus"
    type_text(qtbot, "8001")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Privathospitalet Mølholm")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is editor.type_combo
    with qtbot.waitSignal(dialog.partners_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)  # Enter on the last field saves
    assert not editor.isVisible()
    assert partners_in_store(app_state) == [("8001", "Privathospitalet Mølholm", True)]
    assert dialog.stack.currentWidget() is dialog.table
    assert table_rows(dialog) == [["Privathospitalet Mølholm", "8001", "Privat", "Aktiv"]]
    assert dialog.current_partner() is not None
    dialog.activateWindow()  # offscreen has no window manager to do it
    qtbot.waitUntil(dialog.table.hasFocus)  # ready for F2 / Del on the new partner


def test_edit_with_f2_and_enter(qtbot: QtBot, app_state: AppState) -> None:
    add_partner(app_state, "8001", "Mølholm")
    dialog = open_dialog(qtbot, app_state)
    assert dialog.table.hasFocus()
    press(qtbot, Qt.Key.Key_F2)
    editor = wait_for_editor(qtbot, dialog)
    assert editor.shak_edit.text() == "8001"
    assert editor.name_edit.text() == "Mølholm"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Aleris-Hamlet Privathospitaler")
    with qtbot.waitSignal(dialog.partners_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert partners_in_store(app_state) == [("8001", "Aleris-Hamlet Privathospitaler", True)]
    assert table_rows(dialog)[0][0] == "Aleris-Hamlet Privathospitaler"

    # Enter on a row edits it too.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.table.hasFocus)
    press(qtbot, Qt.Key.Key_Return)
    editor = wait_for_editor(qtbot, dialog)
    assert editor.name_edit.text() == "Aleris-Hamlet Privathospitaler"
    assert editor.isVisible()  # the same Enter did not also save it


def test_deactivate_with_del_asks_first_and_del_activates_again(
    qtbot: QtBot, app_state: AppState
) -> None:
    add_partner(app_state, "8001", "Mølholm")
    dialog = open_dialog(qtbot, app_state)
    assert dialog.toggle_button.text() == "&Deaktivér (Del)"

    press(qtbot, Qt.Key.Key_Delete)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Deaktivér Mølholm (8001)?"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # changed my mind
    qtbot.waitUntil(lambda: not box.isVisible())
    assert partners_in_store(app_state) == [("8001", "Mølholm", True)]

    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_Delete)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    with qtbot.waitSignal(dialog.partners_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)  # the default button deactivates
    assert partners_in_store(app_state) == [("8001", "Mølholm", False)]
    assert table_rows(dialog) == [["Mølholm", "8001", "Privat", "Inaktiv"]]
    assert dialog.toggle_button.text() == "&Aktivér (Del)"

    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.partners_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Delete)  # activating asks nothing
    assert partners_in_store(app_state) == [("8001", "Mølholm", True)]


def test_duplicate_shak_shows_the_services_message_and_keeps_the_input(
    qtbot: QtBot, app_state: AppState
) -> None:
    add_partner(app_state, "8001", "Mølholm")
    dialog = open_dialog(qtbot, app_state)
    press(qtbot, Qt.Key.Key_N, CTRL)
    editor = wait_for_editor(qtbot, dialog)
    type_text(qtbot, "8001")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Et andet hospital")
    with qtbot.assertNotEmitted(dialog.partners_changed):
        press(qtbot, Qt.Key.Key_S, CTRL)
    error = editor.error_labels["shak"]
    assert error.isVisible()
    assert error.text() == "SHAK-koden «8001» er allerede brugt af partnersygehuset «Mølholm»."
    assert error.parentWidget() is editor.shak_edit.parentWidget()
    assert editor.shak_edit.hasFocus()
    assert editor.isVisible()
    assert (editor.shak_edit.text(), editor.name_edit.text()) == ("8001", "Et andet hospital")
    assert partners_in_store(app_state) == [("8001", "Mølholm", True)]


def test_invalid_shak_and_missing_name_are_shown_by_their_fields(
    qtbot: QtBot, app_state: AppState
) -> None:
    dialog = open_dialog(qtbot, app_state)
    press(qtbot, Qt.Key.Key_N, CTRL)
    editor = wait_for_editor(qtbot, dialog)
    type_text(qtbot, "80O")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert editor.error_labels["shak"].text().startswith("Ugyldig SHAK-kode «80O»")
    assert editor.shak_edit.hasFocus()

    type_text(qtbot, "1")
    assert not editor.error_labels["shak"].isVisible()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert editor.error_labels["name"].isVisible()
    assert editor.name_edit.hasFocus()
    assert editor.shak_edit.text() == "80O1"
    assert partners_in_store(app_state) == []

    qtbot.keyClick(editor.shak_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(editor.shak_edit, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert editor.error_labels["shak"].text() == (
        "Skriv SHAK-koden: 4, 6 eller 7 tegn, kun A–Z og 0–9."
    )


def test_escape_closes_the_editor_and_then_the_list(qtbot: QtBot, app_state: AppState) -> None:
    dialog = open_dialog(qtbot, app_state)
    press(qtbot, Qt.Key.Key_N, CTRL)
    editor = wait_for_editor(qtbot, dialog)
    with qtbot.waitSignal(editor.rejected, timeout=2000):
        press(qtbot, Qt.Key.Key_Escape)  # nothing typed: no question
    assert editor.confirm_box is None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        press(qtbot, Qt.Key.Key_Escape)


def test_inactive_partners_are_listed_and_marked(qtbot: QtBot, app_state: AppState) -> None:
    add_partner(app_state, "8002", "Ærø Privatklinik")
    old = add_partner(app_state, "8001", "Aleris")
    app_state.write(lambda s: partner_service.deactivate(s, old.id, app_state.ctx))
    dialog = open_dialog(qtbot, app_state)
    rows = table_rows(dialog)
    assert {tuple(row) for row in rows} == {
        ("Aleris", "8001", "Privat", "Inaktiv"),
        ("Ærø Privatklinik", "8002", "Privat", "Aktiv"),
    }


def test_partner_model_passes_qtmodeltester(qtmodeltester, app_state: AppState) -> None:  # type: ignore[no-untyped-def]
    add_partner(app_state, "8001", "Mølholm")
    add_partner(app_state, "8002", "Aleris")
    model = PartnerTableModel()
    model.set_partners(
        app_state.read(lambda s: partner_service.list_partners(s, include_inactive=True))
    )
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Navn"
