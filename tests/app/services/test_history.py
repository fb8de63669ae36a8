"""A pathway's history as a user reads it, and "changed since delivery" — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, time, timedelta, timezone
from typing import Any

from factories import udredning
from sqlalchemy import func, select

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.services import history, partners, pathways
from app.services.context import ServiceContext
from app.services.pathways import PathwayView
from app.store.audit import Actor
from app.store.engine import Store
from app.store.models import Delivery

TODAY = date(2024, 6, 15)


def at(hour: int, login: str = "tester") -> ServiceContext:
    """A context whose clock says 15-06-2024 at ``hour``:00 (local time)."""
    return ServiceContext(Actor(login), FixedClock(TODAY, time(hour, 0)))


def finished(**changes: Any) -> PathwayData:
    """An udredning that started 12-06-2024 (period 2024K2), within its deadline."""
    return udredning(tilbudt_start=date(2024, 6, 10), start=date(2024, 6, 12)).replace(**changes)


def register(store: Store, ctx: ServiceContext, data: PathwayData, **kw: Any) -> PathwayView:
    with store.write() as session:
        return pathways.register(session, data, ctx, **kw)


def deliver(store: Store, periode: str, dannet: str, region: str = "1084") -> None:
    with store.write() as session:
        leverance = 1 + int(
            session.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.region == region, Delivery.periode == periode)
            )
            or 0
        )
        session.add(
            Delivery(
                region=region,
                periode=periode,
                leverance=leverance,
                indberetter_shak="1301",
                dannet=dannet,
                dannet_af="tester",
                file_name=f"MVK_{region}_{periode}_{leverance}.xlsx",
                sha256="0" * 64,
                kontrolsum="0" * 64,
                antal_forloeb=1,
                antal_udland=0,
            )
        )


def stamp(hour: int) -> str:
    return at(hour).timestamp()


def entries(store: Store, forloeb_id: str) -> list[history.HistoryEntry]:
    with store.read() as session:
        return history.history(session, forloeb_id, lang="da")


def changed(store: Store, forloeb_id: str) -> bool:
    with store.read() as session:
        return history.changed_since_delivery(session, forloeb_id)


def test_register_correct_close_are_listed_with_old_and_new_values(store: Store) -> None:
    view = register(store, at(9, "anna"), udredning())
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, {"kommentar": "Ringet op"}, at(10, "bo"))
    with store.write() as session:
        pathways.close(
            session,
            view.forloeb_id,
            at(11, "bo"),
            tilbudt_start=date(2024, 6, 10),
            start=date(2024, 6, 12),
        )

    found = entries(store, view.forloeb_id)
    assert [(e.action, e.login) for e in found] == [
        ("create", "anna"),
        ("update", "bo"),
        ("close", "bo"),
    ]
    assert [e.at.hour for e in found] == [9, 10, 11]
    created = {c.field: c for c in found[0].changes}
    assert created["forloebstype"].new_text == "Udredning"
    assert created["henvisning_modtaget"].label == "Henvisning modtaget"
    assert created["henvisning_modtaget"].new_text == "01-06-2024"
    assert created["cpr"].new_text == "070761-4285"
    assert created["status"].new_text == "Åben"
    assert "deleted" not in created
    assert [(c.label, c.old_text, c.new_text) for c in found[1].changes] == [
        ("Kommentar", "(tom)", "Ringet op")
    ]
    closed = {c.field: (c.old_text, c.new_text) for c in found[2].changes}
    assert closed["tilbudt_start"] == ("(tom)", "10-06-2024")
    assert closed["start"] == ("(tom)", "12-06-2024")
    assert closed["status"] == ("Åben", "Afsluttet")
    assert closed["periode"] == ("(tom)", "2024K2")
    assert list(closed)[:2] == ["tilbudt_start", "start"]  # the form's order
    assert all(e.after_delivery is None and e.reason is None for e in found)
    assert not changed(store, view.forloeb_id)


def test_a_change_after_delivery_is_marked_until_the_period_is_delivered_again(
    store: Store,
) -> None:
    view = register(store, at(8), finished())
    deliver(store, "2024K2", stamp(10))
    assert not changed(store, view.forloeb_id)
    with store.write() as session:
        pathways.correct(
            session,
            view.forloeb_id,
            {"kommentar": "Rettet"},
            at(12),
            reason="Rettet efter journal",
        )

    assert changed(store, view.forloeb_id)
    with store.read() as session:
        marks = history.delivery_marks(session, view.forloeb_id)
    assert [(m.region, m.periode, m.dannet.hour, m.changed_at.hour) for m in marks] == [
        ("1084", "2024K2", 10, 12)
    ]
    last = entries(store, view.forloeb_id)[-1]
    assert (last.reason, last.after_delivery) == ("Rettet efter journal", "2024K2")
    assert entries(store, view.forloeb_id)[0].after_delivery is None

    deliver(store, "2024K2", stamp(13))  # leverance 2 shows the pathway as it is now
    assert not changed(store, view.forloeb_id)


def test_moving_out_of_a_delivered_period_marks_the_old_period(store: Store) -> None:
    view = register(
        store,
        at(8),
        finished(
            henvisning_modtaget=date(2024, 3, 1),
            tilbudt_start=date(2024, 3, 10),
            start=date(2024, 3, 12),
        ),
    )
    deliver(store, "2024K1", stamp(9))
    with store.write() as session:
        pathways.correct(
            session,
            view.forloeb_id,
            {"tilbudt_start": date(2024, 3, 13), "start": date(2024, 4, 2), "aarsag": "HELBRED"},
            at(10),
            reason="Forkert startdato",
        )
    with store.read() as session:
        marks = history.delivery_marks(session, view.forloeb_id)
    assert [m.periode for m in marks] == ["2024K1"]
    last = entries(store, view.forloeb_id)[-1]
    assert last.after_delivery == "2024K1"
    assert {c.field: c.new_text for c in last.changes}["periode"] == "2024K2"


def test_registered_after_its_period_was_delivered_is_marked(store: Store) -> None:
    deliver(store, "2024K2", stamp(8))
    view = register(store, at(9), finished(), reason="Glemt i leverancen")
    assert changed(store, view.forloeb_id)
    assert entries(store, view.forloeb_id)[0].after_delivery == "2024K2"


def test_other_regions_and_periods_do_not_count(store: Store) -> None:
    view = register(store, at(8), finished())
    deliver(store, "2024K2", stamp(7), region="1081")
    deliver(store, "2024K1", stamp(7))
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, {"kommentar": "x"}, at(12))
    assert not changed(store, view.forloeb_id)
    assert all(e.after_delivery is None for e in entries(store, view.forloeb_id))


def test_times_are_compared_as_moments_not_as_text(store: Store) -> None:
    view = register(store, at(8), finished())
    change_at = entries(store, view.forloeb_id)[0].at
    # One hour after the change, written in another offset: as text it sorts before the change.
    later = (change_at + timedelta(hours=1)).astimezone(timezone(timedelta(hours=-11)))
    assert later.isoformat() < change_at.isoformat()
    deliver(store, "2024K2", later.isoformat(timespec="seconds"))
    assert not changed(store, view.forloeb_id)


def test_deletion_is_listed_with_its_reason(store: Store) -> None:
    view = register(store, at(8), udredning())
    with store.write() as session:
        pathways.delete(session, view.forloeb_id, at(9), reason="Dobbeltregistrering")
    last = entries(store, view.forloeb_id)[-1]
    assert (last.action, last.reason, last.changes) == ("delete", "Dobbeltregistrering", ())


def test_partner_is_shown_by_name(store: Store) -> None:
    with store.write() as session:
        first = partners.add(session, "8001", "Mølholm", at(7))
        second = partners.add(session, "8002", "Aleris", at(7))
    view = register(store, at(8), udredning(), partner_id=first.id)
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, {"partner_id": second.id}, at(9))
    change = entries(store, view.forloeb_id)[-1].changes
    assert [(c.label, c.old_text, c.new_text) for c in change] == [
        ("Partnersygehus", "Mølholm (8001)", "Aleris (8002)")
    ]


def test_values_are_shown_as_a_user_reads_them() -> None:
    show = history.display_value
    assert show("samtykke", "2024-04-10", "da") == "10-04-2024"
    assert show("samtykke", None, "da") == "(tom)"
    assert show("samtykke", None, "en") == "(empty)"
    assert show("behandlingsform", "MEDICINSK", "da") == "Medicinsk"
    assert show("region", "1084", "da") == "1084 Region Hovedstaden"
    assert show("aarsag", "HELBRED", "da") == "Patientens helbred"
    assert show("frist_foreloebig", True, "da") == "ja"
    assert show("status", "afbrudt", "da") == "Afbrudt"
    assert show("ventedage", 11, "da") == "11"
    assert history.field_label("forloebstype", "da") == "Forløbstype"
    assert history.field_label("frist", "en") == "Deadline"
    assert history.field_label("no_such_field", "da") == "no_such_field"
