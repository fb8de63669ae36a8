"""The one injectable clock. Nothing in the program reads today's date any other way."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime:
        """The local time, timezone-aware (with offset)."""
        ...


class SystemClock:
    """The computer's clock, in Danish time (see :func:`danish_time`)."""

    def today(self) -> date:
        return self.now().date()

    def now(self) -> datetime:
        return in_danish_time(datetime.now().astimezone())


@cache
def danish_time() -> tzinfo | None:
    """Danish time (Europe/Copenhagen); None where the time zone database is missing (then the
    machine's own zone is used — on a Danish workstation the same)."""
    try:
        return ZoneInfo("Europe/Copenhagen")
    except ZoneInfoNotFoundError:
        return None


def in_danish_time(moment: datetime) -> datetime:
    """``moment`` as Danish wall-clock time (a naive moment is taken as the machine's local time).

    The program keeps and shows Danish time: deadlines, periods and audit times are Danish, also on a
    machine or a shared server set to another zone.
    """
    zone = danish_time()
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


@dataclass(frozen=True)
class FixedClock:
    """A clock that always says the same day (tests, ``--today``, demo data).

    Its moment is in Danish time whatever the machine's zone, so what it stamps (audit entries, demo
    data and their hashes) is the same on every machine.
    """

    day: date
    at: time = time(12, 0)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        zone = danish_time()
        moment = datetime.combine(self.day, self.at)
        return moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()


def clock_from_env() -> Clock:
    """``MVK_TODAY=YYYY-MM-DD`` fixes the day (support and tests); otherwise the system clock."""
    fixed = os.environ.get("MVK_TODAY")
    if fixed:
        return FixedClock(date.fromisoformat(fixed.strip()))
    return SystemClock()
