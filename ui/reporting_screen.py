"""The reporting screen ("Indberetning") for regional staff.

Pick region and period; the pre-check lists every finding export would give (Enter on one that
concerns a pathway opens it); "Eksportér" makes the quarter's file only without FEJL, "Prøveudtræk"
a trial file; the delivery ledger and the changes since delivery are shown; "Kontrollér fil"
validates any file and "Importér filer" merges other producers' files after a preview.

Every rule lives in ``app/`` (:mod:`app.services.export`, :mod:`app.services.importer`,
:mod:`app.services.changes`, :mod:`app.submission.validator`); this window only shows and asks.
Long work runs off the GUI thread (:func:`ui.operation.run_in_background`); the services' progress
callbacks reach the progress bar through a signal, never by touching widgets from the worker.

Keyboard: F5 refresh, Ctrl+E export, Ctrl+Shift+E trial file, Ctrl+K check a file, Ctrl+I import,
Ctrl+1…4 the tabs, Esc closes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import codes
from app.domain.dates import format_date
from app.domain.periods import Period
from app.errors import MvkError
from app.services import changes as changes_service
from app.services import export as export_service
from app.services import importer as import_service
from app.services import pathways as pathway_service
from app.services.changes import PeriodChanges
from app.services.export import CheckItem, DeliveryView, ExportBlocked, ExportResult, Precheck
from app.services.history import parse_timestamp
from app.services.importer import ImportPlan, ImportReport
from app.submission.findings import Finding
from app.submission.format import spec
from app.submission.validator import validate_file
from ui import labels
from ui.app_state import AppState
from ui.history_panel import format_moment
from ui.operation import run_in_background
from ui.reporting_findings import ERROR_COLOUR, FindingsTable
from ui.reporting_import import ImportPreviewDialog
from ui.setup_dialog import ERROR_STYLE, HINT_STYLE
from ui.table_model import row_table

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
YEARS_BACK = 5
"""Quarters offered in the period list: the current one and the eleven before it."""

PHASES = {
    "validate": QT_TRANSLATE_NOOP("ReportingScreen", "Kontrollerer filen …"),
    "check": QT_TRANSLATE_NOOP("ReportingScreen", "Kontrollerer forløbene …"),
    "compare": QT_TRANSLATE_NOOP("ReportingScreen", "Sammenligner med lageret …"),
    "write": QT_TRANSLATE_NOOP("ReportingScreen", "Gemmer forløbene …"),
    "done": QT_TRANSLATE_NOOP("ReportingScreen", "Afslutter …"),
}

PRECHECK_TAB, LEDGER_TAB, CHANGES_TAB, FILE_TAB = range(4)


@dataclass
class Overview:
    """What the screen shows for a region and period (read in the background)."""

    precheck: Precheck | None
    precheck_error: MvkError | None
    deliveries: list[DeliveryView]
    changes: list[PeriodChanges]
    cprs: dict[str, str] = field(default_factory=dict)


class _Progress(QObject):
    """Carries the services' progress callbacks from the worker thread to the GUI thread."""

    changed = Signal(str, int, int)


