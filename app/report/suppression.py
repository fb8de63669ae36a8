"""Hiding small counts in tables meant for publication ("diskretionering").

A table here is a 2-D grid of counts *with its totals*: ``m`` rows × ``n`` columns of cells, a last
column of row totals and a last row of column totals with the grand total in the corner — an
``(m+1) × (n+1)`` grid, addressed ``(row, column)``; index ``m`` is the total row, ``n`` the total
column. Totals are cells like any other: they can be hidden too.

**Primary suppression.** Every count from 1 up to ``threshold − 1`` is hidden (shown ``"<5"`` with
the default threshold 5). Zeros are shown.

**Secondary suppression.** A hidden cell must not be computable from the published ones. The only
relations between the cells of such a table are the sums: each row of the grid adds up to its total
cell, each column likewise. Think of a graph with one node per grid row and one per grid column
(the total row and the total column included) and one edge per *hidden* cell, joining its row and
its column. A reader knows every other cell, so for each node the sum of its hidden edges is known
(the signs of the total cells aside). The values that fit are those of the published ones plus any
combination of *cycles* of hidden cells (+x, −x, +x, −x … round the cycle keeps every row and
column sum). So a hidden cell can be computed exactly if and only if it lies on no cycle — if its
edge is a **bridge** of the graph. A cell alone in its row is the simplest case (its row total minus
the others gives it away); a bridge between two groups of hidden cells is the subtle one (the sum of
one group's rows minus its columns gives it away). Solving the rows and columns one at a time never
finds more than the bridges, and a linear-algebra audit finds exactly them.

The algorithm: start with the primary cells (and any cell the caller wants hidden anyway, such as
a total shared with another table that is hidden there); while the hidden cells have a bridge, hide
one more cell chosen to put the first bridge on a cycle: a cell joining the bridge's two sides when
one exists (one cell closes a cycle), otherwise a cell that extends one side. Among the candidates
the cheapest is taken: a zero cell only when there is no other (a hidden zero can be worked out by
a reader who knows counts are never negative) and the grand total last; then a candidate that
closes a cycle, then one that reaches other hidden cells (one cell now often saves two later); then
a cell inside the table before a total; then the smallest count (least information lost); ties by
position, so the result is deterministic. Every step hides one more cell, so the
loop ends; when every cell is hidden no bridge is left (a complete grid of at least 2 × 2 nodes has
a cycle through every edge).

**Ranges.** A reader also knows that a ``"<5"`` count lies between 1 and 4 and that no count is
negative, and that can pin a count down where the sums alone do not: two ``"<5"`` in a row whose
hidden part adds up to 2 are both 1. So when no bridge is left, the ranges a reader can narrow each
hidden count to are worked out line by line (:func:`ranges`, the row-and-column solving with
bounds), and a count pinned to one value gets one more hidden cell in its row or column; then the
bridges are checked again. (This catches what rows and columns solved one at a time give away;
a reader with a linear-programming solver, using all of them at once, might narrow a range
further.)

Structural zeros — cells that are zero by definition, known to every reader — are never hidden and
never used for hiding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Cell = tuple[int, int]
SECONDARY = ".."


def primary_marker(threshold: int) -> str:
    """How a primary suppressed count is shown: ``"<5"`` for threshold 5."""
    return f"<{threshold}"


@dataclass(frozen=True)
class Suppression:
    """Which cells of a grid with totals are hidden, and why."""

    threshold: int
    primary: frozenset[Cell]
    secondary: frozenset[Cell]
    masked: frozenset[Cell] = frozenset()
    """Small counts shown as ``".."``, not ``"<5"``: in a tiny table where nothing else is left to
    hide, the bound 1–4 alone would give them away."""

    @property
    def hidden(self) -> frozenset[Cell]:
        return self.primary | self.secondary

    def marker(self, cell: Cell) -> str | None:
        """``"<5"`` for a primary cell, ``".."`` for a secondary one, None when shown."""
        if cell in self.masked:
            return SECONDARY
        if cell in self.primary:
            return primary_marker(self.threshold)
        if cell in self.secondary:
            return SECONDARY
        return None


def with_totals(cells: Sequence[Sequence[int]], columns: int | None = None) -> list[list[int]]:
    """The grid with totals for ``cells`` (``m`` rows of ``n`` counts); ``columns`` gives ``n``
    when there are no rows."""
    n = len(cells[0]) if cells else (columns or 0)
    rows = [[*row, sum(row)] for row in cells]
    totals = [sum(row[j] for row in cells) for j in range(n)]
    return [*rows, [*totals, sum(totals)]]


def primary_cells(
    grid: Sequence[Sequence[int]], threshold: int, structural: Iterable[Cell] = ()
) -> set[Cell]:
    """The cells whose count is from 1 to ``threshold − 1``."""
    fixed = set(structural)
    return {
        (i, j)
        for i, row in enumerate(grid)
        for j, value in enumerate(row)
        if 0 < value < threshold and (i, j) not in fixed
    }


def _adjacency(hidden: Iterable[Cell]) -> dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]]:
    graph: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for cell in hidden:
        row, col = ("r", cell[0]), ("c", cell[1])
        graph.setdefault(row, []).append((col, cell))
        graph.setdefault(col, []).append((row, cell))
    return graph


def _component(
    graph: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]],
    start: tuple[str, int],
    without: Cell | None = None,
) -> set[tuple[str, int]]:
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        for other, cell in graph.get(node, []):
            if cell != without and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def determined(hidden: Iterable[Cell]) -> set[Cell]:
    """The hidden cells a reader can compute exactly from the rest of the grid: the bridges of the
    graph of hidden cells (see the module's description)."""
    cells = set(hidden)
    graph = _adjacency(cells)
    return {
        cell
        for cell in cells
        if ("c", cell[1]) not in _component(graph, ("r", cell[0]), without=cell)
    }


def computable(shape: tuple[int, int], hidden: Iterable[Cell], weights: Mapping[Cell, int]) -> bool:
    """Whether the sum ``Σ weights[cell] · value(cell)`` can be computed exactly by a reader of
    the grid (``shape``: rows × columns of the grid with totals) who sees every cell but the
    ``hidden`` ones — e.g. a subtotal of several rows, some of them hidden.

    Seen as flows: with the signs of the total cells folded in (a total counts negatively against
    its row or column), the hidden values a reader cannot pin down are exactly the published
    values plus combinations of cycles of hidden cells, each cycle alternating +x and −x. The sum
    is computable if and only if every cycle leaves it unchanged; checking the fundamental cycles
    of a spanning forest is enough, since they span all cycles.
    """
    rows, columns = shape
    cells = set(hidden)
    weight = {c: w for c, w in weights.items() if c in cells and w}
    if not weight:
        return True

    def sign(cell: Cell) -> int:  # −1 for a row or column total, +1 inside and for the corner
        return -1 if (cell[0] == rows - 1) != (cell[1] == columns - 1) else 1

    graph = _adjacency(cells)
    parent: dict[tuple[str, int], tuple[tuple[str, int], Cell] | None] = {}
    depth: dict[tuple[str, int], int] = {}
    tree: set[Cell] = set()
    for root in graph:
        if root in parent:
            continue
        parent[root], depth[root] = None, 0
        todo = [root]
        while todo:
            node = todo.pop()
            for other, cell in graph[node]:
                if other not in parent:
                    parent[other], depth[other] = (node, cell), depth[node] + 1
                    tree.add(cell)
                    todo.append(other)

    def step(cell: Cell, start: tuple[str, int]) -> int:
        """+1 when a cycle passes ``cell`` from its row to its column, −1 the other way."""
        return 1 if start[0] == "r" else -1

    for cell in cells - tree:
        # The cycle: across ``cell`` from its row to its column, then back through the tree.
        total = weight.get(cell, 0) * sign(cell)
        a, b = ("c", cell[1]), ("r", cell[0])  # walk from the column end back to the row end
        path_a: list[tuple[Cell, tuple[str, int]]] = []
        path_b: list[tuple[Cell, tuple[str, int]]] = []
        while a != b:
            if depth[a] >= depth[b]:
                up = parent[a]
                assert up is not None
                path_a.append((up[1], a))  # traversed from a towards its parent
                a = up[0]
            else:
                up = parent[b]
                assert up is not None
                path_b.append((up[1], up[0]))  # traversed from the parent down to b
                b = up[0]
        for edge, start in path_a + path_b:
            total += weight.get(edge, 0) * sign(edge) * step(edge, start)
        if total:
            return False
    return True


def _cost(cell: Cell, grid: Sequence[Sequence[int]], link: int) -> tuple[int, ...]:
    """Lower is better: (kind of count, ``link``, a total?, count, row, column)."""
    i, j = cell
    m, n = len(grid) - 1, len(grid[0]) - 1
    value = grid[i][j]
    is_total = i == m or j == n
    if i == m and j == n:
        rank = 3
    elif value == 0:
        rank = 2 if is_total else 1
    else:
        rank = 0
    return (rank, link, int(is_total), value, i, j)


def _next_cell(
    grid: Sequence[Sequence[int]],
    hidden: set[Cell],
    fixed: set[Cell],
    bridge: Cell,
) -> Cell | None:
    graph = _adjacency(hidden)
    side_a = _component(graph, ("r", bridge[0]), without=bridge)
    side_b = _component(graph, ("c", bridge[1]), without=bridge)
    rows_a = {k for t, k in side_a if t == "r"}
    cols_a = {k for t, k in side_a if t == "c"}
    rows_b = {k for t, k in side_b if t == "r"}
    cols_b = {k for t, k in side_b if t == "c"}
    best: tuple[tuple[int, ...], Cell] | None = None
    for i, row in enumerate(grid):
        for j in range(len(row)):
            cell = (i, j)
            if cell in hidden or cell in fixed:
                continue
            touches = i in rows_a or i in rows_b or j in cols_a or j in cols_b
            if not touches:
                continue
            if (i in rows_a and j in cols_b) or (i in rows_b and j in cols_a):
                link = 0  # closes a cycle through the bridge
            elif ("r", i) in graph and ("c", j) in graph:
                link = 1  # joins hidden cells elsewhere: a cycle is near
            else:
                link = 2
            cost = _cost(cell, grid, link)
            if best is None or cost < best[0]:
                best = (cost, cell)
    return best[1] if best else None


def lines(rows: int, columns: int) -> list[list[Cell]]:
    """Every row and column of a grid with totals, its total cell last."""
    out = [[(i, j) for j in range(columns)] for i in range(rows)]
    return out + [[(i, j) for i in range(rows)] for j in range(columns)]


def ranges(
    grid: Sequence[Sequence[int]], hidden: Iterable[Cell], primary: Iterable[Cell], threshold: int
) -> dict[Cell, tuple[float, float]]:
    """What a reader can narrow each hidden count down to, line by line: a ``"<5"`` count lies in
    1–4, any other hidden count is at least 0, and each row and column adds up to its total. The
    bounds are tightened with one line at a time, again and again until nothing changes."""
    cells = set(hidden)
    small = set(primary)
    bounds: dict[Cell, tuple[float, float]] = {
        c: ((1, threshold - 1) if c in small else (0, math.inf)) for c in cells
    }
    equations = []
    for line in lines(len(grid), len(grid[0])):
        *parts, total = line
        terms = [(c, 1) for c in parts if c in cells] + ([(total, -1)] if total in cells else [])
        if terms:
            known = sum(grid[i][j] for i, j in parts if (i, j) not in cells)
            known -= 0 if total in cells else grid[total[0]][total[1]]
            equations.append((terms, known))  # Σ coef·x + known = 0
    for _round in range(100):
        changed = False
        for terms, known in equations:
            for cell, coef in terms:
                low: float = -known  # coef·x = −known − Σ others
                high: float = -known
                for other, c in terms:
                    if other == cell:
                        continue
                    lo, hi = bounds[other]
                    low -= c * hi if c > 0 else c * lo
                    high -= c * lo if c > 0 else c * hi
                if coef < 0:
                    low, high = -high, -low
                lo, hi = bounds[cell]
                new = (max(lo, low), min(hi, high))
                if new != (lo, hi):
                    bounds[cell] = new
                    changed = True
        if not changed:
            break
    return bounds


def pinned(
    grid: Sequence[Sequence[int]], hidden: Iterable[Cell], primary: Iterable[Cell], threshold: int
) -> set[Cell]:
    """Hidden cells whose range (:func:`ranges`) has shrunk to one value."""
    return {c for c, (lo, hi) in ranges(grid, hidden, primary, threshold).items() if lo >= hi}


def _widen(
    grid: Sequence[Sequence[int]], hidden: set[Cell], fixed: set[Cell], cell: Cell
) -> Cell | None:
    """One more cell in the row or column of ``cell``, so that its range opens up again."""
    graph = _adjacency(hidden)
    best: tuple[tuple[int, ...], Cell] | None = None
    for candidate in [(cell[0], j) for j in range(len(grid[0]))] + [
        (i, cell[1]) for i in range(len(grid))
    ]:
        if candidate in hidden or candidate in fixed:
            continue
        i, j = candidate
        link = 0 if ("r", i) in graph and ("c", j) in graph else 1
        cost = _cost(candidate, grid, link)
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1] if best else None


