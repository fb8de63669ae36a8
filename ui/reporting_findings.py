"""A table of findings (the pre-check's or a checked file's): severity, rule, place, CPR, text.

A finding that concerns one pathway keeps its ``forloeb_id``; Enter or a double-click on it emits
:attr:`FindingsTable.pathway_activated`. The rules and their texts come from ``app/``; this only
shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.domain.dates import format_date
from app.services.export import CheckItem
from app.submission.findings import Finding
from ui import labels

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOUR = QColor("#b91c1c")
WARNING_COLOUR = QColor("#92400e")


class FindingsTable(QTableWidget):
    """Findings, one a row; rows of a pathway carry its id (Enter opens it)."""

    pathway_activated = Signal(str)
    SEVERITY, RULE, PLACE, CPR, TEXT = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Alvor"), self.tr("Regel"), self.tr("Sted"), self.tr("CPR"), self.tr("Tekst")]
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 60, 240, 110)):
            self.setColumnWidth(column, width)
        self.check_items: list[CheckItem] = []
        self.activated.connect(self._on_activated)

    def severity_text(self, finding: Finding) -> str:
        return "✖ " + self.tr("FEJL") if finding.is_error else "⚠ " + self.tr("ADVARSEL")

    def place_text(self, finding: Finding) -> str:
        parts: list[str] = []
        if finding.sheet:
            parts.append(self.tr("ark {0}").format(finding.sheet))
        if finding.row is not None:
            parts.append(self.tr("række {0}").format(finding.row))
        if finding.column:
            parts.append(self.tr("felt {0}").format(finding.column))
        return ", ".join(parts)

    def text_of(self, item: CheckItem) -> str:
        if item.frist is not None:
            return self.tr(
                "Åbent forløb med frist {0}, uden start eller afbrydelse (Enter åbner forløbet)"
            ).format(format_date(item.frist))
        return item.finding.message

    def set_items(self, items: list[CheckItem]) -> None:
        """Show ``items``: errors first, otherwise in the order given."""
        self.check_items = sorted(items, key=lambda i: not i.finding.is_error)
        self.setSortingEnabled(False)
        self.clearContents()
        self.setRowCount(len(self.check_items))
        for row, item in enumerate(self.check_items):
            finding = item.finding
            place = self.tr("forløb") if item.frist is not None else self.place_text(finding)
            values = (
                self.severity_text(finding),
                finding.rule,
                place,
                labels.cpr_display(item.cpr) if item.cpr else "",
                self.text_of(item),
            )
            colour = ERROR_COLOUR if finding.is_error else WARNING_COLOUR
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(ID_ROLE, item.forloeb_id)
                tip = self.text_of(item)
                if item.forloeb_id:
                    tip += "\n" + self.tr("Enter eller dobbeltklik åbner forløbet.")
                cell.setToolTip(tip)
                if column == self.SEVERITY:
                    cell.setForeground(QBrush(colour))
                self.setItem(row, column, cell)
        self.resizeRowsToContents()
        if self.check_items:
            self.setCurrentCell(0, 0)

    def forloeb_id_at(self, row: int) -> str | None:
        if 0 <= row < len(self.check_items):
            return self.check_items[row].forloeb_id
        return None

    def _on_activated(self, index: QModelIndex) -> None:
        forloeb_id = self.forloeb_id_at(index.row())
        if forloeb_id:
            self.pathway_activated.emit(forloeb_id)
