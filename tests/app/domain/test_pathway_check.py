"""A single pathway against every rule of national-format.md §3–§5: app.domain.pathway.check/derive."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from factories import udredning

from app.domain.pathway import (
    KOMMENTAR_MAX,
    CheckResult,
    PathwayData,
    Status,
    check,
    derive,
    normalise,
)
from app.domain.rules import Frist

TODAY = date(2024, 6, 15)
HENVISNING = date(2024, 6, 1)  # udredning frist 15-06-2024


def behandling(**changes: Any) -> PathwayData:
    """A valid started behandling: samtykke 03-06 → frist 17-06 (earlier than henvisning + 28)."""
    return udredning(
        forloebstype="BEHANDLING",
        behandlingsform="KIRURGI",
        samtykke=date(2024, 6, 3),
        tilbudt_start=date(2024, 6, 10),
        start=date(2024, 6, 10),
    ).replace(**changes)


def only_error(result: CheckResult) -> tuple[str | None, str | None, str]:
    assert len(result.errors) == 1, [(e.field, e.rule, e.message_id) for e in result.errors]
    error = result.errors[0]
    assert error.message("da")  # every error has a sentence for the user
    return error.field, error.rule, error.message_id


def errors(result: CheckResult) -> set[tuple[str | None, str | None]]:
    return {(e.field, e.rule) for e in result.errors}


# --- the valid bases ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [udredning(), behandling()], ids=["udredning", "behandling"])
def test_valid_pathway_has_no_errors_and_no_warnings(data: PathwayData) -> None:
    result = check(data, TODAY)
    assert result.ok
    assert result.errors == []
    assert result.warnings == []


# --- F02 CPR -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cpr",
    ["3002901234", "123", "", "01019O1234", "6101901234"],
    ids=["30-feb", "short", "empty", "letter-O", "day+60-all-digits"],
)
def test_invalid_cpr_is_f02_on_field_cpr(cpr: str) -> None:
    assert only_error(check(udredning(cpr=cpr), TODAY))[:2] == ("cpr", "F02")


def test_replacement_cpr_is_a_warning_f02e_not_an_error() -> None:
    result = check(udredning(cpr="010190AB12"), TODAY)
    assert result.ok
    assert [(w.field, w.rule) for w in result.warnings] == [("cpr", "F02E")]


def test_modulus_11_failure_is_only_a_warning() -> None:
    result = check(udredning(cpr="0101901234"), TODAY)
    assert result.ok
    assert [(w.field, w.message_id) for w in result.warnings] == [("cpr", "cpr.modulus11")]


# --- F04 SHAK -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["indberettende_shak", "udfoerende_shak"])
@pytest.mark.parametrize("value", ["130", "13011", "13011112", "13-1", ""])
def test_malformed_shak_is_f04_on_its_field(name: str, value: str) -> None:
    assert only_error(check(udredning(**{name: value}), TODAY))[:2] == (name, "F04")


@pytest.mark.parametrize("value", ["1301", "130111", "1301111", "ABC1XY"])
def test_shak_of_4_6_7_characters_is_valid(value: str) -> None:
    assert check(udredning(udfoerende_shak=value), TODAY).ok


# --- F05 codes and presence ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["forloebstype", "udfoerende_type", "kraeftomraade", "region"])
def test_missing_code_is_f05(name: str) -> None:
    field, rule, message_id = only_error(check(udredning(**{name: ""}), TODAY))
    assert (field, rule, message_id) == (name, "F05", "field.required")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("forloebstype", "KONTROL"),
        ("udfoerende_type", "SEMI"),
        ("kraeftomraade", "FOD"),
        ("region", "1086"),
    ],
)
def test_unknown_code_is_f05(name: str, value: str) -> None:
    field, rule, message_id = only_error(check(udredning(**{name: value}), TODAY))
    assert (field, rule, message_id) == (name, "F05", "code.unknown")


@pytest.mark.parametrize("kind", ["BEHANDLING", "EFTERBEHANDLING"])
def test_behandlingsform_required_for_behandling(kind: str) -> None:
    data = behandling(forloebstype=kind, behandlingsform=None)
    assert only_error(check(data, TODAY))[:2] == ("behandlingsform", "F05")


def test_unknown_behandlingsform_is_f05() -> None:
    field, rule, message_id = only_error(check(behandling(behandlingsform="LASER"), TODAY))
    assert (field, rule, message_id) == ("behandlingsform", "F05", "code.unknown")


def test_behandlingsform_on_udredning_is_f05() -> None:
    assert only_error(check(udredning(behandlingsform="KIRURGI"), TODAY))[:2] == (
        "behandlingsform",
        "F05",
    )


def test_samtykke_on_udredning_is_f05() -> None:
    assert only_error(check(udredning(samtykke=date(2024, 6, 2)), TODAY))[:2] == (
        "samtykke",
        "F05",
    )


@pytest.mark.parametrize("kind", ["BEHANDLING", "EFTERBEHANDLING"])
def test_ended_behandling_without_samtykke_is_f05(kind: str) -> None:
    data = behandling(forloebstype=kind, samtykke=None)
    assert only_error(check(data, TODAY))[:2] == ("samtykke", "F05")


def test_open_behandling_without_samtykke_is_allowed() -> None:
    data = behandling(samtykke=None, tilbudt_start=None, start=None)
    assert check(data, TODAY).ok
    assert derive(data).frist == Frist(HENVISNING + timedelta(days=28), provisional=True)


# --- F06 dates after today ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["samtykke", "tilbudt_start", "start"])
def test_event_date_after_today_is_f06(name: str) -> None:
    data = behandling(**{name: TODAY + timedelta(days=1)})
    assert (name, "F06") in errors(check(data, TODAY))


def test_afbrudt_after_today_is_f06() -> None:
    data = udredning(afbrudt=TODAY + timedelta(days=1))
    assert only_error(check(data, TODAY))[:2] == ("afbrudt", "F06")


def test_henvisning_after_today_is_f06() -> None:
    data = udredning(henvisning_modtaget=TODAY + timedelta(days=1))
    assert only_error(check(data, TODAY))[:2] == ("henvisning_modtaget", "F06")


def test_dates_on_today_are_allowed() -> None:
    data = udredning(henvisning_modtaget=TODAY, tilbudt_start=TODAY, start=TODAY)
    assert check(data, TODAY).ok


# --- F07 before the referral --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tilbudt_start", "start", "afbrudt"])
def test_date_before_referral_is_f07(name: str) -> None:
    day_before = HENVISNING - timedelta(days=1)
    data = udredning(tilbudt_start=HENVISNING, start=HENVISNING).replace(**{name: day_before})
    if name == "afbrudt":
        data = data.replace(start=None)
    assert (name, "F07") in errors(check(data, TODAY))


def test_end_on_the_referral_day_is_allowed() -> None:
    data = udredning(tilbudt_start=HENVISNING, start=HENVISNING)
    assert check(data, TODAY).ok
    assert derive(data).ventedage == 0


# --- F08 start/afbrudt --------------------------------------------------------------------------


def test_start_and_afbrudt_both_is_f08() -> None:
    data = udredning(tilbudt_start=date(2024, 6, 5), start=date(2024, 6, 5))
    data = data.replace(afbrudt=date(2024, 6, 6))
    assert only_error(check(data, TODAY))[:2] == ("afbrudt", "F08")


def test_start_without_tilbudt_start_is_f08() -> None:
    data = udredning(start=date(2024, 6, 5))
    assert only_error(check(data, TODAY))[:2] == ("tilbudt_start", "F08")


def test_interrupted_after_an_offer_is_allowed() -> None:
    data = udredning(tilbudt_start=date(2024, 6, 5), afbrudt=date(2024, 6, 4))
    assert check(data, TODAY).ok


# --- F11 reasons ---------------------------------------------------------------------------------


def test_over_the_deadline_without_reason_is_f11() -> None:
    data = udredning(tilbudt_start=date(2024, 6, 16), start=date(2024, 6, 16))
    field, rule, message_id = only_error(check(data, date(2024, 6, 20)))
    assert (field, rule, message_id) == ("aarsag", "F11", "rules.aarsag_required")


def test_interrupted_over_the_deadline_without_reason_is_f11() -> None:
    data = udredning(afbrudt=date(2024, 6, 16))
    assert only_error(check(data, date(2024, 6, 20)))[:2] == ("aarsag", "F11")


def test_reason_within_the_deadline_is_f11() -> None:
    data = udredning(tilbudt_start=date(2024, 6, 15), start=date(2024, 6, 15), aarsag="HELBRED")
    field, rule, message_id = only_error(check(data, TODAY))
    assert (field, rule, message_id) == ("aarsag", "F11", "rules.aarsag_not_allowed")


def test_reason_while_open_is_f11() -> None:
    field, rule, message_id = only_error(check(udredning(aarsag="HELBRED"), TODAY))
    assert (field, rule, message_id) == ("aarsag", "F11", "rules.aarsag_without_end")


def test_unknown_reason_over_the_deadline_is_f11() -> None:
    data = udredning(tilbudt_start=date(2024, 6, 16), start=date(2024, 6, 16), aarsag="VEJRET")
    assert only_error(check(data, date(2024, 6, 20)))[:2] == ("aarsag", "F11")


def test_reason_over_the_deadline_is_accepted() -> None:
    data = udredning(tilbudt_start=date(2024, 6, 16), start=date(2024, 6, 16), aarsag="HELBRED")
    assert check(data, date(2024, 6, 20)).ok


def test_kapacitet_henvist_needs_the_alternative_offer_when_asked() -> None:
    data = udredning(
        tilbudt_start=date(2024, 6, 16), start=date(2024, 6, 16), aarsag="KAPACITET_HENVIST"
    )
    assert check(data, date(2024, 6, 20)).ok
    result = check(data, date(2024, 6, 20), require_alternative=True)
    assert only_error(result)[0] == "alternativ_tilbud"
    with_offer = data.replace(alternativ_tilbud="Privathospital Hamlet")
    assert check(with_offer, date(2024, 6, 20), require_alternative=True).ok


# --- F12 text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\t", "\n", "\x00", "\x1f", "\x7f", "\x85", "\x9f"])
def test_control_character_in_kommentar_is_f12(char: str) -> None:
    data = udredning(kommentar=f"ring{char}tilbage")
    assert only_error(check(data, TODAY))[:2] == ("kommentar", "F12")


@pytest.mark.parametrize("name", ["ekstern_reference", "alternativ_tilbud"])
def test_control_character_in_other_text_is_f12(name: str) -> None:
    assert only_error(check(udredning(**{name: "A\x07B"}), TODAY))[:2] == (name, "F12")


def test_kommentar_of_500_characters_is_allowed_501_is_f12() -> None:
    assert check(udredning(kommentar="æ" * KOMMENTAR_MAX), TODAY).ok
    field, rule, message_id = only_error(check(udredning(kommentar="æ" * 501), TODAY))
    assert (field, rule, message_id) == ("kommentar", "F12", "text.too_long")


def test_andet_without_kommentar_is_f12() -> None:
    data = udredning(tilbudt_start=date(2024, 6, 16), start=date(2024, 6, 16), aarsag="ANDET")
    field, rule, message_id = only_error(check(data, date(2024, 6, 20)))
    assert (field, rule, message_id) == ("kommentar", "F12", "rules.kommentar_required")
    assert check(data.replace(kommentar="Patienten udeblev"), date(2024, 6, 20)).ok


# --- F13 udfald ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["BEHANDLING", "EFTERBEHANDLING"])
def test_udfald_on_a_behandling_is_f13(kind: str) -> None:
    data = behandling(forloebstype=kind, udfald="BEKRAEFTET")
    assert only_error(check(data, TODAY))[:2] == ("udfald", "F13")


def test_unknown_udfald_is_f13() -> None:
    assert only_error(check(udredning(udfald="MAASKE"), TODAY))[:2] == ("udfald", "F13")


@pytest.mark.parametrize("udfald", ["BEKRAEFTET", "AFKRAEFTET"])
def test_udfald_on_udredning_is_allowed(udfald: str) -> None:
    assert check(udredning(udfald=udfald), TODAY).ok


# --- all at once ---------------------------------------------------------------------------------


def test_every_error_is_reported_at_once() -> None:
    data = behandling(
        cpr="3002901234",
        indberettende_shak="13",
        udfoerende_type="",
        kraeftomraade="FOD",
        udfald="BEKRAEFTET",
        kommentar="a\tb",
        ekstern_reference="x" * 201,
        afbrudt=date(2024, 6, 11),
        samtykke=TODAY + timedelta(days=2),
    )
    result = check(data, TODAY)
    assert not result.ok
    assert errors(result) >= {
        ("cpr", "F02"),
        ("indberettende_shak", "F04"),
        ("udfoerende_type", "F05"),
        ("kraeftomraade", "F05"),
        ("udfald", "F13"),
        ("kommentar", "F12"),
        ("afbrudt", "F08"),
        ("samtykke", "F06"),
    }
    assert "ekstern_reference" in result.by_field()
    assert len(result.errors) == 9


# --- derive --------------------------------------------------------------------------------------


def test_derive_open_pathway() -> None:
    derived = derive(udredning())
    assert derived.status is Status.AABEN
    assert derived.periode is None
    assert derived.kategori is None
    assert derived.ventedage is None
    assert derived.frist == Frist(date(2024, 6, 15))


@pytest.mark.parametrize(
    ("end", "periode"),
    [
        (date(2024, 1, 1), "2024K1"),
        (date(2024, 3, 31), "2024K1"),
        (date(2024, 4, 1), "2024K2"),
        (date(2024, 6, 30), "2024K2"),
        (date(2024, 7, 1), "2024K3"),
        (date(2024, 9, 30), "2024K3"),
        (date(2024, 10, 1), "2024K4"),
        (date(2024, 12, 31), "2024K4"),
        (date(2025, 1, 1), "2025K1"),
    ],
)
def test_periode_is_the_quarter_of_the_end_date(end: date, periode: str) -> None:
    start = end - timedelta(days=3)
    started = udredning(henvisning_modtaget=start, tilbudt_start=end, start=end)
    interrupted = udredning(henvisning_modtaget=start, afbrudt=end)
    assert check(started, date(2026, 1, 1)).ok
    assert derive(started).periode == periode
    assert derive(started).status is Status.AFSLUTTET
    assert derive(interrupted).periode == periode
    assert derive(interrupted).status is Status.AFBRUDT


def test_derive_kategori_1_2_3_and_ventedage() -> None:
    henvisning = date(2024, 3, 17)  # frist 31-03-2024
    on_time = udredning(
        henvisning_modtaget=henvisning, tilbudt_start=date(2024, 3, 31), start=date(2024, 3, 31)
    )
    derived = derive(on_time)
    assert (derived.frist.dato, derived.ventedage, derived.kategori, derived.periode) == (
        date(2024, 3, 31),
        14,
        1,
        "2024K1",
    )
    late = on_time.replace(tilbudt_start=date(2024, 4, 1), start=date(2024, 4, 1))
    assert derive(late.replace(aarsag="PATIENTOENSKE")).kategori == 2
    assert derive(late.replace(aarsag="KAPACITET")).kategori == 3
    assert derive(late.replace(aarsag="KAPACITET")).ventedage == 15
    assert derive(late.replace(aarsag="KAPACITET")).periode == "2024K2"


def test_derive_frist_per_forloebstype() -> None:
    base = behandling(
        henvisning_modtaget=date(2024, 5, 1),
        samtykke=date(2024, 5, 20),
        tilbudt_start=None,
        start=None,
    )
    assert derive(base).frist == Frist(date(2024, 5, 29))  # henvisning + 28 is earlier
    assert derive(base.replace(samtykke=date(2024, 5, 2))).frist == Frist(date(2024, 5, 16))
    efter = base.replace(forloebstype="EFTERBEHANDLING")
    assert derive(efter).frist == Frist(date(2024, 6, 3))  # samtykke + 14


# --- normalise -----------------------------------------------------------------------------------


def test_normalise_gives_the_stored_form() -> None:
    data = normalise(
        udredning(
            cpr="０７０７６１-４２８５\n",
            indberettende_shak=" 1301 ",
            udfoerende_type="privat",
            forloebstype=" udredning",
            kraeftomraade="bryst",
            udfald="",
            kommentar="  Cafe\u0301  ",
            ekstern_reference="   ",
        )
    )
    assert data == udredning(kommentar="Café")
    assert check(data, TODAY).ok
