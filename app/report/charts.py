"""The overview's charts, drawn with matplotlib without a window.

Each function returns a :class:`matplotlib.figure.Figure` made directly (never ``pyplot``, so no
GUI backend is chosen and nothing is kept in a global state): :func:`png` renders one with the Agg
canvas; the GUI puts the same figure on matplotlib's Qt canvas.

Colours are the Okabe–Ito palette (readable with the common colour-vision deficiencies), and every
category also has its own hatching and a label, so the charts read in black and white too.
Hidden counts (a report for publication) are not drawn; their marker is written where the bar
would be.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from app.report import labels
from app.report.figures import KATEGORI_KEYS
from app.report.publish import Report, Share, Value

MIXED = "skjult"
"""Key of a bar whose split by kategori is hidden (publication): drawn grey, dotted."""
COLOURS = {"1": "#0072B2", "2": "#E69F00", "3": "#D55E00", MIXED: "#bdbdbd"}
HATCHES = {"1": "", "2": "///", "3": "xxx", MIXED: "..."}
EDGE = "#333333"
TEXT = "#222222"
GRID = "#d9d9d9"
MUTED = "#555555"
WIDTH_IN = 7.2
"""Width of every chart in inches (fits an A4 page with margins)."""
WAIT_CAP = 60
"""Waiting days above this are drawn in one last bar ("60+")."""
DEADLINES = {"UDREDNING": 14, "BEHANDLING": 28, "EFTERBEHANDLING": 14}
"""Per forløbstype, the day marked: the deadline counted from the referral (udredning), the longest
possible one (behandling: 14 days from consent, at most 28 from the referral), or the deadline
when consent came first (efterbehandling: 14 days from the later of referral and consent). Each
subplot's title says which."""


def png(figure: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (Agg)."""
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _style(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(colors=TEXT, labelsize=8.5)
    ax.yaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _number(value: Value, lang: str | None = None) -> str:
    return labels.number(value, lang)


def _height(value: Value) -> int:
    return value if isinstance(value, int) else 0


def _empty(ax: Axes, lang: str | None) -> None:
    ax.text(
        0.5,
        0.5,
        labels.text("report.chart.empty", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=TEXT,
    )
    ax.set_xticks([])
    ax.set_yticks([])


def _look(key: str) -> dict[str, Any]:
    """Fill, hatching and edge of a kategori's bars."""
    return {"facecolor": COLOURS[key], "hatch": HATCHES[key], "edgecolor": EDGE, "linewidth": 0.5}


def _legend_patch(key: str, lang: str | None) -> Patch:
    return Patch(
        facecolor=COLOURS[key],
        hatch=HATCHES[key],
        edgecolor=EDGE,
        linewidth=0.5,
        label=labels.text(f"report.kategori_legend.{key}", lang),
    )


def months_chart(
    months: Sequence[str],
    counts: Mapping[str, Sequence[Value]],
    totals: Sequence[Value],
    *,
    lang: str | None = None,
    threshold: int | None = None,
) -> Figure:
    """Pathways per month, stacked by kategori; below, the overruns (kategori 2 and 3) on their
    own scale, since they are few beside kategori 1.

    ``months`` are ``YYYY-MM`` keys; ``counts`` maps ``"1"``/``"2"``/``"3"`` to one value per month.
    """
    figure = _figure(4.6)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[2.2, 1])
    x = list(range(len(months)))
    names = [labels.month_label(m, lang, short=True) for m in months]
    if len(months) <= 3:
        names = [labels.month_label(m, lang) for m in months]
    if not any(_height(t) for t in totals) and all(isinstance(t, int) for t in totals):
        _empty(top, lang)
        bottom.set_visible(False)
        return figure
    _style(top)
    _style(bottom)
    used: set[str] = set()
    peaks = {"top": 1, "bottom": 1}
    for i, total in enumerate(totals):
        parts = [counts[k][i] for k in KATEGORI_KEYS]
        over: list[tuple[str, int]] = []
        if all(isinstance(v, int) for v in parts):
            stack = [(k, _height(v)) for k, v in zip(KATEGORI_KEYS, parts, strict=True)]
            over = stack[1:]
        elif isinstance(total, int):  # the split is hidden, the month's total is not
            stack = [(MIXED, total)]
            if isinstance(parts[0], int):  # kategori 1 shown: 2 + 3 = total − 1 is no secret
                over = [(MIXED, total - parts[0])]
        else:
            stack = []
        for ax, bars, name in ((top, stack, "top"), (bottom, over, "bottom")):
            level = 0
            for key, height in bars:
                ax.bar(i, height, bottom=level, width=0.62, **_look(key))
                level += height
                used.add(key)
            peaks[name] = max(peaks[name], level)
        top.annotate(
            _number(total, lang),
            (i, sum(h for _k, h in stack)),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8.5,
            color=TEXT,
        )
        if over and over[0][0] == MIXED:
            text = _number(over[0][1], lang)
        else:
            text = " + ".join(_number(v, lang) for v in parts[1:])
        bottom.annotate(
            text,
            (i, sum(h for _k, h in over)),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=TEXT,
        )
    for ax, name, bins in ((top, "top", 8), (bottom, "bottom", 3)):
        ax.set_ylim(0, peaks[name] * 1.22)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=bins, integer=True))
    handles = [
        _legend_patch(k, lang) for k in (*KATEGORI_KEYS, MIXED) if k in used or k in KATEGORI_KEYS
    ]
    top.set_title(labels.text("report.chart.months.title", lang), loc="left", fontsize=11)
    top.set_ylabel(labels.text("report.chart.months.ylabel", lang), fontsize=9)
    bottom.set_ylabel(labels.text("report.chart.months.over_ylabel", lang), fontsize=9)
    bottom.set_title(labels.text("report.chart.months.over_title", lang), loc="left", fontsize=9)
    bottom.set_xticks(x, names)
    figure.legend(handles=handles, loc="outside lower center", fontsize=8, frameon=False, ncols=2)
    if threshold is not None:
        bottom.set_xlabel(_hidden_note(lang, threshold), loc="left", fontsize=7.5, color=MUTED)
    return figure


