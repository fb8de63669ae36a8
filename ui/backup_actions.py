"""Filer → Tag sikkerhedskopi … and Filer → Gendan fra sikkerhedskopi … (the GUI's ``mvk db backup``
and ``mvk db restore``).

Both use app/store/backup.py: an online backup checked with ``integrity_check``; a restore that checks
the backup, keeps the store it replaces beside it, and reopens the store (an older backup is
upgraded then). On PostgreSQL both say to use ``pg_dump`` / ``pg_restore`` instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget
from sqlalchemy.exc import DBAPIError

from app import messages
from app.errors import MvkError
from app.store.backup import backup_sqlite, backups_dir, restore, verify_backup
from app.store.engine import sqlite_path
from app.store.migrate import open_store
from ui.app_state import AppState


def _pg_command(url: str, restore_command: bool) -> str:
    from app.cli import db_cmd
    from app.store import backup

    if restore_command:
        return messages.text("db.restore_postgres", value=backup._pg_restore_command(url))
    return messages.text("db.backup_postgres", value=db_cmd._pg_dump_command(url))


class _Busy:
    """A wait cursor while the work runs (a backup of a large store takes a moment)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class BackupActions(QObject):
    """The two menu actions for one window (a QObject for its translated texts)."""

    def __init__(self, state: AppState, window: QWidget | None = None) -> None:
        super().__init__()
        self.state = state
        self.window = window

    def file_filter(self) -> str:
        return self.tr("MVK-lager (*.sqlite *.db);;Alle filer (*)")

    def backup_now(self) -> Path | None:
        """Ask for a file and write a checked online backup there; the file, or None."""
        store = self.state.store
        path = sqlite_path(store.url)
        if path is None:
            QMessageBox.information(
                self.window, self.tr("Sikkerhedskopi"), _pg_command(store.url, False)
            )
            return None
        stamp = self.state.ctx.clock.now().strftime("%Y%m%dT%H%M%S")
        suggested = backups_dir(path) / f"{path.stem}-kopi-{stamp}{path.suffix}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Gem sikkerhedskopi"), str(suggested), self.file_filter()
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.exists() and target.resolve() == path.resolve():
            QMessageBox.warning(
                self.window,
                self.tr("Sikkerhedskopi"),
                messages.text("db.backup_same_file", value=target),
            )
            return None
        try:
            with _Busy():
                backup_sqlite(store.engine, target)
                problems = verify_backup(target)
        except (OSError, sqlite3.Error, DBAPIError) as error:
            QMessageBox.warning(
                self.window,
                self.tr("Sikkerhedskopien blev ikke skrevet"),
                self.tr("Sikkerhedskopien kunne ikke skrives til {0}: {1}").format(
                    target, getattr(error, "strerror", None) or error
                ),
            )
            return None
        if problems:
            QMessageBox.warning(
                self.window,
                self.tr("Sikkerhedskopien er ikke i orden"),
                messages.text(
                    "db.backup_corrupt", value=target, count=len(problems), first=problems[0]
                ),
            )
            return None
        written = [
            messages.text("db.backup_written", value=target),
            messages.text("db.backup_verified"),
        ]
        QMessageBox.information(self.window, self.tr("Sikkerhedskopi"), "\n".join(written))
        return target

    def restore_from(self) -> bool:
        """Ask for a backup, confirm, restore it and reopen the store; True when restored."""
        store = self.state.store
        path = sqlite_path(store.url)
        if path is None:
            QMessageBox.information(
                self.window, self.tr("Gendan fra sikkerhedskopi"), _pg_command(store.url, True)
            )
            return False
        folder = backups_dir(path) if backups_dir(path).is_dir() else path.parent
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window, self.tr("Gendan fra sikkerhedskopi"), str(folder), self.file_filter()
        )
        if not chosen:
            return False
        answer = QMessageBox.question(
            self.window,
            self.tr("Gendan lageret?"),
            self.tr(
                "Lageret erstattes med sikkerhedskopien\n{0}\n\nDet, der er gemt, efter kopien "
                "blev taget, er ikke med i kopien. Det nuværende lager gemmes ved siden af, så "
                "intet slettes.\n\nVil du gendanne lageret fra kopien?"
            ).format(chosen),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        store.dispose()
        try:
            with _Busy():
                result = restore(store.url, Path(chosen), self.state.ctx.clock)
                reopened = open_store(store.url, clock=self.state.ctx.clock)
        except MvkError as error:
            QMessageBox.warning(
                self.window, self.tr("Lageret blev ikke gendannet"), error.message()
            )
            return False
        self.state.store = reopened
        lines = [messages.text("db.restore_checked", value=result.backup)]
        if result.kept is not None:
            lines.append(messages.text("db.restore_kept", value=result.kept))
        lines.append(
            messages.text(
                "db.restore_done",
                value=result.target,
                backup=result.backup,
                revision=result.revision or "-",
            )
        )
        QMessageBox.information(self.window, self.tr("Lageret er gendannet"), "\n".join(lines))
        return True

    def menu_actions(self, on_restored: Callable[[], object]) -> tuple[QAction, QAction]:
        """The two actions for the File menu; ``on_restored`` runs after a restore."""
        window = self.window
        backup = QAction(self.tr("Tag &sikkerhedskopi …"), window)
        backup.setToolTip(self.tr("Skriv en kontrolleret kopi af lageret til en fil"))
        backup.triggered.connect(lambda _checked=False: backup_now(self.state, window))
        restore_action = QAction(self.tr("&Gendan fra sikkerhedskopi …"), window)
        restore_action.setToolTip(self.tr("Erstat lageret med en sikkerhedskopi"))

        def restore_and_refresh(_checked: bool = False) -> None:
            if restore_from(self.state, window):
                on_restored()

        restore_action.triggered.connect(restore_and_refresh)
        return backup, restore_action


def add_backup_actions(
    menu: QMenu, window: QWidget, state: AppState, on_restored: Callable[[], object]
) -> tuple[QAction, QAction]:
    """Add "Tag sikkerhedskopi …" and "Gendan fra sikkerhedskopi …" (after a separator) to
    ``menu``; ``on_restored`` runs after a restore (the window shows the restored store)."""
    backup, restore_action = BackupActions(state, window).menu_actions(on_restored)
    menu.addSeparator()
    menu.addAction(backup)
    menu.addAction(restore_action)
    return backup, restore_action


def backup_now(state: AppState, parent: QWidget | None = None) -> Path | None:
    """Filer → Tag sikkerhedskopi …: ask for a file, write a checked backup; the file, or None."""
    return BackupActions(state, parent).backup_now()


def restore_from(state: AppState, parent: QWidget | None = None) -> bool:
    """Filer → Gendan fra sikkerhedskopi …: True when the store was restored; ``state.store`` is
    then the reopened store, and the caller refreshes what it shows."""
    return BackupActions(state, parent).restore_from()


__all__ = ["BackupActions", "add_backup_actions", "backup_now", "restore_from"]