class ReportingScreen(QWidget):
    """A top-level window over the main window; :meth:`refresh` re-runs the pre-check."""

    store_changed = Signal()

    def __init__(
        self,
        state: AppState,
        parent: QWidget | None = None,
        open_pathway: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.state = state
        self.open_pathway = open_pathway
        self.setWindowTitle(self.tr("Indberetning — MVK"))
        self.resize(1180, 720)
        self.overview: Overview | None = None
        self.loading = False
        self.busy = False
        self.last_result = ""
        self.export_folder = str(Path.home())
        self.file_folder = str(Path.home())
        self.import_dialog: ImportPreviewDialog | None = None
        self._generation = 0
        self._jobs = 0
        self._progress = _Progress(self)
        self._progress.changed.connect(self._on_progress)

        self._build()
        self._connect()
        self.refresh()
        self.findings_table.setFocus()

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName(self.tr("Region"))
        installed = self.state.installation().region
        if not installed:
            self.region_combo.addItem(self.tr("Vælg region …"), None)
        for entry in codes.code_list("region"):
            self.region_combo.addItem(
                f"{entry.label(labels.language())} ({entry.code})", entry.code
            )
        index = self.region_combo.findData(installed) if installed else 0
        self.region_combo.setCurrentIndex(max(index, 0))

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Periode"))
        today = self.state.ctx.clock.today()
        for period in Period.offered(today, YEARS_BACK):
            self.period_combo.addItem(str(period), str(period))
        self.period_combo.setCurrentIndex(
            max(self.period_combo.findData(str(Period.last_finished(today))), 0)
        )

        self.refresh_button = self._button(self.tr("&Opdatér"), "F5", self.refresh)
        self.export_button = self._button(self.tr("&Eksportér …"), "Ctrl+E", self.export_file)
        self.trial_button = self._button(self.tr("Prøve&udtræk …"), "Ctrl+Shift+E", self.trial_file)
        self.check_button = self._button(self.tr("&Kontrollér fil …"), "Ctrl+K", self.check_file)
        self.import_button = self._button(self.tr("&Importér filer …"), "Ctrl+I", self.import_files)
        self.base_tips = {
            self.refresh_button: self.tr("Kør forhåndskontrollen igen"),
            self.export_button: self.tr(
                "Dan kvartalets nationale fil og registrér leverancen i leveranceoversigten"
            ),
            self.trial_button: self.tr(
                "Dan en prøvefil (PROEVE_…) til at se på; den registreres ikke som leverance"
            ),
            self.check_button: self.tr("Kontrollér en vilkårlig fil med modtagerens kontroller"),
            self.import_button: self.tr(
                "Indlæs nationale filer fra andre enheder, med forhåndsvisning"
            ),
        }

        top = QHBoxLayout()
        region_label = QLabel(self.tr("&Region:"))
        region_label.setBuddy(self.region_combo)
        period_label = QLabel(self.tr("&Periode:"))
        period_label.setBuddy(self.period_combo)
        for widget in (region_label, self.region_combo, period_label, self.period_combo):
            top.addWidget(widget)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        for button in (
            self.export_button,
            self.trial_button,
            self.check_button,
            self.import_button,
        ):
            top.addWidget(button)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setStyleSheet(HINT_STYLE)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(ERROR_STYLE)
        self.notice_label.setVisible(False)

        self.findings_table = FindingsTable()
        self.findings_table.setAccessibleName(self.tr("Forhåndskontrol"))
        self.findings_empty = QLabel()
        self.findings_empty.setStyleSheet(HINT_STYLE)
        precheck_page = self._page(self.findings_table, self.findings_empty)

        self.ledger_table = QTableWidget(0, 8)
        self.ledger_table.setHorizontalHeaderLabels(
            [
                self.tr("Periode"),
                self.tr("Leverance"),
                self.tr("Dannet"),
                self.tr("Af"),
                self.tr("Fil"),
                self.tr("Forløb"),
                self.tr("Udlandsrækker"),
                self.tr("Kontrolsum"),
            ]
        )
        row_table(self.ledger_table, (80, 80, 140, 100, 330, 70, 110))
        self.ledger_table.setAccessibleName(self.tr("Leverancer"))
        self.ledger_empty = QLabel()
        self.ledger_empty.setStyleSheet(HINT_STYLE)
        ledger_page = self._page(self.ledger_table, self.ledger_empty)

        self.changes_tree = QTreeWidget()
        self.changes_tree.setColumnCount(3)
        self.changes_tree.setHeaderLabels(
            [self.tr("Periode, forløb og felt"), self.tr("Leveret"), self.tr("Nu")]
        )
        self.changes_tree.setColumnWidth(0, 560)
        self.changes_tree.setColumnWidth(1, 220)
        self.changes_tree.setAlternatingRowColors(True)
        self.changes_tree.setAccessibleName(self.tr("Ændringer siden levering"))
        self.changes_empty = QLabel()
        self.changes_empty.setStyleSheet(HINT_STYLE)
        changes_page = self._page(self.changes_tree, self.changes_empty)

        self.file_summary = QLabel(
            self.tr("Vælg en fil med »Kontrollér fil …« (Ctrl+K) for at se modtagerens kontroller.")
        )
        self.file_summary.setWordWrap(True)
        self.file_table = FindingsTable()
        self.file_table.setAccessibleName(self.tr("Filkontrol"))
        file_page = self._page(self.file_table, self.file_summary, label_first=True)

        self.tabs = QTabWidget()
        self.tabs.addTab(precheck_page, self.tr("Forhåndskontrol"))
        self.tabs.addTab(ledger_page, self.tr("Leverancer"))
        self.tabs.addTab(changes_page, self.tr("Ændringer siden levering"))
        self.tabs.addTab(file_page, self.tr("Filkontrol"))
        for index in range(self.tabs.count()):
            self.tabs.setTabToolTip(index, f"{self.tabs.tabText(index)} (Ctrl+{index + 1})")
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.show_tab(i))

        self.status_label = QLabel()
        self.status_label.setStyleSheet(HINT_STYLE)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(260)
        self.progress_bar.setVisible(False)
        self.progress_bar.setAccessibleName(self.tr("Fremdrift"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.progress_bar)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close.activated.connect(self.close)
        close_w = QShortcut(QKeySequence.StandardKey.Close, self)
        close_w.activated.connect(self.close)

        QWidget.setTabOrder(self.region_combo, self.period_combo)
        QWidget.setTabOrder(self.period_combo, self.refresh_button)
        QWidget.setTabOrder(self.refresh_button, self.export_button)
        QWidget.setTabOrder(self.export_button, self.trial_button)
        QWidget.setTabOrder(self.trial_button, self.check_button)
        QWidget.setTabOrder(self.check_button, self.import_button)
        QWidget.setTabOrder(self.import_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.findings_table)

    def _button(self, text: str, shortcut: str, slot: Callable[[], None]) -> QPushButton:
        """A button with its Alt letter (from ``&`` in the text) and a window shortcut as well."""
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        button.setProperty("window_shortcut", shortcut)
        key = QShortcut(QKeySequence(shortcut), self)
        key.activated.connect(button.animateClick)  # a disabled button ignores it, as a click
        return button

    def _page(self, view: QWidget, label: QLabel, *, label_first: bool = False) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        if label_first:
            layout.addWidget(label)
            layout.addWidget(view, 1)
        else:
            layout.addWidget(view, 1)
            layout.addWidget(label)
        return page

    def _connect(self) -> None:
        self.region_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.findings_table.pathway_activated.connect(self._open)
        self.file_table.pathway_activated.connect(self._open)
        self.changes_tree.itemActivated.connect(self._on_change_activated)

    # --- what is chosen --------------------------------------------------------------------------
    def region(self) -> str | None:
        value = self.region_combo.currentData()
        return str(value) if value else None

    def period(self) -> Period:
        return Period.parse(str(self.period_combo.currentData()))

    def select(self, region: str | None = None, period: Period | None = None) -> None:
        """Choose region and/or period (as the user would); the pre-check runs again."""
        if region is not None:
            self.region_combo.setCurrentIndex(self.region_combo.findData(region))
        if period is not None:
            index = self.period_combo.findData(str(period))
            if index < 0:
                self.period_combo.addItem(str(period), str(period))
                index = self.period_combo.count() - 1
            self.period_combo.setCurrentIndex(index)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        page = self.tabs.currentWidget()
        views = page.findChildren(QAbstractItemView) if page is not None else []
        if views:
            views[0].setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- the pre-check, the ledger and the changes --------------------------------------------------
    def refresh(self) -> None:
        """Read the pre-check, the ledger and the changes of the chosen region and period again."""
        self._generation += 1
        generation = self._generation
        region = self.region()
        period = self.period()
        if region is None:
            self.overview = None
            self.loading = False
            self._show_no_region()
            self._update_actions()
            return
        self.loading = True
        self._update_actions()
        self.summary_label.setText(self.tr("Forhåndskontrol af {0} kører …").format(period))
        self.summary_label.setStyleSheet("")
        self._run(
            self.tr("Forhåndskontrol af {0} for region {1} …").format(period, region),
            lambda _progress: self._read_overview(region, period),
            lambda overview: self._show_overview(generation, overview),
            on_error=lambda error: self._overview_failed(generation, error),
        )

    def _read_overview(self, region: str, period: Period) -> Overview:
        """Runs in the worker thread: services only, no widgets."""
        precheck: Precheck | None = None
        problem: MvkError | None = None
        try:
            precheck = self.state.read(
                lambda s: export_service.precheck(s, region, period, self.state.ctx)
            )
        except MvkError as error:
            problem = error
        deliveries = self.state.read(lambda s: export_service.deliveries(s, region))
        since = self.state.read(lambda s: changes_service.since_delivery(s, region))
        ids = {d.forloeb_id for c in since for d in (*c.new, *c.changed, *c.removed)}
        if precheck is not None:
            ids.update(i.forloeb_id for i in precheck.items if i.forloeb_id and not i.cpr)
        cprs: dict[str, str] = {}
        for forloeb_id in sorted(ids)[:500]:
            try:
                view = self.state.read(lambda s, i=forloeb_id: pathway_service.get(s, i))  # type: ignore[misc]
            except MvkError:
                continue
            cprs[forloeb_id] = view.cpr
        return Overview(precheck, problem, deliveries, since, cprs)

    def _overview_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.overview = None
        self.summary_label.setText(self.tr("Forhåndskontrollen kunne ikke køres."))
        self.summary_label.setStyleSheet(ERROR_STYLE)
        self._update_actions()
        self._show_error(error, self.tr("Forhåndskontrollen kunne ikke køres"))

    def _show_overview(self, generation: int, overview: Overview) -> None:
        if generation != self._generation:
            return  # a newer choice of region or period is on its way
        self.loading = False
        self.overview = overview
        self._show_precheck(overview)
        self._show_ledger(overview.deliveries)
        self._show_changes(overview)
        self._update_actions()

    def _show_no_region(self) -> None:
        self.summary_label.setText(
            self.tr("Ingen region er valgt. Vælg regionen ovenfor (Alt+R) eller i Indstillinger.")
        )
        self.summary_label.setStyleSheet(ERROR_STYLE)
        self.detail_label.setText("")
        self.findings_table.set_items([])
        self.findings_empty.setText(self.tr("Forhåndskontrollen kører, når en region er valgt."))
        self._show_ledger([])
        self.changes_tree.clear()
        self.changes_empty.setText(self.tr("Ingen region er valgt."))

    def _show_precheck(self, overview: Overview) -> None:
        check = overview.precheck
        period = self.period()
        if check is None:
            message = overview.precheck_error.message() if overview.precheck_error else ""
            self.summary_label.setText(
                self.tr("Forhåndskontrollen kunne ikke køres: {0}").format(message)
            )
            self.summary_label.setStyleSheet(ERROR_STYLE)
            self.detail_label.setText("")
            self.findings_table.set_items([])
            self.findings_empty.setText("")
            return
        self.show_findings(check.items)
        self.summary_label.setText(self.summary_text(check.findings))
        self.summary_label.setStyleSheet(ERROR_STYLE if not check.ready else "color: #166534;")
        if check.antal_forloeb == 0:
            detail = self.tr(
                "Ingen afsluttede eller afbrudte forløb i {0} for region {1}: filen får ingen "
                "forløbsrækker."
            ).format(period, check.region)
        else:
            detail = self.tr("Filen for {0} får {1} forløb og {2} udlandsrækker.").format(
                period, check.antal_forloeb, check.antal_udland
            )
        delivered = [d for d in overview.deliveries if d.periode == str(period)]
        if delivered:
            last = delivered[-1]
            detail += " " + self.tr(
                "{0} er leveret før (seneste leverance {1}, {2}); en ny eksport er en rettelse "
                "(leverance {3})."
            ).format(period, last.leverance, self._moment(last.dannet), last.leverance + 1)
        self.detail_label.setText(detail)

    def show_findings(self, items: list[CheckItem]) -> None:
        self.findings_table.set_items(items)
        self.findings_empty.setText(
            self.tr("Forhåndskontrollen fandt intet at bemærke.") if not items else ""
        )

    def summary_text(self, findings: list[Finding]) -> str:
        """ "2 fejl, 1 advarsel — eksport ikke mulig …" / "Ingen fejl — klar til eksport"."""
        errors = sum(1 for f in findings if f.is_error)
        if errors:
            return self.tr("{0} — eksport ikke mulig før fejlene er rettet").format(
                self.summary_counts(findings)
            )
        if findings:
            return self.tr("Ingen fejl, {0} — klar til eksport").format(
                self.warnings_text(len(findings))
            )
        return self.tr("Ingen fejl — klar til eksport")

    def warnings_text(self, warnings: int) -> str:
        if warnings == 1:
            return self.tr("1 advarsel")
        return self.tr("{0} advarsler").format(warnings)

    def summary_counts(self, findings: list[Finding]) -> str:
        """ "2 fejl, 1 advarsel", "2 fejl", "1 advarsel" or "ingen fejl"."""
        errors = sum(1 for f in findings if f.is_error)
        warnings = len(findings) - errors
        parts = []
        if errors:
            parts.append(self.tr("{0} fejl").format(errors))
        if warnings:
            parts.append(self.warnings_text(warnings))
        return ", ".join(parts) if parts else self.tr("ingen fejl")

    def _moment(self, timestamp: str) -> str:
        try:
            return format_moment(parse_timestamp(timestamp))
        except (ValueError, TypeError):
            return timestamp

    def _show_ledger(self, deliveries: list[DeliveryView]) -> None:
        table = self.ledger_table
        table.clearContents()
        table.setRowCount(len(deliveries))
        for row, delivery in enumerate(reversed(deliveries)):  # newest first
            values = (
                delivery.periode,
                str(delivery.leverance),
                self._moment(delivery.dannet),
                delivery.dannet_af,
                delivery.file_name,
                str(delivery.antal_forloeb),
                str(delivery.antal_udland),
                delivery.kontrolsum,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column in (1, 5, 6):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        region = self.region()
        self.ledger_empty.setText(
            self.tr("Ingen leverancer for region {0} endnu.").format(region)
            if not deliveries and region
            else ""
        )

    def _show_changes(self, overview: Overview) -> None:
        tree = self.changes_tree
        tree.clear()
        due = [
            c
            for c in overview.changes
            if c.correction_due or c.pathways_changed or c.abroad_changed
        ]
        self.changes_empty.setText(
            self.tr("Ingen ændringer siden seneste levering.") if not due else ""
        )
        for change in due:
            tree.addTopLevelItem(self._period_item(change, overview.cprs))
        tree.expandAll()  # only works once the items are in the tree
        first = tree.topLevelItem(0)
        if first is not None:
            tree.setCurrentItem(first)

    def _period_item(self, change: PeriodChanges, cprs: dict[str, str]) -> QTreeWidgetItem:
        counts = self.tr("{0} nye, {1} ændrede, {2} fjernede forløb").format(
            len(change.new), len(change.changed), len(change.removed)
        )
        text = self.tr("{0} (leverance {1}, dannet {2}): {3}").format(
            change.periode, change.leverance, self._moment(change.dannet), counts
        )
        item = QTreeWidgetItem([text])
        item.setFirstColumnSpanned(True)
        item.setToolTip(0, text)
        if change.correction_due:
            due = QTreeWidgetItem(
                [
                    self.tr(
                        "En rettelse skal indberettes: ny levering af {0} (leverance {1})."
                    ).format(change.periode, change.leverance + 1)
                ]
            )
            due.setForeground(0, QBrush(ERROR_COLOUR))
            item.addChild(due)
            due.setFirstColumnSpanned(True)
        if change.abroad_changed:
            abroad = QTreeWidgetItem([self.tr("Udlandsopgørelsen er ændret siden leveringen.")])
            item.addChild(abroad)
            abroad.setFirstColumnSpanned(True)
        if not change.verified:
            note = QTreeWidgetItem(
                [self.tr("Listen kan være ufuldstændig: lageret er ændret uden om programmet.")]
            )
            item.addChild(note)
            note.setFirstColumnSpanned(True)
        for kind, deltas in (
            (self.tr("Nyt forløb"), change.new),
            (self.tr("Ændret forløb"), change.changed),
            (self.tr("Fjernet forløb"), change.removed),
        ):
            for delta in deltas:
                who = cprs.get(delta.forloeb_id)
                label = f"{kind}: {labels.cpr_display(who)}" if who else kind
                child = QTreeWidgetItem([f"{label} ({delta.forloeb_id})"])
                child.setData(0, ID_ROLE, delta.forloeb_id)
                child.setToolTip(0, self.tr("Enter åbner forløbet."))
                for diff in delta.fields:
                    grandchild = QTreeWidgetItem(
                        [
                            diff.field,
                            self._value(diff.field, diff.old),
                            self._value(diff.field, diff.new),
                        ]
                    )
                    grandchild.setData(0, ID_ROLE, delta.forloeb_id)
                    child.addChild(grandchild)
                item.addChild(child)
        return item

    def _value(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return self.tr("(tom)")
        column = spec().forloeb.column(name)
        if column.type == "date" and isinstance(value, str):
            try:
                return format_date(date.fromisoformat(value))
            except ValueError:
                return value
        if name == "cpr" and isinstance(value, str):
            return labels.cpr_display(value)
        return str(value)

    # --- actions ---------------------------------------------------------------------------------
    def _update_actions(self) -> None:
        readonly = self.state.store.readonly
        check = self.overview.precheck if self.overview else None
        reason: str | None = None
        if self.busy:
            reason = self.tr("Vent til det igangværende arbejde er færdigt.")
        elif self.region() is None:
            reason = self.tr("Vælg en region først.")
        elif self.loading:
            reason = self.tr("Forhåndskontrollen kører.")
        elif check is None:
            reason = self.tr("Forhåndskontrollen kunne ikke køres (se ovenfor).")
        elif not check.ready:
            reason = self.tr(
                "Eksport er ikke mulig: {0} fejl skal rettes først (se forhåndskontrollen)."
            ).format(check.errors)
        write_reason = self.tr(
            "Lageret er åbnet skrivebeskyttet: leverancer og import kan ikke gemmes."
        )
        export_reason = reason or (write_reason if readonly else None)
        import_reason = (
            self.tr("Vent til det igangværende arbejde er færdigt.")
            if self.busy
            else (write_reason if readonly else None)
        )
        busy_reason = (
            self.tr("Vent til det igangværende arbejde er færdigt.") if self.busy else None
        )
        for button, why in (
            (self.export_button, export_reason),
            (self.trial_button, reason),
            (self.import_button, import_reason),
            (self.check_button, busy_reason),
            (self.refresh_button, busy_reason),
        ):
            button.setEnabled(why is None)
            keys = QKeySequence(button.property("window_shortcut")).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            tip = f"{self.base_tips[button]} ({keys})"
            button.setToolTip(f"{tip}\n{why}" if why else tip)
        self.notice_label.setVisible(readonly)
        if readonly:
            self.notice_label.setText(write_reason)
        self.region_combo.setEnabled(not self.busy)
        self.period_combo.setEnabled(not self.busy)

    def export_file(self) -> None:
        self._export(trial=False)

    def trial_file(self) -> None:
        self._export(trial=True)

    def _export(self, *, trial: bool) -> None:
        button = self.trial_button if trial else self.export_button
        region = self.region()
        if not button.isEnabled() or region is None:
            return
        period = self.period()
        title = self.tr("Vælg mappe til prøvefilen") if trial else self.tr("Vælg mappe til filen")
        folder = QFileDialog.getExistingDirectory(self, title, self.export_folder)
        if not folder:
            return
        self.export_folder = folder
        out_dir = Path(folder)
        ctx = self.state.ctx

        def work(_progress: Callable[[str, int, int], None]) -> ExportResult:
            if trial:  # nothing is recorded: a read session is enough (also on a read-only store)
                return self.state.read(
                    lambda s: export_service.export(s, region, period, out_dir, ctx, trial=True)
                )
            return self.state.write(
                lambda s: export_service.export(s, region, period, out_dir, ctx)
            )

        self._start_busy()
        text = self.tr("Danner prøvefil for {0} …") if trial else self.tr("Danner filen for {0} …")
        self._run(
            text.format(period),
            work,
            self._exported,
            on_error=lambda e: self._failed(e, self.tr("Filen er ikke dannet")),
        )

    def _exported(self, result: ExportResult) -> None:
        self._end_busy()
        if result.trial:
            text = self.tr(
                "Prøvefilen er dannet (registreres ikke som leverance):\n{0}\n\n"
                "{1} forløb og {2} udlandsrækker."
            ).format(result.path, result.antal_forloeb, result.antal_udland)
            title = self.tr("Prøveudtræk dannet")
        else:
            delivery = result.delivery
            assert delivery is not None
            text = self.tr(
                "Leverance {0} af {1} er dannet:\n{2}\n\n{3} forløb og {4} udlandsrækker.\n"
                "Kontrolsum: {5}"
            ).format(
                delivery.leverance,
                delivery.periode,
                result.path,
                result.antal_forloeb,
                result.antal_udland,
                delivery.kontrolsum,
            )
            title = self.tr("Filen er dannet")
        if result.findings:
            text += "\n\n" + self.tr("Advarsler i filen: {0}").format(len(result.findings))
        self.last_result = text
        self.status_label.setText(text.splitlines()[0])
        QMessageBox.information(self, title, text)
        self.refresh()

    def check_file(self) -> None:
        if not self.check_button.isEnabled():
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Vælg fil der skal kontrolleres"),
            self.file_folder,
            self.tr("Excel-filer (*.xlsx);;Alle filer (*)"),
        )
        if not path:
            return
        self.file_folder = str(Path(path).parent)
        self._start_busy()
        self._run(
            self.tr("Kontrollerer {0} …").format(Path(path).name),
            lambda _progress: validate_file(path),
            lambda findings: self._file_checked(path, findings),
            on_error=lambda e: self._failed(e, self.tr("Filen kunne ikke kontrolleres")),
        )

    def _file_checked(self, path: str, findings: list[Finding]) -> None:
        self._end_busy()
        errors = sum(1 for f in findings if f.is_error)
        name = Path(path).name
        if errors:
            verdict = self.tr("filen ville blive afvist")
        else:
            verdict = self.tr("filen ville blive modtaget")
        counts = self.summary_counts(findings)
        self.file_summary.setText(self.tr("«{0}»: {1} — {2}.").format(name, counts, verdict))
        self.file_summary.setStyleSheet(ERROR_STYLE if errors else "color: #166534;")
        self.file_table.set_items([CheckItem(f) for f in findings])
        self.status_label.setText(self.file_summary.text())
        self.show_tab(FILE_TAB)

    def import_files(self) -> None:
        if not self.import_button.isEnabled():
            return
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Vælg filer der skal importeres"),
            self.file_folder,
            self.tr("Excel-filer (*.xlsx);;Alle filer (*)"),
        )
        if not paths:
            return
        self.file_folder = str(Path(paths[0]).parent)
        ctx = self.state.ctx

        def work(progress: Callable[[str, int, int], None]) -> list[ImportPlan]:
            return [
                self.state.read(
                    lambda s, p=path: import_service.plan_import(s, p, ctx, progress=progress)  # type: ignore[misc]
                )
                for path in paths
            ]

        self._start_busy()
        self._run(
            self.tr("Læser og kontrollerer {0} filer …").format(len(paths)),
            work,
            self._show_import_preview,
            on_error=lambda e: self._failed(e, self.tr("Filerne kunne ikke læses")),
        )

    def _show_import_preview(self, plans: list[ImportPlan]) -> None:
        self._end_busy()
        dialog = ImportPreviewDialog(plans, self)
        dialog.accepted.connect(lambda: self._apply_import(dialog.accepted_plans()))
        self.import_dialog = dialog
        self.status_label.setText(self.tr("Forhåndsvisning af importen."))
        dialog.open()

    def _apply_import(self, plans: list[ImportPlan]) -> None:
        if not plans:
            return
        periods = sorted({p for plan in plans for p in plan.delivered_periods})
        reason: str | None = None
        if periods:
            text, ok = QInputDialog.getText(
                self,
                self.tr("Begrundelse for ændring af leverede perioder"),
                self.tr(
                    "Importen ændrer allerede leverede perioder ({0}). Skriv en begrundelse; den "
                    "gemmes i historikken:"
                ).format(", ".join(periods)),
            )
            if not ok or not text.strip():
                self.status_label.setText(self.tr("Importen er annulleret; intet er ændret."))
                return
            reason = text.strip()
        ctx = self.state.ctx

        def work(progress: Callable[[str, int, int], None]) -> list[tuple[str, Any]]:
            results: list[tuple[str, Any]] = []
            for plan in plans:  # each file in its own transaction: all of it or nothing
                try:
                    report = self.state.write(
                        lambda s, p=plan: import_service.apply_import(  # type: ignore[misc]
                            s, p, ctx, reason, progress=progress
                        )
                    )
                except MvkError as error:
                    results.append((plan.path.name, error))
                else:
                    results.append((plan.path.name, report))
            return results

        self._start_busy()
        self._run(
            self.tr("Importerer {0} filer …").format(len(plans)),
            work,
            self._imported,
            on_error=lambda e: self._failed(e, self.tr("Importen mislykkedes")),
        )

    def _imported(self, results: list[tuple[str, Any]]) -> None:
        self._end_busy()
        lines: list[str] = []
        failed = 0
        for name, outcome in results:
            if isinstance(outcome, ImportReport):
                lines.append(
                    self.tr("{0}: {1} nye, {2} ændrede, {3} uændrede, {4} fjernede forløb").format(
                        name, outcome.new, outcome.changed, outcome.unchanged, outcome.removed
                    )
                )
                if outcome.abroad_answered:
                    lines.append(
                        self.tr("  udlandsopgørelse for {0}: {1} rækker").format(
                            outcome.periode[:4], outcome.abroad_rows
                        )
                    )
            else:
                failed += 1
                message = outcome.message() if isinstance(outcome, MvkError) else str(outcome)
                lines.append(self.tr("{0}: ikke importeret — {1}").format(name, message))
        text = "\n".join(lines)
        self.last_result = text
        self.status_label.setText(
            self.tr("{0} af {1} filer importeret.").format(len(results) - failed, len(results))
        )
        if failed:
            QMessageBox.warning(self, self.tr("Importen er delvis gennemført"), text)
        else:
            QMessageBox.information(self, self.tr("Importen er gennemført"), text)
        self.store_changed.emit()
        self.refresh()

    # --- running work ----------------------------------------------------------------------------
    def _start_busy(self) -> None:
        self.busy = True
        self._update_actions()

    def _end_busy(self) -> None:
        self.busy = False
        self._update_actions()

    def _run(
        self,
        text: str,
        work: Callable[[Callable[[str, int, int], None]], Any],
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None],
    ) -> None:
        """``work(progress)`` in the background; ``progress`` may be handed to a service."""
        emitter = self._progress

        def progress(phase: str, done: int, total: int) -> None:
            emitter.changed.emit(phase, done, total)  # queued to the GUI thread

        self._jobs += 1
        self.status_label.setText(text)
        self.progress_bar.setRange(0, 0)  # busy until a service reports figures
        self.progress_bar.setVisible(True)

        def finished(result: Any) -> None:
            self._job_ended()
            on_done(result)

        def failed(error: BaseException) -> None:
            self._job_ended()
            on_error(error)

        run_in_background(lambda: work(progress), finished, failed, self)

    def _job_ended(self) -> None:
        self._jobs -= 1
        if self._jobs <= 0:
            self._jobs = 0
            self.progress_bar.setVisible(False)
            self.status_label.setText("")

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if not self._jobs:
            return
        text = PHASES.get(phase)
        if text:
            self.status_label.setText(self.tr(str(text)))
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def _failed(self, error: BaseException, title: str) -> None:
        self._end_busy()
        self._show_error(error, title)

    def _show_error(self, error: BaseException, title: str) -> None:
        if isinstance(error, ExportBlocked):
            self.show_findings([CheckItem(f) for f in error.findings])
            self.summary_label.setText(self.summary_text(error.findings))
            self.summary_label.setStyleSheet(ERROR_STYLE)
            self.show_tab(PRECHECK_TAB)
        if isinstance(error, MvkError):
            message = error.message()
        else:
            log.error("Uventet fejl på indberetningsskærmen", exc_info=error)
            message = self.tr(
                "Der opstod en uventet fejl ({0}). Den er skrevet i logfilen; prøv igen, og "
                "kontakt support hvis den kommer igen."
            ).format(type(error).__name__)
        self.status_label.setText(message)
        QMessageBox.warning(self, title, message)

    def _open(self, forloeb_id: str) -> None:
        if self.open_pathway is None:
            return
        try:
            self.open_pathway(forloeb_id)
        except MvkError as error:
            QMessageBox.warning(self, self.tr("Forløbet kan ikke åbnes"), error.message())

    def _on_change_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        forloeb_id = item.data(0, ID_ROLE)
        if forloeb_id:
            self._open(str(forloeb_id))


