"""R13: the CPR validator, property-based. ``MVK_R13_EXAMPLES`` examples per property (10,000 for
``make reliability``; 2,000 by default, as in ``make test``).

- a well-formed number is never rejected for failing modulus 11: every one of the ten possible last
  digits is accepted (at most one of them passes modulus 11);
- an impossible date is always rejected (rule F02);
- the century follows the CPR table, written here as year ranges per 7th digit;
- full-width digits (and a full-width hyphen or ideographic space) are normalised;
- ``DDMMYY-SSSS``, spaces and a trailing newline as pasted are accepted and stored as 10 characters.

``tests/app/domain/test_cpr.py`` has the worked examples; this file states R13 at full count.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clock import FixedClock
from app.domain.cpr import is_valid_cpr, parse_cpr
from app.domain.pathway import PathwayData, normalise
from app.errors import InputError
from app.services import pathways
from app.services.context import ServiceContext
from app.store.engine import Store
from app.store.migrate import open_store

EXAMPLES = int(os.environ.get("MVK_R13_EXAMPLES", "2000"))
STORE_EXAMPLES = min(EXAMPLES, 40)
"""Round trips through the real store are slower: at most this many."""
R13 = settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])

# The CPR table (national-format.md §5) as the birth years each 7th digit can stand for.
YEARS_BY_DIGIT: dict[int, tuple[range, ...]] = {
    0: (range(1900, 2000),),
    1: (range(1900, 2000),),
    2: (range(1900, 2000),),
    3: (range(1900, 2000),),
    4: (range(2000, 2037), range(1937, 2000)),
    9: (range(2000, 2037), range(1937, 2000)),
    5: (range(2000, 2058), range(1858, 1900)),
    6: (range(2000, 2058), range(1858, 1900)),
    7: (range(2000, 2058), range(1858, 1900)),
    8: (range(2000, 2058), range(1858, 1900)),
}


def _birth_year(digit: int, yy: int) -> int:
    (year,) = [y for span in YEARS_BY_DIGIT[digit] for y in span if y % 100 == yy]
    return year


BIRTH_YEAR = {(digit, yy): _birth_year(digit, yy) for digit in range(10) for yy in range(100)}


def birth_year(digit: int, yy: int) -> int:
    """The one year in the digit's ranges that ends in ``yy``."""
    return BIRTH_YEAR[digit, yy]


def test_the_table_gives_one_year_for_every_digit_and_yy() -> None:
    for digit in range(10):
        years = {birth_year(digit, yy) for yy in range(100)}
        assert len(years) == 100


def modulus11(number: str) -> bool:
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 == 0


def real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def make_well_formed(digit: int, yy: int, day_of_year: int, serial: int) -> tuple[str, date]:
    """An ordinary CPR number with a real birth date (day ``day_of_year`` of the table's year)."""
    year = birth_year(digit, yy)
    first = date(year, 1, 1)
    born = first + timedelta(days=day_of_year % (date(year + 1, 1, 1) - first).days)
    return f"{born:%d%m}{yy:02d}{digit}{serial:03d}", born


WELL_FORMED_PARTS = (
    st.integers(0, 9),
    st.integers(0, 99),
    st.integers(0, 365),
    st.integers(0, 999),
)
well_formed = st.tuples(*WELL_FORMED_PARTS).map(lambda parts: make_well_formed(*parts))
with_choices = st.tuples(*WELL_FORMED_PARTS, st.integers(0, 2**20 - 1)).map(
    lambda parts: (*make_well_formed(*parts[:4]), parts[4])
)
"""A well-formed number, its birth date and an integer for further choices."""


@R13
@given(well_formed)
def test_a_well_formed_number_is_never_rejected_for_modulus_11(case: tuple[str, date]) -> None:
    number, born = case
    passing = 0
    for last in "0123456789":
        variant = number[:9] + last
        info = parse_cpr(variant)
        assert info.number == variant
        assert info.birth_date == born  # the century of the CPR table
        assert info.replacement is False
        assert info.modulus11 is modulus11(variant)
        passing += modulus11(variant)
    assert passing <= 1  # so at least nine of the ten accepted numbers failed modulus 11


