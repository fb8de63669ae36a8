"""Every state of the store a user meets at start, each with a message that says what to do.

- A store that cannot be used (unreachable, from a newer MVK, not an MVK file, busy): a dialog that
  says so and what to do, with "Prøv igen" where waiting can help — :func:`open_store_or_explain`.
- A store that can only be read: it is opened read-only and a yellow notice bar says so; saving
  shows the store's own message (``StoreReadOnly``) where the user saves.
- No partner hospitals: a hint bar pointing to Filer → Partnersygehuse (Ctrl+Shift+P).
- No pathways, nothing overdue, nothing matching the filters: a calm text in the empty worklist
  (:class:`EmptyState`), and :class:`OverdueStatus` for the status bar.

The widgets take plain inputs (:class:`StoreOverview`, counts, the worklist query), so the main
window only passes on what it already has.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import __version__
from app.clock import Clock
from app.errors import MvkError
from app.services import partners as partner_service
from app.services import worklist as worklist_service
from app.services.worklist import Counts, StatusFilter, WorklistQuery
from app.store.engine import Store, sqlite_path
from app.store.errors import (
    StoreBusy,
    StoreDamaged,
    StoreForeign,
    StoreFull,
    StoreOnNetwork,
    StoreReadOnly,
    StoreTooNew,
    StoreUnreachable,
)
from app.store.migrate import open_store
from ui.app_state import AppState


# --- what the store holds ------------------------------------------------------------------------
@dataclass(frozen=True)
class StoreOverview:
    """The figures the start states depend on."""

    pathways: int
    """All pathways, whatever their status."""
    open: int
    overdue: int
    partners: int
    """Partner hospitals, active or not."""
    active_partners: int
    readonly: bool
    location: str = ""
    damaged: str = ""
    """The start check's notice when the store is damaged (open read-only; says how to restore)."""


def store_overview(state: AppState, counts: Counts | None = None) -> StoreOverview:
    """Read the overview in one session (``counts``: the status bar's figures, when already read)."""
    today = state.ctx.clock.today()

    def read(session: Session) -> StoreOverview:
        figures = counts or worklist_service.counts(session, today)
        total = figures.open or worklist_service.count(
            session, WorklistQuery(status=StatusFilter.ALLE), today
        )
        partners = partner_service.list_partners(session, include_inactive=True)
        return StoreOverview(
            pathways=total,
            open=figures.open,
            overdue=figures.overdue,
            partners=len(partners),
            active_partners=sum(1 for p in partners if p.active),
            readonly=state.store.readonly,
            location=state.store.location,
            damaged=state.store.damaged.message() if state.store.damaged else "",
        )

    return state.read(read)


# --- bars above the worklist ---------------------------------------------------------------------
NOTICE_STYLES = {
    "warning": ("#fef3c7", "#b45309", "#78350f"),  # yellow: background, border, text
    "info": ("#e0f2fe", "#0369a1", "#0c4a6e"),  # blue
}
NOTICE_SYMBOLS = {"warning": "⚠", "info": ""}  # a warning is readable without colour


