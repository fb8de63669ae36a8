"""Deadlines, waiting days and categories: national-format.md §4."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.codes import Forloebstype
from app.domain.rules import (
    Countdown,
    Frist,
    Outcome,
    Urgency,
    compute_frist,
    compute_ventedage,
    countdown,
    countdown_text,
    derive_kategori,
    evaluate,
)
from app.errors import RuleViolation

U = Forloebstype.UDREDNING
B = Forloebstype.BEHANDLING
E = Forloebstype.EFTERBEHANDLING

KATEGORI_2 = ("HELBRED", "PATIENTOENSKE", "KAPACITET_HENVIST")
KATEGORI_3 = ("KAPACITET", "MENNESKELIG_FEJL", "AFLYSNING", "ANDET")


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- UDREDNING: henvisning + 14 ---------------------------------------------------------------


def test_udredning_frist_is_henvisning_plus_14() -> None:
    assert compute_frist(U, d("2024-03-01"), None) == Frist(d("2024-03-15"), provisional=False)


def test_udredning_day_14_is_kategori_1() -> None:
    outcome = evaluate(U, d("2024-03-01"), slut=d("2024-03-15"))
    assert outcome == Outcome(Frist(d("2024-03-15")), ventedage=14, kategori=1)


def test_udredning_day_15_without_reason_is_a_violation() -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(U, d("2024-03-01"), slut=d("2024-03-16"))
    err = info.value
    assert err.message_id == "rules.aarsag_required"
    assert err.rule == "F11"
    assert err.field == "aarsag"
    assert err.message("da") == "Fristen (15-03-2024) er overskredet med 1 dag; angiv en årsag."


@pytest.mark.parametrize("code", KATEGORI_2)
def test_udredning_day_15_with_kategori_2_reason(code: str) -> None:
    outcome = evaluate(U, d("2024-03-01"), slut=d("2024-03-16"), aarsag_code=code)
    assert outcome == Outcome(Frist(d("2024-03-15")), ventedage=15, kategori=2)


@pytest.mark.parametrize("code", KATEGORI_3)
def test_udredning_day_15_with_kategori_3_reason(code: str) -> None:
    outcome = evaluate(U, d("2024-03-01"), slut=d("2024-03-16"), aarsag_code=code)
    assert outcome == Outcome(Frist(d("2024-03-15")), ventedage=15, kategori=3)


def test_end_on_the_referral_day_is_day_0() -> None:
    outcome = evaluate(U, d("2024-03-01"), slut=d("2024-03-01"))
    assert outcome.ventedage == 0
    assert outcome.kategori == 1


def test_udredning_is_never_provisional() -> None:
    assert compute_frist("UDREDNING", d("2024-03-01"), None).provisional is False


# --- BEHANDLING: the earlier of samtykke + 14 and henvisning + 28 -----------------------------


def test_behandling_consent_plus_14_binds() -> None:
    # samtykke + 14 = 19-03; henvisning + 28 = 29-03
    frist = compute_frist(B, d("2024-03-01"), d("2024-03-05"))
    assert frist == Frist(d("2024-03-19"), provisional=False)


def test_behandling_referral_plus_28_binds() -> None:
    # samtykke + 14 = 03-04; henvisning + 28 = 29-03
    frist = compute_frist(B, d("2024-03-01"), d("2024-03-20"))
    assert frist == Frist(d("2024-03-29"), provisional=False)


def test_behandling_tie_between_consent_and_referral() -> None:
    # samtykke + 14 = henvisning + 28 = 29-03
    assert compute_frist(B, d("2024-03-01"), d("2024-03-15")).dato == d("2024-03-29")


def test_behandling_one_day_before_the_tie_consent_binds() -> None:
    assert compute_frist(B, d("2024-03-01"), d("2024-03-14")).dato == d("2024-03-28")


def test_behandling_one_day_after_the_tie_referral_binds() -> None:
    assert compute_frist(B, d("2024-03-01"), d("2024-03-16")).dato == d("2024-03-29")


def test_behandling_on_the_consent_deadline_is_kategori_1() -> None:
    outcome = evaluate(B, d("2024-03-01"), d("2024-03-05"), d("2024-03-19"))
    assert (outcome.ventedage, outcome.kategori) == (18, 1)


def test_behandling_a_day_after_the_consent_deadline_needs_a_reason() -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(B, d("2024-03-01"), d("2024-03-05"), d("2024-03-20"))
    assert info.value.rule == "F11"
    outcome = evaluate(B, d("2024-03-01"), d("2024-03-05"), d("2024-03-20"), "KAPACITET")
    assert (outcome.ventedage, outcome.kategori) == (19, 3)


def test_behandling_on_the_referral_cap_is_kategori_1() -> None:
    outcome = evaluate(B, d("2024-03-01"), d("2024-03-20"), d("2024-03-29"))
    assert (outcome.ventedage, outcome.kategori) == (28, 1)


def test_behandling_a_day_after_the_referral_cap_is_overrun() -> None:
    outcome = evaluate(B, d("2024-03-01"), d("2024-03-20"), d("2024-03-30"), "HELBRED")
    assert (outcome.ventedage, outcome.kategori) == (29, 2)


# --- EFTERBEHANDLING: the later of henvisning and samtykke, + 14 ------------------------------


def test_efterbehandling_referral_later_than_consent() -> None:
    frist = compute_frist(E, d("2024-05-10"), d("2024-05-01"))
    assert frist == Frist(d("2024-05-24"), provisional=False)


def test_efterbehandling_consent_later_than_referral() -> None:
    frist = compute_frist(E, d("2024-05-01"), d("2024-05-12"))
    assert frist == Frist(d("2024-05-26"), provisional=False)


def test_efterbehandling_same_day() -> None:
    assert compute_frist(E, d("2024-05-01"), d("2024-05-01")).dato == d("2024-05-15")


def test_efterbehandling_day_boundary() -> None:
    inside = evaluate(E, d("2024-05-01"), d("2024-05-12"), d("2024-05-26"))
    assert (inside.ventedage, inside.kategori) == (25, 1)
    outside = evaluate(E, d("2024-05-01"), d("2024-05-12"), d("2024-05-27"), "PATIENTOENSKE")
    assert (outside.ventedage, outside.kategori) == (26, 2)


# --- provisional deadline (no samtykke yet) ---------------------------------------------------


def test_provisional_behandling_is_referral_plus_28() -> None:
    assert compute_frist(B, d("2024-03-01"), None) == Frist(d("2024-03-29"), provisional=True)


def test_provisional_efterbehandling_is_referral_plus_14() -> None:
    assert compute_frist(E, d("2024-03-01"), None) == Frist(d("2024-03-15"), provisional=True)


@pytest.mark.parametrize(("kind", "expected"), [(B, "2024-03-29"), (E, "2024-03-15")])
def test_open_pathway_without_consent_gives_provisional_outcome(kind: str, expected: str) -> None:
    outcome = evaluate(kind, d("2024-03-01"))
    assert outcome == Outcome(Frist(d(expected), provisional=True), ventedage=None, kategori=None)


@pytest.mark.parametrize("kind", [B, E])
def test_end_date_without_consent_is_a_violation(kind: str) -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(kind, d("2024-03-01"), None, d("2024-03-05"))
    assert info.value.message_id == "rules.samtykke_required"
    assert info.value.field == "samtykke"
    assert info.value.rule == "F05"


def test_open_pathway_with_consent_is_final() -> None:
    outcome = evaluate(B, d("2024-03-01"), d("2024-03-05"))
    assert outcome == Outcome(Frist(d("2024-03-19"), provisional=False))


# --- interrupted pathways: the afbrudt date is just the end date ------------------------------


def test_interrupted_within_deadline_is_kategori_1() -> None:
    afbrudt = d("2024-03-10")
    outcome = evaluate(U, d("2024-03-01"), slut=afbrudt)
    assert (outcome.ventedage, outcome.kategori) == (9, 1)


def test_interrupted_after_deadline_follows_the_same_rules() -> None:
    afbrudt = d("2024-04-02")
    with pytest.raises(RuleViolation):
        evaluate(B, d("2024-03-01"), d("2024-03-05"), afbrudt)
    outcome = evaluate(B, d("2024-03-01"), d("2024-03-05"), afbrudt, "PATIENTOENSKE")
    assert (outcome.ventedage, outcome.kategori) == (32, 2)


# --- reasons -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", KATEGORI_2 + KATEGORI_3)
def test_reason_within_the_deadline_is_a_violation(code: str) -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(U, d("2024-03-01"), slut=d("2024-03-15"), aarsag_code=code)
    err = info.value
    assert err.message_id == "rules.aarsag_not_allowed"
    assert err.rule == "F11"
    assert err.value == code
    assert err.message("da") == (
        "Forløbet er inden for fristen (15-03-2024); der skal ikke angives en årsag."
    )


@pytest.mark.parametrize("code", ["UKENDT", "helbred", "KATEGORI_2", " HELBRED"])
def test_unknown_reason_is_f11(code: str) -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(U, d("2024-03-01"), slut=d("2024-03-16"), aarsag_code=code)
    err = info.value
    assert err.message_id == "rules.aarsag_unknown"
    assert err.rule == "F11"
    assert err.value == code
    assert "HELBRED" in err.params["allowed"]
    assert "ANDET" in err.params["allowed"]


def test_unknown_reason_on_an_open_pathway_is_f11() -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(U, d("2024-03-01"), aarsag_code="UKENDT")
    assert info.value.rule == "F11"


def test_known_reason_on_an_open_pathway_is_kept_for_later() -> None:
    assert evaluate(U, d("2024-03-01"), aarsag_code="HELBRED") == Outcome(Frist(d("2024-03-15")))


def test_empty_reason_counts_as_none() -> None:
    assert evaluate(U, d("2024-03-01"), slut=d("2024-03-15"), aarsag_code="").kategori == 1
    with pytest.raises(RuleViolation) as info:
        evaluate(U, d("2024-03-01"), slut=d("2024-03-16"), aarsag_code="")
    assert info.value.message_id == "rules.aarsag_required"


def test_derive_kategori_directly() -> None:
    frist = d("2024-03-15")
    assert derive_kategori(frist, d("2024-03-15"), None) == 1
    assert derive_kategori(frist, d("2024-03-16"), "KAPACITET_HENVIST") == 2
    assert derive_kategori(frist, d("2024-03-16"), "AFLYSNING") == 3


def test_overrun_message_counts_days() -> None:
    with pytest.raises(RuleViolation) as info:
        derive_kategori(d("2024-03-15"), d("2024-03-20"), None)
    assert (
        info.value.message("da")
        == "Fristen (15-03-2024) er overskredet med 5 dage; angiv en årsag."
    )
    assert (
        info.value.message("en")
        == "The deadline (15-03-2024) was exceeded by 5 days; give a reason."
    )


# --- cross-field violations --------------------------------------------------------------------


@pytest.mark.parametrize("kind", [U, B, E])
def test_end_before_referral_is_f07(kind: str) -> None:
    samtykke = None if kind == U else d("2024-03-01")
    with pytest.raises(RuleViolation) as info:
        evaluate(kind, d("2024-03-01"), samtykke, d("2024-02-29"))
    err = info.value
    assert err.message_id == "rules.end_before_henvisning"
    assert err.rule == "F07"
    assert err.field == "slut"
    assert (
        err.message("da")
        == "Slutdato (29-02-2024) ligger før henvisningen blev modtaget (01-03-2024)."
    )


def test_end_before_referral_wins_over_missing_consent() -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(B, d("2024-03-01"), None, d("2024-02-01"))
    assert info.value.rule == "F07"


def test_consent_on_an_udredning_is_a_violation() -> None:
    with pytest.raises(RuleViolation) as info:
        evaluate(U, d("2024-03-01"), d("2024-03-02"), d("2024-03-10"))
    err = info.value
    assert err.message_id == "rules.samtykke_not_for_udredning"
    assert err.field == "samtykke"
    assert err.rule == "F05"


def test_consent_on_an_open_udredning_is_a_violation() -> None:
    with pytest.raises(RuleViolation):
        evaluate("UDREDNING", d("2024-03-01"), d("2024-03-02"))


def test_unknown_forloebstype_is_rejected() -> None:
    with pytest.raises(ValueError):
        evaluate("KONTROL", d("2024-03-01"))


def test_forloebstype_may_be_given_as_text() -> None:
    assert evaluate("BEHANDLING", d("2024-03-01"), d("2024-03-05")).frist.dato == d("2024-03-19")


# --- calendar edges ----------------------------------------------------------------------------


def test_udredning_across_year_end() -> None:
    assert compute_frist(U, d("2023-12-25"), None).dato == d("2024-01-08")


def test_udredning_across_month_end() -> None:
    assert compute_frist(U, d("2024-04-20"), None).dato == d("2024-05-04")


def test_udredning_across_february_of_a_leap_year() -> None:
    assert compute_frist(U, d("2024-02-20"), None).dato == d("2024-03-05")


def test_udredning_across_february_of_a_common_year() -> None:
    assert compute_frist(U, d("2023-02-20"), None).dato == d("2023-03-06")


def test_behandling_cap_lands_on_29_february_2024() -> None:
    assert compute_frist(B, d("2024-02-01"), d("2024-02-20")).dato == d("2024-02-29")


def test_behandling_cap_in_february_2023_lands_on_1_march() -> None:
    assert compute_frist(B, d("2023-02-01"), d("2023-02-20")).dato == d("2023-03-01")


def test_efterbehandling_consent_lands_on_29_february_2024() -> None:
    assert compute_frist(E, d("2024-02-01"), d("2024-02-15")).dato == d("2024-02-29")


def test_efterbehandling_consent_in_february_2023_lands_on_1_march() -> None:
    assert compute_frist(E, d("2023-02-01"), d("2023-02-15")).dato == d("2023-03-01")


def test_behandling_across_year_end() -> None:
    assert compute_frist(B, d("2024-12-10"), None).dato == d("2025-01-07")
    assert compute_frist(B, d("2024-12-10"), d("2024-12-20")).dato == d("2025-01-03")


def test_leap_day_counts_as_a_waiting_day() -> None:
    assert compute_ventedage(d("2024-02-01"), d("2024-03-01")) == 29
    assert compute_ventedage(d("2023-02-01"), d("2023-03-01")) == 28


def test_ventedage_across_year_end() -> None:
    assert compute_ventedage(d("2023-12-31"), d("2024-01-01")) == 1


def test_ventedage_on_29_february_frist() -> None:
    inside = evaluate(B, d("2024-02-01"), d("2024-02-20"), d("2024-02-29"))
    assert (inside.ventedage, inside.kategori) == (28, 1)
    outside = evaluate(B, d("2024-02-01"), d("2024-02-20"), d("2024-03-01"), "ANDET")
    assert (outside.ventedage, outside.kategori) == (29, 3)


# --- countdown ---------------------------------------------------------------------------------

FRIST = date(2024, 3, 15)


def test_countdown_four_days_left_is_ok() -> None:
    value = countdown(FRIST, d("2024-03-11"))
    assert value == Countdown(4)
    assert value.urgency is Urgency.OK


def test_countdown_three_days_left_is_soon() -> None:
    value = countdown(FRIST, d("2024-03-12"))
    assert value.days_left == 3
    assert value.urgency is Urgency.SOON


def test_countdown_deadline_today_is_soon() -> None:
    value = countdown(FRIST, FRIST)
    assert value.days_left == 0
    assert value.urgency is Urgency.SOON


def test_countdown_one_day_over_is_overdue() -> None:
    value = countdown(FRIST, d("2024-03-16"))
    assert value.days_left == -1
    assert value.urgency is Urgency.OVERDUE


def test_countdown_across_leap_day() -> None:
    assert countdown(d("2024-03-01"), d("2024-02-28")).days_left == 2
    assert countdown(d("2023-03-01"), d("2023-02-28")).days_left == 1


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (-2, "overskredet 2 dage"),
        (-1, "overskredet 1 dag"),
        (0, "frist i dag"),
        (1, "1 dag tilbage"),
        (3, "3 dage tilbage"),
        (14, "14 dage tilbage"),
    ],
)
def test_countdown_text_danish(days_left: int, expected: str) -> None:
    assert countdown_text(Countdown(days_left), "da") == expected


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(-2, "overdue by 2 days"), (-1, "overdue by 1 day"), (0, "deadline today"), (1, "1 day left")],
)
def test_countdown_text_english(days_left: int, expected: str) -> None:
    assert countdown_text(Countdown(days_left), "en") == expected


def test_countdown_text_defaults_to_danish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MVK_LANG", raising=False)
    assert countdown_text(Countdown(-2)) == "overskredet 2 dage"


def test_countdown_text_follows_mvk_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MVK_LANG", "en")
    assert countdown_text(Countdown(1)) == "1 day left"


# --- properties --------------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def pathways(draw: st.DrawFn) -> tuple[Forloebstype, date, date | None, date]:
    kind = draw(st.sampled_from(list(Forloebstype)))
    henvisning = draw(days)
    samtykke = (
        None
        if kind is Forloebstype.UDREDNING
        else henvisning + timedelta(days=draw(st.integers(-60, 90)))
    )
    slut = henvisning + timedelta(days=draw(st.integers(0, 150)))
    return kind, henvisning, samtykke, slut


@settings(max_examples=300)
@given(pathways(), st.data())
def test_kategori_1_iff_end_within_frist(
    pathway: tuple[Forloebstype, date, date | None, date], data: st.DataObject
) -> None:
    kind, henvisning, samtykke, slut = pathway
    frist = compute_frist(kind, henvisning, samtykke).dato
    if slut <= frist:
        outcome = evaluate(kind, henvisning, samtykke, slut)
        assert outcome.kategori == 1
    else:
        code = data.draw(st.sampled_from(KATEGORI_2 + KATEGORI_3))
        outcome = evaluate(kind, henvisning, samtykke, slut, code)
        assert outcome.kategori == (2 if code in KATEGORI_2 else 3)
    assert outcome.frist.dato == frist
    assert outcome.ventedage == (slut - henvisning).days


@settings(max_examples=500)
@given(st.sampled_from(list(Forloebstype)), days, st.one_of(st.none(), st.integers(-60, 90)))
def test_frist_bounds(kind: Forloebstype, henvisning: date, offset: int | None) -> None:
    samtykke = None if offset is None else henvisning + timedelta(days=offset)
    frist = compute_frist(kind, henvisning, samtykke)
    earliest = henvisning if samtykke is None else min(henvisning, samtykke)
    assert frist.dato >= earliest
    assert frist.provisional == (kind is not Forloebstype.UDREDNING and samtykke is None)
    if kind is Forloebstype.UDREDNING:
        assert frist.dato == henvisning + timedelta(days=14)
    elif kind is Forloebstype.BEHANDLING:
        assert frist.dato <= henvisning + timedelta(days=28)
        if samtykke is not None:
            assert frist.dato <= samtykke + timedelta(days=14)
            assert frist.dato in (samtykke + timedelta(days=14), henvisning + timedelta(days=28))
    else:
        assert frist.dato >= henvisning + timedelta(days=14)
        if samtykke is not None:
            assert frist.dato == max(henvisning, samtykke) + timedelta(days=14)


@settings(max_examples=500)
@given(days, st.integers(0, 2000))
def test_ventedage_is_calendar_days(henvisning: date, gap: int) -> None:
    slut = henvisning + timedelta(days=gap)
    assert compute_ventedage(henvisning, slut) == (slut - henvisning).days == gap
    assert (
        evaluate(U, henvisning, slut=slut, aarsag_code="ANDET" if gap > 14 else None).ventedage
        == gap
    )


@given(days, days)
def test_countdown_urgency_matches_days_left(frist: date, today: date) -> None:
    value = countdown(frist, today)
    assert value.days_left == (frist - today).days
    expected = (
        Urgency.OVERDUE
        if value.days_left < 0
        else Urgency.SOON
        if value.days_left <= 3
        else Urgency.OK
    )
    assert value.urgency is expected
