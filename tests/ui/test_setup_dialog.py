"""First start and settings: keyboard only, one write, messages next to the wrong field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.cli import build_parser
from app.services import partners as partner_service
from app.services import settings as settings_service
from app.services.context import ServiceContext, current_login
from ui.app_state import AppState
from ui.setup_dialog import SetupDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def open_dialog(qtbot: QtBot, state: AppState, mode: str = "first") -> SetupDialog:
    dialog = SetupDialog(state, mode=mode)
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


def type_text(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the keyboard focus, as a user would."""
    qtbot.keyClicks(focused(), text)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def fill_by_keyboard(
    qtbot: QtBot, region: str, shak: str, initials: str, partner_shak: str, partner_name: str
) -> None:
    """Region, own SHAK, initials, partner SHAK and name — Enter after each but the last."""
    for text in (region, shak, initials, partner_shak):
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, partner_name)


def saved_settings(state: AppState) -> tuple[str | None, str | None, str | None]:
    installation = state.installation()
    return installation.region, installation.own_shak, state.preferences().initials


def test_setup_needed_on_a_fresh_store(app_state: AppState) -> None:
    assert app_state.needs_setup()


def test_keyboard_only_saves_settings_and_first_partner(qtbot: QtBot, app_state: AppState) -> None:
    dialog = open_dialog(qtbot, app_state)
    assert dialog.region_combo.hasFocus()
    fill_by_keyboard(qtbot, "1084", " 1301", "abc", "8001", "Privathospitalet Mølholm")
    assert dialog.region_combo.currentText() == "1084 Region Hovedstaden"
    with qtbot.waitSignal(dialog.settings_saved, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)  # Enter on the last field saves
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert saved_settings(app_state) == ("1084", "1301", "ABC")
    assert not app_state.needs_setup()
    partners = app_state.read(partner_service.list_partners)
    assert [(p.shak, p.name, p.active) for p in partners] == [
        ("8001", "Privathospitalet Mølholm", True)
    ]


def test_tab_moves_through_the_fields_in_reading_order(qtbot: QtBot, app_state: AppState) -> None:
    dialog = open_dialog(qtbot, app_state)
    expected = [
        dialog.own_shak_edit,
        dialog.initials_edit,
        dialog.partner_shak_edit,
        dialog.partner_name_edit,
        dialog.save_button,
        dialog.cancel_button,
    ]
    for widget in expected:
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is widget


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_S, CTRL), (Qt.Key.Key_Return, CTRL), (Qt.Key.Key_Enter, CTRL)],
    ids=["ctrl+s", "ctrl+return", "ctrl+enter"],
)
def test_shortcut_saves_from_any_field_without_a_partner(
    qtbot: QtBot, app_state: AppState, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    dialog = open_dialog(qtbot, app_state)
    for text in ("1085", "130101", "hk"):
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.partner_shak_edit
    with qtbot.waitSignal(dialog.settings_saved, timeout=2000):
        press(qtbot, key, modifier)
    assert saved_settings(app_state) == ("1085", "130101", "HK")
    assert app_state.read(partner_service.list_partners) == []


def test_invalid_shak_is_shown_next_to_the_field_and_keeps_everything_typed(
    qtbot: QtBot, app_state: AppState
) -> None:
    dialog = open_dialog(qtbot, app_state)
    fill_by_keyboard(qtbot, "1084", "13X", "abc", "8001", "Mølholm")
    with qtbot.assertNotEmitted(dialog.settings_saved):
        press(qtbot, Qt.Key.Key_S, CTRL)
    error = dialog.error_labels["own_shak"]
    assert error.isVisible()
    assert error.text() == "Ugyldig SHAK-kode «13X»: 4, 6 eller 7 tegn, kun A–Z og 0–9."
    assert error.parentWidget() is dialog.own_shak_edit.parentWidget()  # right under the field
    assert error.geometry().top() >= dialog.own_shak_edit.geometry().bottom()
    assert dialog.own_shak_edit.hasFocus()
    assert dialog.own_shak_edit.accessibleDescription() == error.text()
    assert [
        label.isVisible() for key, label in dialog.error_labels.items() if key != "own_shak"
    ] == [False] * 4
    assert dialog.region_combo.currentData() == "1084"
    assert dialog.own_shak_edit.text() == "13X"
    assert dialog.initials_edit.text() == "abc"
    assert dialog.partner_shak_edit is not None and dialog.partner_shak_edit.text() == "8001"
    assert dialog.partner_name_edit is not None and dialog.partner_name_edit.text() == "Mølholm"
    assert dialog.isVisible()
    assert app_state.needs_setup()
    assert app_state.read(partner_service.list_partners) == []

    # Correcting the field removes its message; saving then works.
    press(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, "01")
    assert not error.isVisible()
    with qtbot.waitSignal(dialog.settings_saved, timeout=2000):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert saved_settings(app_state) == ("1084", "1301", "ABC")


def test_every_wrong_setting_is_shown_at_once_first_one_focused(
    qtbot: QtBot, app_state: AppState
) -> None:
    dialog = open_dialog(qtbot, app_state)
    press(qtbot, Qt.Key.Key_Return)  # no region chosen
    type_text(qtbot, "1301")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "a.b")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert dialog.error_labels["region"].text() == "Vælg jeres region."
    assert dialog.error_labels["initials"].text().startswith("Ugyldige initialer «a.b»")
    assert not dialog.error_labels["own_shak"].isVisible()
    assert dialog.region_combo.hasFocus()
    assert dialog.own_shak_edit.text() == "1301"
    assert app_state.needs_setup()


