"""The receiver's validator: every rule of national-format.md §9 applied to a file or to sheet data.

Three entry points share one implementation:

- :func:`validate_file` reads a file with openpyxl's read-only mode (streaming, little memory) and
  never raises: whatever cannot be read becomes a finding S01;
- :func:`validate_workbook` checks sheets as read: their names in order and their rows (header rows
  included) as cells with openpyxl data types;
- :func:`validate_rows` checks data about to be written (metadata by key, data rows without
  headers), so the exporter runs exactly the checks a receiver runs.

A validator may stop after a structural error (S01–S03); this one stops after S01/S02 and skips a
sheet whose header row is wrong, and otherwise reports all it finds.
"""

from __future__ import annotations

import hashlib
import os
import stat
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from app.submission.checks_forloeb import ForloebChecks
from app.submission.checks_meta import (
    MAX_ROWS,
    VALUE_COLUMN,
    Metadata,
    check_file_name,
    check_udland_opgjort,
    header_matches,
    header_text,
    read_metadata,
)
from app.submission.checks_udland import UdlandChecks
from app.submission.findings import (
    Cell,
    CellLike,
    Finding,
    Reporter,
    as_cells,
    is_empty,
    row_is_empty,
    show,
)
from app.submission.format import SheetSpec, cell_text, spec

__all__ = [
    "Cell",
    "Finding",
    "has_errors",
    "validate_file",
    "validate_rows",
    "validate_workbook",
]

Rows = Iterable[Sequence[CellLike]]
MAX_UNSTREAMED_MEMBER = 1 << 30
"""openpyxl reads every part but the worksheets whole: a larger part is refused (a zip bomb)."""
_EMPTY = Cell(None, "n")


