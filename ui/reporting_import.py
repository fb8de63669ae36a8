"""The preview of an import: per file what it would do (or why it is refused), before anything is
written. "Importér" (Enter) accepts, Esc cancels; the reporting screen then applies the plans."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.importer import ImportPlan, PathwayChange
from ui.reporting_findings import ERROR_COLOUR, WARNING_COLOUR
from ui.setup_dialog import HINT_STYLE

SHOWN_CHANGES = 50
"""Pathways listed per kind and file (the counts are always complete)."""


class ImportPreviewDialog(QDialog):
    """Shows the plans of the chosen files; accepted means "import the files that are not refused"."""

    FILE, SOURCE, REGION, PERIOD, NEW, CHANGED, UNCHANGED, REMOVED, ABROAD = range(9)

    def __init__(self, plans: list[ImportPlan], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plans = plans
        self.setWindowTitle(self.tr("Importér filer — forhåndsvisning"))
        self.resize(1000, 480)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(9)
        self.tree.setHeaderLabels(
            [
                self.tr("Fil"),
                self.tr("Kilde (SHAK)"),
                self.tr("Region"),
                self.tr("Periode"),
                self.tr("Nye"),
                self.tr("Ændrede"),
                self.tr("Uændrede"),
                self.tr("Fjernede"),
                self.tr("Udland"),
            ]
        )
        self.tree.setAccessibleName(self.tr("Filer der importeres"))
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(self.FILE, 330)
        for column in range(self.SOURCE, self.ABROAD + 1):
            self.tree.setColumnWidth(column, 78)
        self.tree.setColumnWidth(self.SOURCE, 100)
        for plan in plans:
            item = self._file_item(plan)
            self.tree.addTopLevelItem(item)
            # both only work once the item is in the tree; a long list of pathways stays folded
            item.setExpanded(plan.refused or item.childCount() <= 20)
            for index in range(item.childCount()):  # a line of text across every column
                item.child(index).setFirstColumnSpanned(True)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

        accepted = [p for p in plans if not p.refused]
        refused = len(plans) - len(accepted)
        summary = self.tr("{0} af {1} filer kan importeres.").format(len(accepted), len(plans))
        if refused:
            summary += " " + self.tr(
                "{0} afvises helt på grund af fejl og importeres ikke (se fejlene under filen)."
            ).format(refused)
        periods = sorted({p for plan in accepted for p in plan.delivered_periods})
        if periods:
            summary += " " + self.tr(
                "Importen ændrer allerede leverede perioder ({0}): du bliver bedt om en "
                "begrundelse."
            ).format(", ".join(periods))
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "En fil er den fulde tilstand for sin kilde, region og periode: forløb, som "
                "kildens tidligere fil havde, men denne ikke har, fjernes."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)

        buttons = QDialogButtonBox()
        self.import_button = QPushButton(self.tr("&Importér"))
        self.import_button.setDefault(True)
        self.import_button.setEnabled(bool(accepted))
        self.import_button.setToolTip(
            self.tr("Importér de filer, der ikke er afvist (Enter)")
            if accepted
            else self.tr("Alle filer er afvist; der er intet at importere")
        )
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Annullér"))
        cancel.setToolTip(self.tr("Luk uden at importere (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.tree.setFocus()

    def accepted_plans(self) -> list[ImportPlan]:
        return [p for p in self.plans if not p.refused]

    def _file_item(self, plan: ImportPlan) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setText(self.FILE, plan.path.name)
        item.setToolTip(self.FILE, str(plan.path))
        file = plan.file
        if plan.refused or file is None:
            item.setText(self.SOURCE, self.tr("Afvist"))
            item.setForeground(self.SOURCE, QBrush(ERROR_COLOUR))
            for finding in plan.findings:
                if finding.is_error:
                    child = QTreeWidgetItem([f"✖ {finding.rule}  {finding.message}"])
                    child.setToolTip(0, finding.message)
                    child.setForeground(0, QBrush(ERROR_COLOUR))
                    item.addChild(child)
            return item
        values = {
            self.SOURCE: file.source,
            self.REGION: file.region,
            self.PERIOD: str(file.period),
            self.NEW: str(len(plan.new)),
            self.CHANGED: str(len(plan.changed)),
            self.UNCHANGED: str(plan.unchanged),
            self.REMOVED: str(len(plan.removed)),
            self.ABROAD: str(plan.abroad_rows),
        }
        for column, text in values.items():
            item.setText(column, text)
            if column >= self.NEW:
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        for finding in plan.findings:  # warnings only: a FEJL refuses the file
            child = QTreeWidgetItem([f"⚠ {finding.rule}  {finding.message}"])
            child.setToolTip(0, finding.message)
            child.setForeground(0, QBrush(WARNING_COLOUR))
            item.addChild(child)
        for title, changes in (
            (self.tr("Nyt forløb"), plan.new),
            (self.tr("Ændret forløb"), plan.changed),
            (self.tr("Fjernet forløb"), plan.removed),
        ):
            for change in changes[:SHOWN_CHANGES]:
                item.addChild(QTreeWidgetItem([self._change_text(title, change)]))
            if len(changes) > SHOWN_CHANGES:
                more = QTreeWidgetItem(
                    [self.tr("… og {0} flere").format(len(changes) - SHOWN_CHANGES)]
                )
                item.addChild(more)
        return item

    def _change_text(self, title: str, change: PathwayChange) -> str:
        if change.kind == "changed":
            return self.tr("{0} {1}: {2}").format(
                title, change.forloeb_id, ", ".join(change.fields)
            )
        return f"{title} {change.forloeb_id}"
