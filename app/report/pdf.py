"""The overview as a Danish PDF report (reportlab; no window needed).

A title page (region, period, edition, the date it was made and the program's version, and the key
figures), then the tables and the charts, with the region, the period and "Side n af N" at the foot
of every page. Text is set in DejaVu Sans — shipped with matplotlib, so it is always there — which
has æ, ø, å and every dash and quotation mark the texts use. The file is written atomically.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app import __version__
from app.report import charts, labels
from app.report.publish import Report
from app.report.sections import Section, key_figures, sections
from app.safe_files import atomic_target

FONT = "MvkSans"
FONT_BOLD = "MvkSans-Bold"
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
BLUE = colors.HexColor("#0b4f8a")
HEAD_BG = colors.HexColor("#e8eef5")
ZEBRA = colors.HexColor("#f6f8fa")
RULE = colors.HexColor("#9aa5b1")
MUTED = colors.HexColor("#555555")
PUBLISH_BG = colors.HexColor("#fff4d6")
CHART_DPI = 200


@cache
def _fonts() -> None:
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT)
    return {
        "base": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=28, leading=34, textColor=BLUE
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=19),
        "big": ParagraphStyle("big", parent=base, fontName=FONT_BOLD, fontSize=18, leading=24),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            textColor=BLUE,
        ),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        "box": ParagraphStyle("box", parent=base, fontSize=9, leading=12.5),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_WIDTHS = {
    "open_list": (0.12, 0.16, 0.15, 0.16, 0.14, 0.17, 0.10),
    "noegletal": (0.56, 0.2, 0.14),
}
"""Column widths (share of the text width) of tables that need their own."""
_TEXT_COLUMNS = {"open_list": 6}
"""How many columns from the left hold text (left-aligned); the others hold numbers."""


def _table(section: Section, styles: dict[str, ParagraphStyle], lang: str | None = None) -> Table:
    cell = styles["cell"]
    textual = _TEXT_COLUMNS.get(section.key, 1)
    head = [
        Paragraph(f"<b>{_escape(h)}</b>", cell if j < textual else styles["cell_right"])
        for j, h in enumerate(section.header)
    ]
    body: list[list[Any]] = [head]
    for i, row in enumerate(section.rows):
        out: list[Any] = []
        for j, value in enumerate(row):
            if j == 0 and isinstance(value, str):
                out.append(Paragraph(_escape(value), cell))
            elif (i, j) in section.structural:
                out.append("–")
            elif value is None and section.key == "noegletal":
                out.append("")
            else:
                out.append(labels.cell(value, j in section.percent_columns, lang))
        body.append(out)
    columns = len(section.header)
    if section.key in _WIDTHS:
        col_widths = [CONTENT_W * w for w in _WIDTHS[section.key]]
    elif columns <= 3:
        col_widths = [CONTENT_W * 0.46, *([CONTENT_W * 0.2] * (columns - 1))]
    else:
        first = CONTENT_W * (0.42 if columns <= 5 else 0.30)
        rest = min((CONTENT_W - first) / (columns - 1), 30 * mm)
        col_widths = [first, *([rest] * (columns - 1))]
    table = Table(body, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
    ]
    if textual > 1:
        style.append(("ALIGN", (1, 1), (textual - 1, -1), "LEFT"))
    for r in range(2, len(body), 2):
        style.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    if section.has_total:
        style += [
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, 8.5),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE),
            ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ]
    for i, j in section.structural:
        style.append(("TEXTCOLOR", (j, i + 1), (j, i + 1), MUTED))
    table.setStyle(TableStyle(style))
    return table


def _block(
    section: Section, styles: dict[str, ParagraphStyle], lang: str | None = None
) -> list[Flowable]:
    parts: list[Flowable] = [Paragraph(_escape(section.title), styles["h2"])]
    if section.rows:
        parts.append(_table(section, styles, lang))
    if section.note and section.key != "noegletal":
        parts += [Spacer(1, 3), Paragraph(_escape(section.note), styles["note"])]
    return [KeepTogether(parts), Spacer(1, 6)]


def _chart(figure: Any, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    data = charts.png(figure, dpi=CHART_DPI)
    width_in, height_in = figure.get_size_inches()
    width = CONTENT_W
    height = width * height_in / width_in
    image = Image(io.BytesIO(data), width=width, height=height)
    return [CondPageBreak(height + 6 * mm), image, Spacer(1, 8)]


def _title_page(
    report: Report, made: datetime, lang: str | None, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    summary = report.summary
    title = labels.text("report.title_year" if summary.year else "report.title", lang)
    parts: list[Flowable] = [
        Spacer(1, 18 * mm),
        Paragraph(_escape(title), styles["title"]),
        Spacer(1, 3 * mm),
        Paragraph(_escape(labels.text("report.subtitle", lang)), styles["subtitle"]),
        Spacer(1, 14 * mm),
        Paragraph(
            _escape(f"{labels.region_name(summary.region, lang)} ({summary.region})"),
            styles["big"],
        ),
        Spacer(1, 2 * mm),
        Paragraph(_escape(labels.period_text(summary, lang)), styles["big"]),
        Paragraph(_escape(labels.period_span(summary, lang)), styles["subtitle"]),
        Spacer(1, 10 * mm),
    ]
    if report.publish:
        note = labels.text(
            "report.publish_note",
            lang,
            last=report.threshold - 1,
            marker=f"<{report.threshold}",
        )
        box_text = (
            f"<b>{_escape(labels.text('report.publish_title', lang))}</b><br/>{_escape(note)}"
        )
        background = PUBLISH_BG
    else:
        box_text = _escape(labels.text("report.internal_note", lang))
        background = HEAD_BG
    box = Table([[Paragraph(box_text, styles["box"])]], colWidths=[CONTENT_W], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    parts += [box, Spacer(1, 8 * mm)]
    parts += _block(key_figures(report, lang), styles, lang)
    parts += [
        Paragraph(_escape(labels.text("report.scope_note", lang)), styles["note"]),
        Spacer(1, 2 * mm),
        Paragraph(_escape(labels.text("report.wait_note", lang)), styles["note"]),
        Spacer(1, 8 * mm),
        Paragraph(
            _escape(
                labels.text(
                    "report.made",
                    lang,
                    date=labels.date_text(made.date()),
                    time=made.strftime("%H:%M"),
                )
            ),
            styles["base"],
        ),
        Paragraph(
            _escape(labels.text("report.program", lang, program=f"mvk {__version__}")),
            styles["base"],
        ),
        PageBreak(),
    ]
    return parts


def _numbered_canvas(footer: str, lang: str | None) -> type[Canvas]:
    """A canvas that writes "Side n af N" once the number of pages is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 10 * mm, footer)
                page = labels.text("report.page", lang, page=self._pageNumber, pages=total)
                self.drawRightString(PAGE_W - MARGIN, 10 * mm, page)
                super().showPage()
            super().save()

    return NumberedCanvas