@dataclass
class FileValues:
    """A file's values as the validator read them, for a reader that needs them too (the import):
    metadata by key, and the data rows of ``Forloeb`` and ``Udland`` — exactly as wide as their
    header, ``""`` as None, empty rows left out. Reading the file once saves a third of an import."""

    metadata: dict[str, Any] = field(default_factory=dict)
    forloeb: list[list[Any]] = field(default_factory=list)
    udland: list[list[Any]] = field(default_factory=list)


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is a FEJL (the file is rejected)."""
    return any(f.is_error for f in findings)


def validate_rows(
    file_name: str,
    metadata: Mapping[str, Any],
    forloeb: Iterable[Sequence[Any]],
    udland: Iterable[Sequence[Any]],
    *,
    lang: str | None = None,
) -> list[Finding]:
    """Check data before it is written as the file ``file_name``.

    ``metadata`` maps the keys of §2 to their values; ``forloeb`` and ``udland`` are the data rows in
    the columns' order. A value is either a :class:`Cell` (value and openpyxl data type) or a plain
    Python value, typed as a writer that stores every ``str`` as a string cell would (see
    :func:`app.submission.findings.as_cell`).

    ``file_name`` is checked as §1 says (S04), so a trial file (``PROEVE_…``) is to be validated
    under the name it would have without the prefix.
    """
    fspec = spec()
    meta_rows: list[Sequence[CellLike]] = [as_cells(fspec.metadata.header)]
    meta_rows += [as_cells((key, metadata.get(key))) for key in fspec.metadata.keys]
    meta_rows += [as_cells((k, v)) for k, v in metadata.items() if k not in fspec.metadata.keys]
    sheets: list[tuple[str, Rows]] = [
        (fspec.metadata.sheet, meta_rows),
        (fspec.forloeb.sheet, _with_header(fspec.forloeb, forloeb)),
        (fspec.udland.sheet, _with_header(fspec.udland, udland)),
    ]
    return validate_workbook(file_name, sheets, lang=lang)


def _with_header(sheet: SheetSpec, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[CellLike]]:
    yield as_cells(sheet.header)
    for row in rows:
        yield as_cells(row)


def validate_workbook(
    file_name: str, sheets: Sequence[tuple[str, Rows]], *, lang: str | None = None
) -> list[Finding]:
    """Check a workbook as read: ``sheets`` in their order, each with its rows from row 1.

    Rows may be lazy iterables (they are read once, in order). Never raises: an unexpected error
    becomes a finding S01 after the findings made so far.
    """
    report = Reporter(file_name, lang)
    _guarded(report, lambda: _validate(report, file_name, sheets))
    return _in_order(report.findings)


def validate_file(
    path: str | os.PathLike[str], *, lang: str | None = None, keep: FileValues | None = None
) -> list[Finding]:
    """Check the file at ``path``. Never raises: an unreadable file is a finding S01.

    With ``keep`` the values read are put there as well (complete only when there is no FEJL).
    """
    file = os.fspath(path)
    report = Reporter(file, lang)
    _guarded(report, lambda: _read_and_validate(report, file, keep))
    return _in_order(report.findings)


def _guarded(report: Reporter, work: Callable[[], None]) -> None:
    try:
        work()
    except Exception as error:  # anything a broken file can make a reader raise: S01, never a crash
        detail = show(f"{type(error).__name__}: {error}", 200)
        report.add("S01", None, None, None, "s01.unreadable", error=detail)


def _read_and_validate(report: Reporter, file: str, keep: FileValues | None = None) -> None:
    problem = _unreadable(file)
    if problem is not None:
        report.add("S01", None, None, None, problem)
        return
    import openpyxl  # the reader is needed only here

    with open(file, "rb") as handle, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
        workbook = openpyxl.load_workbook(
            handle, read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
        try:
            names = list(workbook.sheetnames)
            not_sheets = [n for n in names if not hasattr(workbook[n], "iter_rows")]
            if not_sheets:
                report.add("S02", None, None, None, "s02.not_worksheet", names=_names(names))
                return
            sheets = [(name, _sheet_rows(workbook[name])) for name in names]
            _validate(report, file, sheets, keep)
        finally:
            workbook.close()


def _unreadable(file: str) -> str | None:
    """Why ``file`` cannot be an xlsx workbook at all (a message id), else None."""
    try:
        info = os.stat(file)
    except FileNotFoundError:
        return "s01.missing"
    if not stat.S_ISREG(info.st_mode):
        return "s01.not_file"
    if info.st_size == 0:
        return "s01.empty"
    if not zipfile.is_zipfile(file):
        return "s01.not_zip"
    with zipfile.ZipFile(file) as archive:
        for member in archive.infolist():
            if member.file_size > MAX_UNSTREAMED_MEMBER and "worksheets/" not in member.filename:
                return "s01.too_big"
    return None


def _sheet_rows(worksheet: Any) -> Iterator[Sequence[CellLike]]:
    """Every row of a read-only worksheet from row 1, whatever its stated dimension says."""
    worksheet.reset_dimensions()  # a wrong <dimension> must not hide cells or rows
    rows: Iterator[Sequence[CellLike]] = worksheet.iter_rows(min_row=1, min_col=1)
    return rows


def _names(names: Sequence[str]) -> str:
    return ", ".join(show(n) for n in names) or "–"


def _validate(
    report: Reporter, file: str, sheets: Sequence[tuple[str, Rows]], keep: FileValues | None = None
) -> None:
    fspec = spec()
    names = [name for name, _ in sheets]
    if names != list(fspec.sheets):
        report.add("S02", None, None, None, "s02.sheets", names=_names(names))
        return
    rows = dict(sheets)
    meta_rows = rows[fspec.metadata.sheet]
    meta = read_metadata(report, meta_rows if keep is None else _kept_metadata(meta_rows, keep))
    check_file_name(report, file, meta)
    check_udland_opgjort(report, meta)

    hasher = hashlib.sha256()
    forloeb = ForloebChecks(report, meta)
    forloeb_count = _data_rows(
        report,
        fspec.forloeb,
        rows[fspec.forloeb.sheet],
        hasher,
        forloeb.check,
        None if keep is None else keep.forloeb,
    )
    udland = UdlandChecks(report, meta)
    udland_count = _data_rows(
        report,
        fspec.udland,
        rows[fspec.udland.sheet],
        hasher,
        udland.check,
        None if keep is None else keep.udland,
    )

    for key, count, sheet in (
        ("antal_forloeb", forloeb_count, fspec.forloeb.sheet),
        ("antal_udland", udland_count, fspec.udland.sheet),
    ):
        stated = meta.integer(key)
        if count is not None and stated is not None and stated != count:
            report.add(
                "S06",
                fspec.metadata.sheet,
                meta.rows[key],
                VALUE_COLUMN,
                "s06.count",
                key=key,
                stated=stated,
                sheet=sheet,
                count=count,
            )
    _check_kontrolsum(report, meta, hasher.hexdigest(), forloeb_count, udland_count)


def _kept_metadata(rows: Rows, keep: FileValues) -> Iterator[Sequence[CellLike]]:
    """The metadata rows, passed on unchanged; each key's value (below the header) kept."""
    for number, cells in enumerate(rows, start=1):
        if number > 1 and cells and not is_empty(cells[0]):
            keep.metadata[str(cells[0].value)] = cells[1].value if len(cells) > 1 else None
        yield cells


