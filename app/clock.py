"""The one injectable clock. Nothing in the program reads today's date any other way."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime:
        """The local time, timezone-aware (with offset)."""
        ...


class SystemClock:
    """The computer's clock, in the local time zone."""

    def today(self) -> date:
        return self.now().date()

    def now(self) -> datetime:
        return datetime.now().astimezone()


@dataclass(frozen=True)
class FixedClock:
    """A clock that always says the same day (tests, ``--today``, demo data)."""

    day: date
    at: time = time(12, 0)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, self.at).astimezone()


def clock_from_env() -> Clock:
    """``MVK_TODAY=YYYY-MM-DD`` fixes the day (support and tests); otherwise the system clock."""
    fixed = os.environ.get("MVK_TODAY")
    if fixed:
        return FixedClock(date.fromisoformat(fixed.strip()))
    return SystemClock()
