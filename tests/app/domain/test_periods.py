"""Reporting periods: calendar quarters ``YYYYKn`` (national-format.md §2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.periods import Period
from app.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024K2", Period(2024, 2)),
        ("2024k2", Period(2024, 2)),
        (" 2024K4 ", Period(2024, 4)),
        ("2024K1\n", Period(2024, 1)),
        ("２０２４Ｋ３", Period(2024, 3)),
    ],
)
def test_parse(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["2024K5", "2024K0", "2024Q1", "24K1", "2024-K1", "2024 K1", "K12024", "", "20241"]
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(InputError) as info:
        Period.parse(text)
    assert info.value.message_id == "period.invalid"
    assert info.value.field == "periode"
    assert info.value.value == text


def test_parse_error_message() -> None:
    with pytest.raises(InputError) as info:
        Period.parse("2024K5")
    assert info.value.message("da") == "Ugyldig periode «2024K5». Skriv år og kvartal, fx 2024K2."


@pytest.mark.parametrize(("year", "quarter"), [(2024, 0), (2024, 5), (0, 1), (10000, 1)])
def test_constructor_rejects(year: int, quarter: int) -> None:
    with pytest.raises(InputError):
        Period(year, quarter)


def test_str() -> None:
    assert str(Period(2024, 2)) == "2024K2"
    assert str(Period.parse(" 2024k2 ")) == "2024K2"


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        (Period(2023, 1), date(2023, 1, 1), date(2023, 3, 31)),
        (Period(2024, 1), date(2024, 1, 1), date(2024, 3, 31)),
        (Period(2024, 2), date(2024, 4, 1), date(2024, 6, 30)),
        (Period(2024, 3), date(2024, 7, 1), date(2024, 9, 30)),
        (Period(2024, 4), date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_first_and_last_day(period: Period, first: date, last: date) -> None:
    assert period.first_day == first
    assert period.last_day == last


def test_leap_day_is_in_k1() -> None:
    assert date(2024, 2, 29) in Period(2024, 1)
    assert Period.of(date(2024, 2, 29)) == Period(2024, 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 1), Period(2024, 1)),
        (date(2024, 3, 31), Period(2024, 1)),
        (date(2024, 4, 1), Period(2024, 2)),
        (date(2024, 6, 30), Period(2024, 2)),
        (date(2024, 7, 1), Period(2024, 3)),
        (date(2024, 9, 30), Period(2024, 3)),
        (date(2024, 10, 1), Period(2024, 4)),
        (date(2024, 12, 31), Period(2024, 4)),
        (date(2025, 1, 1), Period(2025, 1)),
    ],
)
def test_of(day: date, expected: Period) -> None:
    assert Period.of(day) == expected


def test_months() -> None:
    assert Period(2024, 1).months() == (1, 2, 3)
    assert Period(2024, 4).months() == (10, 11, 12)


def test_next_and_previous() -> None:
    assert Period(2024, 1).next() == Period(2024, 2)
    assert Period(2024, 4).next() == Period(2025, 1)
    assert Period(2025, 1).previous() == Period(2024, 4)
    assert Period(2024, 3).previous() == Period(2024, 2)


def test_ordering() -> None:
    periods = [Period(2025, 1), Period(2024, 4), Period(2024, 1), Period(2023, 4)]
    assert sorted(periods) == [Period(2023, 4), Period(2024, 1), Period(2024, 4), Period(2025, 1)]
    assert Period(2024, 4) < Period(2025, 1)
    assert Period(2024, 2) > Period(2024, 1)
    assert max(periods) == Period(2025, 1)


def test_contains() -> None:
    k2 = Period(2024, 2)
    assert date(2024, 3, 31) not in k2
    assert date(2024, 4, 1) in k2
    assert date(2024, 6, 30) in k2
    assert date(2024, 7, 1) not in k2
    assert date(2023, 5, 1) not in k2
    assert "2024-05-01" not in k2
    assert None not in k2


def test_is_year_end() -> None:
    assert Period(2024, 4).is_year_end
    assert not any(Period(2024, q).is_year_end for q in (1, 2, 3))


def test_hashable_and_frozen() -> None:
    assert {Period(2024, 1), Period.parse("2024K1")} == {Period(2024, 1)}
    with pytest.raises(AttributeError):
        Period(2024, 1).quarter = 2  # type: ignore[misc]


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_is_in_exactly_its_own_quarter(day: date) -> None:
    period = Period.of(day)
    assert day in period
    assert period.first_day <= day <= period.last_day
    assert Period.parse(str(period)) == period
    if period.year < 9999 or period.quarter < 4:
        assert day not in period.next()
        assert period.next().first_day == period.last_day + timedelta(days=1)
        assert period.next().previous() == period


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 6, 15), Period(2024, 1)),
        (date(2024, 4, 1), Period(2024, 1)),  # the first day of a quarter: the last one just ended
        (date(2024, 3, 31), Period(2023, 4)),
        (date(2024, 1, 1), Period(2023, 4)),  # across the year's edge
        (date(2024, 2, 29), Period(2023, 4)),  # a leap day
    ],
)
def test_the_last_finished_quarter(day: date, expected: Period) -> None:
    assert Period.last_finished(day) == expected


def test_the_quarters_offered_run_newest_first_back_to_a_first_quarter() -> None:
    offered = Period.offered(date(2024, 1, 2), years_back=1)
    assert [str(p) for p in offered] == ["2024K1", "2023K4", "2023K3", "2023K2", "2023K1"]
    assert Period.offered(date(2024, 6, 15))[-1] == Period(2019, 1)
