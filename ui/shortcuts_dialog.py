"""The shortcut overview (F1): every action of the main window with its keys, and the form's keys.

Built from the actions themselves, so the overview can never disagree with the menus.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def form_shortcuts(dialog: QDialog) -> list[tuple[str, str]]:
    tr = dialog.tr
    return [
        (tr("Næste felt"), tr("Tab eller Enter")),
        (tr("Forrige felt"), tr("Shift+Tab")),
        (tr("Gem forløbet"), tr("Ctrl+S, Ctrl+Enter eller Enter i sidste felt")),
        (tr("Gem og start næste forløb"), tr("Ctrl+Shift+S")),
        (tr("Annullér (spørger kun hvis noget er tastet)"), tr("Esc")),
        (tr("Gå til et felt"), tr("Alt + det understregede bogstav")),
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tastaturgenveje"))
        self.resize(560, 520)
        rows: list[tuple[str, str]] = []
        for action in actions:
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            if keys:
                rows.append((action.text().replace("&", "").rstrip(" …"), keys))
        rows.append(("", ""))
        rows.append((self.tr("I registreringsformularen:"), ""))
        rows += form_shortcuts(self)
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Handling"), self.tr("Taster")])
        for row, (what, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Luk (Esc)"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