def _hidden_note(lang: str | None, threshold: int) -> str:
    return labels.text("report.chart.hidden_note", lang, threshold=threshold)


def wait_chart(
    histogram: Sequence[tuple[str, int, int, int]], *, lang: str | None = None
) -> Figure:
    """The distribution of ventedage per forløbstype, stacked by kategori, with the deadline
    marked (14 days; 28 at most for behandling). Days over :data:`WAIT_CAP` share one bar."""
    per: dict[str, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for kind, days, kategori, n in histogram:
        per[kind][min(days, WAIT_CAP + 1)][str(kategori)] += n
    kinds = [k for k in DEADLINES if k in per] or ["UDREDNING"]
    figure = _figure(1.0 + 2.0 * len(kinds))
    axes = figure.subplots(len(kinds), 1, squeeze=False)[:, 0]
    used: dict[str, bool] = {}
    for ax, kind in zip(axes, kinds, strict=True):
        _style(ax)
        data = per.get(kind, {})
        if not data:
            _empty(ax, lang)
            continue
        last = max(data)
        x = list(range(last + 1))
        base = [0] * len(x)
        for key in KATEGORI_KEYS:
            heights = [data.get(d, {}).get(key, 0) for d in x]
            if not any(heights):
                continue
            ax.bar(
                x,
                heights,
                bottom=base,
                width=0.85,
                **_look(key),
            )
            base = [b + h for b, h in zip(base, heights, strict=True)]
        deadline = DEADLINES[kind]
        ax.axvline(deadline + 0.5, color="#000000", linestyle="--", linewidth=1.2)
        top = max(base) or 1
        ax.set_ylim(0, top * 1.2)
        ax.text(
            deadline + 0.9,
            top * 1.17,
            labels.text("report.chart.wait.line", lang, days=deadline),
            fontsize=8.5,
            va="top",
            color="#000000",
        )
        ticks = [t for t in range(0, WAIT_CAP + 1, 7) if t <= max(last, deadline)]
        tick_labels = [str(t) for t in ticks]
        if last > WAIT_CAP:
            ticks.append(WAIT_CAP + 1)
            tick_labels.append(labels.text("report.chart.wait.over", lang, days=WAIT_CAP + 1))
        ax.set_xticks(ticks, tick_labels)
        ax.set_xlim(-0.8, max(last, deadline + 7) + 0.8)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.set_title(labels.text(f"report.chart.wait.rule.{kind}", lang), loc="left", fontsize=9.5)
        ax.set_ylabel(labels.text("report.chart.wait.ylabel", lang), fontsize=8.5)
        for key in KATEGORI_KEYS:
            used[key] = True if any(data.get(d, {}).get(key) for d in x) else used.get(key, False)
    axes[-1].set_xlabel(labels.text("report.chart.wait.xlabel", lang), fontsize=9)
    figure.suptitle(labels.text("report.chart.wait.title", lang), x=0.0, ha="left", fontsize=11)
    handles = [_legend_patch(k, lang) for k in KATEGORI_KEYS if used.get(k)]
    if handles:
        figure.legend(
            handles=handles, loc="outside lower center", fontsize=8, frameon=False, ncols=3
        )
    return figure


def reasons_chart(
    reasons: Sequence[tuple[str, str, Value]],
    *,
    lang: str | None = None,
    threshold: int | None = None,
) -> Figure:
    """Pathways per reason for an overrun: ``(code, kategori "2"/"3", count)``, kategori 2 first."""
    figure = _figure(0.9 + 0.36 * max(len(reasons), 3))
    ax = figure.subplots()
    _style(ax)
    ax.yaxis.grid(False)
    ax.xaxis.grid(True, color=GRID, linewidth=0.6)
    shown = [_height(v) for _c, _k, v in reasons]
    if not any(shown) and all(isinstance(v, int) for _c, _k, v in reasons):
        ax.text(
            0.5,
            0.5,
            labels.text("report.chart.reasons.none", lang),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        y = list(range(len(reasons)))[::-1]
        seen: set[str] = set()
        for pos, (_code, kategori, value) in zip(y, reasons, strict=True):
            label = labels.text(f"report.kategori_legend.{kategori}", lang)
            ax.barh(
                pos,
                _height(value),
                height=0.62,
                label=label if kategori not in seen else None,
                **_look(kategori),
            )
            seen.add(kategori)
            ax.annotate(
                _number(value, lang),
                (_height(value), pos),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
                color=TEXT,
            )
        ax.set_yticks(y, [labels.aarsag_label(code, lang) for code, _k, _v in reasons])
        ax.set_xlim(0, max([*shown, 1]) * 1.18)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(labels.text("report.chart.reasons.xlabel", lang), fontsize=9)
        figure.legend(loc="outside lower center", fontsize=8, frameon=False, ncols=2)
        if threshold is not None:
            ax.set_xlabel(
                labels.text("report.chart.reasons.xlabel", lang)
                + "\n"
                + _hidden_note(lang, threshold),
                fontsize=9,
            )
    ax.set_title(labels.text("report.chart.reasons.title", lang), loc="left", fontsize=11)
    return figure


def trend_chart(points: Sequence[tuple[str, Share]], *, lang: str | None = None) -> Figure:
    """The share within the deadline per quarter (``(YYYYKn, share)``); quarters without a shown
    share are left as gaps."""
    figure = _figure(2.8)
    ax = figure.subplots()
    _style(ax)
    x = list(range(len(points)))
    values = [v if isinstance(v, float) else None for _p, v in points]
    known = [v for v in values if v is not None]
    ax.plot(
        x,
        [float("nan") if v is None else v for v in values],
        color=COLOURS["1"],
        marker="o",
        linewidth=1.8,
    )
    for i, (value, (_p, raw)) in enumerate(zip(values, points, strict=True)):
        text = labels.percent(value if value is not None else raw, lang)
        ax.annotate(
            text,
            (i, value if value is not None else (min(known) if known else 0)),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=TEXT,
        )
    low = min(known) if known else 0.0
    ax.set_ylim(max(0.0, low - max(2.0, (100 - low) * 0.6)), 100.8)
    ax.set_xticks(x, [labels.quarter_label(p, lang) for p, _v in points])
    ax.yaxis.set_major_formatter(lambda v, _pos: labels.decimal(v, 0, lang=lang))
    ax.set_ylabel(labels.text("report.chart.trend.ylabel", lang), fontsize=9)
    ax.set_title(labels.text("report.chart.trend.title", lang), loc="left", fontsize=11)
    return figure


def report_charts(
    report: Report, lang: str | None = None, *, skip_empty: bool = False
) -> dict[str, Figure]:
    """Every chart of a report: ``maaned``, ``ventedage`` (not for publication), ``aarsag``,
    ``tendens``. With ``skip_empty``, charts that would have nothing to draw are left out (the
    PDF; its tables already say 0)."""
    hidden = report.threshold if report.publish else None
    months = report.tables["maaned"]
    keys = months.table.row_keys
    counts = {key: [row[j] for row in months.rows] for j, key in enumerate(KATEGORI_KEYS)}
    reasons = [
        (code, str(k), report.tables["aarsag"].cell(code, str(k)))
        for k in (2, 3)
        for code in report.summary.tables["aarsag"].row_keys
        if code and _kategori_of(code) == k
    ]
    charts = {
        "maaned": months_chart(
            keys, counts, [row[-1] for row in months.rows], lang=lang, threshold=hidden
        ),
        "aarsag": reasons_chart(reasons, lang=lang, threshold=hidden),
        "tendens": trend_chart([(t.periode, t.share) for t in report.trend], lang=lang),
    }
    if report.show_histogram:
        charts["ventedage"] = wait_chart(report.summary.histogram, lang=lang)
    if skip_empty:
        summary = report.summary
        empty = {
            "maaned": summary.total == 0,
            "ventedage": summary.total == 0,
            "aarsag": summary.kategori["2"] + summary.kategori["3"] == 0,
            "tendens": all(t.total == 0 for t in summary.trend),
        }
        charts = {key: chart for key, chart in charts.items() if not empty[key]}
    return {
        key: charts[key] for key in ("maaned", "ventedage", "aarsag", "tendens") if key in charts
    }


def _kategori_of(code: str) -> int:
    from app.domain import codes

    found = codes.aarsag(code)
    return found.kategori if found else 0
