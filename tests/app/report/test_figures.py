"""The quarter's figures on a small data set worked out by hand (report_data.py), on SQLite and
PostgreSQL: quarter edges, interrupted pathways, open ones at the period's end, partners, the
year, and what publication hides."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from report_data import CTX, EXPECTED, OTHER_SHAK, fill
from test_suppression import rank_determined

from app.domain.periods import Period
from app.report.figures import (
    KATEGORI_KEYS,
    CountTable,
    Summary,
    summarise,
    wait_stats,
)
from app.report.publish import present
from app.report.suppression import SECONDARY, determined, pinned
from app.store.engine import Store

Q2 = Period(2024, 2)


@pytest.fixture
def filled(store: Store) -> tuple[Store, dict[str, str]]:
    return store, fill(store)


@pytest.fixture
def q2(filled: tuple[Store, dict[str, str]]) -> Summary:
    store, _ids = filled
    with store.read() as s:
        return summarise(s, "1084", Q2, today=CTX.clock.today())


def rows(table: CountTable) -> dict[str, tuple[int, ...]]:
    names = table.row_names or table.row_keys
    return dict(zip(names, table.cells, strict=True))


def test_totals_categories_reasons_and_interrupted(q2: Summary) -> None:
    assert q2.total == EXPECTED["total"]
    assert q2.kategori == EXPECTED["kategori"]
    assert q2.aarsag == EXPECTED["aarsag"]
    assert q2.afbrudte == EXPECTED["afbrudte"]
    assert q2.afbrudte_kategori == EXPECTED["afbrudte_kategori"]
    assert q2.inden_for_frist_pct == pytest.approx(100 * 6 / 11)
    # the interrupted ones are inside the totals, not on top of them
    assert q2.tables["status"].cells == ((5, 2, 2), (1, 1, 0))


def test_the_tables_by_type_month_and_hospital(q2: Summary) -> None:
    assert rows(q2.tables["forloeb"]) == EXPECTED["forloeb"]
    assert q2.forloebstype == EXPECTED["forloebstype"]
    assert q2.behandlingsform == EXPECTED["behandlingsform"]
    assert rows(q2.tables["maaned"]) == EXPECTED["maaned"]
    assert rows(q2.tables["partner"]) == EXPECTED["partner"]
    assert q2.tables["partner"].row_keys[-1] == f"s{OTHER_SHAK}"


def test_every_table_adds_up_to_the_same_totals(q2: Summary) -> None:
    for key in ("status", "forloeb", "partner", "maaned", "aarsag"):
        table = q2.tables[key]
        assert table.column_totals == (6, 3, 2), key
        assert table.total == 11, key


def test_waiting_days_median_and_nearest_rank_90th_percentile(q2: Summary) -> None:
    got = {k: (w.n, w.median, w.p90) for k, w in q2.ventedage.items()}
    assert got == EXPECTED["ventedage"]


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ({}, None, None),
        ({5: 1}, 5.0, 5),
        ({1: 1, 2: 1}, 1.5, 2),
        ({d: 1 for d in range(1, 11)}, 5.5, 9),  # rank ⌈9⌉ = 9
        ({d: 1 for d in range(1, 71)}, 35.5, 63),  # 0.9 · 70 = 63 exactly (no float drift)
        ({3: 9, 40: 1}, 3.0, 3),
    ],
)
def test_wait_stats(values: dict[int, int], median: float | None, p90: int | None) -> None:
    stats = wait_stats(values)
    assert (stats.median, stats.p90) == (median, p90)


def test_open_pathways_at_the_end_of_the_period(
    q2: Summary, filled: tuple[Store, dict[str, str]]
) -> None:
    _store, ids = filled
    assert rows(q2.open.table) == EXPECTED["aabne"]
    assert (q2.open.total, q2.open.overdue, q2.open.cutoff) == (3, 2, date(2024, 6, 30))
    listed = {r.forloeb_id: (r.days_over, r.overdue, r.frist_foreloebig) for r in q2.open.rows}
    assert listed == {
        ids["p12"]: (15, True, False),
        ids["p16"]: (1, True, True),
        ids["p11"]: (-4, False, False),
    }
    assert q2.open.rows[0].forloeb_id == ids["p12"]  # earliest deadline first


def test_a_period_not_over_yet_counts_open_pathways_as_of_today(
    filled: tuple[Store, dict[str, str]],
) -> None:
    store, ids = filled
    with store.read() as s:
        k3 = summarise(s, "1084", Period(2024, 3), today=date(2024, 7, 15))
    assert k3.open.cutoff == date(2024, 7, 15)
    assert {r.forloeb_id for r in k3.open.rows} == {ids["p12"], ids["p16"], ids["p13"]}
    assert k3.total == 1  # p11, started 01-07


def test_trend_ends_with_the_quarter(q2: Summary) -> None:
    assert [t.periode for t in q2.trend] == [
        "2022K3",
        "2022K4",
        "2023K1",
        "2023K2",
        "2023K3",
        "2023K4",
        "2024K1",
        "2024K2",
    ]
    assert q2.trend[-2].kategori == EXPECTED["trend_2024K1"]
    assert q2.trend[-1].kategori == (6, 3, 2)
    assert q2.trend[0].share is None


def test_abroad_counts_of_the_year(q2: Summary) -> None:
    assert rows(q2.abroad.table) == {**EXPECTED["udland"], "EFTERBEHANDLING": (0, 0, 0, 0)}
    assert q2.abroad.by_land == {"DE": 1, "SE": 2}
    assert not q2.abroad.answered


def test_the_year(filled: tuple[Store, dict[str, str]]) -> None:
    store, _ids = filled
    with store.read() as s:
        year = summarise(s, "1084", Period(2024, 2), year=True, today=CTX.clock.today())
    assert year.label == "2024"
    assert (year.first_day, year.last_day) == (date(2024, 1, 1), date(2024, 12, 31))
    assert year.total == 13  # K1 p1 + K2's 11 + K3 p11
    assert year.kategori == {"1": 8, "2": 3, "3": 2}
    assert len(year.tables["maaned"].row_keys) == 12
    assert year.tables["maaned"].by_row()["2024-03"] == 1
    assert year.tables["maaned"].by_row()["2024-07"] == 1
    assert [t.periode for t in year.trend][-4:] == ["2024K1", "2024K2", "2024K3", "2024K4"]
    assert year.open.cutoff == CTX.clock.today()


def test_another_region_sees_none_of_it(filled: tuple[Store, dict[str, str]]) -> None:
    store, _ids = filled
    with store.read() as s:
        other = summarise(s, "1085", Q2, today=CTX.clock.today())
    assert other.total == 1
    assert other.open.total == 0


def test_publication_hides_small_counts_and_what_would_give_them_away(q2: Summary) -> None:
    report = present(q2, publish=True, threshold=5)
    assert report.total == 11  # 11 ≥ 5
    assert report.kategori["2"] == "<5"
    assert report.kategori["3"] == "<5"
    assert report.afbrudte == "<5"
    # a share is shown only with the count behind it
    assert report.kategori["1"] in (6, SECONDARY)
    if report.kategori["1"] == 6:
        assert report.inden_for_frist_pct == pytest.approx(100 * 6 / 11)
    else:
        assert report.inden_for_frist_pct == SECONDARY
    for key, shown in report.tables.items():
        hidden = shown.suppression.hidden if shown.suppression else frozenset()
        grid = shown.table.full()
        for i, row in enumerate(shown.values):
            for j, value in enumerate(row):
                if 0 < grid[i][j] < 5:
                    assert value == "<5", (key, i, j)
                elif (i, j) in hidden:
                    assert value == SECONDARY, (key, i, j)
                else:
                    assert value == grid[i][j], (key, i, j)
        assert not determined(hidden), key
        if shown.suppression:
            assert not pinned(grid, hidden, shown.suppression.primary, 5), key
    # the shared totals are hidden alike in every table
    totals = {key: report.tables[key].totals for key in ("status", "forloeb", "maaned", "aarsag")}
    assert len(set(totals.values())) == 1, totals


def test_without_publication_nothing_is_hidden(q2: Summary) -> None:
    report = present(q2)
    for key, shown in report.tables.items():
        assert [list(r) for r in shown.values] == shown.table.full(), key
    assert report.kategori == dict(zip(KATEGORI_KEYS, (6, 3, 2), strict=True))
    assert report.open_rows == q2.open.rows


def test_counts_come_from_group_by_not_from_loading_pathways(
    filled: tuple[Store, dict[str, str]],
) -> None:
    """Every statement summarise sends either groups or is limited: none returns one row per
    pathway without a LIMIT."""
    from sqlalchemy import event

    store, _ids = filled
    statements: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()).upper())

    event.listen(store.engine, "before_cursor_execute", remember)
    try:
        with store.read() as s:
            summarise(s, "1084", Q2, today=CTX.clock.today())
    finally:
        event.remove(store.engine, "before_cursor_execute", remember)
    on_pathways = [q for q in statements if "FROM PATHWAY" in q]
    assert on_pathways
    for query in on_pathways:
        assert "GROUP BY" in query or "LIMIT" in query, query


def test_a_published_year_shows_a_quarter_only_when_its_months_give_it_away_anyway(
    filled: tuple[Store, dict[str, str]],
) -> None:
    store, _ids = filled
    with store.read() as s:
        year = summarise(s, "1084", Period(2024, 4), year=True, today=CTX.clock.today())
    report = present(year, publish=True)
    months = report.tables["maaned"]
    by_quarter = {t.periode: t for t in report.trend}
    assert by_quarter["2024K4"].total == 0  # no pathways: zero is shown
    for q in (1, 2, 3):
        keys = [f"2024-{m:02d}" for m in Period(2024, q).months()]
        parts = [months.row_total(k) for k in keys]
        actual = sum(year.tables["maaned"].by_row()[k] for k in keys)
        shown = by_quarter[f"2024K{q}"].total
        if all(isinstance(p, int) for p in parts):
            assert shown == actual
            continue
        assert shown in (actual, "<5", SECONDARY)
        # shown with hidden parts only when the equations of the table fix the sum anyway
        assert months.suppression is not None
        hidden = sorted(months.suppression.hidden)
        rows = [months.table.row_keys.index(k) for k in keys]
        weights = np.array([1.0 if c in {(i, 3) for i in rows} else 0.0 for c in hidden])
        fixed = rank_determined(len(months.values), len(months.values[0]), hidden, weights)
        assert isinstance(shown, int) == fixed, (q, shown)
