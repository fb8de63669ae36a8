"""Pathways at foreign hospitals: the year's counts with totals, and the year's answer.

A count is quarter, pathway type, treatment form, kræftområde, country (found by its Danish name),
number and comment (national-format.md §8). Once a year the count is answered: "Året er opgjort", or
"Ingen udenlandske forløb i år" so that zero is recorded, not blank. Keyboard first: Ctrl+N new, F2 or
Enter edit, Del delete (asks first), Esc close.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import codes
from app.errors import MvkError
from app.services import abroad as abroad_service
from app.services.abroad import AbroadCountView, AbroadYear
from app.services.history import parse_timestamp
from ui import labels
from ui.abroad_count_form import KEPT_FOR_NEXT, AbroadCountDialog, country_name, country_text
from ui.app_state import AppState
from ui.history_panel import format_moment
from ui.setup_dialog import ERROR_STYLE, HINT_STYLE
from ui.table_model import ListTableModel, row_table

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def default_year(today: date) -> int:
    """The year a count is most likely made for: last year during the first quarter."""
    return today.year - 1 if today.month <= 3 else today.year


class AbroadTableModel(ListTableModel[AbroadCountView]):
    """A thin adapter over a year's :class:`AbroadCountView` rows; reset when the list changes."""

    KVARTAL, TYPE, FORM, AREA, LAND, ANTAL, KOMMENTAR = range(7)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_headers(
            self.tr("Kvartal"),
            self.tr("Forløbstype"),
            self.tr("Behandlingsform"),
            self.tr("Kræftområde"),
            self.tr("Land"),
            self.tr("Antal"),
            self.tr("Kommentar"),
        )

    def count(self, row: int) -> AbroadCountView:
        return self.row(row)

    def cell(self, count: AbroadCountView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.KVARTAL: self.tr("K{0}").format(count.kvartal),
                self.TYPE: labels.code_label("forloebstype", count.forloebstype),
                self.FORM: labels.code_label("behandlingsform", count.behandlingsform)
                if count.behandlingsform
                else "",
                self.AREA: labels.code_label("kraeftomraade", count.kraeftomraade)
                if count.kraeftomraade
                else self.tr("(ikke kendt)"),
                self.LAND: country_text(count.land),
                self.ANTAL: str(count.antal),
                self.KOMMENTAR: count.kommentar or "",
            }.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.ANTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return count.id
        return None


