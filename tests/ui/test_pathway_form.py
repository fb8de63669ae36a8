"""The registration form, driven by the keyboard as a secretary drives it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services import partners, pathways
from app.services import settings as settings_service
from app.services.worklist import StatusFilter, WorklistQuery, worklist
from ui.app_state import AppState
from ui.main_window import MainWindow
from ui.pathway_form import PathwayForm

TODAY = date(2024, 6, 15)
KEYPRESS_BUDGET = 37
"""Keys for a complete udredning from an empty form (regression guard; the aim is under 40)."""


@pytest.fixture
def ready_state(app_state: AppState) -> AppState:
    def setup(session):  # type: ignore[no-untyped-def]
        settings_service.set_many(
            session, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partners.add(session, "8001", "Privathospitalet Mølholm", app_state.ctx)

    app_state.write(setup)
    return app_state


class KeyCounter:
    """Types into whatever has focus, counting every key press (Tab and Enter included)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def type(self, text: str) -> None:
        for ch in text:
            self.qtbot.keyClick(self.focused(), ch)
            self.count += 1

    def key(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)
        self.count += 1 if modifier == Qt.KeyboardModifier.NoModifier else 2


def open_form(qtbot: QtBot, state: AppState) -> PathwayForm:
    form = PathwayForm(state)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.cpr_edit.setFocus()
    qtbot.waitUntil(form.cpr_edit.hasFocus)
    return form


def test_register_complete_udredning_by_keyboard_only(qtbot: QtBot, ready_state: AppState) -> None:
    form = open_form(qtbot, ready_state)
    keys = KeyCounter(qtbot)
    keys.type("0101901234")
    keys.key(Qt.Key.Key_Return)  # partner (preselected)
    keys.key(Qt.Key.Key_Return)  # forløbstype (Udredning)
    keys.key(Qt.Key.Key_Return)  # kræftområde (Brystkræft); behandlingsform is skipped
    assert form.area_combo.hasFocus() or form.dates["henvisning_modtaget"].hasFocus()
    if form.area_combo.hasFocus():
        keys.key(Qt.Key.Key_Return)
    keys.type("010624")
    assert form.frist_info.text().startswith("15-06-2024")
    keys.key(Qt.Key.Key_Return)  # samtykke is skipped for an udredning
    assert form.dates["tilbudt_start"].hasFocus()
    keys.type("100624")
    keys.key(Qt.Key.Key_Return)
    keys.type("120624")
    assert "kategori 1" in form.kategori_info.text()
    with qtbot.waitSignal(form.pathway_saved):
        keys.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert keys.count <= KEYPRESS_BUDGET, keys.count

    saved = ready_state.read(lambda s: pathways.get(s, form.saved_ids[0]))
    assert saved.cpr == "0101901234"
    assert saved.partner_id is not None
    assert (saved.udfoerende_shak, saved.indberettende_shak, saved.region) == (
        "8001",
        "1301",
        "1084",
    )
    assert (saved.forloebstype, saved.kraeftomraade) == ("UDREDNING", "BRYST")
    assert saved.henvisning_modtaget == date(2024, 6, 1)
    assert (saved.tilbudt_start, saved.start) == (date(2024, 6, 10), date(2024, 6, 12))
    assert (saved.status, saved.kategori, saved.ventedage) == ("afsluttet", 1, 11)


def test_saved_pathway_appears_in_the_worklist(qtbot: QtBot, ready_state: AppState) -> None:
    window = MainWindow(ready_state)
    qtbot.addWidget(window)
    form = open_form(qtbot, ready_state)
    form.cpr_edit.setText("0101901234")
    form.dates["henvisning_modtaget"].setText("100624")
    assert form.save()
    window.refresh()
    assert window.model.rowCount() == 1
    assert window.model.data(window.model.index(0, 0)) == "010190-1234"


def test_over_deadline_needs_a_reason_and_keeps_what_was_typed(
    qtbot: QtBot, ready_state: AppState
) -> None:
    form = open_form(qtbot, ready_state)
    form.cpr_edit.setText("0101901234")
    form.dates["henvisning_modtaget"].setText("01-05-2024")
    form.dates["tilbudt_start"].setText("10.05.2024")
    form.dates["start"].setText("200524")
    assert form.aarsag_combo.isEnabled()
    assert "overskredet med 5 dage" in form.kategori_info.text()
    assert not form.save()
    assert "angiv en årsag" in form.errors["aarsag"].text()
    assert form.errors["aarsag"].isVisible()
    assert "angiv en årsag" in form.summary.text()
    assert form.cpr_edit.text() == "0101901234"
    assert form.dates["start"].text() == "20-05-2024"
    form.aarsag_combo.setCurrentIndex(form.aarsag_combo.findData("HELBRED"))
    assert "kategori 2" in form.kategori_info.text()
    assert form.save()
    saved = ready_state.read(lambda s: pathways.get(s, form.saved_ids[0]))
    assert (saved.kategori, saved.aarsag) == (2, "HELBRED")


