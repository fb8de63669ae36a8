"""Reporting periods: calendar quarters written ``YYYYKn`` (K1 = Jan–Mar … K4 = Oct–Dec)."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.errors import InputError

_PERIOD = re.compile(r"^(\d{4})K([1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4 or not 1 <= self.year <= 9999:
            raise InputError("period.invalid", field="periode", value=f"{self.year}K{self.quarter}")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2024K2`` (also ``2024k2`` and surrounding spaces) → Period(2024, 2)."""
        cleaned = unicodedata.normalize("NFKC", text).strip().upper()
        match = _PERIOD.match(cleaned)
        if not match:
            raise InputError("period.invalid", field="periode", value=text)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Period:
        """The quarter a date falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_finished(cls, day: date) -> Period:
        """The last quarter that had ended by ``day``: the one a report is most likely made for."""
        return cls.of(day).previous()

    @classmethod
    def offered(cls, day: date, years_back: int = 5) -> list[Period]:
        """The quarters to choose from on ``day``: its own and the ones before it, newest first,
        back to the first quarter ``years_back`` years earlier."""
        found = [cls.of(day)]
        while found[-1] > cls(day.year - years_back, 1):
            found.append(found[-1].previous())
        return found

    def __str__(self) -> str:
        return f"{self.year:04d}K{self.quarter}"  # YYYYKn, as §2 writes it

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> date:
        month = 3 * self.quarter
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    def next(self) -> Period:
        return (
            Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)
        )

    def previous(self) -> Period:
        return (
            Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)
        )

    def months(self) -> tuple[int, int, int]:
        first = 3 * self.quarter - 2
        return (first, first + 1, first + 2)

    @property
    def is_year_end(self) -> bool:
        """K4 carries the year's abroad counts."""
        return self.quarter == 4