class AbroadDialog(QDialog):
    """The abroad counts of one year, with totals and the year's answer."""

    counts_changed = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.editor: AbroadCountDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.year: AbroadYear | None = None
        self.last_values: dict[str, Any] = {}
        installation = state.installation()
        self.region = installation.region or ""
        self.kilde_shak = installation.own_shak or ""
        self.setWindowTitle(self.tr("Udlandsopgørelse"))
        self.resize(900, 560)
        self.model = AbroadTableModel(self)
        self._build()
        self._build_actions()
        self._connect()
        self.reload()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.state.ctx.clock.today()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(abroad_service.FIRST_YEAR, today.year)
        self.year_spin.setValue(default_year(today))
        self.year_spin.setAccessibleName(self.tr("År"))
        year_label = QLabel(self.tr("&År:"))
        year_label.setBuddy(self.year_spin)
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addSpacing(12)
        top.addWidget(self.answer_label, 1)

        hint = QLabel(
            self.tr(
                "Forløb på udenlandske sygehuse tælles pr. kvartal, forløbstype, behandlingsform, "
                "kræftområde og land. Ctrl+N: ny · F2 eller Enter: ret · Del: slet · Esc: luk."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)

        table = QTableView()
        table.setModel(self.model)
        row_table(table, (70, 150, 120, 200, 150, 70))
        table.setAccessibleName(self.tr("Udlandsoptællinger"))
        self.table = table
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(HINT_STYLE)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.table)

        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel()
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.new_button = QPushButton()
        self.edit_button = QPushButton()
        self.delete_button = QPushButton()
        self.none_button = QPushButton(self.tr("&Ingen udenlandske forløb i år"))
        self.none_button.setToolTip(
            self.tr("Registrér, at der ikke var nogen udenlandske forløb i året (Alt+I)")
        )
        self.done_button = QPushButton(self.tr("Året er &opgjort"))
        self.done_button.setToolTip(self.tr("Registrér, at årets optællinger er komplette (Alt+O)"))
        self.close_button = QPushButton(self.tr("Luk (Esc)"))
        rows = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            rows.addWidget(button)
        rows.addStretch(1)
        answers = QHBoxLayout()
        answers.addWidget(QLabel(self.tr("Årets svar:")))
        answers.addWidget(self.none_button)
        answers.addWidget(self.done_button)
        answers.addStretch(1)
        answers.addWidget(self.close_button)
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.none_button,
            self.done_button,
            self.close_button,
        ):
            button.setAutoDefault(False)
            button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.message_label)
        layout.addLayout(rows)
        layout.addLayout(answers)
        chain: list[QWidget] = [
            self.year_spin,
            self.table,
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.none_button,
            self.done_button,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence, button: QPushButton) -> QAction:
            item = QAction(text, self)
            item.setShortcut(shortcut)
            item.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(item)
            button.clicked.connect(item.trigger)
            shortcut_text = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
            button.setText(f"{text} ({shortcut_text})")
            item.setToolTip(f"{text.replace('&', '')} ({shortcut_text})")
            button.setToolTip(item.toolTip())
            return item

        self.new_action = action(
            self.tr("&Ny optælling"), QKeySequence(QKeySequence.StandardKey.New), self.new_button
        )
        self.edit_action = action(self.tr("&Ret"), QKeySequence(Qt.Key.Key_F2), self.edit_button)
        self.delete_action = action(
            self.tr("&Slet"), QKeySequence(Qt.Key.Key_Delete), self.delete_button
        )

    def _connect(self) -> None:
        self.new_action.triggered.connect(self.add_count)
        self.edit_action.triggered.connect(self.edit_count)
        self.delete_action.triggered.connect(self.delete_count)
        self.none_button.clicked.connect(lambda: self.answer(ingen_udland=True))
        self.done_button.clicked.connect(lambda: self.answer(ingen_udland=False))
        self.close_button.clicked.connect(self.reject)
        self.year_spin.valueChanged.connect(lambda _year: self.reload())
        self.table.doubleClicked.connect(lambda _index: self.edit_count())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

    # --- reading -------------------------------------------------------------------------------
    @property
    def aar(self) -> int:
        return self.year_spin.value()

    def reload(self, select_id: int | None = None) -> None:
        """Read the year again, keeping (or moving to) the selected count."""
        if select_id is None:
            current = self.current_count()
            select_id = current.id if current else None
        if not (self.region and self.kilde_shak):
            self.year = None
            self.model.set_rows([])
            self._show_message(
                self.tr("Egen region og SHAK-kode mangler; angiv dem under Indstillinger (Ctrl+,).")
            )
        else:
            aar = self.aar
            self.year = self.state.read(
                lambda s: abroad_service.list_year(s, self.region, aar, self.kilde_shak)
            )
            self.model.set_rows(self.year.rows)
        answer = self.year.answer if self.year else None
        if answer is not None and answer.ingen_udland:
            empty = self.tr(
                "Der er registreret ingen udenlandske forløb i {aar}. Skal der alligevel tælles "
                "forløb, så vælg først «Året er opgjort» (Alt+O) og derefter Ctrl+N."
            )
        else:
            empty = self.tr(
                "Ingen optællinger for {aar} endnu. Tryk Ctrl+N for at tilføje en, eller vælg "
                "«Ingen udenlandske forløb i år» (Alt+I), hvis der ikke var nogen."
            )
        self.empty_label.setText(empty.format(aar=self.aar))
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty_label)
        if select_id is not None:
            self.select_count(select_id)
        elif self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_totals()
        self._update_answer()
        self._update_actions()

    def current_count(self) -> AbroadCountView | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.count(index.row())

    def select_count(self, count_id: int) -> None:
        row = self.model.row_of(count_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectRow(row)

    def _update_totals(self) -> None:
        year = self.year
        if year is None or not year.rows:
            self.totals_label.setText(self.tr("I alt: 0 forløb"))
            return
        quarter = self.tr("K{0}")
        kvartaler = " · ".join(f"{quarter.format(k)}: {n}" for k, n in year.by_kvartal.items())
        types = " · ".join(
            f"{entry.label(labels.language())}: {year.by_forloebstype[entry.code]}"
            for entry in codes.code_list("forloebstype")
            if entry.code in year.by_forloebstype
        )
        lands = " · ".join(
            f"{country_name(c)}: {n}"
            for c, n in sorted(year.by_land.items(), key=lambda item: (-item[1], item[0]))
        )
        self.totals_label.setText(
            self.tr(
                "<b>I alt: {total} forløb</b><br>Pr. kvartal: {kvartaler}<br>"
                "Pr. forløbstype: {types}<br>Pr. land: {lands}"
            ).format(total=year.total, kvartaler=kvartaler, types=types, lands=lands)
        )

    def _update_answer(self) -> None:
        answer = self.year.answer if self.year else None
        if answer is None:
            self.answer_label.setText(
                self.tr("Året {aar} er ikke opgjort endnu. En K4-fil kræver svaret.").format(
                    aar=self.aar
                )
            )
            self.answer_label.setStyleSheet("color: #92400e;")
            return
        when = format_moment(parse_timestamp(answer.answered_at))
        if answer.ingen_udland:
            text = self.tr("✓ Ingen udenlandske forløb i {aar} (registreret {when} af {login}).")
        else:
            text = self.tr("✓ Året {aar} er opgjort (registreret {when} af {login}).")
        self.answer_label.setText(text.format(aar=self.aar, when=when, login=answer.answered_by))
        self.answer_label.setStyleSheet("color: #166534;")

    def _update_actions(self) -> None:
        ready = self.year is not None
        has_rows = ready and self.model.rowCount() > 0
        answer = self.year.answer if self.year else None
        self.new_action.setEnabled(ready)
        self.edit_action.setEnabled(self.current_count() is not None)
        self.delete_action.setEnabled(self.current_count() is not None)
        self.none_button.setEnabled(ready and not (answer and answer.ingen_udland))
        self.done_button.setEnabled(
            ready
            and (has_rows or bool(answer and answer.ingen_udland))
            and not (answer and not answer.ingen_udland)
        )
        for item, button in (
            (self.new_action, self.new_button),
            (self.edit_action, self.edit_button),
            (self.delete_action, self.delete_button),
        ):
            button.setEnabled(item.isEnabled())

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- behaviour -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter edits the selected count (or presses the focused button); Esc closes."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if isinstance(focus, QAbstractButton):
                focus.click()
            elif focus is self.table:
                self.edit_count()
            return
        super().keyPressEvent(event)

    def _open_editor(self, count: AbroadCountView | None) -> None:
        self._show_message("")
        editor = AbroadCountDialog(
            self.state,
            self.aar,
            self.region,
            self.kilde_shak,
            count=count,
            defaults=self.last_values,
            parent=self,
        )
        editor.count_saved.connect(self._on_count_saved)
        self.editor = editor
        editor.open()

    def add_count(self) -> None:
        answer = self.year.answer if self.year else None
        if answer is not None and answer.ingen_udland:
            self._show_message(abroad_service.AbroadYearNone(self.aar).message())
            return
        self._open_editor(None)

    def edit_count(self) -> None:
        count = self.current_count()
        if count is not None:
            self._open_editor(count)

    def delete_count(self) -> None:
        count = self.current_count()
        if count is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Slet optælling"))
        box.setText(
            self.tr("Slet optællingen K{kvartal} · {type} · {land}: {antal} forløb?").format(
                kvartal=count.kvartal,
                type=labels.code_label("forloebstype", count.forloebstype),
                land=country_text(count.land),
                antal=count.antal,
            )
        )
        confirm = box.addButton(self.tr("&Slet"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Annullér"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(confirm)
        box.setEscapeButton(cancel)
        box.finished.connect(
            lambda _code: self._delete(count) if box.clickedButton() is confirm else None
        )
        self.confirm_box = box
        box.open()

    def _delete(self, count: AbroadCountView) -> None:
        ctx = self.state.ctx
        try:
            self.state.write(
                lambda s: abroad_service.delete(s, count.id, ctx, expected_version=count.version)
            )
        except MvkError as error:
            self.reload()
            self._show_message(error.message())
            return
        row = self.model.row_of(count.id)
        self.reload()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self._update_actions()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.counts_changed.emit()

    def answer(self, ingen_udland: bool) -> None:
        """Record the year's answer; a refusal is shown under the table, nothing else changes."""
        aar, ctx = self.aar, self.state.ctx
        try:
            self.state.write(
                lambda s: abroad_service.answer_year(
                    s, self.region, aar, self.kilde_shak, ingen_udland, ctx
                )
            )
        except MvkError as error:
            self._show_message(error.message())
            return
        self._show_message("")
        self.reload()
        self.counts_changed.emit()

    def _on_count_saved(self, count: AbroadCountView) -> None:
        self.last_values = {name: getattr(count, name) for name in KEPT_FOR_NEXT}
        self.reload(select_id=count.id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.counts_changed.emit()