def build(report: Report, *, made: datetime, lang: str | None = None) -> bytes:
    """The PDF report as bytes."""
    _fonts()
    styles = _styles()
    summary = report.summary
    story: list[Flowable] = _title_page(report, made, lang, styles)
    figures = charts.report_charts(report, lang, skip_empty=True)
    chart_after = {
        "aarsag": "aarsag",
        "maaned": "maaned",
        "ventedage": "ventedage",
        "tendens": "tendens",
    }
    for section in sections(report, lang)[1:]:
        story += _block(section, styles, lang)
        chart = chart_after.get(section.key)
        if chart in figures:
            story += _chart(figures[chart], styles)
        if section.key == "ventedage" and not report.show_histogram:
            story += [Paragraph(_escape(labels.text("report.wait_hidden", lang)), styles["note"])]
    edition = labels.text("report.publish_title", lang) if report.publish else ""
    footer = " · ".join(
        part
        for part in (
            "MVK",
            f"{labels.region_name(summary.region, lang)}",
            labels.period_text(summary, lang),
            edition,
        )
        if part
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{labels.text('report.title', lang)} {summary.region} {summary.label}",
        author=f"mvk {__version__}",
        creator=f"mvk {__version__}",
    )
    doc.build(story, canvasmaker=_numbered_canvas(footer, lang))
    return buffer.getvalue()


def write_pdf(report: Report, path: Path, *, made: datetime, lang: str | None = None) -> Path:
    """Write the PDF report to ``path`` atomically (a kill leaves the old file or the new one)."""
    data = build(report, made=made, lang=lang)
    with atomic_target(path) as temporary:
        temporary.write_bytes(data)
    return path
