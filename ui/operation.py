"""Work off the GUI thread: one small helper that runs a function in the thread pool and reports
back on the main thread (success or failure), so the window never freezes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # reported on the main thread, never lost
            self._signals.failed.emit(error)
        else:
            self._signals.finished.emit(result)


_running: set[_Signals] = set()


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    parent: QObject | None = None,
) -> None:
    """Run ``work()`` in the thread pool; ``on_done(result)`` or ``on_error(error)`` on the GUI thread."""
    signals = _Signals(parent)
    _running.add(signals)

    def finished(result: Any) -> None:
        _running.discard(signals)
        on_done(result)

    def failed(error: BaseException) -> None:
        _running.discard(signals)
        on_error(error)

    signals.finished.connect(finished)
    signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(work, signals))
