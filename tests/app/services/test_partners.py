"""Partner hospitals: add, change, (de)activate, search — validated, audited, on both back-ends."""

from __future__ import annotations

import json

import pytest

from app.domain.text import search_key
from app.errors import InputError
from app.services import partners
from app.services.context import ServiceContext
from app.store import audit
from app.store.engine import Store
from app.store.errors import ConflictError, NotFound

# --- the search key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ærø", "aeroe"),
        ("ærø", "aeroe"),
        ("ÅRHUS", "aarhus"),
        ("Århus", "aarhus"),
        ("Mølholm", "moelholm"),
        ("MØLHOLM", "moelholm"),
        ("Malmö", "malmoe"),
        ("Kärnan", "kaernan"),
        ("Café Noir", "cafe noir"),
        ("Müller", "muller"),
        ("A\u030arhus", "aarhus"),  # å written as a + combining ring
        ("\u212bRHUS", "aarhus"),  # the Ångström sign
        ("Ｋｌｉｎｉｋ", "klinik"),  # full-width letters
        ("  Privat   Klinik\u00a0Øst ", "privat klinik oest"),
    ],
)
def test_search_key_folds_case_and_spells_out_danish_letters(text: str, key: str) -> None:
    assert search_key(text) == key


def test_search_key_makes_spelled_out_and_danish_forms_meet() -> None:
    assert search_key("Ærø") == search_key("aeroe") == search_key("AERØ")
    assert search_key("ÅRHUS") == search_key("aarhus")
    assert search_key(search_key("Ærø Sygehus")) == search_key("Ærø Sygehus")


# --- add -------------------------------------------------------------------------------------


