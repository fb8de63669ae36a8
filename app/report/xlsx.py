"""The overview's tables as an XLSX workbook (openpyxl).

One sheet "Om tallene" (region, period, edition, when and by which program it was made, notes),
then one sheet per table in the order of the PDF. Counts and shares are number cells; text —
labels, hidden-count markers ("<5", ".."), dates — is always a string cell, never a formula, even
when it begins with "=" (a partner's name could). The file is written atomically.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app import __version__
from app.report import labels
from app.report.publish import Report
from app.report.sections import Raw, Section, sections
from app.safe_files import atomic_target

HEAD_FILL = PatternFill("solid", fgColor="E8EEF5")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13, color="0B4F8A")
RULE = Border(top=Side(style="thin", color="9AA5B1"))
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", title).strip()[:31] or "Ark"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _put(sheet: Any, row: int, column: int, value: Raw, *, percent: bool = False) -> Any:
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # text stays text, also "=…"
        cell.alignment = Alignment(horizontal="left" if column == 1 else "right")
    elif isinstance(value, float):
        cell.value = round(value, 2)
        cell.number_format = "0.0" if percent else "0.0#"
    else:
        cell.value = value
        cell.number_format = "#,##0"
    return cell


def _write_section(sheet: Any, section: Section, lang: str | None) -> None:
    _put(sheet, 1, 1, section.title).font = TITLE
    header = [
        f"{h} (%)" if j in section.percent_columns else h for j, h in enumerate(section.header)
    ]
    for j, name in enumerate(header, start=1):
        cell = _put(sheet, 3, j, name)
        cell.font = BOLD
        cell.fill = HEAD_FILL
    for i, row in enumerate(section.rows):
        r = 4 + i
        for j, value in enumerate(row):
            shown: Raw = "–" if (i, j) in section.structural else value
            cell = _put(sheet, r, j + 1, shown, percent=j in section.percent_columns)
            if section.has_total and i == len(section.rows) - 1:
                cell.font = BOLD
                cell.border = RULE
    if section.note:
        _put(sheet, 5 + len(section.rows), 1, section.note)
    sheet.column_dimensions["A"].width = (
        max([len(str(r[0] or "")) for r in section.rows] + [len(header[0]), 12]) + 2
    )
    for j in range(2, len(header) + 1):
        sheet.column_dimensions[get_column_letter(j)].width = max(len(header[j - 1]) + 2, 12)
    sheet.freeze_panes = "B4"


def build_workbook(report: Report, *, made: datetime, lang: str | None = None) -> Workbook:
    summary = report.summary
    book = Workbook()
    info = book.active
    taken: set[str] = set()
    info.title = _sheet_name(labels.text("report.sheet.info", lang), taken)
    edition = (
        labels.text("report.edition.publish", lang, threshold=report.threshold)
        if report.publish
        else labels.text("report.edition.internal", lang)
    )
    rows: list[tuple[str, str]] = [
        (
            labels.text("report.field.region", lang),
            f"{summary.region} {labels.region_name(summary.region, lang)}",
        ),
        (
            labels.text("report.field.period", lang),
            f"{summary.label} ({labels.period_text(summary, lang)}, {labels.period_span(summary, lang)})",
        ),
        (labels.text("report.field.edition", lang), edition),
        (labels.text("report.field.made", lang), made.isoformat(timespec="seconds")),
        (labels.text("report.field.program", lang), f"mvk {__version__}"),
    ]
    title = labels.text("report.title_year" if summary.year else "report.title", lang)
    _put(info, 1, 1, f"{title} — {labels.text('report.subtitle', lang)}").font = TITLE
    for i, (name, value) in enumerate(rows, start=3):
        _put(info, i, 1, name).font = BOLD
        _put(info, i, 2, value).alignment = Alignment(horizontal="left")
    notes = [labels.text("report.scope_note", lang), labels.text("report.wait_note", lang)]
    if report.publish:
        notes.append(
            labels.text(
                "report.publish_note",
                lang,
                last=report.threshold - 1,
                marker=f"<{report.threshold}",
            )
        )
    else:
        notes.append(labels.text("report.internal_note", lang))
    for i, note in enumerate(notes, start=len(rows) + 4):
        _put(info, i, 1, note)
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 70
    for section in sections(report, lang):
        sheet = book.create_sheet(
            _sheet_name(labels.text(f"report.sheet.{section.key}", lang), taken)
        )
        _write_section(sheet, section, lang)
    return book


def write_xlsx(report: Report, path: Path, *, made: datetime, lang: str | None = None) -> Path:
    """Write the tables to ``path`` atomically."""
    book = build_workbook(report, made=made, lang=lang)
    with atomic_target(path) as temporary:
        book.save(temporary)
    return path