COMMON_YEARS = {
    digit: [yy for yy in range(100) if real_date(birth_year(digit, yy), 2, 29) is None]
    for digit in range(10)
}
"""Per 7th digit, the YY whose year has no 29 February."""


@st.composite
def impossible_dates(draw: st.DrawFn) -> str:
    """An all-digit number whose DDMMYY is no date in the year its 7th digit gives."""
    digit, yy, serial = draw(st.integers(0, 9)), draw(st.integers(0, 99)), draw(st.integers(0, 999))
    kind = draw(st.integers(0, 4))
    if kind == 0:  # 29 February in a year without one
        yy, day, month = draw(st.sampled_from(COMMON_YEARS[digit])), 29, 2
    elif kind == 1:  # the 31st of a 30-day month
        day, month = 31, draw(st.sampled_from((4, 6, 9, 11)))
    elif kind == 2:  # day 0 or month 0
        day, month = draw(st.sampled_from([(0, 1), (0, 12), (1, 0), (31, 0), (0, 0)]))
    elif kind == 3:  # month 13–99
        day, month = draw(st.integers(1, 31)), draw(st.integers(13, 99))
    else:  # anything, days above 60 included
        day, month = draw(st.integers(0, 99)), draw(st.integers(0, 99))
    if real_date(birth_year(digit, yy), month, day) is not None:
        day = 0  # the rare real date drawn as "anything"
    return f"{day:02d}{month:02d}{yy:02d}{digit}{serial:03d}"


@R13
@given(impossible_dates())
def test_an_impossible_date_is_always_rejected(number: str) -> None:
    with pytest.raises(InputError) as info:
        parse_cpr(number)
    assert info.value.rule == "F02"
    assert info.value.message_id in ("cpr.date", "cpr.date_plus_60")
    assert not is_valid_cpr(number)
    assert not is_valid_cpr(f"{number[:6]}-{number[6:]}")


FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}
SEPARATORS = ("", "-", " ", "  ", "\u00a0", " - ", "\uff0d", "\u3000")
BEFORE = ("", " ", "\t", "  ", "\u3000")
AFTER = ("", "\n", "\r\n", " \n", "\t", " ", "\n\n")


def pasted(number: str, choices: int) -> str:
    """The number as a user pastes it: some digits full-width, a hyphen (full-width too) or spaces
    in the middle, blanks before, a line break after — chosen by the bits of ``choices``."""
    digits = "".join(FULL_WIDTH[ch] if choices >> i & 1 else ch for i, ch in enumerate(number))
    choices >>= 10
    choices, middle = divmod(choices, len(SEPARATORS))
    choices, before = divmod(choices, len(BEFORE))
    after = choices % len(AFTER)
    return BEFORE[before] + digits[:6] + SEPARATORS[middle] + digits[6:] + AFTER[after]


def pathway_data(cpr: str) -> PathwayData:
    return PathwayData(
        cpr=cpr,
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="8001",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=date(2024, 6, 1),
    )


@R13
@given(with_choices)
def test_pasted_and_full_width_forms_are_kept_as_10_characters(
    case: tuple[str, date, int],
) -> None:
    number, _born, choices = case
    raw = pasted(number, choices)
    assert parse_cpr(raw).number == number
    stored = normalise(pathway_data(raw)).cpr  # the form the services store
    assert stored == number
    assert len(stored) == 10 and stored.isascii()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("r13") / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    opened = open_store(f"sqlite:///{path}")
    yield opened
    opened.dispose()


@settings(
    max_examples=STORE_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(with_choices)
def test_pasted_forms_are_stored_as_10_characters(
    store: Store, case: tuple[str, date, int]
) -> None:
    number, _born, choices = case
    ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="r13")
    with store.write() as session:
        view = pathways.register(session, pathway_data(pasted(number, choices)), ctx)
    with store.read() as session:
        assert pathways.get(session, view.forloeb_id).cpr == number
