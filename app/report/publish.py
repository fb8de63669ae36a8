"""The figures as a reader sees them: every count, or — for publication — small counts hidden.

:func:`present` turns a :class:`~app.report.figures.Summary` into a :class:`Report` whose values are
``int`` (shown) or ``str`` (hidden: ``"<5"`` or ``".."``). Without ``publish`` nothing is hidden.
PDF, XLSX, JSON and the GUI all show a :class:`Report`, so they always show the same numbers.

For publication (:mod:`app.report.suppression` per table):

- The tables of the period's pathways (status, forløb, partner, month, reason) all have the
  kategori columns, so they share one total row: the pathways per kategori and the grand total. A
  total hidden in one of them is hidden in all of them — the tables are suppressed again with the
  hidden totals forced until no table hides another (a fixed point) — so one table never gives away
  what another hides.
- A figure made from several cells (pathways per forløbstype summed over behandlingsform; a
  quarter of a year summed over its months) is shown only when a reader could compute it from the
  published table anyway (:func:`~app.report.suppression.computable`) — so it adds nothing — and
  hidden otherwise. Showing it only when all its cells are shown would not do: two of three
  subtotals and the total give away the third.
- A share in % is shown only when both its count and the total are shown; median and 90th
  percentile only for at least ``threshold`` pathways.
- The open pathways and the abroad counts are tables of their own. Lists of single pathways, the
  countries of the abroad counts and the distribution of waiting days are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.periods import Period
from app.report.figures import (
    ALL,
    KATEGORI_KEYS,
    NO_REASON,
    CountTable,
    OpenPathway,
    Summary,
    WaitStats,
    behandlingsform_totals,
    forloebstype_totals,
    share,
)
from app.report.suppression import (
    SECONDARY,
    Suppression,
    computable,
    primary_marker,
    suppress,
)

Value = int | str
"""A count as shown: the number, or the marker of a hidden count."""
Share = float | str | None
"""A share in % as shown: the number, a marker when hidden, None without pathways."""

LINKED = ("status", "forloeb", "partner", "maaned", "aarsag")
"""The tables against kategori 1/2/3 that share their total row."""
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class ShownTable:
    """A table as shown: ``values`` is the grid with totals (last row and column), hidden counts
    replaced by their marker."""

    table: CountTable
    values: tuple[tuple[Value, ...], ...]
    suppression: Suppression | None = None

    @property
    def rows(self) -> tuple[tuple[Value, ...], ...]:
        """The rows without the total row (each with its row total last)."""
        return self.values[:-1]

    @property
    def totals(self) -> tuple[Value, ...]:
        """The total row (column totals, the grand total last)."""
        return self.values[-1]

    @property
    def total(self) -> Value:
        return self.values[-1][-1]

    def row_total(self, key: str) -> Value:
        return self.values[self.table.row_keys.index(key)][-1]

    def by_row(self) -> dict[str, Value]:
        return {key: self.values[i][-1] for i, key in enumerate(self.table.row_keys)}

    def cell(self, row: str, column: str) -> Value:
        return self.values[self.table.row_keys.index(row)][self.table.column_keys.index(column)]

    def is_structural(self, i: int, j: int) -> bool:
        return (i, j) in self.table.structural


@dataclass(frozen=True)
class ShownWait:
    n: int
    median: float | str | None
    p90: int | str | None


@dataclass(frozen=True)
class ShownTrend:
    periode: str
    total: Value
    share: Share


@dataclass(frozen=True)
class Report:
    """What a reader of the overview sees (see the module's description)."""

    summary: Summary
    publish: bool
    threshold: int
    tables: dict[str, ShownTable]
    """``status``, ``forloeb``, ``partner``, ``maaned``, ``aarsag``, ``aabne``, ``udland``."""
    forloebstype: dict[str, Value]
    behandlingsform: dict[str, Value]
    kategori_pct: dict[str, Share]
    ventedage: dict[str, ShownWait]
    trend: tuple[ShownTrend, ...]
    open_rows: tuple[OpenPathway, ...]
    """Empty for publication."""
    by_land: dict[str, int]
    """Empty for publication."""
    show_histogram: bool

    @property
    def total(self) -> Value:
        return self.tables["status"].total

    @property
    def kategori(self) -> dict[str, Value]:
        return dict(zip(KATEGORI_KEYS, self.tables["status"].totals[:-1], strict=True))

    @property
    def afbrudte(self) -> Value:
        return self.tables["status"].row_total("afbrudt")

    @property
    def aarsag(self) -> dict[str, Value]:
        return {k: v for k, v in self.tables["aarsag"].by_row().items() if k != NO_REASON}

    @property
    def inden_for_frist_pct(self) -> Share:
        return self.kategori_pct["1"]


def _shown(table: CountTable, suppression: Suppression | None = None) -> ShownTable:
    grid = table.full()
    values = tuple(
        tuple(
            (suppression.marker((i, j)) if suppression else None) or value
            for j, value in enumerate(row)
        )
        for i, row in enumerate(grid)
    )
    return ShownTable(table, values, suppression)


def _derived(shown: ShownTable, cells: Iterable[tuple[int, int]], actual: int) -> Value:
    """A sum of cells of ``shown`` (grid coordinates, totals included): the number when a reader
    could compute it from the published table anyway, else a marker (``"<5"`` for a small sum)."""
    if shown.suppression is None:
        return actual
    grid = (len(shown.values), len(shown.values[0]))
    if computable(grid, shown.suppression.hidden, dict.fromkeys(cells, 1)):
        return actual
    threshold = shown.suppression.threshold
    return primary_marker(threshold) if 0 < actual < threshold else SECONDARY


def _sums(
    totals: dict[str, int], shown: ShownTable, group: dict[str, list[str]]
) -> dict[str, Value]:
    """Subtotals of row totals of ``shown``: ``totals`` (key → value), ``group`` (key → rows)."""
    last = len(shown.table.column_keys)
    index = {key: i for i, key in enumerate(shown.table.row_keys)}
    return {
        key: _derived(shown, [(index[r], last) for r in group.get(key, [])], actual)
        for key, actual in totals.items()
    }


def _share(count: Value, total: Value, part: int, whole: int) -> Share:
    if isinstance(count, str) or isinstance(total, str):
        return SECONDARY
    return share(part, whole)


def _suppress_linked(tables: dict[str, CountTable], threshold: int) -> dict[str, Suppression]:
    """Suppress the kategori tables together: a shared total hidden in one is hidden in all."""
    forced: set[int] = set()
    while True:
        result = {}
        for key in LINKED:
            table = tables[key]
            m = len(table.row_keys)
            result[key] = suppress(
                table.full(),
                threshold,
                structural=table.structural,
                hide={(m, j) for j in forced},
            )
        hidden = {
            j
            for key, sup in result.items()
            for i, j in sup.hidden
            if i == len(tables[key].row_keys)
        }
        if hidden <= forced:
            return result
        forced |= hidden


def _wait(stats: WaitStats, publish: bool, threshold: int) -> ShownWait:
    if publish and 0 < stats.n < threshold:
        return ShownWait(stats.n, SECONDARY, SECONDARY)
    return ShownWait(stats.n, stats.median, stats.p90)


def _groups(rows: Sequence[str], by: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in rows:
        kind, _sep, form = key.partition(":")
        name = kind if by == "forloebstype" else form
        if name:
            out.setdefault(name, []).append(key)
    return out


def _trend(
    summary: Summary, shown: dict[str, ShownTable], threshold: int, publish: bool
) -> tuple[ShownTrend, ...]:
    inside = (
        {str(Period(summary.period.year, q)) for q in (1, 2, 3, 4)}
        if summary.year
        else {str(summary.period)}
    )
    months = shown["maaned"]
    out = []
    for point in summary.trend:
        if not publish:
            out.append(ShownTrend(point.periode, point.total, point.share))
            continue
        if point.periode in inside and not summary.year:
            status = shown["status"]
            total, k1 = status.total, status.totals[0]
        elif point.periode in inside:
            quarter = Period.parse(point.periode)
            keys = [f"{quarter.year:04d}-{m:02d}" for m in quarter.months()]
            rows = [months.table.row_keys.index(k) for k in keys]
            total = _derived(months, [(i, len(KATEGORI_KEYS)) for i in rows], point.total)
            k1 = _derived(months, [(i, 0) for i in rows], point.kategori[0])
        else:
            own = CountTable("trend", (point.periode,), KATEGORI_KEYS, (point.kategori,))
            alone = _shown(own, suppress(own.full(), threshold))
            total, k1 = alone.total, alone.totals[0]
        out.append(
            ShownTrend(point.periode, total, _share(k1, total, point.kategori[0], point.total))
        )
    return tuple(out)


def present(
    summary: Summary, *, publish: bool = False, threshold: int = DEFAULT_THRESHOLD
) -> Report:
    """The summary as shown: all counts, or with ``publish`` small counts hidden (``threshold``:
    counts from 1 to ``threshold − 1`` are hidden, the installation setting ``publish_threshold``)."""
    tables = summary.tables
    own = {"aabne": summary.open.table, "udland": summary.abroad.table}
    if publish:
        linked = _suppress_linked(tables, threshold)
        shown = {key: _shown(tables[key], linked[key]) for key in LINKED}
        for key, table in own.items():
            shown[key] = _shown(table, suppress(table.full(), threshold))
    else:
        shown = {key: _shown(tables[key]) for key in LINKED}
        shown.update({key: _shown(table) for key, table in own.items()})
    row_keys = summary.tables["forloeb"].row_keys
    forloebstype = _sums(
        forloebstype_totals(tables["forloeb"].by_row()),
        shown["forloeb"],
        _groups(row_keys, "forloebstype"),
    )
    behandlingsform = _sums(
        behandlingsform_totals(tables["forloeb"].by_row()),
        shown["forloeb"],
        _groups(row_keys, "behandlingsform"),
    )
    status = shown["status"]
    kategori_pct = {
        key: _share(status.totals[j], status.total, summary.kategori[key], summary.total)
        for j, key in enumerate(KATEGORI_KEYS)
    }
    return Report(
        summary=summary,
        publish=publish,
        threshold=threshold,
        tables=shown,
        forloebstype=forloebstype,
        behandlingsform=behandlingsform,
        kategori_pct=kategori_pct,
        ventedage={
            key: _wait(stats, publish, threshold) for key, stats in summary.ventedage.items()
        },
        trend=_trend(summary, shown, threshold, publish),
        open_rows=() if publish else summary.open.rows,
        by_land={} if publish else dict(summary.abroad.by_land),
        show_histogram=not publish,
    )


__all__ = ["ALL", "Report", "ShownTable", "present"]