def test_interrupt_and_invalid_fields_show_messages_next_to_fields(
    qtbot: QtBot, ready_state: AppState
) -> None:
    form = open_form(qtbot, ready_state)
    form.cpr_edit.setText("3002901234")
    form.dates["henvisning_modtaget"].setText("010624")
    form.dates["afbrudt"].setText("31-02-2024")
    assert not form.save()
    assert "Ugyldig dato" in form.errors["afbrudt"].text()
    form.dates["afbrudt"].setText("050624")
    assert not form.save()
    assert "gyldig dato" in form.errors["cpr"].text()
    assert form.cpr_edit.text() == "3002901234"
    form.cpr_edit.setText("0101901234")
    assert form.save()
    saved = ready_state.read(lambda s: pathways.get(s, form.saved_ids[0]))
    assert (saved.status, saved.kategori) == ("afbrudt", 1)


def test_save_and_new_keeps_partner_type_and_area(qtbot: QtBot, ready_state: AppState) -> None:
    form = open_form(qtbot, ready_state)
    form.type_combo.setCurrentIndex(form.type_combo.findData("BEHANDLING"))
    form.form_combo.setCurrentIndex(form.form_combo.findData("KIRURGI"))
    form.area_combo.setCurrentIndex(form.area_combo.findData("LUNGE"))
    form.cpr_edit.setText("0101901234")
    form.dates["henvisning_modtaget"].setText("010624")
    qtbot.keyClick(
        form.cpr_edit,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(form.saved_ids) == 1
    assert form.isVisible()
    assert form.cpr_edit.text() == ""
    assert form.dates["henvisning_modtaget"].text() == ""
    assert form.type_combo.currentData() == "BEHANDLING"
    assert form.form_combo.currentData() == "KIRURGI"
    assert form.area_combo.currentData() == "LUNGE"
    assert form.cpr_edit.hasFocus()


def test_cpr_shows_birth_date_and_never_rejects_modulus_11(
    qtbot: QtBot, ready_state: AppState
) -> None:
    form = open_form(qtbot, ready_state)
    form.cpr_edit.setText("010190-1235")  # fails modulus 11, valid
    assert "Født 01-01-1990" in form.cpr_info.text()
    assert "mand" in form.cpr_info.text()
    assert form.errors["cpr"].text() == ""


def test_duplicate_warning_is_not_a_block(qtbot: QtBot, ready_state: AppState) -> None:
    first = open_form(qtbot, ready_state)
    first.cpr_edit.setText("0101901234")
    first.dates["henvisning_modtaget"].setText("010624")
    assert first.save()
    form = open_form(qtbot, ready_state)
    form.cpr_edit.setText("0101901234")
    form.dates["henvisning_modtaget"].setText("100624")
    form.dates["henvisning_modtaget"].editingFinished.emit()
    assert form.duplicate_info.isVisible()
    assert "01-06-2024" in form.duplicate_info.text()
    assert form.save()
    rows = ready_state.read(
        lambda s: worklist(s, WorklistQuery(status=StatusFilter.ALLE), TODAY).rows
    )
    assert len(rows) == 2


def test_on_a_low_screen_the_fields_scroll_and_the_focused_field_stays_in_view(
    qtbot: QtBot, ready_state: AppState
) -> None:
    form = open_form(qtbot, ready_state)
    form.scroll.setMinimumHeight(0)
    form.scroll.setFixedHeight(150)  # as on a laptop screen far lower than the form
    qtbot.waitUntil(lambda: form.scroll.verticalScrollBar().maximum() > 0)
    assert form.save_button.isVisible()  # the buttons never scroll away

    form.reference_edit.setFocus()
    qtbot.waitUntil(lambda: form.scroll.verticalScrollBar().value() > 0)
    top = form.reference_edit.mapTo(form.scroll.viewport(), form.reference_edit.rect().topLeft())
    assert 0 <= top.y() < form.scroll.viewport().height()

    form.cpr_edit.setFocus()
    qtbot.waitUntil(lambda: form.scroll.verticalScrollBar().value() == 0)


def test_a_new_form_opens_with_the_cursor_in_the_cpr_field(
    qtbot: QtBot, ready_state: AppState
) -> None:
    form = PathwayForm(ready_state)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.waitUntil(form.cpr_edit.hasFocus)  # typing starts at once, no click needed
