"""Suppression for publication, property-based: for random tables no hidden count can be computed
from what is published — neither by solving rows and columns one at a time, nor by any linear
combination of them (checked with the rank of the equations) — and every small count is hidden."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import InputError
from app.report.suppression import (
    SECONDARY,
    computable,
    determined,
    published,
    suppress,
    with_totals,
)
from app.settings import PUBLISH_THRESHOLD, parse_publish_threshold

Cell = tuple[int, int]


def equations(rows: int, columns: int) -> list[list[Cell]]:
    """Each line of the grid with totals as the cells that add up to its last cell."""
    lines = [[(i, j) for j in range(columns)] for i in range(rows)]
    lines += [[(i, j) for i in range(rows)] for j in range(columns)]
    return lines


def solve_lines(grid: Sequence[Sequence[object]]) -> dict[Cell, Fraction]:
    """What a reader finds by solving each row and each column with one unknown, again and again
    until nothing changes (the attack named in the issue)."""
    rows, columns = len(grid), len(grid[0])
    known: dict[Cell, Fraction] = {
        (i, j): Fraction(v)
        for i, row in enumerate(grid)
        for j, v in enumerate(row)
        if isinstance(v, int)
    }
    found: dict[Cell, Fraction] = {}
    changed = True
    while changed:
        changed = False
        for line in equations(rows, columns):
            unknown = [c for c in line if c not in known]
            if len(unknown) != 1:
                continue
            *parts, total = line
            cell = unknown[0]
            if cell == total:
                value = sum((known[c] for c in parts), Fraction(0))
            else:
                value = known[total] - sum((known[c] for c in parts if c != cell), Fraction(0))
            known[cell] = found[cell] = value
            changed = True
    return found


def narrow_lines(grid: Sequence[Sequence[object]], threshold: int) -> dict[Cell, tuple[int, int]]:
    """The same solving, knowing also that "<t" means 1 … t−1 and that counts are never negative:
    each line bounds each hidden cell by its total minus the others' bounds. Returns the hidden
    cells pinned to one value."""
    rows, columns = len(grid), len(grid[0])
    big = 10**9
    bounds = {
        (i, j): ((1, threshold - 1) if v == f"<{threshold}" else (0, big))
        for i, row in enumerate(grid)
        for j, v in enumerate(row)
        if isinstance(v, str)
    }

    def value(c: Cell) -> tuple[int, int]:
        v = grid[c[0]][c[1]]
        return (v, v) if isinstance(v, int) else bounds[c]

    for _ in range(200):
        before = dict(bounds)
        for line in equations(rows, columns):
            *parts, total = line
            for c in [*parts, total]:
                if c not in bounds:
                    continue
                others = [value(o) for o in parts if o != c]
                low_others = sum(lo for lo, _hi in others)
                high_others = sum(hi for _lo, hi in others)
                lo, hi = bounds[c]
                t_lo, t_hi = value(total)
                if c == total:
                    new = (max(lo, low_others), min(hi, high_others))
                else:
                    new = (max(lo, t_lo - high_others), min(hi, t_hi - low_others))
                bounds[c] = new
        if bounds == before:
            break
    return {c: b for c, b in bounds.items() if b[0] == b[1]}


def matrix(rows: int, columns: int, hidden: Sequence[Cell]) -> np.ndarray:
    """The line equations restricted to the hidden cells (known cells go to the right side)."""
    index = {c: k for k, c in enumerate(hidden)}
    out = []
    for line in equations(rows, columns):
        *parts, total = line
        coefficients = [0.0] * len(hidden)
        for c in parts:
            if c in index:
                coefficients[index[c]] += 1
        if total in index:
            coefficients[index[total]] -= 1
        out.append(coefficients)
    return np.array(out).reshape(len(out), len(hidden))


def rank_determined(rows: int, columns: int, hidden: Sequence[Cell], weights: np.ndarray) -> bool:
    """Whether Σ weights·hidden is fixed by the equations: the weights lie in their row space."""
    a = matrix(rows, columns, hidden)
    if not hidden:
        return True
    r = np.linalg.matrix_rank(a)
    return bool(np.linalg.matrix_rank(np.vstack([a, weights])) == r)


small_heavy = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, 5))
    return [[draw(small_heavy) for _ in range(n)] for _ in range(m)]


@settings(max_examples=300)
@given(tables(), st.integers(3, 8))
def test_no_hidden_count_can_be_worked_out(cells: list[list[int]], threshold: int) -> None:
    grid = with_totals(cells)
    result = suppress(grid, threshold)
    shown = published(grid, result)
    # every count from 1 to threshold − 1 is hidden as "<t"; what is shown is the true count
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if 0 < value < threshold:
                expected = SECONDARY if (i, j) in result.masked else f"<{threshold}"
                assert shown[i][j] == expected
            elif (i, j) in result.secondary:
                assert shown[i][j] == SECONDARY
            else:
                assert shown[i][j] == value
    # solving rows and columns one at a time finds no hidden count
    assert solve_lines(shown) == {}
    # not even with the ranges "<t" and "never negative" give away
    assert narrow_lines(shown, threshold) == {}
    # nor does any combination of the equations
    hidden = sorted(result.hidden)
    for k, _cell in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[k] = 1
        assert not rank_determined(len(grid), len(grid[0]), hidden, unit), hidden[k]


@settings(max_examples=300)
@given(tables(), st.data())
def test_bridges_are_exactly_the_cells_linear_algebra_can_compute(
    cells: list[list[int]], data: st.DataObject
) -> None:
    grid = with_totals(cells)
    everything = [(i, j) for i in range(len(grid)) for j in range(len(grid[0]))]
    hidden = sorted(data.draw(st.sets(st.sampled_from(everything))))
    found = determined(hidden)
    for k, cell in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[k] = 1
        assert (cell in found) == rank_determined(len(grid), len(grid[0]), hidden, unit), cell
    # and a sum of several hidden cells
    weights = {c: data.draw(st.integers(-2, 2)) for c in hidden}
    vector = np.array([weights[c] for c in hidden], dtype=float)
    expected = rank_determined(len(grid), len(grid[0]), hidden, vector)
    assert computable((len(grid), len(grid[0])), hidden, weights) == expected


def test_the_checks_can_fail_primary_suppression_alone_leaks() -> None:
    grid = with_totals([[3, 10, 12], [20, 30, 40]])
    only_primary = [[("<5" if 0 < v < 5 else v) for v in row] for row in grid]
    assert solve_lines(only_primary) == {(0, 0): 3}
    assert determined({(0, 0)}) == {(0, 0)}


def test_a_bridge_between_two_protected_groups_is_found() -> None:
    """Each row and column has two hidden cells, yet the cell joining the two groups is exposed
    (the one-line-at-a-time solver cannot see it; the bridge test and the rank both do)."""
    group_a = [(0, 0), (0, 1), (1, 0), (1, 1)]
    group_b = [(2, 2), (2, 3), (3, 2), (3, 3)]
    hidden = [*group_a, *group_b, (1, 2)]
    assert determined(hidden) == {(1, 2)}
    suppressed = suppress(with_totals([[9] * 4] * 4), 5, hide=hidden)
    assert not determined(suppressed.hidden)


def test_two_small_counts_adding_up_to_two_are_protected() -> None:
    """123, <5, <5 | 125: the two add up to 2, so both would be 1."""
    grid = with_totals([[123, 1, 1], [100, 10, 20]])
    only_bridges_closed = [[123, "<5", "<5", 125], [100, "..", "..", 130], [223, 11, 21, 255]]
    assert solve_lines(only_bridges_closed) == {}
    assert narrow_lines(only_bridges_closed, 5) == {
        (0, 1): (1, 1),
        (0, 2): (1, 1),
        (1, 1): (10, 10),
        (1, 2): (20, 20),
    }
    shown = published(grid, suppress(grid, 5))
    assert narrow_lines(shown, 5) == {}


def test_example_table() -> None:
    grid = with_totals([[3, 10, 12], [20, 30, 2], [15, 0, 40]])
    shown = published(grid, suppress(grid, 5))
    assert shown == [
        ["<5", 10, "..", 25],
        ["..", 30, "<5", 52],
        [15, 0, 40, 55],
        [38, 40, 54, 132],
    ]


def test_a_tiny_table_where_the_bound_would_tell_shows_dots() -> None:
    # 1 + 1 = 2 with every cell "<3": the total is at least 2, so it is 2, and both are 1
    grid = with_totals([[1, 1]])
    result = suppress(grid, 3)
    assert result.masked
    assert narrow_lines(published(grid, result), 3) == {}


def test_a_one_cell_table_hides_its_totals_too() -> None:
    grid = with_totals([[3]])
    assert published(grid, suppress(grid, 5)) == [["<5", "<5"], ["<5", "<5"]]


def test_structural_zeros_are_never_hidden() -> None:
    # rows: a reason of kategori 2 and one of kategori 3; the other cell of each is zero by rule
    grid = with_totals([[3, 0], [0, 9]])
    result = suppress(grid, 5, structural={(0, 1), (1, 0)})
    assert not {(0, 1), (1, 0)} & result.hidden
    assert not determined(result.hidden)
    forced = suppress(grid, 5, structural={(0, 1), (1, 0)}, hide={(0, 1), (1, 1)})
    assert (0, 1) not in forced.hidden
    assert (1, 1) in forced.secondary


def test_the_threshold_is_honoured() -> None:
    grid = with_totals([[2, 3, 40], [7, 1, 50]])
    three = published(grid, suppress(grid, 3))
    assert three[0][0] == "<3" and three[1][1] == "<3" and three[0][1] != "<3"
    ten = published(grid, suppress(grid, 10))
    assert ten[0][0] == ten[0][1] == ten[1][1] == ten[1][0] == "<10"


def test_the_threshold_setting() -> None:
    assert PUBLISH_THRESHOLD.default == "5"
    assert parse_publish_threshold(" 3 ") == "3"
    assert parse_publish_threshold("１０") == "10"
    for bad in ("2", "1", "0", "101", "fem", "4.5", ""):
        with pytest.raises(InputError) as caught:
            parse_publish_threshold(bad)
        assert caught.value.field == "publish_threshold"
