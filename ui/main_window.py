"""The main window. For now it shows the version, where the store is, and today's date."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFormLayout, QLabel, QMainWindow, QWidget

from app import __version__
from app.clock import Clock
from app.domain.dates import format_date
from app.paths import describe_db_url


class MainWindow(QMainWindow):
    def __init__(self, db_url: str, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("MVK — maksimale ventetider på kræftområdet"))
        self.resize(720, 420)

        self.version_label = QLabel(f"mvk {__version__}")
        self.store_label = QLabel(describe_db_url(db_url))
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.today_label = QLabel(format_date(clock.today()))

        body = QWidget()
        form = QFormLayout(body)
        form.addRow(self.tr("Version:"), self.version_label)
        form.addRow(self.tr("Lager:"), self.store_label)
        form.addRow(self.tr("Dags dato:"), self.today_label)
        self.setCentralWidget(body)

        file_menu = self.menuBar().addMenu(self.tr("&Filer"))
        quit_action = file_menu.addAction(self.tr("&Afslut"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.statusBar().showMessage(self.tr("Klar"))
