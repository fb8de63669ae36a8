"""The program's lists: a read-only table model over a list of rows (dataclasses from the services),
reset as a whole when the list changes, whose subclasses say what a cell shows; and the one look of
every list (:func:`row_table`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

AnyIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class ListTableModel(QAbstractTableModel, Generic[R]):
    """Rows of type ``R`` under fixed headers; override :meth:`cell` (and :meth:`key` for ``row_of``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._headers: tuple[str, ...] = ()

    def set_headers(self, *headers: str) -> None:
        """The column titles (translated by the subclass, so its name is their context)."""
        self._headers = tuple(headers)

    # --- the rows ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, index: int) -> R:
        return self._rows[index]

    def key(self, row: R) -> Any:
        """What :meth:`row_of` looks for (the row's id)."""
        return getattr(row, "id", None)

    def row_of(self, key: Any) -> int:
        """The index of the row whose :meth:`key` is ``key``; -1 when it is not shown."""
        return next((i for i, row in enumerate(self._rows) if self.key(row) == key), -1)

    # --- what a subclass says ------------------------------------------------------------------
    def cell(self, row: R, column: int, role: int) -> Any:
        """What the cell shows for ``role``; None for nothing."""
        raise NotImplementedError

    # --- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


def row_table(table: QAbstractItemView, widths: Sequence[int] = ()) -> None:
    """The look of every list in the program: whole rows selected one at a time, read-only,
    striped, no row numbers, columns the user can widen (the last one stretches)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    if isinstance(table, QTableView):
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width)
