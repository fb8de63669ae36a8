"""Pathways the tests start from: one valid open udredning, changed per test with ``**changes``."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.pathway import PathwayData


def udredning(**changes: Any) -> PathwayData:
    """A valid open udredning referred 01-06-2024 (frist 15-06-2024); the CPR number passes modulus 11,
    so it gives no notice either."""
    return PathwayData(
        cpr="0707614285",
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="130111",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=date(2024, 6, 1),
    ).replace(**changes)


def at_partner(cpr: str, henvisning: date, **extra: Any) -> PathwayData:
    """An udredning at the partner hospital 8001 for ``cpr``, referred on ``henvisning``."""
    return udredning(cpr=cpr, henvisning_modtaget=henvisning, udfoerende_shak="8001", **extra)
