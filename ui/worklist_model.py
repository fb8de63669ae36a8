"""The worklist's Qt model: a thin adapter over pages of ``app.services.worklist`` rows.

Sorting and filtering happen in SQL: ``sort()`` and :meth:`set_query` ask for a new first page;
scrolling fetches the next page (``canFetchMore``/``fetchMore``). Never all rows in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.domain.rules import Urgency
from app.services.worklist import SortKey, WorklistPage, WorklistQuery, WorklistRow
from ui import labels

Fetch = Callable[[WorklistQuery], WorklistPage]
AnyIndex = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS: tuple[tuple[str, SortKey], ...] = (
    (QT_TRANSLATE_NOOP("WorklistModel", "CPR"), SortKey.CPR),
    (QT_TRANSLATE_NOOP("WorklistModel", "Forløbstype"), SortKey.FORLOEBSTYPE),
    (QT_TRANSLATE_NOOP("WorklistModel", "Kræftområde"), SortKey.KRAEFTOMRAADE),
    (QT_TRANSLATE_NOOP("WorklistModel", "Partnersygehus"), SortKey.PARTNER),
    (QT_TRANSLATE_NOOP("WorklistModel", "Henvisning modtaget"), SortKey.HENVISNING),
    (QT_TRANSLATE_NOOP("WorklistModel", "Frist"), SortKey.FRIST),
    (QT_TRANSLATE_NOOP("WorklistModel", "Dage tilbage"), SortKey.DAGE_TILBAGE),
    (QT_TRANSLATE_NOOP("WorklistModel", "Status"), SortKey.STATUS),
)
COL_COUNTDOWN = 6

URGENCY_COLOURS = {
    Urgency.OK: (QColor("#dff3e3"), QColor("#14532d")),
    Urgency.SOON: (QColor("#fff1c2"), QColor("#713f12")),
    Urgency.OVERDUE: (QColor("#fbd5d5"), QColor("#7f1d1d")),
}


class WorklistModel(QAbstractTableModel):
    def __init__(self, fetch: Fetch, page_size: int = 200, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._query = WorklistQuery(limit=page_size)
        self._rows: list[WorklistRow] = []
        self._total = 0

    # --- loading ---------------------------------------------------------------------------
    @property
    def query(self) -> WorklistQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many pathways match the filters (all pages)."""
        return self._total

    def set_query(self, query: WorklistQuery) -> None:
        """Show the first page of a new query (filters or sort changed)."""
        page = self._fetch(replace(query, offset=0))
        self.beginResetModel()
        self._query = replace(query, offset=0)
        self._rows = list(page.rows)
        self._total = page.total
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = self._fetch(replace(self._query, offset=len(self._rows)))
        if not page.rows:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self._total = page.total
        self.endInsertRows()

    def row_at(self, row: int) -> WorklistRow:
        return self._rows[row]

    def row_of(self, forloeb_id: str) -> int | None:
        for number, item in enumerate(self._rows):
            if item.forloeb_id == forloeb_id:
                return number
        return None

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section][0])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == ID_ROLE:
            return item.forloeb_id
        urgency = item.countdown.urgency if item.countdown else None
        if role == URGENCY_ROLE:
            return urgency.value if urgency else None
        if column == COL_COUNTDOWN and urgency is not None:
            background, foreground = URGENCY_COLOURS[urgency]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(background)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(foreground)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and item.frist_foreloebig:
            return self.tr("Foreløbig frist: samtykkedatoen mangler endnu")
        return None

    def _display(self, item: WorklistRow, column: int) -> str:
        if column == 0:
            return labels.cpr_display(item.cpr)
        if column == 1:
            return labels.type_display(item.forloebstype, item.behandlingsform)
        if column == 2:
            return labels.code_label("kraeftomraade", item.kraeftomraade)
        if column == 3:
            return item.partner_name or item.udfoerende_shak
        if column == 4:
            return labels.date_display(item.henvisning_modtaget)
        if column == 5:
            text = labels.date_display(item.frist)
            return text + " *" if item.frist_foreloebig else text
        if column == 6:
            if item.countdown is not None:
                return labels.countdown_display(item.countdown)
            return self.tr("kategori {0}").format(item.kategori) if item.kategori else ""
        if column == 7:
            return labels.status_display(item.status)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.set_query(
            replace(
                self._query,
                sort=COLUMNS[column][1],
                descending=order == Qt.SortOrder.DescendingOrder,
            )
        )
