"""The program keeps Danish time: the same stamps on a machine set to another zone."""

from __future__ import annotations

import time as time_module
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.clock import FixedClock, SystemClock, in_danish_time


@pytest.fixture(params=["UTC", "America/New_York", "Asia/Tokyo"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time_module.tzset()
    yield request.param
    monkeypatch.undo()
    time_module.tzset()


def test_fixed_clock_stamps_danish_summer_and_winter_time(machine_zone: str) -> None:
    assert FixedClock(date(2024, 6, 15)).now().isoformat() == "2024-06-15T12:00:00+02:00"
    assert FixedClock(date(2024, 1, 15), time(9, 30)).now().isoformat() == (
        "2024-01-15T09:30:00+01:00"
    )


def test_the_day_changes_at_danish_midnight(machine_zone: str) -> None:
    # 23:30 UTC on 30 June is already 1 July in Denmark (the first day of the third quarter).
    moment = datetime(2024, 6, 30, 23, 30, tzinfo=UTC)
    assert in_danish_time(moment).date() == date(2024, 7, 1)
    assert in_danish_time(moment).utcoffset() == timedelta(hours=2)


def test_system_clock_is_in_danish_time(machine_zone: str) -> None:
    now = SystemClock().now()
    assert now.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert SystemClock().today() == now.date()
