"""The overview's tables in reading order, as labelled rows — what the PDF and the XLSX both print.

A :class:`Section` holds raw values (``int`` counts, ``float`` shares and medians, ``str`` text and
markers of hidden counts, ``None`` for "no value"); each writer formats them its own way (the PDF
as Danish text, the XLSX as numbers in number cells).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain import codes
from app.domain.dates import format_date
from app.report import labels
from app.report.figures import ALL, KATEGORI_KEYS
from app.report.publish import Report, ShownTable

Raw = int | float | str | None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Raw, ...], ...]
    has_total: bool = True
    """The last row is a total row."""
    structural: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    """Cells that are zero by definition (printed as a dash); indices into ``rows``."""
    note: str = ""
    percent_columns: frozenset[int] = field(default_factory=frozenset)
    """Columns holding a share in %."""


def _count_table(shown: ShownTable, lang: str | None, title_key: str | None = None) -> Section:
    table = shown.table
    header = (
        labels.row_header(table.key, lang),
        *(labels.column_label(table, key, lang) for key in table.column_keys),
        labels.text("report.total", lang),
    )
    rows: list[tuple[Raw, ...]] = [
        (labels.row_label(table, i, lang), *values) for i, values in enumerate(shown.rows)
    ]
    rows.append((labels.text("report.total", lang), *shown.totals))
    structural = frozenset((i, j + 1) for i, j in table.structural)
    return Section(
        key=table.key,
        title=labels.table_title(title_key or table.key, lang),
        header=header,
        rows=tuple(rows),
        structural=structural,
    )


def key_figures(report: Report, lang: str | None = None) -> Section:
    """Nøgletal: totals, categories with shares, waiting days, open pathways, abroad."""
    summary = report.summary
    wait = report.ventedage[ALL]
    abroad = summary.abroad
    if abroad.total or not abroad.answered:
        abroad_value: Raw = report.tables["udland"].total
        if not abroad.answered and not abroad.total:
            abroad_value = labels.text("report.key.abroad_unanswered", lang)
    else:
        abroad_value = labels.text("report.key.abroad_none", lang)
    rows: list[tuple[Raw, ...]] = [
        (labels.text("report.key.total", lang), report.total, None),
        (labels.text("report.key.afbrudte", lang), report.afbrudte, None),
    ]
    for key in KATEGORI_KEYS:
        rows.append(
            (labels.kategori_label(key, lang), report.kategori[key], report.kategori_pct[key])
        )
    rows += [
        (labels.text("report.key.median", lang), wait.median, None),
        (labels.text("report.key.p90", lang), wait.p90, None),
        (
            labels.text("report.key.open", lang, date=format_date(summary.open.cutoff)),
            report.tables["aabne"].total,
            None,
        ),
        (labels.text("report.key.open_overdue", lang), report.tables["aabne"].totals[1], None),
        (labels.text("report.key.abroad", lang, year=abroad.aar), abroad_value, None),
    ]
    return Section(
        key="noegletal",
        title=labels.text("report.key_figures", lang),
        header=(
            "",
            labels.text("report.column.antal", lang),
            labels.text("report.share_column", lang),
        ),
        rows=tuple(rows),
        has_total=False,
        percent_columns=frozenset({2}),
        note=labels.text("report.wait_note", lang),
    )


def waiting_days(report: Report, lang: str | None = None) -> Section:
    rows: list[tuple[Raw, ...]] = []
    for key, wait in report.ventedage.items():
        name = labels.text("report.total", lang) if key == ALL else labels.forloeb_label(key, lang)
        rows.append((name, wait.median, wait.p90))
    rows.append(rows.pop(0))  # the total last
    return Section(
        key="ventedage",
        title=labels.text("report.chart.wait.title", lang),
        header=(
            labels.row_header("forloeb", lang),
            labels.text("report.column.median", lang),
            labels.text("report.column.p90", lang),
        ),
        rows=tuple(rows),
        note=labels.text("report.wait_note", lang),
    )


def open_list(report: Report, lang: str | None = None) -> Section | None:
    """The waiting pathways past their deadline, one by one (not for publication)."""
    if report.publish:
        return None
    overdue = [row for row in report.open_rows if row.overdue]
    total = report.summary.open.overdue
    rows = tuple(
        (
            row.forloeb_id[:8],
            labels.forloeb_label(
                f"{row.forloebstype}:{row.behandlingsform}"
                if row.behandlingsform
                else row.forloebstype,
                lang,
            ),
            codes.label("kraeftomraade", row.kraeftomraade, lang or "da"),
            row.partner,
            format_date(row.henvisning_modtaget),
            format_date(row.frist)
            + (f" {labels.text('report.provisional', lang)}" if row.frist_foreloebig else ""),
            row.days_over,
        )
        for row in overdue
    )
    if not rows:
        note = labels.text("report.open_list_none", lang)
    elif len(rows) < total:
        note = labels.text("report.open_list_more", lang, shown=len(rows), total=total)
    else:
        note = ""
    return Section(
        key="open_list",
        title=labels.text("report.table.open_list", lang),
        header=(
            labels.text("report.column.forloeb_id", lang),
            labels.row_header("forloeb", lang),
            labels.text("report.column.kraeftomraade", lang),
            labels.text("report.column.partner", lang),
            labels.text("report.column.henvisning", lang),
            labels.text("report.column.frist", lang),
            labels.text("report.column.days_over", lang),
        ),
        rows=rows,
        has_total=False,
        note=note,
    )


def trend(report: Report, lang: str | None = None) -> Section:
    return Section(
        key="tendens",
        title=labels.text("report.table.tendens", lang),
        header=(
            labels.row_header("tendens", lang),
            labels.text("report.key.total", lang),
            labels.text("report.key.inden_for_frist", lang),
        ),
        rows=tuple((labels.quarter_label(t.periode, lang), t.total, t.share) for t in report.trend),
        has_total=False,
        percent_columns=frozenset({2}),
    )


def countries(report: Report, lang: str | None = None) -> Section | None:
    if report.publish or not report.by_land:
        return None
    names = {c.alpha_2: c.label(lang or "da") for c in codes.countries()}
    rows: list[tuple[Raw, ...]] = [
        (f"{names.get(code, code)} ({code})", n) for code, n in report.by_land.items()
    ]
    rows.append((labels.text("report.total", lang), sum(report.by_land.values())))
    return Section(
        key="lande",
        title=labels.text("report.table.lande", lang),
        header=(labels.row_header("lande", lang), labels.text("report.column.antal", lang)),
        rows=tuple(rows),
    )


def sections(report: Report, lang: str | None = None) -> list[Section]:
    """Every table of the report, in reading order."""
    tables = report.tables
    found: list[Section | None] = [
        key_figures(report, lang),
        _count_table(tables["status"], lang),
        _count_table(tables["aarsag"], lang),
        _count_table(tables["maaned"], lang),
        _count_table(tables["forloeb"], lang),
        waiting_days(report, lang),
        _count_table(tables["partner"], lang),
        _count_table(tables["aabne"], lang),
        open_list(report, lang),
        _count_table(tables["udland"], lang),
        countries(report, lang),
        trend(report, lang),
    ]
    return [s for s in found if s is not None]
