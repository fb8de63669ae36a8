"""The figures of a quarter as plain objects: tables of counts, waiting days, open pathways, the
trend and the abroad counts (made by :func:`app.report.figures.summarise`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain import codes
from app.domain.periods import Period

KATEGORI_KEYS = ("1", "2", "3")
TREND_QUARTERS = 8
"""The trend shows the share within the deadline for this many quarters, the current one last."""
OPEN_ROWS_MAX = 200
"""At most this many open pathways are listed one by one (most overdue first); all are counted."""
ALL = "ALLE"
"""Key of the waiting-time figures over every forløbstype."""

STATUS_ROWS = ("afsluttet", "afbrudt")
NO_REASON = ""
"""Row key of the aarsag table for pathways without a reason (kategori 1)."""
OPEN_COLUMNS = ("inden_for_frist", "overskredet")


@dataclass(frozen=True)
class CountTable:
    """Counts: rows × columns, with totals computed from the cells.

    ``structural`` holds cells that are zero by definition (a reason of kategori 2 never has
    kategori 3); everyone knows them, so they are neither hidden nor used to hide another cell.
    ``row_names`` gives a ready label per row where the key is not a code (partner names).
    """

    key: str
    row_keys: tuple[str, ...]
    column_keys: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    structural: frozenset[tuple[int, int]] = frozenset()
    row_names: tuple[str, ...] = ()

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.cells)

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(row[j] for row in self.cells) for j in range(len(self.column_keys)))

    @property
    def total(self) -> int:
        return sum(self.row_totals)

    def full(self) -> list[list[int]]:
        """The table with its totals: a last column of row totals, a last row of column totals."""
        rows = [[*row, sum(row)] for row in self.cells]
        return [*rows, [*self.column_totals, self.total]]

    def row(self, key: str) -> tuple[int, ...]:
        return self.cells[self.row_keys.index(key)]

    def by_row(self) -> dict[str, int]:
        """Row key → row total."""
        return dict(zip(self.row_keys, self.row_totals, strict=True))


@dataclass(frozen=True)
class WaitStats:
    """Ventedage of a group of pathways.

    ``median`` is the ordinary median: the middle value of the sorted waiting days, or the mean of
    the two middle values when their number is even (so it may end in .5). ``p90`` is the 90th
    percentile by the **nearest-rank** method: the smallest number of days such that at least 90 %
    of the pathways waited that long or less — the value at rank ⌈0.9 · n⌉ (1-based) of the sorted
    waiting days. Both are ``None`` without pathways.
    """

    n: int
    median: float | None
    p90: int | None


@dataclass(frozen=True)
class TrendPoint:
    """One quarter of the trend: its pathways per kategori and the share within the deadline."""

    periode: str
    kategori: tuple[int, int, int]

    @property
    def total(self) -> int:
        return sum(self.kategori)

    @property
    def share(self) -> float | None:
        """Kategori 1 in % of all the quarter's pathways; None without pathways."""
        return share(self.kategori[0], self.total)


@dataclass(frozen=True)
class OpenPathway:
    """A pathway still waiting at the cut-off day (no CPR number: the report is not a worklist)."""

    forloeb_id: str
    forloebstype: str
    behandlingsform: str | None
    kraeftomraade: str
    partner: str
    henvisning_modtaget: date
    frist: date
    frist_foreloebig: bool
    days_over: int
    """Days past the deadline at the cut-off day (negative: days left)."""

    @property
    def overdue(self) -> bool:
        return self.days_over > 0


@dataclass(frozen=True)
class OpenAtEnd:
    """Pathways still waiting at the end of the period (or today, if the period is not over).

    Open at the cut-off day: referral received on or before it, and neither started nor
    interrupted by then (also when it ended later). Overdue: its deadline was before the cut-off
    day (the frist as it is now, which for a pathway still without consent is the provisional one).
    """

    cutoff: date
    table: CountTable
    """forløbstype × (inden_for_frist, overskredet)."""
    rows: tuple[OpenPathway, ...]
    """The most overdue first, at most :data:`OPEN_ROWS_MAX`."""

    @property
    def total(self) -> int:
        return self.table.total

    @property
    def overdue(self) -> int:
        return self.table.column_totals[1]