def suppress(
    grid: Sequence[Sequence[int]],
    threshold: int,
    *,
    structural: Iterable[Cell] = (),
    hide: Iterable[Cell] = (),
) -> Suppression:
    """Primary and secondary suppression of ``grid`` (a grid *with* totals, see
    :func:`with_totals`). ``hide`` are cells to hide in any case (counted as secondary unless
    they are small themselves); ``structural`` cells are never hidden."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    fixed = set(structural)
    primary = primary_cells(grid, threshold, fixed)
    hidden = primary | (set(hide) - fixed)
    masked: set[Cell] = set()
    while True:
        bridges = sorted(determined(hidden))
        if bridges:
            extra = _next_cell(grid, hidden, fixed, bridges[0])
        else:
            exposed = sorted(pinned(grid, hidden, primary - masked, threshold))
            if not exposed:
                break
            extra = next((c for c in (_widen(grid, hidden, fixed, e) for e in exposed) if c), None)
            if extra is None:  # nothing left to hide: stop showing the bound of small counts
                small = {c for c in exposed if c in primary} - masked
                if not small:
                    break
                masked |= small
                continue
        if extra is None:  # every usable cell is hidden already: nothing more can be done
            break
        hidden.add(extra)
    return Suppression(
        threshold, frozenset(primary), frozenset(hidden - primary), frozenset(masked)
    )


def published(grid: Sequence[Sequence[int]], suppression: Suppression) -> list[list[int | str]]:
    """The grid as published: hidden cells replaced by their marker."""
    return [
        [suppression.marker((i, j)) or value for j, value in enumerate(row)]
        for i, row in enumerate(grid)
    ]
