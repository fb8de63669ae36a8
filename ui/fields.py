"""Input widgets for keyboard-first forms: dates typed as users type them, and error labels.

``QDateEdit`` is not used for typing: a typed full date silently keeps the old year. A date field is a
line edit that accepts ``ddmmåå``, ``ddmmåååå``, ``dd-mm-åååå`` and ``dd.mm.åååå`` and shows
``dd-mm-åååå`` once it is understood; what cannot be understood stays as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from app.domain.dates import format_date, parse_user_date
from app.errors import InputError

TEXT_LIMIT = 2**31 - 1
"""The length limit of every text field. Qt's own (32,767 characters) and any smaller limit cut a
longer paste silently; with this one nothing is cut and the validation says what is too long."""


def without_length_limit(edit: QLineEdit) -> QLineEdit:
    """``edit`` with no practical length limit (see :data:`TEXT_LIMIT`)."""
    edit.setMaxLength(TEXT_LIMIT)
    return edit


class DateField(QLineEdit):
    """A date typed by a user; :meth:`value` gives the date (None when empty) or raises InputError."""

    date_changed = Signal()

    def __init__(
        self, today: Callable[[], date], field: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._field = field
        self.setPlaceholderText(self.tr("ddmmåå"))
        self.setMaxLength(TEXT_LIMIT)  # a pasted date is never cut down to something that parses
        self.editingFinished.connect(self._on_editing_finished)
        self.textChanged.connect(lambda _text: self.date_changed.emit())

    def value(self) -> date | None:
        return parse_user_date(self.text(), self._today(), field=self._field)

    def value_or_none(self) -> date | None:
        """The date when the text is a valid date, else None (for live previews)."""
        try:
            return self.value()
        except InputError:
            return None

    def set_value(self, day: date | None) -> None:
        self.setText(format_date(day))

    def _on_editing_finished(self) -> None:
        day = self.value_or_none()
        if day is not None and self.text() != format_date(day):
            self.setText(format_date(day))


class ErrorLabel(QLabel):
    """A red message shown next to the field it belongs to; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b91c1c;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class EnterMovesOn(QObject):
    """Event filter: Enter/Return moves to the next field; on the last field it calls ``on_last``."""

    def __init__(
        self, widgets: list[QWidget], on_last: Callable[[], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._widgets = widgets
        self._on_last = on_last
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False
        if isinstance(watched, QLineEdit) and isinstance(watched, DateField):
            watched.editingFinished.emit()
        following = self._next_enabled(watched)
        if following is None:
            self._on_last()
        else:
            following.setFocus(Qt.FocusReason.TabFocusReason)
            if isinstance(following, QLineEdit):
                following.selectAll()
        return True

    def _next_enabled(self, watched: QObject) -> QWidget | None:
        if watched not in self._widgets:
            return None
        start = self._widgets.index(watched)  # type: ignore[arg-type]
        for widget in self._widgets[start + 1 :]:
            if widget.isEnabled() and widget.isVisible():
                return widget
        return None