def _check_kontrolsum(
    report: Reporter,
    meta: Metadata,
    computed: str,
    forloeb_count: int | None,
    udland_count: int | None,
) -> None:
    stated = meta.text("kontrolsum")
    if stated is None or forloeb_count is None or udland_count is None:
        return  # missing (S04) or a sheet that could not be read row by row (S03)
    if stated != computed:
        report.add(
            "S07",
            spec().metadata.sheet,
            meta.rows["kontrolsum"],
            VALUE_COLUMN,
            "s07.mismatch",
            stated=show(stated, 70),
            computed=computed,
        )


def _data_rows(
    report: Reporter,
    sheet_spec: SheetSpec,
    rows: Rows,
    hasher: Any,
    check: Any,
    keep: list[list[Any]] | None = None,
) -> int | None:
    """Read a data sheet: header (S03), rows without gaps (S03), nothing right of the columns (S03,
    S05); each data row goes to ``check`` and into the checksum. The number of data rows, or None
    when the header is wrong (the rows cannot be read by column then)."""
    sheet = sheet_spec.sheet
    header = sheet_spec.header
    width = len(header)
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None or not header_matches(first, header):
        found = "" if first is None else header_text(first)
        report.add("S03", sheet, 1, None, "s03.header", expected=";".join(header), found=found)
        return None
    hasher.update((";".join(header) + "\n").encode("utf-8"))
    count = 0
    pending_empty: int | None = None
    lines: list[str] = []
    for number, cells in enumerate(iterator, start=2):
        if number > MAX_ROWS:
            report.add("S03", sheet, number, None, "s03.too_many_rows", max=MAX_ROWS)
            break
        if row_is_empty(cells):
            if pending_empty is None:
                pending_empty = number
            continue
        if pending_empty is not None:
            report.add("S03", sheet, pending_empty, None, "s03.empty_row")
            pending_empty = None
        count += 1
        if len(cells) > width:
            extra = cells[width:]
            if any(not is_empty(c) for c in extra):
                report.add("S03", sheet, number, None, "s03.extra_cells")
                if any(c.data_type == "f" for c in extra):
                    report.add("S05", sheet, number, None, "s05.formula_outside")
            cells = cells[:width]
        elif len(cells) < width:
            cells = list(chain(cells, (_EMPTY,) * (width - len(cells))))
        lines.append(";".join([cell_text(c.value) for c in cells]))
        if keep is not None:
            keep.append([None if c.value == "" else c.value for c in cells])
        if len(lines) >= 1000:
            hasher.update(("\n".join(lines) + "\n").encode("utf-8"))
            lines.clear()
        check(number, cells)
    if lines:
        hasher.update(("\n".join(lines) + "\n").encode("utf-8"))
    return count


def _in_order(findings: list[Finding]) -> list[Finding]:
    """File-level findings first, then by sheet, row and column (stable: same place keeps order)."""
    fspec = spec()
    sheet_index = {name: i for i, name in enumerate(fspec.sheets)}
    column_index: dict[str | None, dict[str, int]] = {
        fspec.metadata.sheet: {name: i for i, name in enumerate(fspec.metadata.header)},
        fspec.forloeb.sheet: {name: i for i, name in enumerate(fspec.forloeb.header)},
        fspec.udland.sheet: {name: i for i, name in enumerate(fspec.udland.header)},
    }

    def key(f: Finding) -> tuple[int, int, int]:
        if f.sheet is None:
            return (-1, 0, 0)
        columns = column_index.get(f.sheet, {})
        return (
            sheet_index.get(f.sheet, len(sheet_index)),
            f.row if f.row is not None else 1 << 30,
            columns.get(f.column, -1) if f.column is not None else -1,
        )

    return sorted(findings, key=key)
