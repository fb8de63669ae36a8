"""Partner hospitals: the list (name, SHAK, type, active or not), add, edit, deactivate, activate.

Ctrl+N adds, F2 (or Enter on a row) edits, Del deactivates after a question (or activates an
inactive partner again), Esc closes. A partner is never deleted: pathways point at it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain import codes
from app.errors import MvkError
from app.services import partners as partner_service
from app.services.partners import PartnerView
from ui import labels
from ui.app_state import AppState
from ui.setup_dialog import ERROR_STYLE, HINT_STYLE, FormDialog
from ui.table_model import ListTableModel, row_table

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ACTIVE_ROLE = Qt.ItemDataRole.UserRole + 2
INACTIVE_COLOUR = QColor("#6b7280")


class PartnerTableModel(ListTableModel[PartnerView]):
    """A thin adapter over a list of :class:`PartnerView`; reset as a whole when the list changes."""

    NAME, SHAK, TYPE, STATUS = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_headers(self.tr("Navn"), self.tr("SHAK"), self.tr("Type"), self.tr("Status"))

    def set_partners(self, partners: list[PartnerView]) -> None:
        self.set_rows(partners)

    def partner(self, row: int) -> PartnerView:
        return self.row(row)

    def cell(self, partner: PartnerView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return partner.name
            if column == self.SHAK:
                return partner.shak
            if column == self.TYPE:
                return labels.code_label("udfoerende_type", partner.udfoerende_type)
            if column == self.STATUS:
                return self.tr("Aktiv") if partner.active else self.tr("Inaktiv")
        if role == Qt.ItemDataRole.ForegroundRole and not partner.active:
            return QBrush(INACTIVE_COLOUR)
        if role == ID_ROLE:
            return partner.id
        if role == ACTIVE_ROLE:
            return partner.active
        return None


class PartnerEditDialog(FormDialog):
    """Add a partner (``partner=None``) or edit one: SHAK code, name and type."""

    partner_saved = Signal(object)

    def __init__(
        self, state: AppState, partner: PartnerView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.partner = partner
        self.setWindowTitle(
            self.tr("Nyt partnersygehus")
            if partner is None
            else self.tr("Ret partnersygehus — {name}").format(name=partner.name)
        )
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.shak_edit = QLineEdit(partner.shak if partner else "")
        self.shak_edit.setPlaceholderText(self.tr("fx 8001"))
        self.name_edit = QLineEdit(partner.name if partner else "")
        self.name_edit.setPlaceholderText(self.tr("fx Privathospitalet Mølholm"))
        self.type_combo = QComboBox()
        for entry in codes.code_list("udfoerende_type"):
            self.type_combo.addItem(entry.label(labels.language()), entry.code)
        self.type_combo.setCurrentIndex(
            max(self.type_combo.findData(partner.udfoerende_type if partner else "PRIVAT"), 0)
        )
        self.add_field(
            form,
            "shak",
            self.tr("&SHAK-kode:"),
            self.shak_edit,
            self.tr("4 tegn for et sygehus, 6 for en afdeling, 7 for et afsnit."),
        )
        self.add_field(form, "name", self.tr("&Navn:"), self.name_edit)
        self.add_field(form, "udfoerende_type", self.tr("&Type:"), self.type_combo)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(self.make_buttons(self.tr("&Gem")))
        self.fix_tab_order()
        self.snapshot()
        self.shak_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        shak, name = self.shak_edit.text(), self.name_edit.text()
        kind = self.type_combo.currentData()
        ctx = self.state.ctx
        current = self.partner

        def work(session: Session) -> PartnerView:
            if current is None:
                return partner_service.add(session, shak, name, ctx, udfoerende_type=kind)
            return partner_service.update(
                session,
                current.id,
                ctx,
                shak=shak,
                name=name,
                udfoerende_type=kind,
                expected_version=current.version,
            )

        try:
            saved = self.state.write(work)
        except MvkError as error:
            self.show_error(error)
            return
        self.clear_errors()
        self.partner_saved.emit(saved)
        self.accept()


class PartnersDialog(QDialog):
    """The list of partner hospitals and what can be done with them."""

    partners_changed = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.editor: PartnerEditDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Partnersygehuse"))
        self.resize(720, 420)
        self.model = PartnerTableModel(self)
        self._build()
        self._build_actions()
        self._connect()
        self.reload()
        if self.model.rowCount():
            self.select_partner(self.model.partner(0).id)

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        table = QTableView()
        table.setModel(self.model)
        row_table(table, (300, 100, 110))
        table.setAccessibleName(self.tr("Partnersygehuse"))
        self.table = table

        self.empty_label = QLabel(
            self.tr("Ingen partnersygehuse endnu — tryk Ctrl+N for at tilføje det første.")
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(HINT_STYLE)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.table)

        hint = QLabel(
            self.tr(
                "Ctrl+N: nyt · F2 eller Enter: ret · Del: deaktivér eller aktivér · Esc: luk. "
                "Inaktive partnere kan ikke vælges til nye forløb; registrerede forløb berøres ikke."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)

        self.message_label = QLabel()
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.new_button = QPushButton()
        self.edit_button = QPushButton()
        self.toggle_button = QPushButton()
        self.close_button = QPushButton(self.tr("&Luk (Esc)"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        for button in (self.new_button, self.edit_button, self.toggle_button, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)

    def _build_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence, button: QPushButton) -> QAction:
            item = QAction(text, self)
            item.setShortcut(shortcut)
            item.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(item)
            button.clicked.connect(item.trigger)
            return item

        self.new_action = action(
            self.tr("&Nyt partnersygehus"),
            QKeySequence(QKeySequence.StandardKey.New),
            self.new_button,
        )
        self.edit_action = action(
            self.tr("&Ret partnersygehus"), QKeySequence(Qt.Key.Key_F2), self.edit_button
        )
        self.toggle_action = action(
            self.tr("&Deaktivér"), QKeySequence(Qt.Key.Key_Delete), self.toggle_button
        )
        self._update_actions()

    def _connect(self) -> None:
        self.new_action.triggered.connect(self.add_partner)
        self.edit_action.triggered.connect(self.edit_partner)
        self.toggle_action.triggered.connect(self.toggle_active)
        self.close_button.clicked.connect(self.reject)
        self.table.doubleClicked.connect(self.edit_partner)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)

    # --- behaviour -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter edits the selected partner (or presses the focused button); Esc closes."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if isinstance(focus, QAbstractButton):
                focus.click()
            else:
                self.edit_partner()
            return
        super().keyPressEvent(event)

    def reload(self) -> None:
        """Read the partners again, keeping the selected one selected."""
        selected = self.current_partner()
        partners = self.state.read(
            lambda s: partner_service.list_partners(s, include_inactive=True)
        )
        self.model.set_partners(partners)
        self.stack.setCurrentWidget(self.table if partners else self.empty_label)
        if selected is not None:
            self.select_partner(selected.id)
        self._update_actions()

    def current_partner(self) -> PartnerView | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.partner(index.row())

    def select_partner(self, partner_id: int) -> None:
        row = self.model.row_of(partner_id)
        if row < 0:
            return
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.selectRow(row)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_actions(self) -> None:
        partner = self.current_partner()
        self.edit_action.setEnabled(partner is not None)
        self.toggle_action.setEnabled(partner is not None)
        if partner is not None and not partner.active:
            self.toggle_action.setText(self.tr("&Aktivér"))
        else:
            self.toggle_action.setText(self.tr("&Deaktivér"))
        for item, button in (
            (self.new_action, self.new_button),
            (self.edit_action, self.edit_button),
            (self.toggle_action, self.toggle_button),
        ):
            shortcut = item.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            label = item.text().replace("&", "")
            button.setText(f"{item.text()} ({shortcut})")
            button.setEnabled(item.isEnabled())
            item.setToolTip(f"{label} ({shortcut})")
            button.setToolTip(item.toolTip())

    def _open_editor(self, partner: PartnerView | None) -> None:
        self.message_label.hide()
        editor = PartnerEditDialog(self.state, partner, self)
        editor.partner_saved.connect(self._on_partner_saved)
        self.editor = editor
        editor.open()

    def add_partner(self) -> None:
        self._open_editor(None)

    def edit_partner(self) -> None:
        partner = self.current_partner()
        if partner is not None:
            self._open_editor(partner)

    def toggle_active(self) -> None:
        partner = self.current_partner()
        if partner is None:
            return
        if not partner.active:
            self._set_active(partner, True)
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Deaktivér partnersygehus"))
        box.setText(
            self.tr("Deaktivér {name} ({shak})?").format(name=partner.name, shak=partner.shak)
        )
        box.setInformativeText(
            self.tr(
                "Partneren kan ikke længere vælges til nye forløb. Registrerede forløb berøres "
                "ikke, og du kan aktivere partneren igen med Del."
            )
        )
        confirm = box.addButton(self.tr("&Deaktivér"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Annullér"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(confirm)
        box.setEscapeButton(cancel)
        box.finished.connect(
            lambda _code: (
                self._set_active(partner, False) if box.clickedButton() is confirm else None
            )
        )
        self.confirm_box = box
        box.open()

    def _set_active(self, partner: PartnerView, active: bool) -> None:
        change = partner_service.activate if active else partner_service.deactivate
        ctx = self.state.ctx
        try:
            self.state.write(lambda s: change(s, partner.id, ctx, expected_version=partner.version))
        except MvkError as error:
            self.message_label.setText(error.message())
            self.message_label.show()
            self.reload()
            return
        self.message_label.hide()
        self.reload()
        self.select_partner(partner.id)
        self.partners_changed.emit()

    def _on_partner_saved(self, partner: PartnerView) -> None:
        self.reload()
        self.select_partner(partner.id)
        self.partners_changed.emit()