# --- screenshots ---------------------------------------------------------------------------------


def screenshot_states(state: AppState, out_dir: Path) -> list[Path]:
    """The interesting states of the screen on ``state``'s store as ``indberetning-*.png``.

    The store should hold pathways of the last finished quarter. Shots: the pre-check as it is
    (``indberetning-forhaandskontrol.png``), the ledger after a delivery and the changes since it
    and a correction made after it (``indberetning-leverancer.png``,
    ``indberetning-aendringer.png``), and an import preview of the delivered file against the
    corrected store (``indberetning-import.png``). The delivery and the correction are recorded
    in ``state``'s store, so use a throwaway (demo) store. Needs a QApplication.
    """
    import tempfile

    from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool

    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def settle(screen: ReportingScreen) -> None:
        for _ in range(200):
            QThreadPool.globalInstance().waitForDone(50)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if not screen.loading and not screen.busy and not screen._jobs:
                break

    def shoot(widget: QWidget, name: str) -> None:
        QCoreApplication.processEvents()
        path = out_dir / name
        widget.grab().save(str(path))
        saved.append(path)

    screen = ReportingScreen(state)
    screen.resize(1180, 640)
    screen.show()
    settle(screen)
    shoot(screen, "indberetning-forhaandskontrol.png")

    check = screen.overview.precheck if screen.overview else None
    region = screen.region()
    if check is not None and check.ready and region and not state.store.readonly:
        folder = Path(tempfile.mkdtemp(prefix="mvk-shots-"))
        result = state.write(
            lambda s: export_service.export(s, region, screen.period(), folder, state.ctx)
        )
        screen.refresh()
        settle(screen)
        screen.show_tab(LEDGER_TAB)
        shoot(screen, "indberetning-leverancer.png")
        # a correction after the delivery: the changes list it, and the delivered file would undo it
        first = state.read(lambda s: export_service.pathway_rows(s, region, screen.period()))
        if first:
            try:
                state.write(
                    lambda s: pathway_service.correct(
                        s,
                        str(first[0][0]),
                        {"kommentar": "Rettet efter levering: samtykke kom senere"},
                        state.ctx,
                        reason="Rettelse efter levering",
                    )
                )
            except MvkError:
                log.info("the screenshot's correction was refused; the changes stay empty")
        screen.refresh()
        settle(screen)
        screen.show_tab(CHANGES_TAB)
        shoot(screen, "indberetning-aendringer.png")
        plan = state.read(lambda s: import_service.plan_import(s, result.path, state.ctx))
        dialog = ImportPreviewDialog([plan], screen)
        dialog.show()
        shoot(dialog, "indberetning-import.png")
        dialog.close()
    screen.close()
    return saved
