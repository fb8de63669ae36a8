"""The writer of the national file: openpyxl write-only mode, text as string cells, atomic.

openpyxl's write-only mode spools each sheet to a temporary file; by default in the system temp folder,
where a killed process leaves it behind with CPR numbers in it. Here the spool files go into the
target folder under a journalled temporary name, so :func:`app.safe_files.remove_leftovers` finds them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.safe_files import atomic_target, temp_path_in
from app.submission.format import FormatSpec, SheetSpec, kontrolsum, spec

_spool_lock = threading.Lock()


@dataclass(frozen=True)
class SubmissionContent:
    """A whole file's values: metadata in format order, data rows sorted, values typed.

    Text is ``str``, integers ``int``, dates ISO text, no value ``None``.
    """

    metadata: dict[str, Any]
    forloeb: list[list[Any]]
    udland: list[list[Any]]


def sort_rows(sheet: SheetSpec, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Rows in the order of §1: by the sheet's key (empty before any value)."""
    index = [sheet.header.index(name) for name in sheet.sort_key]

    def key(row: Sequence[Any]) -> tuple[tuple[int, Any], ...]:
        return tuple((0, "") if row[i] is None else (1, row[i]) for i in index)

    return [list(r) for r in sorted(rows, key=key)]


def build_content(
    metadata: dict[str, Any], forloeb: Sequence[Sequence[Any]], udland: Sequence[Sequence[Any]]
) -> SubmissionContent:
    """Sort the rows, count them and compute ``kontrolsum``; metadata keys in format order."""
    fmt = spec()
    forloeb_sorted = sort_rows(fmt.forloeb, forloeb)
    udland_sorted = sort_rows(fmt.udland, udland)
    values = dict(metadata)
    values["formatversion"] = fmt.version
    values["antal_forloeb"] = len(forloeb_sorted)
    values["antal_udland"] = len(udland_sorted)
    values["kontrolsum"] = kontrolsum(
        fmt.forloeb.header, forloeb_sorted, fmt.udland.header, udland_sorted
    )
    ordered = {key: values.get(key) for key in fmt.metadata.keys}
    return SubmissionContent(ordered, forloeb_sorted, udland_sorted)


@contextmanager
def _spool_in(folder: Path) -> Iterator[None]:
    """openpyxl's spool files go to ``folder`` under journalled names and are removed afterwards,
    whether the write succeeded or not."""
    from openpyxl.worksheet import _writer as openpyxl_sheet_writer

    original = openpyxl_sheet_writer.create_temporary_file
    created: list[Path] = []

    def create_temporary_file(suffix: str = "") -> str:
        path = temp_path_in(folder, suffix or ".xml")
        path.touch()
        created.append(path)
        openpyxl_sheet_writer.ALL_TEMP_FILES.append(str(path))  # openpyxl removes it from there
        return str(path)

    with _spool_lock:
        openpyxl_sheet_writer.create_temporary_file = create_temporary_file
        try:
            yield
        finally:
            openpyxl_sheet_writer.create_temporary_file = original
            for path in created:
                path.unlink(missing_ok=True)


def _write_sheet(wb: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(title)

    def cell(value: Any) -> Any:
        if value is None or value == "":
            return None
        written = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # never a formula, whatever the text begins with
        return written

    ws.append([cell(h) for h in header])
    for row in rows:
        ws.append([cell(v) for v in row])


def write_xlsx(content: SubmissionContent, target: Path, fmt: FormatSpec | None = None) -> Path:
    """Write the file atomically: the target is the old complete file or the new complete file."""
    fmt = fmt or spec()
    from openpyxl import Workbook  # imported when a file is written, not at the program's start

    with atomic_target(target) as temporary, _spool_in(target.parent):
        wb = Workbook(write_only=True)
        _write_sheet(
            wb,
            fmt.metadata.sheet,
            fmt.metadata.header,
            [[key, value] for key, value in content.metadata.items()],
        )
        _write_sheet(wb, fmt.forloeb.sheet, fmt.forloeb.header, content.forloeb)
        _write_sheet(wb, fmt.udland.sheet, fmt.udland.header, content.udland)
        wb.save(temporary)
    return target