@dataclass(frozen=True)
class AbroadSummary:
    """The year's pathways at foreign hospitals (counted, not registered one by one)."""

    aar: int
    table: CountTable
    """forløbstype × kvartal 1–4."""
    by_land: dict[str, int]
    answered: bool
    ingen_udland: bool

    @property
    def total(self) -> int:
        return self.table.total


@dataclass(frozen=True)
class Summary:
    """The figures of a region's quarter or year. Tables are keyed by name:

    ``status`` (started / interrupted), ``forloeb`` (forløbstype, and behandlingsform for
    treatment: ``BEHANDLING:KIRURGI``), ``partner``, ``maaned`` (``YYYY-MM``) and ``aarsag`` (the
    reason codes plus ``""`` for kategori 1) — each against kategori 1/2/3.
    """

    region: str
    period: Period
    year: bool
    first_day: date
    last_day: date
    today: date
    tables: dict[str, CountTable]
    ventedage: dict[str, WaitStats]
    histogram: tuple[tuple[str, int, int, int], ...]
    """(forløbstype, ventedage, kategori, antal) for every combination that occurs."""
    open: OpenAtEnd
    abroad: AbroadSummary
    trend: tuple[TrendPoint, ...]

    @property
    def label(self) -> str:
        """``2024K2``, or ``2024`` for a year."""
        return str(self.period.year) if self.year else str(self.period)

    @property
    def total(self) -> int:
        return self.tables["status"].total

    @property
    def kategori(self) -> dict[str, int]:
        totals = self.tables["status"].column_totals
        return dict(zip(KATEGORI_KEYS, totals, strict=True))

    @property
    def afbrudte(self) -> int:
        return self.tables["status"].by_row()["afbrudt"]

    @property
    def afbrudte_kategori(self) -> dict[str, int]:
        return dict(zip(KATEGORI_KEYS, self.tables["status"].row("afbrudt"), strict=True))

    @property
    def aarsag(self) -> dict[str, int]:
        """Reason code → pathways, for every reason of kategori 2 and 3 (zeros included)."""
        return {k: v for k, v in self.tables["aarsag"].by_row().items() if k != NO_REASON}

    @property
    def forloebstype(self) -> dict[str, int]:
        return forloebstype_totals(self.tables["forloeb"].by_row())

    @property
    def behandlingsform(self) -> dict[str, int]:
        return behandlingsform_totals(self.tables["forloeb"].by_row())

    @property
    def inden_for_frist_pct(self) -> float | None:
        return share(self.kategori["1"], self.total)


def share(part: int, whole: int) -> float | None:
    """``part`` in % of ``whole``; None when ``whole`` is 0."""
    return 100.0 * part / whole if whole else None


def forloebstype_totals(rows: Mapping[str, Any]) -> dict[str, int]:
    """Forløb-table row totals summed per forløbstype (``BEHANDLING:KIRURGI`` → ``BEHANDLING``)."""
    out = {code: 0 for code in _codes("forloebstype")}
    for key, value in rows.items():
        kind = key.split(":", 1)[0]
        out[kind] = out.get(kind, 0) + value
    return out


def behandlingsform_totals(rows: Mapping[str, Any]) -> dict[str, int]:
    """Forløb-table row totals summed per behandlingsform (treatment and follow-up treatment)."""
    out = {code: 0 for code in _codes("behandlingsform")}
    for key, value in rows.items():
        _kind, _sep, form = key.partition(":")
        if form:
            out[form] = out.get(form, 0) + value
    return out


def _codes(name: str) -> list[str]:
    return [c.code for c in codes.code_list(name)]
