"""The selected pathway's history beside the worklist: who changed what and when, old → new, why —
and a marker when the pathway changed after its period was delivered in a national file."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from app.clock import in_danish_time
from app.services import history as history_service
from app.services.history import DeliveryMark, HistoryEntry
from ui.app_state import AppState

MARK_STYLE = (
    "QLabel { background: #fef3c7; color: #78350f; border: 1px solid #f59e0b;"
    " border-radius: 4px; padding: 6px; }"
)
HINT_COLOUR = "#555555"
AFTER_DELIVERY_COLOUR = "#92400e"


def format_moment(moment: datetime) -> str:
    """``dd-mm-åååå tt:mm`` in Danish time (the program's time, whatever the machine's zone)."""
    return in_danish_time(moment).strftime("%d-%m-%Y %H:%M")


class HistoryPanel(QWidget):
    """Shows the history of one pathway; :meth:`show_pathway` picks it (None: nothing selected)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.forloeb_id: str | None = None
        self.entries: list[HistoryEntry] = []
        self.marks: list[DeliveryMark] = []
        self.setMinimumWidth(300)

        self.title = QLabel(self.tr("Historik"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.marker = QLabel()
        self.marker.setWordWrap(True)
        self.marker.setStyleSheet(MARK_STYLE)
        self.marker.setTextFormat(Qt.TextFormat.PlainText)
        self.marker.setAccessibleName(self.tr("Ændret efter indberetning"))
        self.marker.hide()
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setAccessibleName(self.tr("Forløbets historik"))
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.marker)
        layout.addWidget(self.view, 1)
        self.show_pathway(None)

    # --- behaviour -----------------------------------------------------------------------------
    def show_pathway(self, forloeb_id: str | None) -> None:
        """Read and show the history of ``forloeb_id``; None clears the panel."""
        self.forloeb_id = forloeb_id
        if forloeb_id is None:
            self.entries, self.marks = [], []
        else:
            self.entries, self.marks = self.state.read(
                lambda s: (
                    history_service.history(s, forloeb_id),
                    history_service.delivery_marks(s, forloeb_id),
                )
            )
        self._render()

    def refresh(self) -> None:
        """Read the shown pathway's history again (after it was saved)."""
        self.show_pathway(self.forloeb_id)

    @property
    def changed_since_delivery(self) -> bool:
        return bool(self.marks)

    def text(self) -> str:
        """What the panel shows, as plain text (the marker first)."""
        marker = self.marker.text() + "\n" if self.marker.isVisibleTo(self) else ""
        return marker + self.view.toPlainText()

    # --- showing -------------------------------------------------------------------------------
    def action_label(self, action: str) -> str:
        labels = {
            "create": self.tr("Oprettet"),
            "update": self.tr("Rettet"),
            "close": self.tr("Afsluttet"),
            "interrupt": self.tr("Afbrudt"),
            "delete": self.tr("Slettet"),
        }
        return labels.get(action, action)

    def _render(self) -> None:
        self._render_marker()
        if self.forloeb_id is None:
            self.view.setHtml(
                self._hint(self.tr("Vælg et forløb for at se, hvem der har ændret hvad."))
            )
            return
        if not self.entries:
            self.view.setHtml(self._hint(self.tr("Der er ikke registreret ændringer af forløbet.")))
            return
        self.view.setHtml("".join(self._entry_html(e) for e in reversed(self.entries)))

    def _render_marker(self) -> None:
        if not self.marks:
            self.marker.clear()
            self.marker.hide()
            return
        lines = [
            self.tr(
                "⚠ Ændret efter indberetning: {periode} blev indberettet {dannet}, "
                "og forløbet er ændret {changed}. Den indberettede fil viser ikke forløbet, "
                "som det er nu."
            ).format(
                periode=mark.periode,
                dannet=format_moment(mark.dannet),
                changed=format_moment(mark.changed_at),
            )
            for mark in self.marks
        ]
        self.marker.setText("\n".join(lines))
        self.marker.show()

    def _hint(self, text: str) -> str:
        return f'<p style="color: {HINT_COLOUR};">{escape(text)}</p>'

    def _entry_html(self, entry: HistoryEntry) -> str:
        head = (
            f"<b>{escape(format_moment(entry.at))}</b> · {escape(entry.login)} · "
            f"<b>{escape(self.action_label(entry.action))}</b>"
        )
        if entry.after_delivery:
            note = self.tr("efter indberetning af {periode}").format(periode=entry.after_delivery)
            head += f' <span style="color: {AFTER_DELIVERY_COLOUR};">({escape(note)})</span>'
        parts = [f'<p style="margin-bottom: 2px;">{head}</p>']
        if entry.action == "create":
            values = " · ".join(
                f"{escape(c.label)}: {escape(c.new_text)}"
                for c in entry.changes
                if c.new is not None and c.new is not False
            )
            if values:
                parts.append(f'<p style="margin: 0 0 0 12px;">{values}</p>')
        else:
            for change in entry.changes:
                parts.append(
                    f'<p style="margin: 0 0 0 12px;">{escape(change.label)}: '
                    f"{escape(change.old_text)} → {escape(change.new_text)}</p>"
                )
        if entry.reason:
            reason = self.tr("Begrundelse: {reason}").format(reason=entry.reason)
            parts.append(f'<p style="margin: 0 0 0 12px;"><i>{escape(reason)}</i></p>')
        parts.append('<hr style="color: #d1d5db;"/>')
        return "".join(parts)
