"""SHAK codes: 4 (sygehus), 6 (afdeling) or 7 (afsnit) characters A–Z/0–9."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.shak import (
    ShakLevel,
    hospital_of,
    is_valid_shak,
    is_within,
    level,
    normalize_shak,
    parent_of,
    parse_shak,
)
from app.errors import InputError


@pytest.mark.parametrize("code", ["1301", "130101", "1301011", "SKS0", "1301AB", "ABCDEFG"])
def test_valid_lengths(code: str) -> None:
    assert is_valid_shak(code)
    assert parse_shak(code) == code


@pytest.mark.parametrize(
    "code",
    [
        "",
        "130",
        "13010",  # 5
        "13010111",  # 8
        "abcd",  # lower case is not the strict form
        "1301ab",
        "13-1",
        "1301 ",
        " 1301",
        "1301\n",
        "ÆØÅ1",
        "１３０１",  # full-width
    ],
)
def test_invalid_in_the_file(code: str) -> None:
    assert not is_valid_shak(code)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abcd", "ABCD"),
        ("1301ab", "1301AB"),
        (" 1301ab\n", "1301AB"),
        ("13 01 01", "130101"),
        ("１３０１", "1301"),
    ],
)
def test_parse_normalises(raw: str, expected: str) -> None:
    assert normalize_shak(raw) == expected
    assert parse_shak(raw) == expected


@pytest.mark.parametrize("raw", ["13010", "13010111", "", "13-1", "ÆØÅ1", "130"])
def test_parse_rejects_with_f04(raw: str) -> None:
    with pytest.raises(InputError) as info:
        parse_shak(raw, field="udfoerende_shak")
    err = info.value
    assert err.message_id == "shak.invalid"
    assert err.rule == "F04"
    assert err.field == "udfoerende_shak"


def test_parse_default_field_and_message() -> None:
    with pytest.raises(InputError) as info:
        parse_shak(" 13010 ")
    assert info.value.field == "shak"
    assert info.value.value == "13010"
    assert (
        info.value.message("da") == "Ugyldig SHAK-kode «13010»: 4, 6 eller 7 tegn, kun A–Z og 0–9."
    )


def test_level() -> None:
    assert level("1301") is ShakLevel.SYGEHUS
    assert level("130101") is ShakLevel.AFDELING
    assert level("1301011") is ShakLevel.AFSNIT


def test_hospital_of() -> None:
    assert hospital_of("1301011") == "1301"
    assert hospital_of("130101") == "1301"
    assert hospital_of("1301") == "1301"


def test_parent_of() -> None:
    assert parent_of("1301011") == "130101"
    assert parent_of("130101") == "1301"
    assert parent_of("1301") is None


def test_is_within() -> None:
    assert is_within("1301011", "130101")
    assert is_within("1301011", "1301")
    assert is_within("130101", "1301")
    assert is_within("1301", "1301")
    assert not is_within("1301", "130101")
    assert not is_within("130201", "1301")
    assert not is_within("1302011", "130101")


shak_codes = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=4, max_size=7
).filter(lambda code: len(code) != 5)


@given(shak_codes)
def test_every_well_formed_code_is_valid(code: str) -> None:
    assert is_valid_shak(code)
    assert parse_shak(code.lower()) == code
    assert is_within(code, hospital_of(code))
    parent = parent_of(code)
    if parent is not None:
        assert is_within(code, parent)
        assert is_valid_shak(parent)
        assert len(parent) < len(code)


@given(st.text())
def test_validity_means_the_strict_form(code: str) -> None:
    strict = len(code) in (4, 6, 7) and all(
        ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" for ch in code
    )
    assert is_valid_shak(code) is strict
