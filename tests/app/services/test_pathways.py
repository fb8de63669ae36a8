"""Pathway services on a real SQLite file and a real PostgreSQL database: register, correct, close,
interrupt, delete; derived fields; optimistic locking; changes to already delivered periods (R10)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from factories import udredning
from sqlalchemy import func, select, text

from app.domain.pathway import PathwayData
from app.errors import RuleViolation
from app.services import pathways
from app.services.context import ServiceContext
from app.services.pathways import PathwayInvalid, PathwayView
from app.store import audit
from app.store.engine import Store
from app.store.errors import ConflictError, NotFound
from app.store.models import AuditEntry, Delivery, Pathway

# ctx (tests/conftest.py) says today is 15-06-2024.


def finished_behandling(**changes: Any) -> PathwayData:
    """A behandling that already started, over its deadline (frist 24-04-2024), with a reason."""
    return udredning(
        forloebstype="BEHANDLING",
        behandlingsform="MEDICINSK",
        kraeftomraade="LUNGE",
        henvisning_modtaget=date(2024, 4, 1),
        samtykke=date(2024, 4, 10),
        tilbudt_start=date(2024, 4, 26),
        start=date(2024, 4, 29),
        aarsag="PATIENTOENSKE",
        kommentar="Ønskede at vente til efter ferien",
    ).replace(**changes)


def register(store: Store, ctx: ServiceContext, data: PathwayData, **kw: Any) -> PathwayView:
    with store.write() as session:
        return pathways.register(session, data, ctx, **kw)


def get(store: Store, forloeb_id: str) -> PathwayView:
    with store.read() as session:
        return pathways.get(session, forloeb_id)


def audit_rows(store: Store, forloeb_id: str | None = None) -> list[AuditEntry]:
    with store.read() as session:
        if forloeb_id is None:
            return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        return audit.history(session, "pathway", forloeb_id)


def raw_row(store: Store, forloeb_id: str) -> dict[str, Any]:
    """The stored row as the database has it, not through the services."""
    with store.read() as session:
        row = session.execute(
            text("SELECT * FROM pathway WHERE forloeb_id = :id"), {"id": forloeb_id}
        ).one()
        return dict(row._mapping)


def deliver(store: Store, region: str, periode: str) -> None:
    with store.write() as session:
        session.add(
            Delivery(
                region=region,
                periode=periode,
                leverance=1,
                indberetter_shak="1301",
                dannet="2024-07-15T10:15:00+02:00",
                dannet_af="tester",
                file_name=f"MVK_{region}_{periode}_20240715T101500.xlsx",
                sha256="0" * 64,
                kontrolsum="0" * 64,
                antal_forloeb=1,
                antal_udland=0,
            )
        )


# --- register ------------------------------------------------------------------------------------


def test_register_open_udredning(store: Store, ctx: ServiceContext) -> None:
    forloeb_id = "8d1d6f1c-9a53-4b3e-8f7e-0a1b2c3d4e5f"
    view = register(store, ctx, udredning(), forloeb_id=forloeb_id)
    assert view.forloeb_id == forloeb_id
    assert view.status == "aaben"
    assert view.frist == date(2024, 6, 15)
    assert view.frist_foreloebig is False
    assert (view.ventedage, view.kategori, view.periode) == (None, None, None)
    assert view.version == 1
    assert (view.created_by, view.updated_by) == ("tester", "tester")
    assert view.kilde_shak == "1301"
    assert view.deleted is False
    assert get(store, forloeb_id) == view


def test_register_finished_behandling_in_one_call(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, finished_behandling())
    assert view.status == "afsluttet"
    assert view.frist == date(2024, 4, 24)  # samtykke + 14 (earlier than henvisning + 28)
    assert view.ventedage == 28
    assert view.kategori == 2
    assert view.periode == "2024K2"
    stored = get(store, view.forloeb_id)
    assert stored == view
    assert (stored.tilbudt_start, stored.start) == (date(2024, 4, 26), date(2024, 4, 29))
    assert len(audit_rows(store, view.forloeb_id)) == 1
    # the derived values are in the table itself, as computed
    row = raw_row(store, view.forloeb_id)
    assert date.fromisoformat(str(row["frist"])) == date(2024, 4, 24)
    assert (row["ventedage"], row["kategori"], row["status"], row["periode"]) == (
        28,
        2,
        "afsluttet",
        "2024K2",
    )


def test_register_interrupted_pathway_from_pasted_values(store: Store, ctx: ServiceContext) -> None:
    view = register(
        store,
        ctx,
        udredning(
            cpr="070761-4285\n",
            udfoerende_shak=" 130111",
            kraeftomraade="bryst",
            afbrudt=date(2024, 6, 3),
        ),
    )
    assert (view.status, view.kategori, view.ventedage, view.periode) == (
        "afbrudt",
        1,
        2,
        "2024K2",
    )
    row = raw_row(store, view.forloeb_id)
    assert (row["cpr"], row["udfoerende_shak"], row["kraeftomraade"]) == (
        "0707614285",
        "130111",
        "BRYST",
    )


# --- derived fields ------------------------------------------------------------------------------


DERIVED = {
    "frist": date(2024, 12, 31),
    "ventedage": 1,
    "kategori": 1,
    "status": "afsluttet",
    "periode": "2024K1",
    "frist_foreloebig": True,
    "deleted": True,
    "version": 7,
}


def test_derived_fields_cannot_be_typed(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning())
    for name, value in DERIVED.items():
        with pytest.raises(ValueError, match=name), store.write() as session:
            pathways.correct(session, view.forloeb_id, {"kommentar": "x", name: value}, ctx)
    assert get(store, view.forloeb_id) == view
    assert len(audit_rows(store)) == 1


def test_correction_recomputes_derived_fields(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, finished_behandling())
    with store.write() as session:
        # consent earlier: frist 14-04-2024 → still kategori 2 (reason kept), ventedage unchanged
        pathways.correct(session, view.forloeb_id, {"samtykke": date(2024, 3, 31)}, ctx)
    changed = get(store, view.forloeb_id)
    assert changed.frist == date(2024, 4, 14)
    with store.write() as session:
        # start within the deadline: the reason must go, kategori 1
        pathways.correct(
            session,
            view.forloeb_id,
            {"start": date(2024, 4, 12), "tilbudt_start": date(2024, 4, 12), "aarsag": None},
            ctx,
        )
    changed = get(store, view.forloeb_id)
    assert (changed.ventedage, changed.kategori, changed.periode) == (11, 1, "2024K2")
    assert changed.version == 3
    with store.write() as session:
        # referred and started in March instead: the pathway moves to the first quarter
        pathways.correct(
            session,
            view.forloeb_id,
            {
                "henvisning_modtaget": date(2024, 3, 20),
                "samtykke": date(2024, 3, 21),
                "tilbudt_start": date(2024, 3, 31),
                "start": date(2024, 3, 31),
            },
            ctx,
        )
    changed = get(store, view.forloeb_id)
    assert (changed.frist, changed.ventedage, changed.kategori, changed.periode) == (
        date(2024, 4, 4),
        11,
        1,
        "2024K1",
    )


# --- close, interrupt ----------------------------------------------------------------------------


def test_close_within_deadline(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning())
    with store.write() as session:
        closed = pathways.close(
            session,
            view.forloeb_id,
            ctx,
            tilbudt_start=date(2024, 6, 14),
            start=date(2024, 6, 15),
            udfald="AFKRAEFTET",
        )
    assert (closed.status, closed.ventedage, closed.kategori, closed.aarsag) == (
        "afsluttet",
        14,
        1,
        None,
    )
    assert closed.udfald == "AFKRAEFTET"
    assert get(store, view.forloeb_id) == closed


def test_close_over_deadline_requires_a_reason(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning(henvisning_modtaget=date(2024, 5, 1)))
    with pytest.raises(PathwayInvalid) as info, store.write() as session:
        pathways.close(
            session, view.forloeb_id, ctx, tilbudt_start=date(2024, 5, 20), start=date(2024, 5, 20)
        )
    assert [(e.field, e.rule) for e in info.value.errors] == [("aarsag", "F11")]
    assert get(store, view.forloeb_id) == view  # nothing saved
    assert len(audit_rows(store, view.forloeb_id)) == 1

    with store.write() as session:
        closed = pathways.close(
            session,
            view.forloeb_id,
            ctx,
            tilbudt_start=date(2024, 5, 20),
            start=date(2024, 5, 20),
            aarsag="KAPACITET",
        )
    assert (closed.status, closed.kategori, closed.ventedage, closed.aarsag) == (
        "afsluttet",
        3,
        19,
        "KAPACITET",
    )


def test_close_with_a_reason_that_needs_details(store: Store, ctx: ServiceContext) -> None:
    """ANDET needs a kommentar; KAPACITET_HENVIST needs where the alternative offer was made."""
    view = register(store, ctx, udredning(henvisning_modtaget=date(2024, 5, 1)))
    dates: dict[str, Any] = {"tilbudt_start": date(2024, 5, 20), "start": date(2024, 5, 20)}
    with pytest.raises(PathwayInvalid) as info, store.write() as session:
        pathways.close(session, view.forloeb_id, ctx, aarsag="ANDET", **dates)
    assert [(e.field, e.rule) for e in info.value.errors] == [("kommentar", "F12")]
    with pytest.raises(PathwayInvalid) as info, store.write() as session:
        pathways.close(session, view.forloeb_id, ctx, aarsag="KAPACITET_HENVIST", **dates)
    assert [e.field for e in info.value.errors] == ["alternativ_tilbud"]
    assert get(store, view.forloeb_id) == view
    with store.write() as session:
        closed = pathways.close(
            session,
            view.forloeb_id,
            ctx,
            aarsag="KAPACITET_HENVIST",
            alternativ_tilbud="Aleris Esbjerg",
            **dates,
        )
    assert (closed.kategori, closed.alternativ_tilbud) == (2, "Aleris Esbjerg")


def test_interrupt_within_deadline(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning())
    with store.write() as session:
        interrupted = pathways.interrupt(
            session,
            view.forloeb_id,
            ctx,
            afbrudt=date(2024, 6, 5),
            tilbudt_start=date(2024, 6, 7),
            kommentar="Patienten takkede nej",
        )
    assert (interrupted.status, interrupted.start, interrupted.afbrudt) == (
        "afbrudt",
        None,
        date(2024, 6, 5),
    )
    assert (interrupted.kategori, interrupted.ventedage, interrupted.periode) == (1, 4, "2024K2")
    assert interrupted.tilbudt_start == date(2024, 6, 7)
    assert get(store, view.forloeb_id) == interrupted

    started = register(
        store, ctx, udredning(tilbudt_start=date(2024, 6, 3), start=date(2024, 6, 3))
    )
    with store.write() as session:
        done = pathways.interrupt(session, started.forloeb_id, ctx, afbrudt=date(2024, 6, 2))
    assert (done.status, done.start, done.afbrudt) == ("afbrudt", None, date(2024, 6, 2))


def test_interrupt_over_deadline_requires_a_reason(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning(henvisning_modtaget=date(2024, 5, 1)))
    with pytest.raises(PathwayInvalid) as info, store.write() as session:
        pathways.interrupt(session, view.forloeb_id, ctx, afbrudt=date(2024, 5, 30))
    assert [(e.field, e.rule) for e in info.value.errors] == [("aarsag", "F11")]
    with store.write() as session:
        done = pathways.interrupt(
            session, view.forloeb_id, ctx, afbrudt=date(2024, 5, 30), aarsag="HELBRED"
        )
    assert (done.status, done.kategori) == ("afbrudt", 2)


# --- correct -------------------------------------------------------------------------------------


def test_correct_changes_the_typed_fields(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning())
    later = ServiceContext.default(ctx.clock, login="anden")
    with store.write() as session:
        changed = pathways.correct(
            session,
            view.forloeb_id,
            {"kommentar": "  Ring før kl. 10 ", "ekstern_reference": "B-1234"},
            later,
            expected_version=1,
        )
    assert (changed.kommentar, changed.ekstern_reference) == ("Ring før kl. 10", "B-1234")
    assert (changed.version, changed.updated_by, changed.created_by) == (2, "anden", "tester")
    assert get(store, view.forloeb_id) == changed


# --- delete --------------------------------------------------------------------------------------


def test_delete_is_soft(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning())
    with store.write() as session:
        pathways.delete(session, view.forloeb_id, ctx, expected_version=1)
    with pytest.raises(NotFound):
        get(store, view.forloeb_id)
    row = raw_row(store, view.forloeb_id)
    assert bool(row["deleted"]) is True
    assert row["cpr"] == "0707614285"  # the row and its values stay
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Pathway)) == 1
    for action in (
        lambda s: pathways.correct(s, view.forloeb_id, {"kommentar": "x"}, ctx),
        lambda s: pathways.delete(s, view.forloeb_id, ctx),
        lambda s: pathways.close(
            s, view.forloeb_id, ctx, tilbudt_start=date(2024, 6, 3), start=date(2024, 6, 3)
        ),
        lambda s: pathways.correct(s, "00000000-0000-0000-0000-000000000000", {}, ctx),
    ):
        with pytest.raises(NotFound), store.write() as session:
            action(session)
    assert [e.action for e in audit_rows(store, view.forloeb_id)] == ["create", "delete"]


# --- invalid input -------------------------------------------------------------------------------


def test_invalid_register_raises_every_error_and_saves_nothing(
    store: Store, ctx: ServiceContext
) -> None:
    data = udredning(
        cpr="3002901234",
        udfoerende_shak="13",
        behandlingsform="KIRURGI",
        start=date(2024, 6, 20),
        kommentar="a\x00b",
    )
    with pytest.raises(PathwayInvalid) as info, store.write() as session:
        pathways.register(session, data, ctx)
    found = {(e.field, e.rule) for e in info.value.errors}
    assert found == {
        ("cpr", "F02"),
        ("udfoerende_shak", "F04"),
        ("behandlingsform", "F05"),
        ("start", "F06"),
        ("tilbudt_start", "F08"),
        ("kommentar", "F12"),
    }
    assert info.value.field == info.value.errors[0].field
    for error in info.value.errors:
        assert error.message("da") in info.value.message("da")
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Pathway)) == 0
    assert audit_rows(store) == []


def test_invalid_correction_saves_nothing(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, udredning())
    with pytest.raises(PathwayInvalid) as info, store.write() as session:
        pathways.correct(
            session, view.forloeb_id, {"cpr": "123", "henvisning_modtaget": date(2024, 7, 1)}, ctx
        )
    assert {(e.field, e.rule) for e in info.value.errors} == {
        ("cpr", "F02"),
        ("henvisning_modtaget", "F06"),
    }
    assert get(store, view.forloeb_id) == view
    assert len(audit_rows(store)) == 1


# --- optimistic locking --------------------------------------------------------------------------


def test_second_user_with_a_stale_version_gets_a_conflict(
    store: Store, ctx: ServiceContext
) -> None:
    view = register(store, ctx, udredning())
    anne = ServiceContext.default(ctx.clock, login="anne")
    bo = ServiceContext.default(ctx.clock, login="bo")
    anne_sees = get(store, view.forloeb_id)
    bo_sees = get(store, view.forloeb_id)
    assert anne_sees.version == bo_sees.version == 1

    with store.write() as session:
        pathways.correct(
            session,
            view.forloeb_id,
            {"kommentar": "Anne"},
            anne,
            expected_version=anne_sees.version,
        )
    with pytest.raises(ConflictError) as info, store.write() as session:
        pathways.correct(
            session,
            view.forloeb_id,
            {"kommentar": "Bo", "ekstern_reference": "BO-1"},
            bo,
            expected_version=bo_sees.version,
        )
    assert info.value.message("da")
    for action in (
        lambda s: pathways.delete(s, view.forloeb_id, bo, expected_version=1),
        lambda s: pathways.close(
            s,
            view.forloeb_id,
            bo,
            tilbudt_start=date(2024, 6, 3),
            start=date(2024, 6, 3),
            expected_version=1,
        ),
        lambda s: pathways.interrupt(
            s, view.forloeb_id, bo, afbrudt=date(2024, 6, 3), expected_version=1
        ),
    ):
        with pytest.raises(ConflictError), store.write() as session:
            action(session)
    now = get(store, view.forloeb_id)
    assert (now.kommentar, now.ekstern_reference, now.version, now.updated_by) == (
        "Anne",
        None,
        2,
        "anne",
    )
    assert [e.login for e in audit_rows(store, view.forloeb_id)] == ["tester", "anne"]


def _wait_until(condition: Callable[[], bool], done: threading.Thread) -> None:
    """Wait (bounded) for ``condition``; gives up early when the thread has already finished."""
    stop = threading.Event()
    for _ in range(2000):
        if condition() or not done.is_alive():
            return
        stop.wait(0.005)
    raise AssertionError("the second writer never started waiting")


def _pg_lock_waiters(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        )


def test_concurrent_write_sessions_never_lose_an_update(store: Store, ctx: ServiceContext) -> None:
    """A holds its write transaction open; B (in a thread) tries to save over version 1 meanwhile.

    B waits for A (BEGIN IMMEDIATE on SQLite, the row lock on PostgreSQL) and then gets a conflict;
    A's change stays and nothing of B's is saved.
    """
    view = register(store, ctx, udredning())
    outcome: dict[str, BaseException | PathwayView] = {}

    def second_writer() -> None:
        bo = ServiceContext.default(ctx.clock, login="bo")
        try:
            with store.write() as session:
                outcome["bo"] = pathways.correct(
                    session, view.forloeb_id, {"kommentar": "Bo"}, bo, expected_version=1
                )
        except BaseException as error:
            outcome["bo"] = error

    anne = ServiceContext.default(ctx.clock, login="anne")
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, {"kommentar": "Anne"}, anne, expected_version=1)
        thread = threading.Thread(target=second_writer)
        thread.start()
        if store.dialect == "postgresql":
            _wait_until(lambda: _pg_lock_waiters(store) > 0, thread)
            assert thread.is_alive(), outcome  # B is waiting for A, not done
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert isinstance(outcome["bo"], ConflictError), outcome
    now = get(store, view.forloeb_id)
    assert (now.kommentar, now.version, now.updated_by) == ("Anne", 2, "anne")
    assert [e.login for e in audit_rows(store, view.forloeb_id)] == ["tester", "anne"]


def test_concurrent_read_modify_write_never_loses_an_update(
    store: Store, ctx: ServiceContext
) -> None:
    """Four users each add 1 to a counter five times, reading it inside their own write session.

    A conflict may be reported (and is then retried, as a user would); an update is never lost.
    """
    view = register(store, ctx, udredning(kommentar="0"))
    errors: list[BaseException] = []
    conflicts: list[str] = []
    barrier = threading.Barrier(4)

    def increment(login: str) -> None:
        who = ServiceContext.default(ctx.clock, login=login)
        barrier.wait()
        try:
            done = 0
            while done < 5:
                try:
                    with store.write() as session:
                        current = pathways.get(session, view.forloeb_id)
                        pathways.correct(
                            session,
                            view.forloeb_id,
                            {"kommentar": str(int(current.kommentar or "0") + 1)},
                            who,
                            expected_version=current.version,
                        )
                    done += 1
                except ConflictError:
                    conflicts.append(login)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=increment, args=(f"user{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    if store.is_sqlite:
        assert conflicts == []  # BEGIN IMMEDIATE: the read inside the write session is current
    now = get(store, view.forloeb_id)
    assert (now.kommentar, now.version) == ("20", 21)
    assert len(audit_rows(store, view.forloeb_id)) == 21
    with store.read() as session:
        assert audit.verify_chain(session).ok


def test_orm_level_version_check_refuses_a_stale_row(store: Store, ctx: ServiceContext) -> None:
    """Two sessions hold the same row at version 1; the one that writes second gets ConflictError.

    PostgreSQL only: on SQLite the second write session cannot even begin (BEGIN IMMEDIATE) while
    the first is open — the thread test above covers that.
    """
    if store.is_sqlite:
        pytest.skip("SQLite serialises write sessions with BEGIN IMMEDIATE")
    view = register(store, ctx, udredning())
    with pytest.raises(ConflictError), store.write() as late:
        stale = late.get(Pathway, view.forloeb_id)
        assert stale is not None and stale.version == 1
        with store.write() as early:
            fresh = early.get(Pathway, view.forloeb_id)
            assert fresh is not None
            fresh.kommentar = "first"
        stale.kommentar = "second"
        late.flush()
    now = get(store, view.forloeb_id)
    assert (now.kommentar, now.version) == ("first", 2)


# --- changes to delivered periods (R10) ----------------------------------------------------------


def _reason_required(store: Store, action: Callable[[Any], object]) -> RuleViolation:
    before = len(audit_rows(store))
    with pytest.raises(RuleViolation) as info, store.write() as session:
        action(session)
    assert info.value.field == "reason"
    assert info.value.message_id == "rules.reason_required_delivered"
    assert len(audit_rows(store)) == before
    return info.value


def test_change_in_a_delivered_period_requires_a_reason(store: Store, ctx: ServiceContext) -> None:
    view = register(store, ctx, finished_behandling())
    deliver(store, "1084", "2024K2")

    for blank in (None, "", "   "):
        _reason_required(
            store,
            lambda s, blank=blank: pathways.correct(
                s, view.forloeb_id, {"kommentar": "Efterrettet"}, ctx, reason=blank
            ),
        )
    assert get(store, view.forloeb_id) == view

    with store.write() as session:
        pathways.correct(
            session,
            view.forloeb_id,
            {"kommentar": "Efterrettet"},
            ctx,
            reason="Forkert kommentar i indberetningen",
        )
    assert get(store, view.forloeb_id).kommentar == "Efterrettet"
    last = audit_rows(store, view.forloeb_id)[-1]
    assert (last.action, last.reason) == ("update", "Forkert kommentar i indberetningen")


def test_rejected_change_leaves_the_session_clean(store: Store, ctx: ServiceContext) -> None:
    """A caller that shows the "reason required" message and lets its session end normally must
    not save the change anyway (without an audit row)."""
    view = register(store, ctx, finished_behandling())
    deliver(store, "1084", "2024K2")
    with store.write() as session, pytest.raises(RuleViolation):
        pathways.correct(session, view.forloeb_id, {"kommentar": "Uden begrundelse"}, ctx)
    assert get(store, view.forloeb_id) == view
    assert len(audit_rows(store, view.forloeb_id)) == 1


def test_correction_into_a_delivered_period_requires_a_reason(
    store: Store, ctx: ServiceContext
) -> None:
    view = register(
        store,
        ctx,
        udredning(
            henvisning_modtaget=date(2024, 3, 20),
            tilbudt_start=date(2024, 3, 30),
            start=date(2024, 3, 30),
        ),
    )
    assert view.periode == "2024K1"
    deliver(store, "1084", "2024K2")
    into = {"start": date(2024, 4, 2), "tilbudt_start": date(2024, 4, 2)}
    error = _reason_required(store, lambda s: pathways.correct(s, view.forloeb_id, dict(into), ctx))
    assert "2024K2" in error.message("da")
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, dict(into), ctx, reason="Startdato rettet")
    assert get(store, view.forloeb_id).periode == "2024K2"
    assert audit_rows(store, view.forloeb_id)[-1].reason == "Startdato rettet"


def test_correction_out_of_a_delivered_period_requires_a_reason(
    store: Store, ctx: ServiceContext
) -> None:
    view = register(
        store,
        ctx,
        udredning(
            henvisning_modtaget=date(2024, 3, 20),
            tilbudt_start=date(2024, 3, 30),
            start=date(2024, 3, 30),
        ),
    )
    deliver(store, "1084", "2024K1")
    out = {"start": date(2024, 4, 2), "tilbudt_start": date(2024, 4, 2)}
    _reason_required(store, lambda s: pathways.correct(s, view.forloeb_id, dict(out), ctx))
    assert get(store, view.forloeb_id).periode == "2024K1"
    # reopening it (no end date: no period at all) also leaves the delivered period
    reopen = {"start": None, "tilbudt_start": None}
    _reason_required(store, lambda s: pathways.correct(s, view.forloeb_id, dict(reopen), ctx))
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, dict(out), ctx, reason="Flyttet til K2")
    assert get(store, view.forloeb_id).periode == "2024K2"
    assert audit_rows(store, view.forloeb_id)[-1].reason == "Flyttet til K2"


def test_close_interrupt_register_delete_in_a_delivered_period(
    store: Store, ctx: ServiceContext
) -> None:
    open_one = register(store, ctx, udredning())
    other = register(store, ctx, udredning(cpr="0101901234"))
    deliver(store, "1084", "2024K2")
    # an open pathway has no period: no reason needed to change it
    with store.write() as session:
        pathways.correct(session, open_one.forloeb_id, {"kommentar": "åben"}, ctx)

    end = {"tilbudt_start": date(2024, 6, 10), "start": date(2024, 6, 10)}
    _reason_required(store, lambda s: pathways.close(s, open_one.forloeb_id, ctx, **end))
    _reason_required(
        store, lambda s: pathways.interrupt(s, other.forloeb_id, ctx, afbrudt=date(2024, 6, 4))
    )
    late = udredning(cpr="0202024000", tilbudt_start=date(2024, 6, 5), start=date(2024, 6, 5))
    _reason_required(store, lambda s: pathways.register(s, late, ctx))
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Pathway)) == 2

    with store.write() as session:
        pathways.close(session, open_one.forloeb_id, ctx, reason="Sen registrering", **end)
        pathways.register(session, late, ctx, reason="Glemt ved indberetning")
    _reason_required(store, lambda s: pathways.delete(s, open_one.forloeb_id, ctx))
    with store.write() as session:
        pathways.delete(session, open_one.forloeb_id, ctx, reason="Dobbeltregistrering")
    actions = [(e.action, e.reason) for e in audit_rows(store)]
    assert actions[-3:] == [
        ("close", "Sen registrering"),
        ("create", "Glemt ved indberetning"),
        ("delete", "Dobbeltregistrering"),
    ]


def test_delivery_of_another_region_or_period_needs_no_reason(
    store: Store, ctx: ServiceContext
) -> None:
    view = register(store, ctx, finished_behandling())
    deliver(store, "1085", "2024K2")
    deliver(store, "1084", "2024K1")
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, {"kommentar": "Rettet"}, ctx)
    assert audit_rows(store, view.forloeb_id)[-1].reason is None
