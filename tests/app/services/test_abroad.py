"""Pathways abroad: counts per key of §8, validation, totals, soft delete and the yearly answer."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from app.clock import FixedClock
from app.errors import MvkError
from app.services import abroad
from app.services.abroad import AbroadData
from app.services.context import ServiceContext
from app.store import audit
from app.store.engine import Store
from app.store.errors import ConflictError, NotFound

SOURCE = "133041"


def count(**changes: object) -> AbroadData:
    base = AbroadData(
        aar=2023,
        kvartal=2,
        region="1084",
        kilde_shak=SOURCE,
        forloebstype="BEHANDLING",
        behandlingsform="STRAALE",
        kraeftomraade="SARKOM",
        land="DE",
        antal=2,
        kommentar="Protonterapi",
    )
    return replace(base, **changes)


def field_errors(error: abroad.AbroadInvalid) -> dict[str, str]:
    return {e.field or "": e.message_id for e in error.errors}


# --- setting counts --------------------------------------------------------------------------


def test_set_count_creates_then_updates_the_row_of_its_key(
    store: Store, ctx: ServiceContext
) -> None:
    with store.write() as session:
        first = abroad.set_count(session, count(land="de", kraeftomraade="sarkom"), ctx)
    assert (first.land, first.kraeftomraade, first.antal, first.version) == ("DE", "SARKOM", 2, 1)
    with store.write() as session:
        second = abroad.set_count(session, count(antal=3, kommentar=None), ctx)
    assert second.id == first.id  # the same key: the same row, changed
    assert second.antal == 3 and second.kommentar is None and second.version == 2
    with store.read() as session:
        year = abroad.list_year(session, "1084", 2023)
        assert [r.antal for r in year.rows] == [3]
        entries = audit.history(session, "abroad_count", str(first.id))
        assert [e.action for e in entries] == ["create", "update"]
        assert json.loads(entries[1].changes) == {
            "antal": [2, 3],
            "kommentar": ["Protonterapi", None],
        }


def test_setting_the_same_values_again_writes_nothing(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        abroad.set_count(session, count(), ctx)
    with store.write() as session:
        view = abroad.set_count(session, count(), ctx)
    assert view.version == 1
    with store.read() as session:
        assert audit.count(session) == 1


def test_different_keys_and_sources_are_different_rows(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        abroad.set_count(session, count(), ctx)
        abroad.set_count(session, count(kvartal=3), ctx)
        abroad.set_count(session, count(land="SE"), ctx)
        abroad.set_count(session, count(kraeftomraade=None), ctx)
        abroad.set_count(session, count(behandlingsform="KIRURGI"), ctx)
        abroad.set_count(session, count(kilde_shak="1330"), ctx)
    with store.read() as session:
        assert len(abroad.list_year(session, "1084", 2023).rows) == 6
        assert len(abroad.list_year(session, "1084", 2023, SOURCE).rows) == 5


def test_udredning_has_no_behandlingsform(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        view = abroad.set_count(
            session, count(forloebstype="udredning", behandlingsform="", kraeftomraade=""), ctx
        )
    assert (view.forloebstype, view.behandlingsform, view.kraeftomraade) == ("UDREDNING", "", "")


@pytest.mark.parametrize(
    ("changes", "field", "message_id"),
    [
        ({"kvartal": 0}, "kvartal", "abroad.kvartal_invalid"),
        ({"kvartal": 5}, "kvartal", "abroad.kvartal_invalid"),
        ({"aar": 2025}, "aar", "abroad.aar_invalid"),  # after today (2024)
        ({"aar": 2024, "kvartal": 3}, "kvartal", "abroad.kvartal_future"),  # today is 2024K2
        ({"forloebstype": "KONTROL"}, "forloebstype", "code.unknown"),
        ({"forloebstype": ""}, "forloebstype", "field.required"),
        ({"behandlingsform": None}, "behandlingsform", "field.required"),
        ({"behandlingsform": "LASER"}, "behandlingsform", "code.unknown"),
        (
            {"forloebstype": "UDREDNING"},
            "behandlingsform",
            "rules.behandlingsform_not_for_udredning",
        ),
        ({"kraeftomraade": "HJERTE"}, "kraeftomraade", "code.unknown"),
        ({"land": "DK"}, "land", "abroad.land_dk"),
        ({"land": "XX"}, "land", "abroad.land_unknown"),
        ({"land": "DEU"}, "land", "abroad.land_unknown"),
        ({"land": ""}, "land", "field.required"),
        ({"antal": 0}, "antal", "abroad.antal_invalid"),
        ({"antal": -2}, "antal", "abroad.antal_invalid"),
        ({"antal": True}, "antal", "abroad.antal_invalid"),
        ({"kommentar": "a\nb"}, "kommentar", "text.control_characters"),
        ({"kommentar": "x" * 501}, "kommentar", "text.too_long"),
        ({"region": "1099"}, "region", "code.unknown"),
        ({"kilde_shak": "12"}, "kilde_shak", "shak.invalid"),
    ],
)
def test_invalid_counts_are_refused_with_the_field(
    ctx: ServiceContext, changes: dict[str, object], field: str, message_id: str
) -> None:
    with pytest.raises(abroad.AbroadInvalid) as caught:
        abroad.validate(count(**changes), ctx)
    assert field_errors(caught.value) == {field: message_id}
    assert caught.value.message("da") != message_id


def test_an_invalid_count_saves_nothing(store: Store, ctx: ServiceContext) -> None:
    with pytest.raises(abroad.AbroadInvalid), store.write() as session:
        abroad.set_count(session, count(antal=0), ctx)
    with store.read() as session:
        assert abroad.list_year(session, "1084", 2023).rows == []
        assert audit.count(session) == 0


def test_every_problem_is_reported_at_once(ctx: ServiceContext) -> None:
    with pytest.raises(abroad.AbroadInvalid) as caught:
        abroad.validate(count(kvartal=7, land="DK", antal=0), ctx)
    assert set(field_errors(caught.value)) == {"kvartal", "land", "antal"}


def test_a_comment_of_500_characters_is_kept_nfc(ctx: ServiceContext) -> None:
    text = "Behandlet i Mu\u0308nchen " + "x" * 480
    data = abroad.validate(count(kommentar=text), ctx)
    assert data.kommentar is not None and data.kommentar.startswith("Behandlet i München")
    assert len(data.kommentar) == 500


# --- list with totals ------------------------------------------------------------------------


def test_list_year_sorts_by_key_and_totals(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        abroad.set_count(session, count(kvartal=4, land="SE", antal=1), ctx)
        abroad.set_count(session, count(kvartal=1, antal=2), ctx)
        abroad.set_count(
            session,
            count(kvartal=1, forloebstype="UDREDNING", behandlingsform=None, land="NO", antal=4),
            ctx,
        )
        abroad.set_count(session, count(aar=2022, antal=9), ctx)
        abroad.set_count(session, count(region="1085", antal=9), ctx)
    with store.read() as session:
        year = abroad.list_year(session, "1084", 2023)
    assert [(r.kvartal, r.forloebstype, r.land) for r in year.rows] == [
        (1, "BEHANDLING", "DE"),
        (1, "UDREDNING", "NO"),
        (4, "BEHANDLING", "SE"),
    ]
    assert year.total == 7
    assert year.by_kvartal == {1: 6, 4: 1}
    assert year.by_forloebstype == {"BEHANDLING": 3, "UDREDNING": 4}
    assert year.by_land == {"DE": 2, "NO": 4, "SE": 1}
    assert not year.answered


# --- correct and delete ----------------------------------------------------------------------


def test_correct_changes_the_key_unless_another_count_has_it(
    store: Store, ctx: ServiceContext
) -> None:
    with store.write() as session:
        de = abroad.set_count(session, count(), ctx)
        se = abroad.set_count(session, count(land="SE"), ctx)
    with store.write() as session:
        moved = abroad.correct(session, de.id, {"land": "NL"}, ctx, expected_version=1)
    assert moved.land == "NL" and moved.id == de.id
    with pytest.raises(abroad.AbroadKeyTaken) as caught, store.write() as session:
        abroad.correct(session, de.id, {"land": "SE"}, ctx)
    assert caught.value.value == se.id
    with pytest.raises(ConflictError), store.write() as session:
        abroad.correct(session, de.id, {"antal": 5}, ctx, expected_version=1)
    with pytest.raises(abroad.AbroadInvalid), store.write() as session:
        abroad.correct(session, de.id, {"antal": 0}, ctx)


def test_delete_is_soft_audited_and_the_key_can_be_set_again(
    store: Store, ctx: ServiceContext
) -> None:
    with store.write() as session:
        view = abroad.set_count(session, count(), ctx)
    with store.write() as session:
        abroad.delete(session, view.id, ctx, expected_version=1, reason="Talt to gange")
    with store.read() as session:
        assert abroad.list_year(session, "1084", 2023).rows == []
        with pytest.raises(NotFound):
            abroad.get(session, view.id)
        last = audit.history(session, "abroad_count", str(view.id))[-1]
        assert (last.action, last.reason) == ("delete", "Talt to gange")
        assert json.loads(last.changes) == {"deleted": [False, True]}
    with pytest.raises(NotFound), store.write() as session:
        abroad.delete(session, view.id, ctx)
    with store.write() as session:
        again = abroad.set_count(session, count(antal=1), ctx)
    assert again.id == view.id and again.antal == 1  # one row per key, revived
    with store.read() as session:
        assert [r.antal for r in abroad.list_year(session, "1084", 2023).rows] == [1]


# --- the yearly answer -----------------------------------------------------------------------


def test_year_answer_none_abroad(store: Store, ctx: ServiceContext) -> None:
    with store.read() as session:
        assert not abroad.year_answered(session, "1084", 2023, SOURCE)
    with store.write() as session:
        answer = abroad.answer_year(session, "1084", 2023, SOURCE, True, ctx)
    assert answer.ingen_udland and answer.answered_by == "tester"
    with store.read() as session:
        assert abroad.year_answered(session, "1084", 2023, SOURCE)
        assert not abroad.year_answered(session, "1084", 2022, SOURCE)
        assert not abroad.year_answered(session, "1085", 2023, SOURCE)
        year = abroad.list_year(session, "1084", 2023, SOURCE)
        assert year.answered and year.answer is not None and year.answer.ingen_udland
        assert year.total == 0


def test_none_abroad_is_refused_while_counts_exist(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        view = abroad.set_count(session, count(antal=3), ctx)
    with pytest.raises(abroad.AbroadCountsExist) as caught, store.write() as session:
        abroad.answer_year(session, "1084", 2023, SOURCE, True, ctx)
    assert "3" in caught.value.message("da")
    with store.read() as session:
        assert not abroad.year_answered(session, "1084", 2023, SOURCE)
    # Counted and complete is fine; after the counts are deleted, "none" is fine too.
    with store.write() as session:
        abroad.answer_year(session, "1084", 2023, SOURCE, False, ctx)
        abroad.delete(session, view.id, ctx)
        changed = abroad.answer_year(session, "1084", 2023, SOURCE, True, ctx)
    assert changed.ingen_udland
    with store.read() as session:
        entries = audit.history(session, "abroad_answer", "1")
        assert [e.action for e in entries] == ["create", "update"]
        assert json.loads(entries[1].changes) == {"ingen_udland": [False, True]}


def test_a_count_in_a_year_answered_none_is_refused(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        abroad.answer_year(session, "1084", 2023, SOURCE, True, ctx)
    with pytest.raises(abroad.AbroadYearNone), store.write() as session:
        abroad.set_count(session, count(), ctx)
    with store.write() as session:
        abroad.answer_year(session, "1084", 2023, SOURCE, False, ctx)
        abroad.set_count(session, count(), ctx)
    with store.read() as session:
        assert abroad.list_year(session, "1084", 2023).total == 2


@pytest.mark.parametrize(
    ("region", "aar", "source"),
    [("1099", 2023, SOURCE), ("1084", 2025, SOURCE), ("1084", 2023, "1")],
)
def test_answer_year_validates(
    store: Store, ctx: ServiceContext, region: str, aar: int, source: str
) -> None:
    with pytest.raises(MvkError), store.write() as session:
        abroad.answer_year(session, region, aar, source, True, ctx)


def test_the_current_quarter_can_be_counted() -> None:
    ctx = ServiceContext.default(FixedClock(date(2024, 4, 1)), login="tester")
    assert abroad.validate(count(aar=2024, kvartal=2), ctx).kvartal == 2


def test_audit_log_rebuilds_the_counts(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        a = abroad.set_count(session, count(), ctx)
        b = abroad.set_count(session, count(land="SE", kommentar=None), ctx)
        abroad.set_count(session, count(antal=5), ctx)
        abroad.correct(session, b.id, {"kvartal": 4}, ctx)
        abroad.delete(session, a.id, ctx)
        abroad.answer_year(session, "1084", 2023, SOURCE, False, ctx)
    with store.read() as session:
        assert audit.verify_chain(session).ok
        rebuilt = audit.replay(session, "abroad_count")
        rows = {
            str(r.id): {
                "aar": r.aar,
                "kvartal": r.kvartal,
                "region": r.region,
                "kilde_shak": r.kilde_shak,
                "forloebstype": r.forloebstype,
                "behandlingsform": r.behandlingsform,
                "kraeftomraade": r.kraeftomraade,
                "land": r.land,
                "antal": r.antal,
                "kommentar": r.kommentar,
                "deleted": False,
            }
            for r in abroad.list_year(session, "1084", 2023).rows
        }
    assert rebuilt[str(b.id)] == {k: v for k, v in rows[str(b.id)].items() if v is not None}
    assert rebuilt[str(a.id)]["deleted"] is True