class NoticeBar(QFrame):
    """A coloured bar with a message and, optionally, a button; hidden while it has no message."""

    def __init__(
        self,
        kind: str = "warning",
        button_text: str = "",
        on_button: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        background, border, color = NOTICE_STYLES[kind]
        self.setObjectName("noticeBar")
        self.setStyleSheet(
            f"#noticeBar {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }} #noticeBar QLabel {{ color: {color}; }}"
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        if NOTICE_SYMBOLS[kind]:
            symbol = QLabel(NOTICE_SYMBOLS[kind])
            symbol.setAlignment(Qt.AlignmentFlag.AlignTop)
            layout.addWidget(symbol)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if button_text:
            self.button = QPushButton(button_text)
            if on_button is not None:
                self.button.clicked.connect(lambda _checked=False: on_button())
            layout.addWidget(self.button)
        self.hide()

    def set_message(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setVisible(bool(text))

    def message(self) -> str:
        """The message shown ("" while the bar is hidden)."""
        return "" if self.isHidden() else self.label.text()


class StateBanners(QWidget):
    """The notice bars above the worklist: read-only store, no partner hospitals."""

    def __init__(
        self, on_partners: Callable[[], object] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.readonly_bar = NoticeBar("warning")
        self.partners_bar = NoticeBar("info", self.tr("Pa&rtnersygehuse …"), on_button=on_partners)
        if self.partners_bar.button is not None:
            self.partners_bar.button.setToolTip(self.tr("Partnersygehuse (Ctrl+Shift+P)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.readonly_bar)
        layout.addWidget(self.partners_bar)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def show_overview(self, overview: StoreOverview) -> None:
        if overview.damaged:
            self.readonly_bar.set_message(overview.damaged)
        elif overview.readonly:
            self.readonly_bar.set_message(
                self.tr(
                    "Lageret kan kun læses: du kan se og søge i forløbene, men ikke gemme "
                    "ændringer. Kontakt IT, hvis det er en fejl."
                )
            )
        else:
            self.readonly_bar.set_message("")
        if overview.readonly or overview.active_partners:
            self.partners_bar.set_message("")
        elif overview.partners:
            self.partners_bar.set_message(
                self.tr(
                    "Ingen partnersygehuse er aktive. Aktivér eller opret dem under "
                    "Filer → Partnersygehuse (Ctrl+Shift+P)."
                )
            )
        else:
            self.partners_bar.set_message(
                self.tr(
                    "Der er ingen partnersygehuse endnu. Opret dem under Filer → Partnersygehuse "
                    "(Ctrl+Shift+P), så de kan vælges, når du registrerer et forløb."
                )
            )
        self.setVisible(not (self.readonly_bar.isHidden() and self.partners_bar.isHidden()))


# --- the empty worklist --------------------------------------------------------------------------
class EmptyState(QLabel):
    """A calm text in the middle of an empty table (over its viewport; clicks pass through)."""

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view.viewport())
        self._view = view
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("color: #475569; font-size: 12pt; background: transparent;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        area = self._view.viewport().rect()
        self.setGeometry(area.adjusted(24, 24, -24, -24))

    def message_for(self, overview: StoreOverview, shown: int, query: WorklistQuery) -> str:
        """The text for an empty worklist; "" when rows are shown."""
        if shown:
            return ""
        if overview.pathways == 0:
            if overview.readonly:
                return self.tr("Der er ingen forløb i lageret.")
            return self.tr("Ingen forløb endnu — tryk Ctrl+N for at registrere det første.")
        narrowed = bool(
            query.search.strip() or query.partner_id or query.forloebstype or query.periode
        )
        if query.only_overdue and query.status in (StatusFilter.AABEN, StatusFilter.ALLE):
            if narrowed:
                return self.tr("✓ Ingen overskredne frister blandt de valgte forløb.")
            return self.tr("✓ Ingen overskredne frister\nAlle åbne forløb er inden for fristen.")
        if query.search.strip():
            return self.tr("Intet forløb passer til søgningen. Tjek CPR-nummeret eller filtrene.")
        if query.status == StatusFilter.AABEN and not narrowed and not query.only_overdue:
            return self.tr(
                "Ingen åbne forløb — alle er afsluttet eller afbrudt.\n"
                "Vælg Status: Alle for at se dem."
            )
        return self.tr("Ingen forløb passer til de valgte filtre.")

    def show_for(self, overview: StoreOverview, shown: int, query: WorklistQuery) -> None:
        text = self.message_for(overview, shown, query)
        self.setText(text)
        self.setAccessibleName(text)
        self._fit()
        self.setVisible(bool(text))
        if text:
            self.raise_()


class OverdueStatus(QLabel):
    """For the status bar: a calm "Ingen overskredne frister", or how many are overdue."""

    def show_overview(self, overview: StoreOverview) -> None:
        if overview.open == 0:
            self.setText("")
            self.hide()
            return
        if overview.overdue == 0:
            self.setText(self.tr("✓ Ingen overskredne frister"))
            self.setStyleSheet("color: #166534;")
        else:
            self.setText(
                self.tr("✖ {0} overskredne frister (Ctrl+Shift+O viser dem)").format(
                    overview.overdue
                )
                if overview.overdue != 1
                else self.tr("✖ 1 overskreden frist (Ctrl+Shift+O viser den)")
            )
            self.setStyleSheet("color: #b91c1c;")
        self.show()


# --- opening the store ---------------------------------------------------------------------------
def wants_readonly(url: str) -> tuple[str, bool]:
    """A SQLite URL with ``?mode=ro`` (or a file this user cannot write) asks for read-only.

    Returns the URL to open (without ``mode``) and whether to open it read-only.
    """
    try:
        parsed = make_url(url)
    except Exception:  # an unparsable URL: open_store explains it
        return url, False
    if parsed.get_backend_name() != "sqlite":
        return url, False
    readonly = parsed.query.get("mode") == "ro"
    if readonly:
        url = parsed.difference_update_query(["mode"]).render_as_string(hide_password=False)
    path = sqlite_path(url)
    if path is not None and path.exists() and not os.access(path, os.W_OK):
        readonly = True
    return url, readonly


class StoreProblemDialog(QDialog):
    """Why the store cannot be opened and what to do; "Prøv igen" where waiting can help."""

    def __init__(self, error: MvkError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.choice = ""
        self.setWindowTitle(self.tr("MVK — lageret kan ikke åbnes"))
        self.setMinimumWidth(520)
        headline, hint, can_retry = self._describe(error)

        icon = QLabel()
        standard = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if can_retry
            else QStyle.StandardPixmap.SP_MessageBoxCritical
        )
        icon.setPixmap(self.style().standardIcon(standard).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel(headline)
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        # A server's own error text may hold line breaks and tabs; one paragraph reads better.
        message = " ".join(error.message().split())
        self.message = QLabel(f"{message}\n\n{hint}" if hint else message)
        for label in (self.headline, self.message):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox()
        self.retry_button: QPushButton | None = None
        if can_retry:
            self.retry_button = buttons.addButton(
                self.tr("Prøv &igen"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.retry_button.clicked.connect(lambda _checked=False: self._choose("retry"))
        self.quit_button = buttons.addButton(
            self.tr("&Afslut"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.quit_button.clicked.connect(lambda _checked=False: self._choose("quit"))
        (self.retry_button or self.quit_button).setDefault(True)

        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.message)
        text.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        (self.retry_button or self.quit_button).setFocus()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == "retry":
            self.accept()
        else:
            self.reject()

    def text(self) -> str:
        return self.headline.text()

    def informative_text(self) -> str:
        return self.message.text()

    def _describe(self, error: MvkError) -> tuple[str, str, bool]:
        if isinstance(error, StoreTooNew):
            return (
                self.tr("Lageret er fra en nyere version af MVK"),
                self.tr(
                    "Dette er MVK {0}. Bed IT om at installere den nyeste version; "
                    "indtil da kan lageret ikke bruges herfra."
                ).format(__version__),
                False,
            )
        if isinstance(error, StoreForeign):
            return (
                self.tr("Filen er ikke et MVK-lager"),
                self.tr(
                    "Lageret vælges med --db eller miljøvariablen MVK_DB_URL. Ret valget, så det "
                    "peger på MVK-lageret, eller kontakt IT."
                ),
                False,
            )
        if isinstance(error, StoreDamaged):
            return (self.tr("Lageret er beskadiget"), "", False)
        if isinstance(error, StoreOnNetwork):
            return (self.tr("Lageret ligger på et netværksdrev"), "", False)
        if isinstance(error, StoreUnreachable):
            return (
                self.tr("Lageret kan ikke nås"),
                self.tr(
                    "Kontrollér netværksforbindelsen, og at databaseserveren kører. Tryk "
                    "»Prøv igen«, når den er tilgængelig; kontakt IT, hvis det ikke hjælper."
                ),
                True,
            )
        if isinstance(error, StoreBusy):
            return (self.tr("Lageret er optaget"), "", True)
        if isinstance(error, StoreFull):
            return (self.tr("Disken er fuld"), "", True)
        if isinstance(error, StoreReadOnly):
            return (self.tr("Lageret kan kun læses"), "", False)
        return (self.tr("Lageret kan ikke åbnes"), "", True)

    def wants_retry(self) -> bool:
        return self.choice == "retry"


def explain_store_problem(error: MvkError, parent: QWidget | None = None) -> bool:
    """Show why the store cannot be opened; True when the user chose "Prøv igen"."""
    dialog = StoreProblemDialog(error, parent)
    dialog.exec()
    return dialog.wants_retry()


def open_store_or_explain(url: str, clock: Clock, parent: QWidget | None = None) -> Store | None:
    """Open the store for the GUI; None when it cannot be used and the user chose to quit.

    A store that can only be read is opened read-only (the main window shows a notice); every
    other problem is explained in a dialog, and "Prøv igen" tries once more.
    """
    url, readonly = wants_readonly(url)
    while True:
        try:
            return open_store(url, readonly=readonly, clock=clock)
        except StoreReadOnly as error:
            if readonly:
                if not explain_store_problem(error, parent):
                    return None
                continue
            readonly = True  # e.g. a file without write permission: open it read-only
        except MvkError as error:
            if not explain_store_problem(error, parent):
                return None


__all__ = [
    "EmptyState",
    "NoticeBar",
    "OverdueStatus",
    "StateBanners",
    "StoreOverview",
    "StoreProblemDialog",
    "explain_store_problem",
    "open_store_or_explain",
    "store_overview",
    "wants_readonly",
]
