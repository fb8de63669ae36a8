"""Writing files so that a kill leaves the old file or the new one, never half of one.

A file is written to a temporary file in the target folder, flushed and fsynced, then renamed over the
target (``os.replace``). Temporary files may hold CPR numbers, so every one is listed in a journal in
the program's own folder before it is created; :func:`remove_leftovers` (run at every start) deletes
whatever a killed process left behind.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from app.errors import MvkError

TEMP_PREFIX = ".mvk-tmp-"
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")
_journal_lock = threading.Lock()


class FolderNotWritable(MvkError):
    def __init__(self, folder: Path, detail: str) -> None:
        super().__init__("files.not_writable", value=str(folder), detail=detail)


def journal_path() -> Path:
    from app.paths import data_dir

    override = os.environ.get("MVK_STATE_DIR")
    return (Path(override) if override else data_dir()) / "pending-temp-files.txt"


def _journal_add(path: Path) -> None:
    journal = journal_path()
    with _journal_lock:
        journal.parent.mkdir(parents=True, exist_ok=True)
        with open(journal, "a", encoding="utf-8") as handle:
            handle.write(str(path) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def remove_leftovers() -> list[Path]:
    """Delete temporary files that an earlier, killed process left behind; returns what was removed."""
    journal = journal_path()
    removed: list[Path] = []
    with _journal_lock:
        if not journal.exists():
            return removed
        for line in journal.read_text(encoding="utf-8").splitlines():
            path = Path(line.strip())
            if not line.strip() or not path.name.startswith(TEMP_PREFIX):
                continue
            # A temporary SQLite file (a backup being written) may have left its own journal files.
            for leftover in [path] + [path.with_name(path.name + s) for s in SQLITE_SIDECARS]:
                if leftover.exists():
                    with contextlib.suppress(OSError):
                        leftover.unlink()
                        removed.append(leftover)
        journal.unlink(missing_ok=True)
    return removed


def temp_path_in(folder: Path, suffix: str = "") -> Path:
    """A new temporary file name in ``folder``, recorded in the journal before it exists."""
    path = folder / f"{TEMP_PREFIX}{uuid.uuid4().hex}{suffix}"
    _journal_add(path)
    return path


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is fsynced and renamed over it.

    On any error the temporary file is removed and the old target is untouched.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = temp_path_in(folder, ".probe")
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise FolderNotWritable(folder, error.strerror or str(error)) from error
    temporary = temp_path_in(folder, target.suffix)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        _fsync_folder(folder)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
