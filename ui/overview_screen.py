"""Kvartalsoverblik: a region's quarter (or year) at a glance — key figures, tables, charts, PDF, XLSX.

A thin window over :mod:`app.report`: :func:`~app.report.figures.summarise` counts (in the
background, it may take a moment on a large store), :func:`~app.report.publish.present` hides small
counts for publication, :func:`~app.report.sections.sections` gives the tables and
:func:`~app.report.charts.report_charts` the charts — the same the PDF and the XLSX show. Keyboard
first: Alt+R region, Alt+P period, Alt+H the whole year, Alt+O for publication, F5 update,
Ctrl+P PDF, Ctrl+Shift+E Excel, Alt+T/Alt+D tables/charts, Esc close.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain import codes
from app.domain.periods import Period
from app.errors import MvkError
from app.report import labels as report_labels
from app.report.charts import report_charts
from app.report.figures import ALL, KATEGORI_KEYS, Summary, summarise
from app.report.publish import Report, present
from app.report.sections import Section, sections
from app.services import settings as settings_service
from ui import labels
from ui.app_state import AppState
from ui.operation import run_in_background
from ui.overview_widgets import (
    MUTED_FG,
    OVERDUE_FG,
    KeyFigureCard,
    SectionTable,
    chart_canvas,
    heading,
    note,
)

YEARS_BACK = 5
"""The period list reaches this many years back from today's year."""
PUBLISH_BOX_STYLE = (
    "QLabel { background: #fff7e0; border: 1px solid #e0b84c; border-radius: 4px; padding: 6px; }"
)
INTERNAL_BOX_STYLE = (
    "QLabel { background: #eef2f7; border: 1px solid #c7d0dc; border-radius: 4px; padding: 6px; }"
)
STATE_STYLE = "color: #374151; font-size: 13pt;"
CHART_ORDER = ("maaned", "ventedage", "aarsag", "tendens")
WIDE_COLUMNS = 6
"""A table with this many columns gets the full width."""


def default_file_name(report: Report, suffix: str) -> str:
    """``kvartalsoverblik_1084_2024K2.pdf``; ``aarsoverblik_1084_2024.xlsx`` for a year;
    ``…_offentlig`` for the edition for publication."""
    summary = report.summary
    if summary.year:
        stem = f"aarsoverblik_{summary.region}_{summary.period.year}"
    else:
        stem = f"kvartalsoverblik_{summary.region}_{summary.period}"
    if report.publish:
        stem += "_offentlig"
    return f"{stem}.{suffix}"


def publish_threshold(state: AppState) -> int:
    """The installation's threshold for publication (counts below it are hidden)."""
    return state.read(settings_service.publish_threshold)


@dataclass(frozen=True)
class OverviewView:
    """Everything the screen shows for one choice, made off the GUI thread."""

    report: Report
    sections: tuple[Section, ...]
    charts: dict[str, Any]

    @property
    def summary(self) -> Summary:
        return self.report.summary


def make_view(summary: Summary, *, publish: bool, threshold: int, lang: str) -> OverviewView:
    """The report as shown, its tables and its charts (no Qt: safe in a worker thread)."""
    report = present(summary, publish=publish, threshold=threshold)
    return OverviewView(
        report=report,
        sections=tuple(sections(report, lang)),
        charts=report_charts(report, lang=lang),
    )


def compute_view(
    state: AppState, region: str, period: Period, *, year: bool, publish: bool, lang: str
) -> OverviewView:
    """Count the period in the store and make the view (runs in a worker thread)."""
    threshold = publish_threshold(state)
    today = state.ctx.clock.today()
    summary = state.read(lambda s: summarise(s, region, period, year=year, today=today))
    return make_view(summary, publish=publish, threshold=threshold, lang=lang)