def test_add_normalises_and_audits(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        view = partners.add(session, " ab 12 ", "Privathospitalet Mo\u0308lholm ", ctx)
    assert view.shak == "AB12"
    assert view.name == "Privathospitalet Mölholm"  # NFC, trimmed
    assert view.active and view.udfoerende_type == "PRIVAT" and view.version == 1
    assert view.created_by == "tester"
    with store.read() as session:
        assert partners.get(session, view.id) == view
        [entry] = audit.history(session, "partner", str(view.id))
        assert entry.action == "create"
        assert json.loads(entry.changes) == {
            "active": [None, True],
            "name": [None, "Privathospitalet Mölholm"],
            "shak": [None, "AB12"],
            "udfoerende_type": [None, "PRIVAT"],
        }


def test_add_refuses_a_shak_code_already_used(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        partners.add(session, "AB12", "Klinik Ærtebjerg", ctx)
    with pytest.raises(partners.PartnerShakTaken) as caught, store.write() as session:
        partners.add(session, "ab12", "Another Clinic", ctx)
    assert caught.value.field == "shak"
    assert "Klinik Ærtebjerg" in caught.value.message("da")
    assert "AB12" in caught.value.message("da")
    with store.read() as session:
        assert [p.name for p in partners.list_partners(session)] == ["Klinik Ærtebjerg"]
        assert audit.count(session) == 1


INVALID = [
    ("AB1", "Klinik", "shak.invalid", "shak"),
    ("AB12-3", "Klinik", "shak.invalid", "shak"),
    ("AB12", "   ", "partner.name_required", "name"),
    ("AB12", "Klinik\tØst", "partner.name_control_characters", "name"),
    ("AB12", "K" * 201, "partner.name_too_long", "name"),
]


def test_add_refuses_invalid_input(store: Store, ctx: ServiceContext) -> None:
    for shak, name, message_id, field in INVALID:
        with pytest.raises(InputError) as caught, store.write() as session:
            partners.add(session, shak, name, ctx)
        assert (caught.value.message_id, caught.value.field) == (message_id, field), name
        assert caught.value.message("da") != message_id  # a sentence from the catalogue
    with store.read() as session:
        assert partners.list_partners(session, include_inactive=True) == []
        assert audit.count(session) == 0


# --- update, (de)activate --------------------------------------------------------------------


def test_update_changes_only_what_is_given_and_audits_the_difference(
    store: Store, ctx: ServiceContext
) -> None:
    with store.write() as session:
        added = partners.add(session, "AB12", "Klinik Ærtebjerg", ctx)
    with store.write() as session:
        changed = partners.update(
            session, added.id, ctx, name="Klinik Ærtebjerg Øst", expected_version=1
        )
    assert changed.name == "Klinik Ærtebjerg Øst" and changed.shak == "AB12"
    assert changed.version == 2
    with store.write() as session:
        same = partners.update(session, added.id, ctx, name="Klinik Ærtebjerg Øst")
    assert same.version == 2  # nothing changed: no new version, no audit row
    with store.read() as session:
        entries = audit.history(session, "partner", str(added.id))
        assert [e.action for e in entries] == ["create", "update"]
        assert json.loads(entries[1].changes) == {
            "name": ["Klinik Ærtebjerg", "Klinik Ærtebjerg Øst"]
        }
        assert partners.list_partners(session, search="aertebjerg oest")[0].id == added.id


def test_update_to_a_taken_shak_code_is_refused(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        first = partners.add(session, "AB12", "Klinik Ærtebjerg", ctx)
        partners.add(session, "CD34", "Privathospitalet Søholm", ctx)
    with pytest.raises(partners.PartnerShakTaken) as caught, store.write() as session:
        partners.update(session, first.id, ctx, shak="cd34")
    assert "Privathospitalet Søholm" in caught.value.message("da")
    with store.read() as session:
        assert partners.get(session, first.id).shak == "AB12"


def test_a_refused_update_changes_nothing_even_if_the_caller_commits(
    store: Store, ctx: ServiceContext
) -> None:
    with store.write() as session:
        added = partners.add(session, "AB12", "Klinik Ærtebjerg", ctx)
    with store.write() as session, pytest.raises(InputError):
        partners.update(session, added.id, ctx, shak="CD34", name="  ")
        # the GUI shows the error; the session still commits at the end of the block
    with store.read() as session:
        assert partners.get(session, added.id) == added
        assert audit.count(session) == 1


def test_a_concurrent_change_is_refused(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        added = partners.add(session, "AB12", "Klinik Ærtebjerg", ctx)
    # Two users opened version 1; the first saves, the second is refused.
    with store.write() as session:
        partners.update(session, added.id, ctx, name="Klinik A", expected_version=added.version)
    with pytest.raises(ConflictError), store.write() as session:
        partners.update(session, added.id, ctx, name="Klinik B", expected_version=added.version)
    with store.read() as session:
        assert partners.get(session, added.id).name == "Klinik A"


def test_deactivate_hides_and_activate_restores(store: Store, ctx: ServiceContext) -> None:
    with store.write() as session:
        first = partners.add(session, "AB12", "Klinik Ærtebjerg", ctx)
        second = partners.add(session, "CD34", "Brystklinikken Højager", ctx)
    with store.write() as session:
        view = partners.deactivate(session, first.id, ctx, expected_version=1)
        assert not view.active
        partners.deactivate(session, first.id, ctx)  # already inactive: no second audit row
    with store.read() as session:
        assert [p.id for p in partners.list_partners(session)] == [second.id]
        assert [p.id for p in partners.list_partners(session, include_inactive=True)] == [
            second.id,  # "brystklinikken" sorts before "klinik"
            first.id,
        ]
    with store.write() as session:
        partners.activate(session, first.id, ctx)
    with store.read() as session:
        assert {p.id for p in partners.list_partners(session)} == {first.id, second.id}
        actions = [e.action for e in audit.history(session, "partner", str(first.id))]
        assert actions == ["create", "deactivate", "activate"]


def test_unknown_partner_is_not_found(store: Store, ctx: ServiceContext) -> None:
    with pytest.raises(NotFound), store.read() as session:
        partners.get(session, 999)
    with pytest.raises(NotFound), store.write() as session:
        partners.deactivate(session, 999, ctx)


# --- search: the same on SQLite and PostgreSQL -----------------------------------------------


@pytest.fixture
def some_partners(store: Store, ctx: ServiceContext) -> dict[str, int]:
    names = {
        "AB12": "Privathospitalet Mølholm",
        "AB34": "Klinik Ærø",
        "CD56": "Århus Privatklinik",
        "EF78": "Aeroe Kirurgi",
        "GH90": "Klinik 100%_Ren",
    }
    with store.write() as session:
        return {shak: partners.add(session, shak, name, ctx).id for shak, name in names.items()}


SEARCHES = [
    ("moelholm", {"AB12"}),
    ("MØLHOLM", {"AB12"}),
    ("mølh", {"AB12"}),
    ("aeroe", {"AB34", "EF78"}),
    ("ærø", {"AB34", "EF78"}),
    ("ÆRØ", {"AB34", "EF78"}),
    ("aarhus", {"CD56"}),
    ("ÅRHUS", {"CD56"}),
    ("klinik", {"AB34", "CD56", "GH90"}),
    ("ab", {"AB12", "AB34"}),  # SHAK prefix
    ("cd5", {"CD56"}),
    ("100%", {"GH90"}),  # wildcards are taken literally
    ("%", {"GH90"}),
    ("_", {"GH90"}),
    ("noget andet", set()),
    ("", {"AB12", "AB34", "CD56", "EF78", "GH90"}),
]


def test_search_by_name_or_shak_prefix(store: Store, some_partners: dict[str, int]) -> None:
    with store.read() as session:
        found = {
            query: {p.shak for p in partners.list_partners(session, search=query)}
            for query, _expected in SEARCHES
        }
    assert found == dict(SEARCHES)


def test_search_includes_inactive_only_when_asked(
    store: Store, ctx: ServiceContext, some_partners: dict[str, int]
) -> None:
    with store.write() as session:
        partners.deactivate(session, some_partners["AB12"], ctx)
    with store.read() as session:
        assert partners.list_partners(session, search="moelholm") == []
        [found] = partners.list_partners(session, search="moelholm", include_inactive=True)
        assert found.shak == "AB12" and not found.active


def test_get_by_shak(store: Store, some_partners: dict[str, int]) -> None:
    with store.read() as session:
        view = partners.get_by_shak(session, " cd56 ")
        assert view is not None and view.id == some_partners["CD56"]
        assert partners.get_by_shak(session, "ZZ99") is None


def test_audit_log_rebuilds_the_partner_table(
    store: Store, ctx: ServiceContext, some_partners: dict[str, int]
) -> None:
    with store.write() as session:
        partners.update(session, some_partners["AB12"], ctx, shak="AB13", name="Mølholm Øst")
        partners.deactivate(session, some_partners["CD56"], ctx)
    with store.read() as session:
        assert audit.verify_chain(session).ok
        rebuilt = audit.replay(session, "partner")
        table = {
            str(p.id): {f: getattr(p, f) for f in partners.AUDITED_FIELDS}
            for p in partners.list_partners(session, include_inactive=True)
        }
    assert rebuilt == table
