"""Dates as users type them and as the national file holds them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.dates import format_date, parse_iso, parse_user_date
from app.errors import InputError

TODAY = date(2026, 5, 1)


@pytest.mark.parametrize(
    "text",
    [
        "010324",  # ddmmåå
        "01032024",  # ddmmåååå
        "01-03-2024",  # dd-mm-åååå
        "01.03.2024",  # dd.mm.åååå
        "2024-03-01",  # ISO
        "1-3-2024",
        "1.3.24",
        "01/03/2024",
        "01 03 2024",
        " 01-03-2024 ",
        "０１０３２４",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_user_date(text, TODAY) == date(2024, 3, 1)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_is_none(text: str) -> None:
    assert parse_user_date(text, TODAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "30-02-2024",
        "30022024",
        "300224",
        "29-02-2023",
        "32-01-2024",
        "01-13-2024",
        "00-01-2024",
        "abc",
        "1234",
        "0103241",
        "010324x",
        "01-03",
        "01-03-202",
        "2024/03/01",
        "1. marts 2024",
    ],
)
def test_rejected(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_user_date(text, TODAY, field="start")
    assert info.value.message_id == "date.invalid"
    assert info.value.field == "start"
    assert info.value.value == text


def test_invalid_iso_is_rejected() -> None:
    with pytest.raises(InputError) as info:
        parse_user_date("2024-02-30", TODAY)
    assert info.value.message_id == "date.iso_invalid"


def test_29_february_of_a_leap_year() -> None:
    assert parse_user_date("290224", TODAY) == date(2024, 2, 29)
    assert parse_user_date("29-02-2024", TODAY) == date(2024, 2, 29)


def test_error_message() -> None:
    with pytest.raises(InputError) as info:
        parse_user_date("30-02-2024", TODAY)
    assert info.value.message("da") == (
        "Ugyldig dato «30-02-2024». Skriv ddmmåå, ddmmåååå eller dd-mm-åååå."
    )


# --- two-digit years: at most 20 years after today ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("010130", date(2030, 1, 1)),
        ("010160", date(1960, 1, 1)),
        ("010126", date(2026, 1, 1)),
        ("010146", date(2046, 1, 1)),  # today.year + 20
        ("010147", date(1947, 1, 1)),  # today.year + 21 → last century
        ("010100", date(2000, 1, 1)),
        ("010199", date(1999, 1, 1)),
        ("01.01.47", date(1947, 1, 1)),
    ],
)
def test_two_digit_year_in_2026(text: str, expected: date) -> None:
    assert parse_user_date(text, TODAY) == expected


def test_two_digit_year_depends_on_today() -> None:
    assert parse_user_date("010119", date(1999, 6, 1)) == date(2019, 1, 1)
    assert parse_user_date("010120", date(1999, 6, 1)) == date(1920, 1, 1)
    assert parse_user_date("010150", date(2030, 6, 1)) == date(2050, 1, 1)
    assert parse_user_date("010151", date(2030, 6, 1)) == date(1951, 1, 1)


def test_two_digit_year_late_this_century() -> None:
    # In 2085 the window is 2006–2105: "04" is 2104, not 1904 or 2004.
    assert parse_user_date("010104", date(2085, 6, 1)) == date(2104, 1, 1)
    assert parse_user_date("010106", date(2085, 6, 1)) == date(2006, 1, 1)


def test_four_digit_year_ignores_today() -> None:
    assert parse_user_date("01011947", TODAY) == date(1947, 1, 1)
    assert parse_user_date("01012099", TODAY) == date(2099, 1, 1)


@given(st.integers(0, 99), st.dates(min_value=date(1901, 1, 1), max_value=date(9000, 12, 31)))
def test_two_digit_year_window(yy: int, today: date) -> None:
    parsed = parse_user_date(f"0101{yy:02d}", today)
    assert parsed is not None
    assert parsed.year % 100 == yy
    assert today.year - 80 <= parsed.year <= today.year + 20


# --- format and ISO -----------------------------------------------------------------------------


def test_format_date() -> None:
    assert format_date(date(2024, 3, 1)) == "01-03-2024"
    assert format_date(date(2024, 12, 31)) == "31-12-2024"
    assert format_date(date(999, 1, 2)) == "02-01-0999"
    assert format_date(None) == ""


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_format_and_parse_round_trip(day: date) -> None:
    assert parse_user_date(format_date(day), TODAY) == day
    assert parse_user_date(day.isoformat(), TODAY) == day
    assert parse_iso(day.isoformat()) == day


def test_parse_iso() -> None:
    assert parse_iso("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text", ["2023-02-29", "2024-2-1", "01-03-2024", "20240301", "2024-03-01T00:00", ""]
)
def test_parse_iso_rejects(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_iso(text, field="start")
    assert info.value.message_id == "date.iso_invalid"
    assert info.value.field == "start"
