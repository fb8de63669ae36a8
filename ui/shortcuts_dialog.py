"""The shortcut overview (F1): every action of the main window with its keys, and the form's keys.

Built from the actions themselves, so the overview can never disagree with the menus.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
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

FORM_SHORTCUTS = (
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Næste felt"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Tab eller Enter"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Forrige felt"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Shift+Tab"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Gem forløbet"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Ctrl+S, Ctrl+Enter eller Enter i sidste felt"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Gem og start næste forløb"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Ctrl+Shift+S"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Annullér (spørger kun hvis noget er tastet)"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Esc"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Gå til et felt"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Alt + det understregede bogstav"),
    ),
)
"""The registration form's keys (the form has no menu to build them from)."""


def form_shortcuts() -> list[tuple[str, str]]:
    def tr(text: str) -> str:
        return QCoreApplication.translate("ShortcutsDialog", text)

    return [(tr(what), tr(keys)) for what, keys in FORM_SHORTCUTS]


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tastaturgenveje"))
        rows: list[tuple[str, str]] = []
        for action in actions:
            # Written as the rest of the program writes keys ("Ctrl+Shift+P", never "Skift").
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()
            )
            if keys:
                rows.append((action.text().replace("&", "").rstrip(" …"), keys))
        rows.append(("", ""))
        heading = len(rows)
        rows.append((self.tr("I registreringsformularen:"), ""))
        rows += form_shortcuts()
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Handling"), self.tr("Taster")])
        for row, (what, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        font = table.item(heading, 0).font()
        font.setBold(True)
        table.item(heading, 0).setFont(font)
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
        # Tall enough to show every row without scrolling (on any ordinary screen).
        rows_height = table.horizontalHeader().sizeHint().height() + sum(
            table.rowHeight(row) for row in range(table.rowCount())
        )
        table.setMinimumHeight(min(rows_height + 2 * table.frameWidth(), 640))
        columns = table.sizeHintForColumn(0) + table.sizeHintForColumn(1)
        table.setMinimumWidth(columns + 2 * table.frameWidth() + 32)