def test_wrong_partner_saves_nothing_and_is_shown_by_the_partner_field(
    qtbot: QtBot, app_state: AppState
) -> None:
    dialog = open_dialog(qtbot, app_state)
    fill_by_keyboard(qtbot, "1084", "1301", "abc", "80-01", "Mølholm")
    press(qtbot, Qt.Key.Key_Return)
    error = dialog.error_labels["partner_shak"]
    assert error.text().startswith("Ugyldig SHAK-kode «80-01»")
    assert not dialog.error_labels["own_shak"].isVisible()
    assert dialog.partner_shak_edit is not None and dialog.partner_shak_edit.hasFocus()
    # One write: the valid settings were not stored without the partner.
    assert saved_settings(app_state) == (None, None, None)


def test_partner_name_is_required_when_a_partner_shak_is_typed(
    qtbot: QtBot, app_state: AppState
) -> None:
    dialog = open_dialog(qtbot, app_state)
    fill_by_keyboard(qtbot, "1084", "1301", "abc", "8001", "   ")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.error_labels["partner_name"].isVisible()
    assert "navn" in dialog.error_labels["partner_name"].text().lower()
    assert dialog.partner_name_edit is not None and dialog.partner_name_edit.hasFocus()
    assert app_state.needs_setup()


def test_escape_with_nothing_typed_closes_without_asking(qtbot: QtBot, app_state: AppState) -> None:
    dialog = open_dialog(qtbot, app_state)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        press(qtbot, Qt.Key.Key_Escape)
    assert dialog.confirm_box is None
    assert app_state.needs_setup()


def test_escape_after_typing_asks_and_can_keep_the_input(qtbot: QtBot, app_state: AppState) -> None:
    dialog = open_dialog(qtbot, app_state)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "1301")
    press(qtbot, Qt.Key.Key_Escape)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # "Fortsæt med at skrive"
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible()
    assert dialog.own_shak_edit.text() == "1301"

    dialog.reject()
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    discard = next(b for b in box.buttons() if "uden at gemme" in b.text())
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        discard.click()
    assert app_state.needs_setup()


def test_settings_mode_is_prefilled_and_saves_changes(qtbot: QtBot, app_state: AppState) -> None:
    app_state.write(
        lambda s: settings_service.set_many(
            s, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "ABC"}
        )
    )
    dialog = open_dialog(qtbot, app_state, mode="settings")
    assert dialog.windowTitle() == "Indstillinger"
    assert dialog.partner_shak_edit is None
    assert dialog.region_combo.currentText() == "1084 Region Hovedstaden"
    assert dialog.own_shak_edit.text() == "1301"
    assert dialog.initials_edit.text() == "ABC"
    assert dialog.language_combo is not None and dialog.language_combo.currentData() == "da"
    assert not dialog.is_dirty()

    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    type_text(qtbot, "hk")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.language_combo
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.threshold_edit and dialog.threshold_edit.text() == "5"
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    type_text(qtbot, "10")
    with qtbot.waitSignal(dialog.settings_saved, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)  # Enter in the last field saves
    assert saved_settings(app_state) == ("1084", "1301", "HK")
    assert app_state.preferences().language == "en"
    assert app_state.read(settings_service.publish_threshold) == 10


def test_a_threshold_out_of_range_is_shown_by_its_field(qtbot: QtBot, app_state: AppState) -> None:
    app_state.write(
        lambda s: settings_service.set_many(
            s, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "ABC"}
        )
    )
    dialog = open_dialog(qtbot, app_state, mode="settings")
    assert dialog.threshold_edit is not None
    dialog.threshold_edit.setText("2")
    dialog.save()
    message = dialog.error_labels["publish_threshold"]
    assert message.isVisible() and "3" in message.text() and "100" in message.text()
    assert app_state.read(settings_service.publish_threshold) == 5  # nothing saved


def test_gui_start_shows_setup_only_until_answered(
    qtbot: QtBot, app_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import application, main_window, setup_dialog

    shown: list[str] = []
    monkeypatch.setattr(setup_dialog.SetupDialog, "exec", lambda self: shown.append("setup") or 0)

    class StandIn(QWidget):
        def offer_drafts(self) -> None:
            pass

    monkeypatch.setattr(main_window, "MainWindow", lambda state: shown.append("main") or StandIn())
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    args = build_parser().parse_args(["--db", app_state.store.url])

    assert application.run_gui(args) == 0  # set-up cancelled: the program ends
    assert shown == ["setup"]

    ctx = ServiceContext.default(app_state.ctx.clock, login=current_login())
    app_state.write(
        lambda s: settings_service.set_many(
            s, ctx, {"region": "1084", "own_shak": "1301", "initials": "ABC"}
        )
    )
    shown.clear()
    assert application.run_gui(args) == 0
    assert shown == ["main"]