class OverviewScreen(QWidget):
    """The quarter overview of a region: its own top-level window."""

    ready = Signal()
    """Emitted when a computed overview (or an empty or no-region state) is shown."""
    file_saved = Signal(object)
    """Emitted with the path of a written PDF or XLSX."""

    STATE_PAGE, CONTENT_PAGE = range(2)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.state = state
        self.lang = labels.language()
        self.view: OverviewView | None = None
        self.busy = False
        self.saving = False
        self._job = 0
        self._stale = False
        self._save_dir = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        self.canvases: list[Any] = []
        self.tables: dict[str, SectionTable] = {}
        self.setWindowTitle(self.tr("Kvartalsoverblik"))
        self.resize(1280, 860)
        self._build()
        self._build_actions()
        self._connect()
        self.refresh()

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.state.ctx.clock.today()
        self.region_combo = QComboBox()
        self.region_combo.setPlaceholderText(self.tr("Vælg region …"))
        for entry in codes.code_list("region"):
            self.region_combo.addItem(f"{entry.code} {entry.label(self.lang)}", entry.code)
        own = self.state.installation().region
        self.region_combo.setCurrentIndex(self.region_combo.findData(own) if own else -1)
        self.region_combo.setToolTip(self.tr("Regionen, hvis forløb tælles (Alt+R)"))
        self.region_combo.setAccessibleName(self.tr("Region"))
        region_label = QLabel(self.tr("&Region:"))
        region_label.setBuddy(self.region_combo)

        self.period_combo = QComboBox()
        current = Period.of(today)
        for period in Period.offered(today, YEARS_BACK):
            text = self.tr("{quarter}. kvartal {year}").format(
                quarter=period.quarter, year=period.year
            )
            if period == current:
                text += " " + self.tr("(i gang)")
            self.period_combo.addItem(text, str(period))
        self.period_combo.setCurrentIndex(
            self.period_combo.findData(str(Period.last_finished(today)))
        )
        self.period_combo.setToolTip(
            self.tr("Kvartalet; forløb tælles i kvartalet for deres slutdato (Alt+P)")
        )
        self.period_combo.setAccessibleName(self.tr("Periode"))
        period_label = QLabel(self.tr("&Periode:"))
        period_label.setBuddy(self.period_combo)

        self.year_check = QCheckBox(self.tr("&Hele året"))
        self.year_check.setToolTip(
            self.tr("Hele året, som kvartalet ligger i, i stedet for kvartalet alene (Alt+H)")
        )
        self.publish_check = QCheckBox(self.tr("Til &offentliggørelse"))
        self.publish_check.setToolTip(
            self.tr(
                "Skjul små tal, så tallene kan offentliggøres. Den nationale fil skjuler aldrig "
                "noget (Alt+O)"
            )
        )

        self.refresh_button = QPushButton(self.tr("Opdatér"))
        self.pdf_button = QPushButton(self.tr("Gem PDF …"))
        self.xlsx_button = QPushButton(self.tr("Gem Excel …"))
        self.close_button = QPushButton(self.tr("Luk"))

        controls = QHBoxLayout()
        controls.addWidget(region_label)
        controls.addWidget(self.region_combo, 2)
        controls.addSpacing(8)
        controls.addWidget(period_label)
        controls.addWidget(self.period_combo, 1)
        controls.addSpacing(8)
        controls.addWidget(self.year_check)
        controls.addWidget(self.publish_check)
        controls.addStretch(1)
        for button in (self.refresh_button, self.pdf_button, self.xlsx_button, self.close_button):
            button.setAutoDefault(False)
            controls.addWidget(button)

        self.title_label = heading("", 1.3)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edition_label = QLabel()
        self.edition_label.setWordWrap(True)
        self.edition_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The states without figures: computing, no region, no pathways, an error.
        self.state_label = QLabel()
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet(STATE_STYLE)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The figures: key figures on top, tables and charts in tabs below.
        self.cards = {
            "total": KeyFigureCard(self.tr("Forløb i alt")),
            "inden": KeyFigureCard(self.tr("Inden for den maksimale ventetid")),
            "1": KeyFigureCard(self.tr("Kategori 1: inden for frist")),
            "2": KeyFigureCard(self.tr("Kategori 2: overskredet, regler overholdt")),
            "3": KeyFigureCard(self.tr("Kategori 3: regler ikke overholdt")),
            "afbrudte": KeyFigureCard(self.tr("Heraf afbrudte")),
            "ventedage": KeyFigureCard(self.tr("Ventedage: median / 90. percentil")),
            "aabne": KeyFigureCard(self.tr("Ventende ved periodens slut")),
        }
        cards_row = QHBoxLayout()
        cards_row.setSpacing(8)
        for card in self.cards.values():
            cards_row.addWidget(card)

        self.tables_area = QScrollArea()
        self.tables_area.setWidgetResizable(True)
        self.tables_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.charts_area = QScrollArea()
        self.charts_area.setWidgetResizable(True)
        self.charts_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tables_area, self.tr("&Tabeller"))
        self.tabs.addTab(self.charts_area, self.tr("&Diagrammer"))
        self.tabs.setTabToolTip(0, self.tr("Tabellerne, som i PDF og Excel (Alt+T)"))
        self.tabs.setTabToolTip(1, self.tr("Diagrammerne (Alt+D)"))

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(cards_row)
        content_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.state_label)
        self.stack.addWidget(content)

        self.status_label = note("")

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.title_label)
        layout.addWidget(self.edition_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status_label)

        chain: list[QWidget] = [
            self.region_combo,
            self.period_combo,
            self.year_check,
            self.publish_check,
            self.refresh_button,
            self.pdf_button,
            self.xlsx_button,
            self.close_button,
            self.tabs,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _action(self, text: str, keys: list[QKeySequence], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        shown = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{text.rstrip(' …')} ({shown})")
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.refresh_action = self._action(
            self.tr("Opdatér"), [QKeySequence(Qt.Key.Key_F5)], self.refresh
        )
        self.pdf_action = self._action(
            self.tr("Gem PDF-rapport …"), [QKeySequence("Ctrl+P")], self.save_pdf
        )
        self.xlsx_action = self._action(
            self.tr("Gem tabellerne som Excel …"), [QKeySequence("Ctrl+Shift+E")], self.save_xlsx
        )
        self.close_action = self._action(
            self.tr("Luk"),
            [QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)],
            self.close,
        )
        for button, action in (
            (self.refresh_button, self.refresh_action),
            (self.pdf_button, self.pdf_action),
            (self.xlsx_button, self.xlsx_action),
            (self.close_button, self.close_action),
        ):
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)

    def _connect(self) -> None:
        self.region_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year_check.toggled.connect(lambda _on: self.refresh())
        self.publish_check.toggled.connect(lambda _on: self.republish())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._keep_focus_visible)

    def hideEvent(self, event: QHideEvent) -> None:
        self._stale = True  # counted again when shown again: the store may change meanwhile
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not event.spontaneous():
            self._stale = False
            self.refresh()

    # --- the choice ----------------------------------------------------------------------------
    def region(self) -> str:
        return str(self.region_combo.currentData() or "")

    def period(self) -> Period:
        return Period.parse(str(self.period_combo.currentData()))

    def choose(
        self,
        *,
        region: str | None = None,
        period: Period | str | None = None,
        year: bool | None = None,
        publish: bool | None = None,
    ) -> None:
        """Set several choices at once and compute once (tests, screenshots, other windows)."""
        widgets = (self.region_combo, self.period_combo, self.year_check, self.publish_check)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if region is not None:
                self.region_combo.setCurrentIndex(self.region_combo.findData(region))
            if period is not None:
                self.period_combo.setCurrentIndex(self.period_combo.findData(str(period)))
            if year is not None:
                self.year_check.setChecked(year)
            if publish is not None:
                self.publish_check.setChecked(publish)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.refresh()

    # --- computing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Count the chosen period again (in the background) and show it."""
        region = self.region()
        self._job += 1
        self.view = None
        self._update_buttons()
        if not region:
            self._show_state(
                self.tr(
                    "Vælg en region for at se kvartalsoverblikket.\n\nProgrammets egen region "
                    "angives under Indstillinger."
                ),
                title=self.tr("Kvartalsoverblik"),
            )
            self.ready.emit()
            return
        job = self._job
        period, year, publish = self.period(), self.year_check.isChecked(), self.publishing()
        lang = self.lang
        state = self.state
        self._set_busy(True)
        run_in_background(
            lambda: compute_view(state, region, period, year=year, publish=publish, lang=lang),
            lambda view: self._computed(job, view),
            lambda error: self._failed(job, error),
        )

    def republish(self) -> None:
        """Show the same counts with or without suppression (no new count in the store)."""
        if self.view is None:
            self.refresh()
            return
        self._job += 1
        job = self._job
        summary, threshold = self.view.summary, self.view.report.threshold
        publish, lang = self.publishing(), self.lang
        self._set_busy(True)
        run_in_background(
            lambda: make_view(summary, publish=publish, threshold=threshold, lang=lang),
            lambda view: self._computed(job, view),
            lambda error: self._failed(job, error),
        )

    def publishing(self) -> bool:
        return self.publish_check.isChecked()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()
        if busy:
            self._show_state(self.tr("Beregner …"))

    def _update_buttons(self) -> None:
        can_save = self.view is not None and not self.busy and not self.saving
        for widget in (self.pdf_button, self.xlsx_button):
            widget.setEnabled(can_save)
        self.pdf_action.setEnabled(can_save)
        self.xlsx_action.setEnabled(can_save)
        self.refresh_action.setEnabled(not self.busy)
        self.refresh_button.setEnabled(not self.busy)

    def _computed(self, job: int, view: OverviewView) -> None:
        if not isValid(self) or job != self._job:
            return  # closed meanwhile, or a newer choice is on its way
        self.view = view
        self.busy = False
        self._update_buttons()
        self._show_view(view)
        self.ready.emit()

    def _failed(self, job: int, error: BaseException) -> None:
        if not isValid(self) or job != self._job:
            return
        self.busy = False
        self.view = None
        self._update_buttons()
        if not isinstance(error, MvkError):
            self._show_state(self.tr("Overblikket kunne ikke beregnes."))
            raise error  # unexpected: the crash dialog shows it
        self._show_state(self.tr("Overblikket kunne ikke beregnes.\n\n{0}").format(error.message()))
        self.ready.emit()

    # --- showing -------------------------------------------------------------------------------
    def _show_state(self, text: str, title: str | None = None) -> None:
        self.state_label.setText(text)
        self.stack.setCurrentIndex(self.STATE_PAGE)
        if title is not None:
            self.title_label.setText(title)
            self.edition_label.hide()
            self.status_label.setText("")

    def _period_words(self, summary: Summary) -> str:
        text = report_labels.period_text(summary, self.lang)
        return text[:1].lower() + text[1:]

    def _show_view(self, view: OverviewView) -> None:
        report, summary, lang = view.report, view.summary, self.lang
        title = self.tr("Årsoverblik") if summary.year else self.tr("Kvartalsoverblik")
        self.title_label.setText(
            f"{title} · {report_labels.region_name(summary.region, lang)} ({summary.region}) · "
            f"{report_labels.period_text(summary, lang)} "
            f"({report_labels.period_span(summary, lang)})"
        )
        self.setWindowTitle(
            f"{title} — {summary.region} {report_labels.period_text(summary, lang)}"
        )
        self._show_edition(report)
        today = summary.today
        if summary.last_day > today:
            self.status_label.setText(
                self.tr(
                    "Perioden er ikke slut: tallene er foreløbige, og ventende forløb tælles pr. "
                    "{date}."
                ).format(date=labels.date_display(today))
            )
        else:
            self.status_label.setText(
                self.tr(
                    "Forløb tælles i perioden for deres slutdato (start eller afbrydelse). "
                    "Afbrudte forløb er talt med i alle tal og vises også for sig."
                )
            )
        if summary.total == 0:
            text = self.tr("Ingen forløb med slutdato i {period}.").format(
                period=self._period_words(summary)
            )
            open_total = summary.open.total
            if open_total:
                text += "\n\n" + self.tr(
                    "{count} forløb ventede ved periodens slut ({date}), heraf {overdue} med "
                    "overskredet frist."
                ).format(
                    count=open_total,
                    date=labels.date_display(summary.open.cutoff),
                    overdue=summary.open.overdue,
                )
            self._show_state(text)
            return
        self._fill_cards(report)
        self._fill_tables(view)
        self._fill_charts(view)
        self.stack.setCurrentIndex(self.CONTENT_PAGE)

    def _show_edition(self, report: Report) -> None:
        if report.publish:
            self.edition_label.setStyleSheet(PUBLISH_BOX_STYLE)
            self.edition_label.setText(
                self.tr(
                    "<b>Til offentliggørelse</b> (tærskel {threshold}): antal fra 1 til {last} "
                    "vises som «&lt;{threshold}». «..» er et tal, der er skjult, fordi et skjult "
                    "tal ellers kunne regnes ud fra en sum. Andele vises kun, når tallene bag dem "
                    "vises. Enkelte forløb og fordelingen af ventedage vises ikke. Den nationale "
                    "fil indberettes altid med alle tal."
                ).format(threshold=report.threshold, last=report.threshold - 1)
            )
        else:
            self.edition_label.setStyleSheet(INTERNAL_BOX_STYLE)
            self.edition_label.setText(
                self.tr(
                    "<b>Intern udgave</b> med alle tal. Må ikke offentliggøres uden "
                    "«Til offentliggørelse» (Alt+O), der skjuler små tal."
                )
            )
        self.edition_label.show()

    def _fill_cards(self, report: Report) -> None:
        lang = self.lang
        number = report_labels.number
        percent = report_labels.percent
        wait = report.ventedage[ALL]
        self.cards["total"].set_value(number(report.total, lang))
        self.cards["inden"].set_value(percent(report.inden_for_frist_pct, lang))
        for key in KATEGORI_KEYS:
            self.cards[key].set_value(
                number(report.kategori[key], lang), percent(report.kategori_pct[key], lang)
            )
        self.cards["afbrudte"].set_value(number(report.afbrudte, lang))
        median, p90 = (
            report_labels.cell(wait.median, lang=lang),
            report_labels.cell(wait.p90, lang=lang),
        )
        self.cards["ventedage"].set_value(f"{median} / {p90}")
        aabne = report.tables["aabne"]
        overdue = aabne.totals[1]
        cutoff = labels.date_display(report.summary.open.cutoff)
        self.cards["aabne"].caption_label.setText(
            self.tr("Ventende ved periodens slut ({date})").format(date=cutoff)
        )
        self.cards["aabne"].set_value(
            number(aabne.total, lang),
            self.tr("heraf {count} med overskredet frist").format(count=number(overdue, lang)),
            overdue=not isinstance(overdue, int) or overdue > 0,
        )

    def _clear(self, area: QScrollArea) -> QVBoxLayout:
        old = area.takeWidget()
        if old is not None:
            old.deleteLater()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 12, 12)
        layout.setSpacing(6)
        area.setWidget(page)
        return layout

    def _fill_tables(self, view: OverviewView) -> None:
        """One block per section (title, table, note) in two columns; wide tables span both."""
        page_layout = self._clear(self.tables_area)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(14)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        page_layout.addLayout(grid)
        page_layout.addStretch(1)
        self.tables = {}
        row, column = 0, 0
        for section in view.sections:
            if section.key == "noegletal":
                continue  # the cards on top
            block = QWidget()
            layout = QVBoxLayout(block)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(4)
            layout.addWidget(heading(section.title))
            if section.rows:
                table = SectionTable(section, self.lang)
                layout.addWidget(table)
                self.tables[section.key] = table
            if section.note:
                overdue_note = section.key == "open_list" and bool(section.rows)
                style = f"color: {OVERDUE_FG};" if overdue_note else f"color: {MUTED_FG};"
                layout.addWidget(note(section.note, style))
            layout.addStretch(1)
            wide = len(section.header) >= WIDE_COLUMNS
            if wide and column == 1:
                row, column = row + 1, 0
            grid.addWidget(block, row, column, 1, 2 if wide else 1, Qt.AlignmentFlag.AlignTop)
            if wide or column == 1:
                row, column = row + 1, 0
            else:
                column = 1
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        chain: list[QWidget] = [self.tabs, *self.tables.values()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # reading order: left, right, next row

    def _fill_charts(self, view: OverviewView) -> None:
        for canvas in self.canvases:
            canvas.figure.clear()
        layout = self._clear(self.charts_area)
        self.canvases = []
        for key in CHART_ORDER:
            figure = view.charts.get(key)
            if figure is None:
                if key == "ventedage" and not view.report.show_histogram:
                    layout.addWidget(
                        note(
                            self.tr(
                                "Fordelingen af ventedage vises ikke i udgaven til "
                                "offentliggørelse (enkelte forløb kunne genkendes)."
                            )
                        )
                    )
                continue
            canvas = chart_canvas(figure)
            canvas.setObjectName(f"chart_{key}")
            canvas.setAccessibleName(str(figure.get_suptitle() or key))
            layout.addWidget(canvas)
            layout.addSpacing(12)
            self.canvases.append(canvas)
        layout.addStretch(1)

    def _keep_focus_visible(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Tabbing to a table further down scrolls it into view."""
        if not isValid(self) or new is None or not isValid(new):
            return
        page = self.tables_area.widget()
        if page is not None and page.isAncestorOf(new):
            self.tables_area.ensureWidgetVisible(new, 0, 24)

    # --- saving --------------------------------------------------------------------------------
    def save_pdf(self) -> None:
        self._save("pdf")

    def save_xlsx(self) -> None:
        self._save("xlsx")

    def _save(self, kind: str) -> None:
        if self.view is None or self.busy or self.saving:
            return
        report = self.view.report
        if kind == "pdf":
            title = self.tr("Gem PDF-rapport")
            file_filter = self.tr("PDF-dokumenter (*.pdf)")
        else:
            title = self.tr("Gem tabellerne som Excel")
            file_filter = self.tr("Excel-projektmapper (*.xlsx)")
        suggested = self._save_dir / default_file_name(report, kind)
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), file_filter)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        self._save_dir = path.parent
        made = self.state.ctx.clock.now()
        lang = self.lang

        def work() -> Path:
            if kind == "pdf":
                from app.report.pdf import write_pdf

                return write_pdf(report, path, made=made, lang=lang)
            from app.report.xlsx import write_xlsx

            return write_xlsx(report, path, made=made, lang=lang)

        self.saving = True
        self._update_buttons()
        self.status_label.setText(self.tr("Gemmer {0} …").format(path))
        run_in_background(
            work, lambda p: self._saved(kind, p), lambda e: self._save_failed(kind, e)
        )

    def _saved(self, kind: str, path: Path) -> None:
        if not isValid(self):
            return
        self.saving = False
        self._update_buttons()
        if kind == "pdf":
            title, text = self.tr("PDF-rapporten er gemt"), self.tr("PDF-rapporten er gemt:\n{0}")
        else:
            title, text = self.tr("Tabellerne er gemt"), self.tr("Tabellerne er gemt:\n{0}")
        self.status_label.setText(text.format(path).replace("\n", " "))
        self.file_saved.emit(path)
        QMessageBox.information(self, title, text.format(path))

    def _save_failed(self, kind: str, error: BaseException) -> None:
        if not isValid(self):
            return
        self.saving = False
        self._update_buttons()
        title = (
            self.tr("PDF-rapporten blev ikke gemt")
            if kind == "pdf"
            else self.tr("Tabellerne blev ikke gemt")
        )
        if isinstance(error, MvkError):
            text = error.message()
        elif isinstance(error, OSError):
            text = self.tr("Filen kunne ikke skrives: {0}").format(
                error.strerror or error.__class__.__name__
            )
        else:
            raise error  # unexpected: the crash dialog shows it
        self.status_label.setText(title)
        QMessageBox.warning(self, title, text)


# --- screenshots ---------------------------------------------------------------------------------
def wait_until_idle(screen: OverviewScreen) -> None:
    """Let the background work finish and its results arrive (screenshots, not tests)."""
    app = QApplication.instance()
    for _ in range(200):
        QThreadPool.globalInstance().waitForDone()
        if app is not None:
            app.processEvents()
        if not screen.busy and not screen.saving:
            break
    if app is not None:
        for _ in range(3):
            app.processEvents()


def screenshot_states(state: AppState, out_dir: Path) -> list[Path]:
    """Save the overview's interesting states as ``kvartalsoverblik-*.png`` in ``out_dir``: the
    default quarter (tables, charts), for publication, the whole year, and a quarter without
    pathways. ``state`` is a store with data (e.g. the demo store of ``ui.screenshots``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    screen = OverviewScreen(state)
    screen.resize(1280, 900)
    screen.show()

    def shot(name: str) -> None:
        wait_until_idle(screen)
        path = out_dir / f"kvartalsoverblik-{name}.png"
        screen.grab().save(str(path))
        saved.append(path)

    try:
        shot("tabeller")
        screen.tabs.setCurrentIndex(1)
        shot("diagrammer")
        screen.tabs.setCurrentIndex(0)
        screen.choose(publish=True)
        shot("offentliggoerelse")
        screen.tabs.setCurrentIndex(1)
        shot("offentliggoerelse-diagrammer")
        screen.tabs.setCurrentIndex(0)
        screen.choose(publish=False, year=True)
        shot("hele-aaret")
        oldest = screen.period_combo.itemData(screen.period_combo.count() - 1)
        screen.choose(year=False, period=oldest)
        shot("tom")
        screen.choose(region="")
        shot("uden-region")
    finally:
        wait_until_idle(screen)
        screen.hide()
        screen.deleteLater()
        QApplication.processEvents()
    return saved
