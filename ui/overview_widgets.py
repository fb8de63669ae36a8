"""The parts of the quarter overview: key-figure cards, one table per report section, the charts.

They only show what :mod:`app.report` made (a :class:`~app.report.publish.Report`, its
:class:`~app.report.sections.Section` rows and its matplotlib figures); nothing is counted here.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.report import labels as report_labels
from app.report.sections import Section

os.environ.setdefault("QT_API", "pyside6")  # before matplotlib's Qt backend picks a binding
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure

OVERDUE_FG = "#b91c1c"
OVERDUE_BG = "#fde8e8"
MUTED_FG = "#6b7280"
CARD_STYLE = (
    "QFrame#card { border: 1px solid #d1d5db; border-radius: 6px; background: #ffffff; }"
    "QFrame#card[overdue='true'] { border: 2px solid #b91c1c; background: #fde8e8; }"
)
TEXT_COLUMNS = {"open_list": 6}
"""How many columns from the left hold text (left-aligned), as in the PDF; the others numbers."""
HIGHLIGHT_COLUMNS = {"aabne": 2, "open_list": 6}
"""Per section, the column whose non-zero numbers are pathways past their deadline."""


class KeyFigureCard(QFrame):
    """One key figure: a large value over a short caption (and a second line when given)."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)
        self.value_label = QLabel("–")
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption_label = QLabel(caption)
        self.caption_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setStyleSheet(f"color: {MUTED_FG};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_value(self, value: str, detail: str = "", *, overdue: bool = False) -> None:
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))
        self.setProperty("overdue", "true" if overdue else "false")
        self.value_label.setStyleSheet(f"color: {OVERDUE_FG};" if overdue else "")
        self.style().unpolish(self)
        self.style().polish(self)
        self.setAccessibleName(f"{self.caption_label.text()}: {value} {detail}".strip())


class SectionTable(QTableWidget):
    """One section of the report as a read-only table, as tall as its rows (no inner scrolling)."""

    def __init__(self, section: Section, lang: str | None = None, parent: QWidget | None = None):
        super().__init__(len(section.rows), len(section.header), parent)
        self.section = section
        self.setHorizontalHeaderLabels(list(section.header))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(section.title)
        textual = TEXT_COLUMNS.get(section.key, 1)
        highlight = HIGHLIGHT_COLUMNS.get(section.key)
        last = len(section.rows) - 1
        for i, row in enumerate(section.rows):
            total_row = section.has_total and i == last
            for j, value in enumerate(row):
                structural = (i, j) in section.structural
                text = (
                    "–"
                    if structural
                    else report_labels.cell(value, j in section.percent_columns, lang)
                )
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                align = Qt.AlignmentFlag.AlignLeft if j < textual else Qt.AlignmentFlag.AlignRight
                item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
                if total_row:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                if structural:
                    item.setForeground(QBrush(QColor(MUTED_FG)))
                elif j == highlight and isinstance(value, int) and value > 0:
                    item.setForeground(QBrush(QColor(OVERDUE_FG)))
                    item.setBackground(QBrush(QColor(OVERDUE_BG)))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(i, j, item)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.resizeColumnsToContents()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for j in range(textual, len(section.header)):
            self.setColumnWidth(j, max(self.columnWidth(j) + 12, 64))
        if self.columnCount() and textual == 1:
            self.setColumnWidth(0, max(self.columnWidth(0) + 12, 200))
        self.fit_to_contents()

    def fit_to_contents(self) -> None:
        frame = 2 * self.frameWidth()
        height = self.horizontalHeader().height() + self.verticalHeader().length() + frame
        self.setFixedHeight(height)
        self.setMaximumWidth(self.horizontalHeader().length() + frame + 2)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def texts(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and screen readers alike)."""
        return [
            [item.text() if (item := self.item(i, j)) else "" for j in range(self.columnCount())]
            for i in range(self.rowCount())
        ]


def chart_canvas(figure: Figure, parent: QWidget | None = None) -> FigureCanvasQTAgg:
    """A figure of :mod:`app.report.charts` on matplotlib's Qt canvas, at least its natural size."""
    canvas = FigureCanvasQTAgg(figure)
    if parent is not None:
        canvas.setParent(parent)
    hint = canvas.sizeHint()
    canvas.setMinimumSize(hint)
    canvas.setMaximumWidth(int(hint.width() * 1.5))
    canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return canvas


def heading(text: str, scale: float = 1.15) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def note(text: str, style: str = f"color: {MUTED_FG};") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
