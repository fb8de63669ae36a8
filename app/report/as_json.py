"""The overview as one JSON object (``mvk summary --json``) — what a script compares and keeps.

Counts are numbers; with publication a hidden count is the string ``"<5"`` or ``".."`` (see
:mod:`app.report.publish`). Shares are in % with two decimals, ``null`` without pathways. Every
code of a list is present (zeros included), so the shape never depends on the data.
"""

from __future__ import annotations

from typing import Any

from app.domain import codes
from app.report.figures import KATEGORI_KEYS
from app.report.publish import Report, Share, ShownTable


def _pct(value: Share) -> float | str | None:
    return round(value, 2) if isinstance(value, float) else value


def _kategori(values: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(KATEGORI_KEYS, values[: len(KATEGORI_KEYS)], strict=True))


def _per_row(shown: ShownTable) -> dict[str, dict[str, Any]]:
    return {
        key: {"total": shown.rows[i][-1], "kategori": _kategori(shown.rows[i])}
        for i, key in enumerate(shown.table.row_keys)
    }


def as_json(report: Report) -> dict[str, Any]:
    summary = report.summary
    tables = report.tables
    partner = tables["partner"]
    abroad = summary.abroad
    udland = tables["udland"]
    return {
        "region": summary.region,
        "region_navn": codes.label("region", summary.region, "da"),
        "period": summary.label,
        "aar": summary.year,
        "fra": summary.first_day.isoformat(),
        "til": summary.last_day.isoformat(),
        "offentliggoerelse": report.publish,
        "taerskel": report.threshold if report.publish else None,
        "total": report.total,
        "kategori": report.kategori,
        "kategori_pct": {k: _pct(v) for k, v in report.kategori_pct.items()},
        "inden_for_frist_pct": _pct(report.inden_for_frist_pct),
        "aarsag": report.aarsag,
        "afbrudte": report.afbrudte,
        "afbrudte_kategori": _kategori(tables["status"].rows[1]),
        "forloebstype": report.forloebstype,
        "behandlingsform": report.behandlingsform,
        "forloeb": _per_row(tables["forloeb"]),
        "partnere": [
            {
                "navn": partner.table.row_names[i],
                "total": row[-1],
                "kategori": _kategori(row),
            }
            for i, row in enumerate(partner.rows)
        ],
        "maaneder": _per_row(tables["maaned"]),
        "ventedage": {
            key: {"median": wait.median, "p90": wait.p90} for key, wait in report.ventedage.items()
        },
        "aabne": {
            "dato": summary.open.cutoff.isoformat(),
            "antal": tables["aabne"].total,
            "overskredet": tables["aabne"].totals[1],
        },
        "udland": {
            "aar": abroad.aar,
            "total": udland.total,
            "opgjort": abroad.answered,
            "ingen_udland": abroad.ingen_udland,
            "kvartal": dict(zip(udland.table.column_keys, udland.totals[:-1], strict=True)),
            "forloebstype": udland.by_row(),
            "lande": report.by_land,
        },
        "tendens": [
            {"periode": t.periode, "total": t.total, "inden_for_frist_pct": _pct(t.share)}
            for t in report.trend
        ],
    }
