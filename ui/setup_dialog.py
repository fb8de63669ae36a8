"""First start and "Indstillinger": own region, own SHAK code, the user's initials (and language),
and at first start an optional first partner hospital — all saved in one write.

``FormDialog`` is the keyboard-first behaviour the small forms share: Tab and Enter move to the next
field, Enter on the last field or Ctrl+S/Ctrl+Enter saves, Esc asks only when something was typed,
and a problem is shown in red under the field it belongs to, keeping everything typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain import codes
from app.errors import InputError, MvkError
from app.services import partners as partner_service
from app.services import settings as settings_service
from app.settings import spec
from ui import labels
from ui.app_state import AppState
from ui.fields import without_length_limit

ERROR_STYLE = "color: #b91c1c;"
HINT_STYLE = "color: #555555;"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _value_of(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    return None


class FormDialog(QDialog):
    """A small keyboard-first form. Subclasses add fields with :meth:`add_field` and implement
    :meth:`save`; :meth:`snapshot` taken after filling in the fields marks what counts as "typed"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.confirm_box: QMessageBox | None = None
        self._initial: dict[str, Any] = {}
        for sequence in (QKeySequence.StandardKey.Save, "Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

    # --- building ------------------------------------------------------------------------------
    def add_field(
        self, form: QFormLayout, key: str, label_text: str, widget: QWidget, hint: str = ""
    ) -> QLabel:
        """A labelled field (the label's &-letter focuses it) with a hidden red message under it."""
        label = QLabel(label_text)
        label.setBuddy(widget)
        error = QLabel()
        error.setObjectName(f"{key}_error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setStyleSheet(HINT_STYLE)
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        column.addWidget(error)
        form.addRow(label, box)
        self.inputs[key] = widget
        self.error_labels[key] = error
        self.field_labels[key] = label
        line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if isinstance(line, QLineEdit):
            without_length_limit(line)  # too long is said by the validation, never cut
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text, k=key: self.clear_error(k))
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _index, k=key: self.clear_error(k))
        return label

    def make_buttons(self, save_text: str) -> QHBoxLayout:
        """Save and cancel. Neither is a default button (no QDialogButtonBox, which makes one):
        Enter is handled by the form, so it can never save from a dialog behind this one."""
        self.save_button = QPushButton(save_text)
        self.save_button.setToolTip(self.tr("Gem (Ctrl+S eller Ctrl+Enter)"))
        self.cancel_button = QPushButton(self.tr("Annullér"))
        self.cancel_button.setToolTip(self.tr("Luk uden at gemme (Esc)"))
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
            row.addWidget(button)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        return row

    def align_labels(self) -> None:
        """One label width for every field, so fields in separate groups line up."""
        width = max((label.sizeHint().width() for label in self.field_labels.values()), default=0)
        for label in self.field_labels.values():
            label.setMinimumWidth(width)

    def fix_tab_order(self) -> None:
        chain: list[QWidget] = [*self.fields(), self.save_button, self.cancel_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def snapshot(self) -> None:
        """Remember the current values: a change from these is "something typed"."""
        self._initial = self.current_values()

    # --- values and errors ---------------------------------------------------------------------
    def fields(self) -> list[QWidget]:
        """The fields in the order Enter and Tab visit them (hidden or disabled ones left out)."""
        return [w for w in self.inputs.values() if w.isEnabled() and not w.isHidden()]

    def current_values(self) -> dict[str, Any]:
        return {key: _value_of(widget) for key, widget in self.inputs.items()}

    def is_dirty(self) -> bool:
        return self.current_values() != self._initial

    def clear_error(self, key: str) -> None:
        label = self.error_labels.get(key)
        if label is not None:
            label.clear()
            label.hide()
            self.inputs[key].setAccessibleDescription("")

    def clear_errors(self) -> None:
        for key in self.error_labels:
            self.clear_error(key)
        self.general_error.clear()
        self.general_error.hide()

    def show_errors(self, problems: Sequence[tuple[str | None, str]]) -> None:
        """Show each message under its field (or under the form) and focus the first wrong field."""
        self.clear_errors()
        wrong: list[str] = []
        general: list[str] = []
        for key, text in problems:
            if key in self.error_labels:
                label = self.error_labels[key]
                label.setText(text)
                label.show()
                self.inputs[key].setAccessibleDescription(text)
                wrong.append(key)
            else:
                general.append(text)
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        self._grow_to_fit()
        for key, widget in self.inputs.items():
            if key in wrong:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def sentence(self, error: MvkError) -> str:
        """The message for ``error``; an empty SHAK field asks for the code instead of calling
        the empty text invalid."""
        if error.message_id == "shak.invalid" and not str(error.value or "").strip():
            return self.tr("Skriv SHAK-koden: 4, 6 eller 7 tegn, kun A–Z og 0–9.")
        return error.message()

    def _grow_to_fit(self) -> None:
        """Make room for messages that appeared (a wrapped message is never cut off)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
        else:
            needed = layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def show_error(self, error: MvkError, fields: Mapping[str, str] | None = None) -> None:
        """One error from app/: under the field it names (renamed through ``fields``)."""
        key = error.field
        if key is not None and fields:
            key = fields.get(key, key)
        self.show_errors([(key, self.sentence(error))])

    # --- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if event.key() in _ENTER_KEYS and plain:
            focus = self.focusWidget()
            if isinstance(focus, QAbstractButton):
                focus.click()
                return
            order = self.fields()
            if focus in order and focus is not order[-1]:
                order[order.index(focus) + 1].setFocus(Qt.FocusReason.TabFocusReason)
            else:
                self.save()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc, Annullér or closing: asks first only when something was typed."""
        if not self.is_dirty():
            super().reject()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        box.setText(self.tr("Luk uden at gemme? Det, du har skrevet, går tabt."))
        discard = box.addButton(self.tr("&Luk uden at gemme"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("&Fortsæt med at skrive"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(
            lambda _code: self._discard() if box.clickedButton() is discard else None
        )
        self.confirm_box = box
        box.open()

    def _discard(self) -> None:
        super().reject()

    def save(self) -> None:  # pragma: no cover - every form has its own
        raise NotImplementedError


class SetupDialog(FormDialog):
    """First-start set-up (``mode="first"``) or the settings (``mode="settings"``)."""

    settings_saved = Signal()

    MODES = ("first", "settings")

    def __init__(self, state: AppState, parent: QWidget | None = None, mode: str = "first") -> None:
        super().__init__(parent)
        if mode not in self.MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.state = state
        self.mode = mode
        self.setWindowTitle(
            self.tr("MVK — første opstart") if mode == "first" else self.tr("Indstillinger")
        )
        self.setMinimumWidth(560)
        self._build()
        self._fill()
        self.align_labels()
        self.fix_tab_order()
        self.snapshot()
        self.region_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        if self.mode == "first":
            title = QLabel(self.tr("Velkommen til MVK"))
            font = title.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            title.setFont(font)
            intro = QLabel(
                self.tr(
                    "Før du går i gang, skal MVK vide, hvilken region og hvilket sygehus der "
                    "indberetter, og hvem du er. Du kan ændre det senere under Indstillinger."
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(title)
            layout.addWidget(intro)

        self.region_combo = QComboBox()
        self.region_combo.setPlaceholderText(self.tr("Vælg region …"))
        for entry in codes.code_list("region"):
            self.region_combo.addItem(f"{entry.code} {entry.label(labels.language())}", entry.code)
        self.region_combo.setCurrentIndex(-1)
        self.own_shak_edit = QLineEdit()
        self.own_shak_edit.setPlaceholderText(self.tr("fx 1301"))
        self.initials_edit = QLineEdit()
        self.initials_edit.setPlaceholderText(self.tr("fx ABC"))

        place = QGroupBox(self.tr("Sygehuset (gælder alle, der bruger lageret)"))
        form = QFormLayout(place)
        self.add_field(
            form,
            "region",
            self.tr("Egen &region:"),
            self.region_combo,
            self.tr("Skriv regionens kode (fx 1084) eller brug piletasterne."),
        )
        self.add_field(
            form,
            "own_shak",
            self.tr("Egen &SHAK-kode:"),
            self.own_shak_edit,
            self.tr("Det indberettende sygehus eller afdeling: 4, 6 eller 7 tegn."),
        )
        layout.addWidget(place)

        you = QGroupBox(self.tr("Dig (login {login})").format(login=self.state.ctx.actor.login))
        form = QFormLayout(you)
        self.add_field(form, "initials", self.tr("Dine &initialer:"), self.initials_edit)
        self.language_combo: QComboBox | None = None
        if self.mode == "settings":
            combo = QComboBox()
            combo.addItem(self.tr("Dansk"), "da")
            combo.addItem(self.tr("English"), "en")
            self.add_field(
                form,
                "language",
                self.tr("S&prog:"),
                combo,
                self.tr("Sproget skifter, næste gang MVK startes."),
            )
            self.language_combo = combo
        layout.addWidget(you)

        self.threshold_edit: QLineEdit | None = None
        if self.mode == "settings":
            published = QGroupBox(self.tr("Tal til offentliggørelse (gælder alle)"))
            form = QFormLayout(published)
            self.threshold_edit = QLineEdit()
            self.threshold_edit.setPlaceholderText("5")
            self.add_field(
                form,
                "publish_threshold",
                self.tr("&Tærskel for små tal:"),
                self.threshold_edit,
                self.tr(
                    "I Kvartalsoverblik til offentliggørelse vises antal under tærsklen som «<5» "
                    "(ved tærskel 5). Den nationale fil har altid alle tal."
                ),
            )
            layout.addWidget(published)

        self.partner_shak_edit: QLineEdit | None = None
        self.partner_name_edit: QLineEdit | None = None
        if self.mode == "first":
            partner = QGroupBox(self.tr("Første partnersygehus (kan også tilføjes senere)"))
            form = QFormLayout(partner)
            self.partner_shak_edit = QLineEdit()
            self.partner_shak_edit.setPlaceholderText(self.tr("fx 8001"))
            self.partner_name_edit = QLineEdit()
            self.partner_name_edit.setPlaceholderText(self.tr("fx Privathospitalet Mølholm"))
            self.add_field(
                form, "partner_shak", self.tr("Partnerens S&HAK-kode:"), self.partner_shak_edit
            )
            self.add_field(
                form,
                "partner_name",
                self.tr("Partnerens &navn:"),
                self.partner_name_edit,
                self.tr("Lad begge felter stå tomme for at springe over."),
            )
            layout.addWidget(partner)

        layout.addWidget(self.general_error)
        layout.addStretch(1)
        save_text = self.tr("&Gem og start") if self.mode == "first" else self.tr("&Gem")
        layout.addLayout(self.make_buttons(save_text))

    def _fill(self) -> None:
        """The current values (a second user on a shared store sees the installation's)."""
        installation = self.state.installation()
        preferences = self.state.preferences()
        if installation.region:
            self.region_combo.setCurrentIndex(self.region_combo.findData(installation.region))
        self.own_shak_edit.setText(installation.own_shak or "")
        self.initials_edit.setText(preferences.initials or "")
        if self.threshold_edit is not None:
            self.threshold_edit.setText(str(self.state.read(settings_service.publish_threshold)))
        if self.language_combo is not None:
            self.language_combo.setCurrentIndex(
                max(self.language_combo.findData(preferences.language), 0)
            )

    # --- saving --------------------------------------------------------------------------------
    def setting_values(self) -> dict[str, str]:
        values = {
            "region": self.region_combo.currentData() or "",
            "own_shak": self.own_shak_edit.text(),
            "initials": self.initials_edit.text(),
        }
        if self.language_combo is not None:
            values["language"] = self.language_combo.currentData()
        if self.threshold_edit is not None:
            values["publish_threshold"] = self.threshold_edit.text()
        return values

    def partner_values(self) -> tuple[str, str] | None:
        """The first partner's SHAK code and name; None when both fields are empty."""
        if self.partner_shak_edit is None or self.partner_name_edit is None:
            return None
        shak, name = self.partner_shak_edit.text(), self.partner_name_edit.text()
        if not shak.strip() and not name.strip():
            return None
        return shak, name

    def _problems(self, values: Mapping[str, str]) -> list[tuple[str | None, str]]:
        """Every setting's problem at once (app/ validates; nothing is stored yet)."""
        problems: list[tuple[str | None, str]] = []
        if not values["region"]:
            problems.append(("region", self.tr("Vælg jeres region.")))
        for key, raw in values.items():
            if key == "region" and not raw:
                continue
            try:
                spec(key).parse(raw)
            except InputError as error:
                problems.append((key, self.sentence(error)))
        return problems

    def save(self) -> None:
        values = self.setting_values()
        problems = self._problems(values)
        if problems:
            self.show_errors(problems)
            return
        partner = self.partner_values()
        stage = ["settings"]

        def work(session: Session) -> None:
            settings_service.set_many(session, self.state.ctx, values)
            if partner is not None:
                stage[0] = "partner"
                partner_service.add(session, partner[0], partner[1], self.state.ctx)

        try:
            self.state.write(work)
        except MvkError as error:
            renames = {"shak": "partner_shak", "name": "partner_name"}
            self.show_error(error, renames if stage[0] == "partner" else None)
            return
        self.clear_errors()
        self.settings_saved.emit()
        self.accept()
