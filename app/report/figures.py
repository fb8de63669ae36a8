"""The figures of a quarter (or a year) for one region, counted in SQL.

Which pathways count: those of the region whose **end date** lies in the period (``start``, or
``afbrudt`` for an interrupted pathway) — exactly the pathways of the national file
(:func:`app.services.export.pathway_rows`), interrupted ones included. They are counted in the
totals and shown apart as well (the ``status`` table).

Every count comes from ``GROUP BY`` queries: one query groups the period's pathways by every
dimension the tables need (status, kategori, aarsag, forløbstype, behandlingsform, partner, month),
and all tables are sums over that one result, so they always agree with each other; the number of
groups depends on the number of codes, partners and months, never on the number of pathways.

Tables are :class:`CountTable`: a row dimension against kategori 1/2/3 (the abroad and open tables
have their own columns), with row and column totals — the shape the suppression for publication
(:mod:`app.report.suppression`) works on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from sqlalchemy import ColumnElement, case, extract, func, or_, select
from sqlalchemy.orm import Session

from app.domain import codes
from app.domain.periods import Period
from app.report.model import (
    ALL,
    KATEGORI_KEYS,
    NO_REASON,
    OPEN_COLUMNS,
    OPEN_ROWS_MAX,
    STATUS_ROWS,
    TREND_QUARTERS,
    AbroadSummary,
    CountTable,
    OpenAtEnd,
    OpenPathway,
    Summary,
    TrendPoint,
    WaitStats,
    behandlingsform_totals,
    forloebstype_totals,
    share,
)
from app.services import abroad as abroad_service
from app.store.models import Partner, Pathway

__all__ = [
    "ALL",
    "KATEGORI_KEYS",
    "NO_REASON",
    "AbroadSummary",
    "CountTable",
    "OpenAtEnd",
    "OpenPathway",
    "Summary",
    "TrendPoint",
    "WaitStats",
    "behandlingsform_totals",
    "forloebstype_totals",
    "range_of",
    "share",
    "summarise",
    "wait_stats",
]


def _codes(name: str) -> list[str]:
    return [c.code for c in codes.code_list(name)]


def range_of(period: Period, year: bool) -> tuple[date, date, list[str]]:
    """First day, last day and the quarters (``YYYYKn``) of a quarter or of its year."""
    if not year:
        return period.first_day, period.last_day, [str(period)]
    quarters = [Period(period.year, q) for q in (1, 2, 3, 4)]
    return quarters[0].first_day, quarters[-1].last_day, [str(q) for q in quarters]


def _months(first: date, last: date) -> list[str]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _in_periods(region: str, quarters: Sequence[str]) -> list[ColumnElement[bool]]:
    return [
        Pathway.deleted.is_(False),
        Pathway.region == region,
        Pathway.status != "aaben",
        Pathway.periode.in_(list(quarters)),
    ]


def _table(
    key: str,
    row_keys: Sequence[str],
    column_keys: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    *,
    expected: Mapping[str, Iterable[str]] | None = None,
    row_names: Sequence[str] = (),
) -> CountTable:
    """A table from ``{(row, column): n}``; rows found in ``counts`` but not listed are added.

    ``expected`` names, per row, the columns that may hold pathways; other zero cells are structural.
    """
    rows = list(row_keys)
    rows += sorted({r for r, _c in counts} - set(rows))
    cells = tuple(tuple(counts.get((r, c), 0) for c in column_keys) for r in rows)
    structural: set[tuple[int, int]] = set()
    if expected is not None:
        for i, r in enumerate(rows):
            allowed = set(expected.get(r, column_keys))
            for j, c in enumerate(column_keys):
                if c not in allowed and cells[i][j] == 0:
                    structural.add((i, j))
    return CountTable(
        key=key,
        row_keys=tuple(rows),
        column_keys=tuple(column_keys),
        cells=cells,
        structural=frozenset(structural),
        row_names=tuple(row_names),
    )


def _forloeb_rows() -> list[str]:
    rows = []
    for kind in _codes("forloebstype"):
        if kind == codes.Forloebstype.UDREDNING:
            rows.append(kind)
        else:
            rows += [f"{kind}:{form}" for form in _codes("behandlingsform")]
    return rows


def _partner_rows(
    session: Session, counts: Mapping[tuple[int | None, str], Mapping[str, int]]
) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """Partner rows: a registered partner by its id, a pathway without one by its performing SHAK
    (named after a partner with that SHAK code when there is one). Named ones first, by name."""
    partners = {p.id: p for p in session.scalars(select(Partner))}
    by_shak = {p.shak: p for p in partners.values()}
    merged: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: dict[str, str] = {}
    for (partner_id, shak), per_kategori in counts.items():
        partner = partners.get(partner_id) if partner_id is not None else by_shak.get(shak)
        if partner is not None:
            key, label = f"p{partner.id}", f"{partner.name} ({partner.shak})"
        else:
            key, label = f"s{shak}", shak
        labels[key] = label
        for kategori, n in per_kategori.items():
            merged[key][kategori] += n
    ordered = sorted(labels, key=lambda k: (k.startswith("s"), labels[k].casefold(), k))
    flat = {(k, c): n for k in ordered for c, n in merged[k].items()}
    return ordered, [labels[k] for k in ordered], flat


def _tables(
    session: Session, region: str, quarters: Sequence[str], months: list[str]
) -> dict[str, CountTable]:
    end = func.coalesce(Pathway.start, Pathway.afbrudt)
    year_col = extract("year", end).label("aar")
    month_col = extract("month", end).label("maaned")
    dims = (
        Pathway.status,
        Pathway.kategori,
        Pathway.aarsag,
        Pathway.forloebstype,
        Pathway.behandlingsform,
        Pathway.partner_id,
        Pathway.udfoerende_shak,
        year_col,
        month_col,
    )
    query = select(*dims, func.count()).where(*_in_periods(region, quarters)).group_by(*dims)
    status: dict[tuple[str, str], int] = defaultdict(int)
    forloeb: dict[tuple[str, str], int] = defaultdict(int)
    maaned: dict[tuple[str, str], int] = defaultdict(int)
    aarsag: dict[tuple[str, str], int] = defaultdict(int)
    partner: dict[tuple[int | None, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for st, kat, reason, kind, form, partner_id, shak, aar, month, n in session.execute(query):
        k = str(kat)
        status[(st, k)] += n
        forloeb[(f"{kind}:{form}" if form else kind, k)] += n
        maaned[(f"{int(aar):04d}-{int(month):02d}", k)] += n
        aarsag[(reason or NO_REASON, k)] += n
        partner[(partner_id, shak)][k] += n
    reasons = [NO_REASON, *(a.code for a in codes.aarsager())]
    expected = {a.code: [str(a.kategori)] for a in codes.aarsager()}
    expected[NO_REASON] = ["1"]
    partner_keys, partner_labels, partner_counts = _partner_rows(session, partner)
    return {
        "status": _table("status", STATUS_ROWS, KATEGORI_KEYS, status),
        "forloeb": _table("forloeb", _forloeb_rows(), KATEGORI_KEYS, forloeb),
        "partner": _table(
            "partner", partner_keys, KATEGORI_KEYS, partner_counts, row_names=partner_labels
        ),
        "maaned": _table("maaned", months, KATEGORI_KEYS, maaned),
        "aarsag": _table("aarsag", reasons, KATEGORI_KEYS, aarsag, expected=expected),
    }


def _histogram(
    session: Session, region: str, quarters: Sequence[str]
) -> tuple[tuple[str, int, int, int], ...]:
    dims = (Pathway.forloebstype, Pathway.ventedage, Pathway.kategori)
    query = (
        select(*dims, func.count())
        .where(*_in_periods(region, quarters), Pathway.ventedage.is_not(None))
        .group_by(*dims)
        .order_by(*dims)
    )
    return tuple(
        (kind, int(days or 0), int(kat or 0), int(n))
        for kind, days, kat, n in session.execute(query)
    )


def wait_stats(values: Mapping[int, int]) -> WaitStats:
    """Median and 90th percentile (see :class:`WaitStats`) from ``{ventedage: pathways}``."""
    n = sum(values.values())
    if n == 0:
        return WaitStats(0, None, None)
    ordered = sorted(values.items())

    def at_rank(rank: int) -> int:  # 1-based rank in the sorted waiting days
        seen = 0
        for days, count in ordered:
            seen += count
            if seen >= rank:
                return days
        raise AssertionError("rank beyond the data")  # pragma: no cover

    median = (at_rank((n + 1) // 2) + at_rank(n // 2 + 1)) / 2
    return WaitStats(n, median, at_rank(-(-9 * n // 10)))  # ⌈0.9·n⌉ in whole numbers


def _wait_stats(histogram: Iterable[tuple[str, int, int, int]]) -> dict[str, WaitStats]:
    per: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for kind, days, _kat, n in histogram:
        per[ALL][days] += n
        per[kind][days] += n
    return {key: wait_stats(per.get(key, {})) for key in (ALL, *_codes("forloebstype"))}


def _trend(session: Session, region: str, last: Period) -> tuple[TrendPoint, ...]:
    quarters = [last]
    while len(quarters) < TREND_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    names = [str(q) for q in quarters]
    query = (
        select(Pathway.periode, Pathway.kategori, func.count())
        .where(*_in_periods(region, names))
        .group_by(Pathway.periode, Pathway.kategori)
    )
    counts = {(str(p), int(k or 0)): int(n) for p, k, n in session.execute(query)}
    return tuple(
        TrendPoint(
            name, (counts.get((name, 1), 0), counts.get((name, 2), 0), counts.get((name, 3), 0))
        )
        for name in names
    )


def _open_at(session: Session, region: str, cutoff: date) -> OpenAtEnd:
    end = func.coalesce(Pathway.start, Pathway.afbrudt)
    waiting = [
        Pathway.deleted.is_(False),
        Pathway.region == region,
        Pathway.henvisning_modtaget <= cutoff,
        or_(end.is_(None), end > cutoff),
    ]
    overdue = case((Pathway.frist < cutoff, OPEN_COLUMNS[1]), else_=OPEN_COLUMNS[0]).label("over")
    query = (
        select(Pathway.forloebstype, overdue, func.count())
        .where(*waiting)
        .group_by(Pathway.forloebstype, overdue)
    )
    counts = {(kind, col): int(n) for kind, col, n in session.execute(query)}
    table = _table("aabne", _codes("forloebstype"), OPEN_COLUMNS, counts)
    listed = (
        select(
            Pathway.forloeb_id,
            Pathway.forloebstype,
            Pathway.behandlingsform,
            Pathway.kraeftomraade,
            Partner.name,
            Pathway.udfoerende_shak,
            Pathway.henvisning_modtaget,
            Pathway.frist,
            Pathway.frist_foreloebig,
        )
        .outerjoin(Partner, Partner.id == Pathway.partner_id)
        .where(*waiting)
        .order_by(Pathway.frist, Pathway.henvisning_modtaget, Pathway.forloeb_id)
        .limit(OPEN_ROWS_MAX)
    )
    rows = tuple(
        OpenPathway(
            forloeb_id=fid,
            forloebstype=kind,
            behandlingsform=form or None,
            kraeftomraade=area,
            partner=name or shak,
            henvisning_modtaget=henvisning,
            frist=frist,
            frist_foreloebig=bool(provisional),
            days_over=(cutoff - frist).days,
        )
        for fid, kind, form, area, name, shak, henvisning, frist, provisional in session.execute(
            listed
        )
    )
    return OpenAtEnd(cutoff=cutoff, table=table, rows=rows)


def _abroad(session: Session, region: str, aar: int) -> AbroadSummary:
    year = abroad_service.list_year(session, region, aar)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in year.rows:
        counts[(row.forloebstype, str(row.kvartal))] += row.antal
    table = _table("udland", _codes("forloebstype"), ("1", "2", "3", "4"), counts)
    return AbroadSummary(
        aar=aar,
        table=table,
        by_land=dict(year.by_land),
        answered=year.answer is not None,
        ingen_udland=bool(year.answer and year.answer.ingen_udland),
    )


def summarise(
    session: Session, region: str, period: Period, *, year: bool = False, today: date
) -> Summary:
    """The figures of ``region`` for the quarter ``period``, or with ``year`` for its whole year.

    ``today`` bounds the open pathways: for a period not yet over they are counted as of today.
    """
    first, last, quarters = range_of(period, year)
    histogram = _histogram(session, region, quarters)
    tables = _tables(session, region, quarters, _months(first, last))
    last_quarter = Period(period.year, 4) if year else period
    return Summary(
        region=region,
        period=period,
        year=year,
        first_day=first,
        last_day=last,
        today=today,
        tables=tables,
        ventedage=_wait_stats(histogram),
        histogram=histogram,
        open=_open_at(session, region, min(last, today)),
        abroad=_abroad(session, region, period.year),
        trend=_trend(session, region, last_quarter),
    )
