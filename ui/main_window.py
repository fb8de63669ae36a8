"""The main window: the worklist of pathways, its filters, and the status bar."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.domain import codes
from app.domain.dates import format_date
from app.domain.periods import Period
from app.errors import InputError
from app.services import partners as partner_service
from app.services import worklist as worklist_service
from app.services.worklist import StatusFilter, WorklistPage, WorklistQuery
from ui import labels
from ui.app_state import AppState
from ui.backup_actions import add_backup_actions
from ui.fields import without_length_limit
from ui.history_panel import HistoryPanel
from ui.store_states import EmptyState, OverdueStatus, StateBanners, store_overview
from ui.table_model import row_table
from ui.worklist_model import ID_ROLE, WorklistModel

STATUS_CHOICES = (
    (QT_TRANSLATE_NOOP("MainWindow", "Åbne"), StatusFilter.AABEN),
    (QT_TRANSLATE_NOOP("MainWindow", "Afsluttede"), StatusFilter.AFSLUTTET),
    (QT_TRANSLATE_NOOP("MainWindow", "Afbrudte"), StatusFilter.AFBRUDT),
    (QT_TRANSLATE_NOOP("MainWindow", "Alle"), StatusFilter.ALLE),
)


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(
            self.tr("MVK {version} — maksimale ventetider på kræftområdet").format(
                version=__version__
            )
        )
        self.resize(1200, 720)

        self.model = WorklistModel(self._fetch, parent=self)
        self._build_filters()
        self._build_table()
        self._build_status_bar()
        self._build_actions()
        self.banners = StateBanners(on_partners=self.show_partners)
        self.empty_state = EmptyState(self.table)
        self.overdue_status = OverdueStatus()
        self.statusBar().addPermanentWidget(self.overdue_status)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.banners)
        layout.addWidget(self.table)
        self.setCentralWidget(body)

        self.history = HistoryPanel(self.state, self)
        self.history.title.hide()  # the dock has the title
        self.history_dock = QDockWidget(self.tr("Historik"), self)
        self.history_dock.setObjectName("history_dock")
        self.history_dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.resizeDocks([self.history_dock], [170], Qt.Orientation.Vertical)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.history_dock.toggleViewAction())

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self._connect()
        self.reload_partners()
        self.apply_filters()
        if state.store.readonly:
            self.new_action.setEnabled(False)
        self.table.setFocus()

    # --- building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search_edit = without_length_limit(QLineEdit())
        self.search_edit.setPlaceholderText(self.tr("Søg CPR-nummer (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self.search_edit.setAccessibleName(self.tr("Søg CPR-nummer"))
        self.status_combo = QComboBox()
        for label, value in STATUS_CHOICES:
            self.status_combo.addItem(self.tr(label), value)
        self.partner_combo = QComboBox()
        self.type_combo = QComboBox()
        self.type_combo.addItem(self.tr("Alle typer"), None)
        for entry in codes.code_list("forloebstype"):
            self.type_combo.addItem(entry.label(labels.language()), entry.code)
        self.period_edit = without_length_limit(QLineEdit())
        self.period_edit.setPlaceholderText(self.tr("Periode, fx 2024K2"))
        hint = self.period_edit.fontMetrics().horizontalAdvance(self.period_edit.placeholderText())
        self.period_edit.setMinimumWidth(hint + 16)  # the example stays readable in any language
        self.period_edit.setMaximumWidth(max(hint + 16, 170))
        self.overdue_check = QCheckBox(self.tr("Kun overskredne"))
        self.filter_message = QLabel()
        self.filter_message.setStyleSheet("color: #b91c1c;")

        bar = QHBoxLayout()
        for text, widget in (
            (self.tr("&Søg:"), self.search_edit),
            (self.tr("S&tatus:"), self.status_combo),
            (self.tr("&Partner:"), self.partner_combo),
            (self.tr("T&ype:"), self.type_combo),
            (self.tr("P&eriode:"), self.period_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.overdue_check)
        bar.addWidget(self.filter_message)
        bar.addStretch(1)
        self.filter_bar = bar

    def _build_table(self) -> None:
        table = QTableView()
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.AscendingOrder)
        row_table(table, (110, 210, 170, 180, 160, 100, 160, 90))
        table.setAccessibleName(self.tr("Arbejdsliste"))
        self.table = table

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.store_label = QLabel(self.tr("Lager: {0}").format(self.state.store.location))
        self.user_label = QLabel(self.tr("Bruger: {0}").format(self.state.ctx.actor.login))
        self.today_label = QLabel(
            self.tr("Dato: {0}").format(format_date(self.state.ctx.clock.today()))
        )
        self.counts_label = QLabel()
        for widget in (self.store_label, self.user_label, self.today_label):
            bar.addWidget(widget)
        bar.addPermanentWidget(self.counts_label)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Filer"))
        pathway_menu = self.menuBar().addMenu(self.tr("F&orløb"))
        self.new_action = QAction(self.tr("&Nyt forløb"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_pathway)
        self.edit_action = QAction(self.tr("&Ret, afslut eller afbryd forløb"), self)
        self.edit_action.setShortcuts([QKeySequence(Qt.Key.Key_F2)])
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action = QAction(self.tr("&Slet forløb …"), self)
        self.delete_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.delete_action.triggered.connect(self.delete_selected)
        for action in (self.new_action, self.edit_action, self.delete_action):
            pathway_menu.addAction(action)
        pathway_menu.addSeparator()
        self.abroad_action = QAction(self.tr("&Udlandsopgørelse …"), self)
        self.abroad_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.abroad_action.triggered.connect(self.show_abroad)
        pathway_menu.addAction(self.abroad_action)
        self.pathway_menu = pathway_menu
        self.partners_action = QAction(self.tr("&Partnersygehuse …"), self)
        self.partners_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.partners_action.triggered.connect(self.show_partners)
        self.settings_action = QAction(self.tr("&Indstillinger …"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.show_settings)
        for action in (self.partners_action, self.settings_action):
            action.setToolTip(
                f"{action.text().replace('&', '').rstrip(' …')} ({action.shortcut().toString()})"
            )
            file_menu.addAction(action)
        self.backup_action, self.restore_action = add_backup_actions(
            file_menu, self, self.state, on_restored=self._on_store_restored
        )
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Afslut"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        quarter_menu = self.menuBar().addMenu(self.tr("&Kvartal"))
        self.reporting_action = QAction(self.tr("&Indberetning …"), self)
        self.reporting_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.reporting_action.triggered.connect(self.show_reporting)
        self.overview_action = QAction(self.tr("&Kvartalsoverblik …"), self)
        self.overview_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.overview_action.triggered.connect(self.show_overview)
        quarter_menu.addAction(self.reporting_action)
        quarter_menu.addAction(self.overview_action)
        self.quarter_menu = quarter_menu

        view_menu = self.menuBar().addMenu(self.tr("&Vis"))
        self.search_action = QAction(self.tr("&Søg CPR-nummer"), self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self.focus_search)
        self.refresh_action = QAction(self.tr("&Opdatér"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.triggered.connect(self.refresh)
        self.overdue_action = QAction(self.tr("Kun &overskredne"), self)
        self.overdue_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.overdue_action.triggered.connect(self.overdue_check.toggle)
        for action in (self.search_action, self.refresh_action, self.overdue_action):
            action.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
            view_menu.addAction(action)
        self.view_menu = view_menu
        self.file_menu = file_menu

        help_menu = self.menuBar().addMenu(self.tr("&Hjælp"))
        self.shortcuts_action = QAction(self.tr("&Tastaturgenveje"), self)
        self.shortcuts_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(self.tr("&Om MVK"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu
        for action in self.all_actions():
            if not action.shortcut().isEmpty():
                text = action.text().replace("&", "").rstrip(" …")
                action.setToolTip(f"{text} ({action.shortcut().toString()})")

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_filters)
        self.status_combo.currentIndexChanged.connect(self.apply_filters)
        self.partner_combo.currentIndexChanged.connect(self.apply_filters)
        self.type_combo.currentIndexChanged.connect(self.apply_filters)
        self.period_edit.editingFinished.connect(self.apply_filters)
        self.overdue_check.toggled.connect(self.apply_filters)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_: self.history.show_pathway(self.selected_id())
        )

    # --- behaviour -----------------------------------------------------------------------------
    def _fetch(self, query: WorklistQuery) -> WorklistPage:
        today = self.state.ctx.clock.today()
        return self.state.read(lambda s: worklist_service.worklist(s, query, today))

    def reload_partners(self) -> None:
        current = self.partner_combo.currentData()
        partners = self.state.read(
            lambda s: partner_service.list_partners(s, include_inactive=True)
        )
        self.partner_combo.blockSignals(True)
        self.partner_combo.clear()
        self.partner_combo.addItem(self.tr("Alle partnere"), None)
        for partner in partners:
            self.partner_combo.addItem(f"{partner.name} ({partner.shak})", partner.id)
        index = self.partner_combo.findData(current)
        self.partner_combo.setCurrentIndex(max(index, 0))
        self.partner_combo.blockSignals(False)

    def current_query(self) -> WorklistQuery | None:
        """The filters as a query; None (and a message by the field) when the period is invalid."""
        period = None
        text = self.period_edit.text().strip()
        if text:
            try:
                period = Period.parse(text)
            except InputError as error:
                self.filter_message.setText(error.message())
                return None
        self.filter_message.clear()
        return replace(
            self.model.query,
            status=StatusFilter(self.status_combo.currentData()),
            partner_id=self.partner_combo.currentData(),
            forloebstype=self.type_combo.currentData(),
            periode=period,
            only_overdue=self.overdue_check.isChecked(),
            search=self.search_edit.text(),
        )

    def apply_filters(self) -> None:
        query = self.current_query()
        if query is None:
            return
        self.model.set_query(query)
        self.update_counts()

    def refresh(self) -> None:
        self.model.refresh()
        self.update_counts()

    def update_counts(self) -> None:
        today = self.state.ctx.clock.today()
        counts = self.state.read(lambda s: worklist_service.counts(s, today))
        self.counts_label.setText(
            self.tr("Åbne: {open} · Overskredne: {overdue} · Viser {shown} af {total}").format(
                open=counts.open,
                overdue=counts.overdue,
                shown=self.model.rowCount(),
                total=self.model.total,
            )
        )
        overview = store_overview(self.state, counts)
        self.banners.show_overview(overview)
        self.empty_state.show_for(overview, self.model.rowCount(), self.model.query)
        self.overdue_status.show_overview(overview)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index, ID_ROLE)
        return str(value) if value else None

    # --- pathways ------------------------------------------------------------------------------
    def open_form(
        self, forloeb_id: str | None = None, values: dict[str, Any] | None = None
    ) -> None:
        """Open the registration form: new, or on an existing pathway; with a draft's values."""
        from app.services import pathways as pathway_service
        from ui.pathway_form import PathwayForm

        view = None
        if forloeb_id is not None:
            view = self.state.read(lambda s: pathway_service.get(s, forloeb_id))
        form = PathwayForm(self.state, self, pathway=view)
        if values:
            form.restore(values)
        form.pathway_saved.connect(self._on_pathway_saved)
        form.open()
        self.current_form = form

    def new_pathway(self) -> None:
        self.open_form()

    def edit_selected(self) -> None:
        forloeb_id = self.selected_id()
        if forloeb_id is not None:
            self.open_form(forloeb_id)

    def delete_selected(self) -> None:
        """Delete the selected pathway after a confirmation; a delivered period asks for a reason.

        The deletion is soft and audited: the history keeps the pathway and who deleted it, when, why.
        """
        from PySide6.QtWidgets import QInputDialog

        from app.errors import MvkError
        from app.services import pathways as pathway_service

        forloeb_id = self.selected_id()
        if forloeb_id is None:
            return
        row = self.model.row_at(self.table.currentIndex().row())
        answer = QMessageBox.question(
            self,
            self.tr("Slet forløb?"),
            self.tr(
                "Slet forløbet for {0} med henvisning {1}? Det kan ses i historikken bagefter."
            ).format(labels.cpr_display(row.cpr), format_date(row.henvisning_modtaget)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason: str | None = None
        while True:
            try:
                self.state.write(
                    lambda s, why=reason: pathway_service.delete(  # type: ignore[misc]
                        s, forloeb_id, self.state.ctx, expected_version=row.version, reason=why
                    )
                )
            except MvkError as error:
                if error.field == "reason" and reason is None:
                    text, ok = QInputDialog.getText(
                        self, self.tr("Begrundelse for sletningen"), error.message()
                    )
                    if ok and text.strip():
                        reason = text.strip()
                        continue
                QMessageBox.warning(self, self.tr("Forløbet er ikke slettet"), error.message())
                return
            break
        self.refresh()
        self.history.show_pathway(None)

    def offer_drafts(self) -> None:
        """After a crash or a kill: offer each unsaved form back (or discard it)."""
        from app.services import drafts as draft_service
        from app.store.errors import NotFound

        for draft in self.state.read(lambda s: draft_service.pending(s, self.state.ctx)):
            day, _t, clock = draft.updated_at[:16].partition("T")
            when = self.tr("{0} kl. {1}").format(day, clock)
            answer = QMessageBox.question(
                self,
                self.tr("Ikke-gemt forløb"),
                self.tr(
                    "Der er et forløb, du var i gang med at taste ({0}), som ikke blev gemt. "
                    "Vil du åbne det igen?"
                ).format(when),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Yes:
                try:
                    self.open_form(draft.forloeb_id, draft.values)
                except NotFound:
                    self.open_form(None, draft.values)
                return
            self.state.write(lambda s, d=draft.id: draft_service.discard_id(s, d))  # type: ignore[misc]

    def closeEvent(self, event: QCloseEvent) -> None:
        form = getattr(self, "current_form", None)
        if form is not None and form.isVisible() and form.dirty:
            answer = QMessageBox.question(
                self,
                self.tr("Luk MVK?"),
                self.tr(
                    "Formularen har indtastninger, der ikke er gemt. Vil du lukke alligevel? "
                    "(Indtastningen gemmes som kladde og tilbydes igen ved næste start.)"
                ),
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
            form.save_draft()
        event.accept()

    def _on_pathway_saved(self, forloeb_id: str) -> None:
        self.refresh()
        screen = getattr(self, "reporting_screen", None)
        if screen is not None and screen.isVisible():
            screen.refresh()
        row = self.model.row_of(forloeb_id)
        if row is not None:
            self.table.selectRow(row)
        self.history.show_pathway(self.selected_id())

    # --- dialogs -------------------------------------------------------------------------------
    def show_partners(self) -> None:
        from ui.partners_dialog import PartnersDialog

        dialog = PartnersDialog(self.state, self)
        dialog.partners_changed.connect(self._on_partners_changed)
        dialog.open()
        self.current_dialog = dialog

    def _on_partners_changed(self) -> None:
        self.reload_partners()
        self.refresh()

    def show_abroad(self) -> None:
        from ui.abroad_dialog import AbroadDialog

        dialog = AbroadDialog(self.state, self)
        dialog.open()
        self.current_dialog = dialog

    def show_reporting(self) -> None:
        """The regional staff's reporting screen: one window, raised again when already open."""
        from ui.reporting_screen import ReportingScreen

        screen = getattr(self, "reporting_screen", None)
        if screen is None:
            screen = ReportingScreen(self.state, self, open_pathway=self.open_form)
            screen.store_changed.connect(self.refresh)
            self.reporting_screen = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()

    def show_overview(self) -> None:
        """The quarter overview: figures, charts, PDF and XLSX; one window, raised when open."""
        from ui.overview_screen import OverviewScreen

        screen = getattr(self, "overview_screen", None)
        if screen is None:
            screen = OverviewScreen(self.state, self)
            self.overview_screen = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()

    def show_settings(self) -> None:
        from ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self.state, self, mode="settings")
        dialog.open()
        self.current_dialog = dialog

    def all_actions(self) -> list[QAction]:
        """Every action of the menus, in menu order (for the shortcut overview)."""
        found: list[QAction] = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if menu is not None:
                found += [a for a in menu.actions() if not a.isSeparator()]
        return found

    def show_shortcuts(self) -> None:
        from ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.all_actions(), self)
        dialog.open()
        self.current_dialog = dialog

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Om MVK"),
            self.tr(
                "MVK {version}\n\nRegistrering og national indberetning af kræftforløb omfattet af "
                "maksimale ventetider.\n\nLager: {store}"
            ).format(version=__version__, store=self.state.store.location),
        )

    def _on_store_restored(self) -> None:
        self.new_action.setEnabled(not self.state.store.readonly)
        self.store_label.setText(self.tr("Lager: {0}").format(self.state.store.location))
        self.refresh()
