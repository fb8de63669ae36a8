"""The log file, and crash reports, without CPR numbers (reliability.md: "CPR numbers never appear in
log files, crash reports or temporary files").

Everything written to the log passes :class:`CprMaskingFilter` and :class:`MaskingFormatter`: the
message, its arguments, the formatted exception (its text, its arguments, the source lines of the
traceback) and any stack information. Anything that looks like a CPR number becomes ``<CPR>``: ten
digits, six digits and four letters or digits (a replacement number), with or without a hyphen or a
space after the sixth character, full-width digits too. Masking a few numbers that are not CPR
numbers is the price of never writing one that is.

Used by the GUI (``ui/crash.py``) and by the command line (an unexpected error is logged, and the
user gets one line naming the log file instead of a traceback).
"""

from __future__ import annotations

import logging
import os
import platform
import re
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from app import __version__, messages
from app.clock import SystemClock
from app.paths import log_dir

LOG_DIR_ENV = "MVK_LOG_DIR"
LOG_FILE_NAME = "mvk.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
CPR_MASK = "<CPR>"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d %(threadName)s] %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

# Six digits (not the tail of a longer number), an optional separator (hyphen, dash, minus sign,
# space, no-break space), four letters or digits, and not followed by another letter or digit.
# ``\d`` and ``[^\W_]`` are Unicode-aware on purpose: a pasted full-width number is masked as well.
_CPR_PATTERN = re.compile(r"(?<!\d)\d{6}[-\u2010-\u2015\u2212 \u00a0]?[^\W_]{4}(?![^\W_])")

_MARKER = "_mvk_log_handler"


def mask_cpr(text: str) -> str:
    """``text`` with everything that looks like a CPR number replaced by ``<CPR>``."""
    return _CPR_PATTERN.sub(CPR_MASK, text)


def _format_exception(exc_info: ExcInfo) -> str:
    return "".join(traceback.format_exception(*exc_info)).rstrip("\n")


class CprMaskingFilter(logging.Filter):
    """Masks CPR numbers in a record before any handler formats it.

    The message is merged with its arguments and masked (``args`` is emptied, so a formatter cannot
    bring the raw values back); the exception is formatted now, masked, and kept only as text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the message: keep both, masked
            message = f"{record.msg!s} {record.args!r}"
        record.msg = mask_cpr(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = _format_exception(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_cpr(record.exc_text)
        record.exc_info = None
        if record.stack_info:
            record.stack_info = mask_cpr(record.stack_info)
        return True


class MaskingFormatter(logging.Formatter):
    """A formatter whose every output is masked as well (a second net behind the filter)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_cpr(super().format(record))

    def formatException(self, ei: Any) -> str:
        return mask_cpr(super().formatException(ei))


def log_directory() -> Path:
    """The folder of the log file: ``MVK_LOG_DIR`` when set, else the user's log folder."""
    override = os.environ.get(LOG_DIR_ENV, "").strip()
    return Path(override) if override else log_dir()


def _installed() -> RotatingFileHandler | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, _MARKER, False) and isinstance(handler, RotatingFileHandler):
            return handler
    return None


def log_file() -> Path | None:
    """The log file in use, or None when logging to a file is not configured."""
    handler = _installed()
    return Path(handler.baseFilename) if handler else None


def configure_logging(directory: Path | None = None, *, level: int = logging.INFO) -> Path | None:
    """Log to a rotating file ``mvk.log`` in ``directory`` (default :func:`log_directory`).

    Returns the file, or None when the folder cannot be written (the program then runs without a
    log file rather than not at all). Calling it again with the same folder changes nothing; with
    another folder the file handler moves there.
    """
    folder = directory if directory is not None else log_directory()
    path = (folder / LOG_FILE_NAME).absolute()
    current = _installed()
    if current is not None and Path(current.baseFilename) == path:
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    setattr(handler, _MARKER, True)
    handler.addFilter(CprMaskingFilter())
    handler.setFormatter(MaskingFormatter(LOG_FORMAT))
    root = logging.getLogger()
    if current is not None:
        shutdown_logging()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    return path


def shutdown_logging() -> None:
    """Remove and close the file handler that :func:`configure_logging` installed."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARKER, False):
            root.removeHandler(handler)
            handler.close()


def crash_report(exc_info: ExcInfo, *, where: str = "") -> str:
    """The details of an unexpected error for a crash dialog or a support e-mail, CPR masked.

    The program's version, Python and the platform, the local time, and the traceback (with the
    chained causes).
    """
    now = SystemClock().now().isoformat(timespec="seconds")
    header = f"MVK {__version__} · Python {platform.python_version()} · {platform.platform()}"
    lines = [header, now + (f" · {where}" if where else ""), "", _format_exception(exc_info)]
    return mask_cpr("\n".join(lines))


def log_exception(exc_info: ExcInfo, *, where: str = "", logger: str = "mvk.crash") -> None:
    """Write an unexpected error to the log (masked by the handler's filter)."""
    logging.getLogger(logger).error(
        "unexpected error%s", f" in {where}" if where else "", exc_info=exc_info
    )


def report_unexpected(
    error: BaseException, lang: str | None = None, stream: TextIO | None = None
) -> int:
    """The command line's answer to an unexpected error: log it, print one line, exit status 1.

    The line names the kind of error and the log file; never the error's text, which may hold a
    CPR number.
    """
    path = configure_logging()
    log_exception((type(error), error, error.__traceback__), where="mvk", logger="mvk.cli")
    kind = type(error).__name__
    if path is not None:
        line = messages.text("cli.unexpected", lang, kind=kind, path=path)
    else:
        line = messages.text("cli.unexpected_no_log", lang, kind=kind)
    prefix = messages.text("cli.error_prefix", lang)
    print(f"{prefix}: {line}", file=stream if stream is not None else sys.stderr)
    return 1


__all__ = [
    "CPR_MASK",
    "LOG_DIR_ENV",
    "LOG_FILE_NAME",
    "CprMaskingFilter",
    "MaskingFormatter",
    "configure_logging",
    "crash_report",
    "log_directory",
    "log_exception",
    "log_file",
    "mask_cpr",
    "report_unexpected",
    "shutdown_logging",
]
