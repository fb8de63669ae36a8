"""CPR numbers: national-format.md §5."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.cpr import (
    CprInfo,
    Sex,
    century,
    is_valid_cpr,
    modulus11_ok,
    normalize_cpr,
    parse_cpr,
)
from app.errors import InputError


def modulus11(number: str) -> bool:
    """The old check, written out independently of the code under test."""
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(digit) * weight for digit, weight in zip(number, weights, strict=True)) % 11 == 0


def rejected(raw: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_cpr(raw)
    assert info.value.rule == "F02"
    assert info.value.field == "cpr"
    assert not is_valid_cpr(raw)
    return info.value


# --- modulus 11 is not a validity rule ---------------------------------------------------------


def test_number_failing_modulus_11_is_accepted() -> None:
    info = parse_cpr("0101901234")
    assert modulus11("0101901234") is False
    assert info == CprInfo(
        number="0101901234",
        birth_date=date(1990, 1, 1),
        sex=Sex.FEMALE,
        replacement=False,
        modulus11=False,
    )
    assert is_valid_cpr("0101901234")


def test_number_passing_modulus_11_is_flagged_so() -> None:
    info = parse_cpr("0707614285")
    assert modulus11("0707614285") is True
    assert info.modulus11 is True
    assert info.birth_date == date(1961, 7, 7)
    assert info.sex is Sex.MALE


def test_modulus11_ok_agrees_with_the_written_out_check() -> None:
    for number in ("0707614285", "0101901234", "0707614005", "0000000000", "1111111111"):
        assert modulus11_ok(number) is modulus11(number)


# --- dates and the century table ---------------------------------------------------------------


def test_30_february_is_rejected() -> None:
    assert rejected("3002901234").message_id == "cpr.date"


def test_month_13_is_rejected() -> None:
    assert rejected("0113901234").message_id == "cpr.date"


def test_day_0_is_rejected() -> None:
    assert rejected("0001901234").message_id == "cpr.date"


def test_31_april_is_rejected() -> None:
    assert rejected("3104901234").message_id == "cpr.date"


# The table of §5, written out: expected birth year by 7th digit for YY = 00, 36, 37, 57, 58, 99.
YYS = (0, 36, 37, 57, 58, 99)
CENTURY_TABLE = {
    0: (1900, 1936, 1937, 1957, 1958, 1999),
    1: (1900, 1936, 1937, 1957, 1958, 1999),
    2: (1900, 1936, 1937, 1957, 1958, 1999),
    3: (1900, 1936, 1937, 1957, 1958, 1999),
    4: (2000, 2036, 1937, 1957, 1958, 1999),
    5: (2000, 2036, 2037, 2057, 1858, 1899),
    6: (2000, 2036, 2037, 2057, 1858, 1899),
    7: (2000, 2036, 2037, 2057, 1858, 1899),
    8: (2000, 2036, 2037, 2057, 1858, 1899),
    9: (2000, 2036, 1937, 1957, 1958, 1999),
}
CENTURY_CASES = [
    (digit, yy, year)
    for digit, years in CENTURY_TABLE.items()
    for yy, year in zip(YYS, years, strict=True)
]


@pytest.mark.parametrize(("digit", "yy", "year"), CENTURY_CASES)
def test_century_table(digit: int, yy: int, year: int) -> None:
    number = f"0101{yy:02d}{digit}123"
    info = parse_cpr(number)
    assert info.birth_date == date(year, 1, 1)
    assert info.replacement is False
    assert century(str(digit), yy) == year - yy


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("2902004123", date(2000, 2, 29)),  # 4 and YY ≤ 36: 2000, a leap year
        ("2902009123", date(2000, 2, 29)),
        ("2902005123", date(2000, 2, 29)),
        ("2902961123", date(1996, 2, 29)),
        ("2902364123", date(2036, 2, 29)),
        ("2902360123", date(1936, 2, 29)),
        ("2902568123", date(2056, 2, 29)),
    ],
)
def test_29_february_in_a_leap_year_is_accepted(number: str, born: date) -> None:
    assert parse_cpr(number).birth_date == born


@pytest.mark.parametrize(
    "number",
    [
        "2902000123",  # 0: 1900, not a leap year
        "2902003123",  # 3: 1900
        "2902374123",  # 4 and YY > 36: 1937
        "2902585123",  # 5 and YY > 57: 1858
        "2902011123",  # 2001
        "2902237123",  # 7 and YY ≤ 57: 2023
    ],
)
def test_29_february_in_a_common_year_is_rejected(number: str) -> None:
    assert rejected(number).message_id == "cpr.date"


def test_29_february_1900_is_not_a_leap_day_but_2000_is() -> None:
    assert not is_valid_cpr("2902000000")
    assert parse_cpr("2902004000").birth_date == date(2000, 2, 29)


# --- replacement numbers -----------------------------------------------------------------------


def test_replacement_number_is_accepted_and_flagged() -> None:
    info = parse_cpr("010190A123")
    assert info.number == "010190A123"
    assert info.replacement is True
    assert info.modulus11 is None
    assert info.sex is Sex.MALE  # the last character is a digit, 3 is odd
    assert info.birth_date is None  # 1990 or 2090: positions 7–10 do not say


def test_replacement_lower_case_is_upper_cased() -> None:
    info = parse_cpr("010190a123")
    assert info.number == "010190A123"
    assert info.replacement is True
    assert normalize_cpr("010190ab12") == "010190AB12"


def test_replacement_with_day_plus_60_is_accepted() -> None:
    info = parse_cpr("610190AB12")
    assert info.number == "610190AB12"
    assert info.replacement is True
    assert info.sex is Sex.FEMALE


def test_replacement_with_day_plus_60_at_the_end_of_a_month() -> None:
    assert parse_cpr("910190AB12").replacement is True  # 31 + 60


def test_replacement_with_day_60_is_rejected() -> None:
    assert rejected("600190A123").message_id == "cpr.date"


def test_replacement_with_invalid_date_is_rejected() -> None:
    assert rejected("300290A123").message_id == "cpr.date"
    assert rejected("011390A123").message_id == "cpr.date"


def test_replacement_29_february_only_fits_2000() -> None:
    info = parse_cpr("290200A123")
    assert info.birth_date == date(2000, 2, 29)  # 1900 is not a leap year
    assert info.replacement is True


def test_replacement_with_digit_in_position_7_takes_the_century_from_it() -> None:
    info = parse_cpr("0101901ABC")
    assert info.birth_date == date(1990, 1, 1)
    assert info.sex is None  # the last character is a letter


def test_replacement_with_letters_in_the_date_is_rejected() -> None:
    assert rejected("0101A0A123").message_id == "cpr.characters"


def test_replacement_hyphenated_and_lower_case() -> None:
    assert parse_cpr("010190-ab12").number == "010190AB12"


def test_all_digit_number_with_day_plus_60_is_rejected() -> None:
    err = rejected("6101901234")
    assert err.message_id == "cpr.date_plus_60"
    assert err.message("da") != "cpr.date_plus_60"


def test_all_digit_number_with_day_60_is_a_plain_date_error() -> None:
    assert rejected("6001901234").message_id == "cpr.date"


# --- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "0101901234",
        "010190-1234",
        " 010190 1234\n",
        "\t010190-1234 ",
        "０１０１９０１２３４",
        "０１０１９０－１２３４",
        "0101\u00a090\u20031234",
    ],
)
def test_normalisation(raw: str) -> None:
    assert normalize_cpr(raw) == "0101901234"
    assert parse_cpr(raw).number == "0101901234"


def test_only_one_hyphen_after_position_6_is_removed() -> None:
    assert normalize_cpr("0101-901234") == "0101-901234"
    assert normalize_cpr("010190--1234") == "010190--1234"
    assert rejected("0101-901234").message_id == "cpr.length"


def test_formatted() -> None:
    assert parse_cpr("0101901234").formatted == "010190-1234"


@pytest.mark.parametrize("raw", ["e\u00a8", "\u0390", "\u01f0", "a\u0301", "ﬀ", "ᵃ"])
def test_normalize_cpr_is_idempotent_on_tricky_text(raw: str) -> None:
    once = normalize_cpr(raw)
    assert normalize_cpr(once) == once


# --- sex ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "sex"), [(str(n), Sex.MALE if n % 2 else Sex.FEMALE) for n in range(10)]
)
def test_sex_from_the_last_digit(last: str, sex: Sex) -> None:
    assert parse_cpr(f"010190123{last}").sex is sex


def test_sex_codes() -> None:
    assert (Sex.MALE.value, Sex.FEMALE.value) == ("M", "K")


# --- malformed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "length"), [("010190123", 9), ("01019012345", 11), ("1", 1)])
def test_wrong_length_is_f02(raw: str, length: int) -> None:
    err = rejected(raw)
    assert err.message_id == "cpr.length"
    assert err.params["length"] == length


@pytest.mark.parametrize("raw", ["", "   ", "\n"])
def test_empty_is_f02(raw: str) -> None:
    assert rejected(raw).message_id == "cpr.empty"


@pytest.mark.parametrize(
    "raw",
    [
        "0101A01234",  # a letter in the date
        "O101901234",  # letter O for zero
        "010190+123",
        "010190_123",
        "01019012.4",
        "٠١٠١٩٠١٢٣٤",  # Arabic-Indic digits: not ASCII, NFKC keeps them
        "०१०१९०१२३४",  # Devanagari digits
        "010190Æ123",
    ],
)
def test_wrong_characters_are_f02(raw: str) -> None:
    assert rejected(raw).message_id == "cpr.characters"


def test_error_messages_are_in_the_catalogue() -> None:
    for raw in ("", "1", "0101A01234", "3002901234", "6101901234"):
        with pytest.raises(InputError) as info:
            parse_cpr(raw)
        assert info.value.message("da") != info.value.message_id
        assert info.value.message("en") != info.value.message_id


def test_length_message() -> None:
    with pytest.raises(InputError) as info:
        parse_cpr(" 010190123 ")
    assert info.value.message("da") == (
        "CPR-nummeret skal have 10 tegn (ddmmåå-xxxx); «010190123» har 9."
    )


# --- properties --------------------------------------------------------------------------------

cpr_like_text = st.text(
    alphabet=st.sampled_from(list("0123456789abcAZ- \n\t\u00a0\u00a8\u0301\u0308\u0390ﬀ０１－")),
    max_size=16,
)


@settings(max_examples=500)
@given(st.one_of(st.text(), cpr_like_text))
def test_normalize_cpr_is_idempotent(raw: str) -> None:
    once = normalize_cpr(raw)
    assert normalize_cpr(once) == once


@st.composite
def well_formed(draw: st.DrawFn) -> tuple[str, date]:
    digit = draw(st.integers(0, 9))
    yy = draw(st.integers(0, 99))
    if digit <= 3:
        year = 1900 + yy
    elif digit in (4, 9):
        year = (2000 if yy <= 36 else 1900) + yy
    else:
        year = (2000 if yy <= 57 else 1800) + yy
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    tail = draw(st.integers(0, 999))
    return f"{day:02d}{month:02d}{yy:02d}{digit}{tail:03d}", date(year, month, day)


@settings(max_examples=2000)
@given(well_formed())
def test_every_well_formed_number_is_accepted(case: tuple[str, date]) -> None:
    number, born = case
    info = parse_cpr(number)
    assert info.number == number
    assert info.birth_date == born
    assert info.replacement is False
    assert info.modulus11 is modulus11(number)
    assert info.sex is (Sex.MALE if int(number[-1]) % 2 else Sex.FEMALE)
    assert parse_cpr(f"{number[:6]}-{number[6:]}").number == number


@settings(max_examples=500)
@given(well_formed())
def test_day_plus_60_on_an_all_digit_number_is_always_rejected(case: tuple[str, date]) -> None:
    number, born = case
    assume(born.year >= 1900)  # §5's day+60 rule concerns 1900s/2000s dates
    shifted = f"{born.day + 60:02d}{number[2:]}"
    with pytest.raises(InputError) as info:
        parse_cpr(shifted)
    assert info.value.message_id == "cpr.date_plus_60"


@st.composite
def replacement_numbers(draw: st.DrawFn) -> str:
    year = draw(st.integers(1900, 2099))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    if draw(st.booleans()):
        day += 60
    tail = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=4, max_size=4))
    if not any(ch.isalpha() for ch in tail):
        tail = tail[:3] + draw(st.sampled_from("ABCXYZ"))
    return f"{day:02d}{month:02d}{year % 100:02d}{tail}"


@settings(max_examples=500)
@given(replacement_numbers())
def test_every_well_formed_replacement_number_is_accepted(number: str) -> None:
    info = parse_cpr(number.lower())
    assert info.number == number
    assert info.replacement is True
    assert info.modulus11 is None
