"""The audit trail of pathway services (R8): one row per change, with who, when (with offset), which
record, exactly the changed fields old → new and the reason; the chain holds; replaying the log
rebuilds the pathway table exactly — also after random sequences of valid and invalid operations."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from factories import udredning
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.domain.rules import compute_frist
from app.errors import RuleViolation
from app.services import pathways
from app.services.context import ServiceContext
from app.services.pathways import AUDITED_FIELDS, PathwayInvalid, PathwayView
from app.store import audit
from app.store.audit import Actor
from app.store.engine import Store
from app.store.errors import ConflictError, NotFound
from app.store.migrate import open_store
from app.store.models import AuditEntry, Delivery, Pathway

TODAY = date(2024, 6, 15)
# A RAM-backed folder (when there is one) for the many throwaway stores of the state machine: fsync
# on a real disk would dominate its run time, and durability is not what it tests.
FAST_TMP = "/dev/shm" if Path("/dev/shm").is_dir() else None
OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@dataclass(frozen=True)
class SummerClock:
    """15-06-2024 10:15 in Danish summer time (+02:00), whatever the machine's zone."""

    def today(self) -> date:
        return TODAY

    def now(self) -> datetime:
        return datetime(2024, 6, 15, 10, 15, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def summer() -> ServiceContext:
    return ServiceContext(Actor("anne.k"), SummerClock())


def rows(store: Store) -> list[AuditEntry]:
    with store.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def count_rows(store: Store) -> int:
    with store.read() as session:
        return audit.count(session)


def changes_of(entry: AuditEntry) -> dict[str, list[Any]]:
    result: dict[str, list[Any]] = json.loads(entry.changes)
    return result


def register(store: Store, ctx: ServiceContext, data: PathwayData, **kw: Any) -> PathwayView:
    with store.write() as session:
        return pathways.register(session, data, ctx, **kw)


def replay_matches_table(session: Session) -> None:
    """Replaying the log gives every pathway row's audited fields exactly (deleted rows included)."""
    replayed = audit.replay(session, "pathway")
    table = {row.forloeb_id: row for row in session.scalars(select(Pathway))}
    assert set(replayed) == set(table)
    for forloeb_id, row in table.items():
        expected = {name: audit.to_text(getattr(row, name)) for name in AUDITED_FIELDS}
        rebuilt = {name: replayed[forloeb_id].get(name) for name in AUDITED_FIELDS}
        assert rebuilt == expected, forloeb_id
        assert set(replayed[forloeb_id]) <= set(AUDITED_FIELDS)


# --- one row per service call --------------------------------------------------------------------


def test_register_writes_one_create_row(
    store: Store, summer: ServiceContext, ctx: ServiceContext
) -> None:
    view = register(store, summer, udredning())
    [entry] = rows(store)
    assert (entry.action, entry.login, entry.entity, entry.entity_id) == (
        "create",
        "anne.k",
        "pathway",
        view.forloeb_id,
    )
    assert entry.at == "2024-06-15T10:15:00+02:00"
    assert entry.reason is None
    assert changes_of(entry) == {
        "cpr": [None, "0707614285"],
        "region": [None, "1084"],
        "indberettende_shak": [None, "1301"],
        "udfoerende_shak": [None, "130111"],
        "udfoerende_type": [None, "PRIVAT"],
        "forloebstype": [None, "UDREDNING"],
        "kraeftomraade": [None, "BRYST"],
        "henvisning_modtaget": [None, "2024-06-01"],
        "frist": [None, "2024-06-15"],
        "frist_foreloebig": [None, False],
        "status": [None, "aaben"],
        "kilde_shak": [None, "1301"],
        "deleted": [None, False],
    }
    # with the machine's own clock and zone the time has an offset too
    register(store, ctx, udredning(cpr="0101901234"))
    entry = rows(store)[-1]
    assert OFFSET.match(entry.at), entry.at
    assert (entry.login, entry.action) == ("tester", "create")


def test_correct_writes_exactly_the_changed_fields(store: Store, summer: ServiceContext) -> None:
    view = register(store, summer, udredning())
    bo = ServiceContext(Actor("bo"), SummerClock())
    with store.write() as session:
        pathways.correct(
            session,
            view.forloeb_id,
            {"kommentar": "Ring først", "henvisning_modtaget": date(2024, 6, 2)},
            bo,
            expected_version=1,
        )
    entry = rows(store)[-1]
    assert (entry.action, entry.login, entry.entity_id) == ("update", "bo", view.forloeb_id)
    assert changes_of(entry) == {
        "kommentar": [None, "Ring først"],
        "henvisning_modtaget": ["2024-06-01", "2024-06-02"],
        "frist": ["2024-06-15", "2024-06-16"],
    }
    with store.write() as session:
        pathways.correct(session, view.forloeb_id, {"kommentar": "  ", "udfald": "AFKRAEFTET"}, bo)
    assert changes_of(rows(store)[-1]) == {
        "kommentar": ["Ring først", None],
        "udfald": [None, "AFKRAEFTET"],
    }
    assert len(rows(store)) == 3


def test_close_writes_one_close_row(store: Store, summer: ServiceContext) -> None:
    view = register(store, summer, udredning(henvisning_modtaget=date(2024, 5, 1)))
    with store.write() as session:
        pathways.close(
            session,
            view.forloeb_id,
            summer,
            tilbudt_start=date(2024, 5, 16),
            start=date(2024, 5, 17),
            aarsag="HELBRED",
        )
    assert len(rows(store)) == 2
    entry = rows(store)[-1]
    assert entry.action == "close"
    assert changes_of(entry) == {
        "tilbudt_start": [None, "2024-05-16"],
        "start": [None, "2024-05-17"],
        "aarsag": [None, "HELBRED"],
        "status": ["aaben", "afsluttet"],
        "periode": [None, "2024K2"],
        "ventedage": [None, 16],
        "kategori": [None, 2],
    }


def test_interrupt_writes_one_interrupt_row(store: Store, summer: ServiceContext) -> None:
    view = register(store, summer, udredning())
    with store.write() as session:
        pathways.interrupt(session, view.forloeb_id, summer, afbrudt=date(2024, 6, 4))
    entry = rows(store)[-1]
    assert (entry.action, len(rows(store))) == ("interrupt", 2)
    assert changes_of(entry) == {
        "afbrudt": [None, "2024-06-04"],
        "status": ["aaben", "afbrudt"],
        "periode": [None, "2024K2"],
        "ventedage": [None, 3],
        "kategori": [None, 1],
    }


def test_a_correction_that_starts_or_interrupts_is_audited_as_such(
    store: Store, summer: ServiceContext
) -> None:
    """The form saves an edit through ``correct``: the audit still says what happened."""
    first = register(store, summer, udredning())
    second = register(store, summer, udredning(cpr="0202902345"))
    with store.write() as session:
        pathways.correct(
            session,
            first.forloeb_id,
            {"tilbudt_start": date(2024, 6, 3), "start": date(2024, 6, 4)},
            summer,
        )
        pathways.correct(session, second.forloeb_id, {"afbrudt": date(2024, 6, 4)}, summer)
    with store.write() as session:
        pathways.correct(session, first.forloeb_id, {"kommentar": "ny tid"}, summer)
    assert [e.action for e in rows(store)[-3:]] == ["close", "interrupt", "update"]


def test_delete_writes_one_delete_row(store: Store, summer: ServiceContext) -> None:
    view = register(store, summer, udredning())
    with store.write() as session:
        pathways.delete(session, view.forloeb_id, summer, reason="Dobbeltregistreret")
    entry = rows(store)[-1]
    assert (entry.action, entry.entity_id, entry.reason) == (
        "delete",
        view.forloeb_id,
        "Dobbeltregistreret",
    )
    assert changes_of(entry) == {"deleted": [False, True]}


def test_no_op_correction_writes_no_row(store: Store, summer: ServiceContext) -> None:
    view = register(store, summer, udredning(kommentar="Ring først"))
    with store.write() as session:
        same = pathways.correct(
            session,
            view.forloeb_id,
            {"kommentar": " Ring først ", "cpr": "070761-4285", "kraeftomraade": "bryst"},
            summer,
        )
    assert same.version == 1
    assert len(rows(store)) == 1
    with store.read() as session:
        assert pathways.get(session, view.forloeb_id) == view


def test_failed_calls_write_no_row(store: Store, summer: ServiceContext) -> None:
    view = register(store, summer, udredning())
    failing: list[Callable[[Session], object]] = [
        lambda s: pathways.register(s, udredning(cpr="1"), summer),
        lambda s: pathways.correct(s, view.forloeb_id, {"udfoerende_shak": "1"}, summer),
        lambda s: pathways.correct(
            s, view.forloeb_id, {"kommentar": "x"}, summer, expected_version=7
        ),
        lambda s: pathways.close(
            s, view.forloeb_id, summer, tilbudt_start=date(2024, 6, 20), start=date(2024, 6, 20)
        ),
        lambda s: pathways.interrupt(s, view.forloeb_id, summer, afbrudt=date(2024, 5, 1)),
        lambda s: pathways.delete(s, "00000000-0000-0000-0000-000000000000", summer),
    ]
    for call in failing:
        with pytest.raises((PathwayInvalid, ConflictError, NotFound)), store.write() as session:
            call(session)
    assert len(rows(store)) == 1


def test_the_reason_is_in_the_audit_row(store: Store, summer: ServiceContext) -> None:
    view = register(
        store,
        summer,
        udredning(tilbudt_start=date(2024, 6, 3), start=date(2024, 6, 3)),
        reason="Efterregistrering",
    )
    with store.write() as session:
        pathways.correct(
            session, view.forloeb_id, {"udfald": "AFKRAEFTET"}, summer, reason="Svar fra patologi"
        )
    assert [(e.action, e.reason) for e in rows(store)] == [
        ("create", "Efterregistrering"),
        ("update", "Svar fra patologi"),
    ]


def test_a_whole_history_chains_and_replays(store: Store, summer: ServiceContext) -> None:
    first = register(store, summer, udredning())
    second = register(store, summer, udredning(cpr="010190AB12", kommentar="Erstatnings-CPR"))
    with store.write() as session:
        pathways.correct(session, first.forloeb_id, {"ekstern_reference": "B-1"}, summer)
        pathways.close(
            session,
            first.forloeb_id,
            summer,
            tilbudt_start=date(2024, 6, 10),
            start=date(2024, 6, 10),
        )
        pathways.correct(session, first.forloeb_id, {"start": None, "tilbudt_start": None}, summer)
        pathways.interrupt(session, second.forloeb_id, summer, afbrudt=date(2024, 6, 3))
        pathways.delete(session, second.forloeb_id, summer)
    assert [e.action for e in rows(store)] == [
        "create",
        "create",
        "update",
        "close",
        "update",
        "interrupt",
        "delete",
    ]
    with store.read() as session:
        report = audit.verify_chain(session)
        assert (report.ok, report.rows) == (True, 7)
        replay_matches_table(session)
        assert [e.action for e in audit.history(session, "pathway", first.forloeb_id)] == [
            "create",
            "update",
            "close",
            "update",
        ]


def test_concurrent_writers_keep_one_chain(store: Store, ctx: ServiceContext) -> None:
    """Four users register at the same moment: the appends are serialised, the chain never forks."""
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work(login: str) -> None:
        who = ServiceContext(Actor(login), ctx.clock)
        barrier.wait()
        try:
            for _ in range(5):
                register(store, who, udredning())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"user{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    entries = rows(store)
    assert [e.id for e in entries] == list(range(1, 21))
    assert {e.login for e in entries} == {"user0", "user1", "user2", "user3"}
    with store.read() as session:
        assert (audit.verify_chain(session).ok, audit.verify_chain(session).rows) == (True, 20)
        replay_matches_table(session)


# --- the state machine (R8) ----------------------------------------------------------------------

CPRS = ["0707614285", "0101901234", "010190AB12", "0202024000"]
OVER_REASONS = ["HELBRED", "PATIENTOENSKE", "KAPACITET", "MENNESKELIG_FEJL", "AFLYSNING"]
KOMMENTARER = [None, "Ring først", "Ændret efter samtale"]
REASONS = [None, "Rettelse efter indberetning"]
dates = st.dates(min_value=date(2024, 1, 1), max_value=TODAY)

# One deliberate mistake (most often none): an invalid call must change and audit nothing.
CORRUPTIONS: dict[str, dict[str, Any]] = {
    "cpr": {"cpr": "3002901234"},
    "shak": {"udfoerende_shak": "13"},
    "control character": {"kommentar": "Ring\tførst"},
    "too long": {"kommentar": "x" * 501},
    "future": {"henvisning_modtaget": TODAY + timedelta(days=3)},
    "unknown reason": {"aarsag": "VEJRET"},
    "andet without kommentar": {"aarsag": "ANDET", "kommentar": None},
}
corruption = st.sampled_from([*[None] * 20, *CORRUPTIONS])
versions = st.sampled_from(["current", None, None, "stale"])


def fitting_reason(draw: st.DrawFn, frist: date, end: date | None) -> str | None:
    """The reason the rules want for this end date: none within the deadline, one over it."""
    if end is None or end <= frist:
        return None
    return draw(st.sampled_from(OVER_REASONS))


def corrupt(draw: st.DrawFn, values: dict[str, Any]) -> dict[str, Any]:
    mistake = draw(corruption)
    return values if mistake is None else values | CORRUPTIONS[mistake]


@st.composite
def pathway_data(draw: st.DrawFn) -> PathwayData:
    kind = draw(st.sampled_from(["UDREDNING", "BEHANDLING", "EFTERBEHANDLING"]))
    henvisning = draw(st.dates(min_value=date(2024, 1, 1), max_value=TODAY - timedelta(days=5)))
    samtykke = None
    if kind != "UDREDNING":
        samtykke = henvisning + timedelta(days=draw(st.integers(0, 5)))
    frist = compute_frist(kind, henvisning, samtykke).dato
    end = draw(st.sampled_from(["open", "start", "afbrudt"]))
    end_day = min(henvisning + timedelta(days=draw(st.integers(5, 40))), TODAY)
    values: dict[str, Any] = {
        "cpr": draw(st.sampled_from(CPRS)),
        "region": draw(st.sampled_from(["1084", "1085"])),
        "indberettende_shak": "1301",
        "udfoerende_shak": draw(st.sampled_from(["130111", "ABC1"])),
        "udfoerende_type": draw(st.sampled_from(["PRIVAT", "OFFENTLIG"])),
        "forloebstype": kind,
        "kraeftomraade": draw(st.sampled_from(["BRYST", "LUNGE"])),
        "henvisning_modtaget": henvisning,
        "behandlingsform": None if kind == "UDREDNING" else "KIRURGI",
        "samtykke": samtykke,
        "tilbudt_start": end_day if end == "start" else None,
        "start": end_day if end == "start" else None,
        "afbrudt": end_day if end == "afbrudt" else None,
        "aarsag": fitting_reason(draw, frist, None if end == "open" else end_day),
        "udfald": draw(st.sampled_from([None, "BEKRAEFTET"])) if kind == "UDREDNING" else None,
        "kommentar": draw(st.sampled_from(KOMMENTARER)),
    }
    return PathwayData(**corrupt(draw, values))


corrections = st.fixed_dictionaries(
    {},
    optional={
        "kommentar": st.sampled_from([*KOMMENTARER, *KOMMENTARER, "Ring\tførst"]),
        "ekstern_reference": st.sampled_from([None, "B-1", "B-2"]),
        "udfald": st.sampled_from([None, None, None, "AFKRAEFTET"]),  # F13 on a behandling
        "cpr": st.sampled_from([*CPRS, "3002901234"]),
        "region": st.sampled_from(["1084", "1085"]),
        "udfoerende_type": st.sampled_from(["PRIVAT", "OFFENTLIG"]),
    },
)

EXPECTED_ERRORS = (PathwayInvalid, RuleViolation, ConflictError, NotFound)


class PathwayAuditMachine(RuleBasedStateMachine):
    """Random register/correct/close/interrupt/delete (valid and invalid) and deliveries.

    After every step: each successful change added exactly one audit row (none for a failure or a
    no-op), the chain verifies, and replaying the log rebuilds the table.
    """

    ids = Bundle("ids")

    def __init__(self, open_fresh: Callable[[], tuple[Store, Callable[[], None]]]) -> None:
        super().__init__()
        self.store, self._cleanup = open_fresh()
        # The checks read through one pooled connection (the store's own SQLite engine opens a
        # new connection per session, which would dominate the run time here).
        self.reader = create_engine(self.store.url) if self.store.is_sqlite else self.store.engine
        self.ctx = ServiceContext(Actor("maskine"), FixedClock(TODAY))
        self.expected_rows = 0
        self.live: set[str] = set()
        self.deleted: set[str] = set()
        self.delivered: set[tuple[str, str]] = set()
        self.counter = 0

    def teardown(self) -> None:
        if self.reader is not self.store.engine:
            self.reader.dispose()
        self._cleanup()

    # --- helpers ---

    def _snapshot(self, forloeb_id: str) -> dict[str, Any] | None:
        """The row's audited fields and its version, as stored."""
        with Session(self.reader) as session:
            row = session.get(Pathway, forloeb_id)
            if row is None:
                return None
            values = {name: audit.to_text(getattr(row, name)) for name in AUDITED_FIELDS}
            return values | {"version": row.version}

    def _run(
        self, name: str, forloeb_id: str | None, call: Callable[[Session], object]
    ) -> object | None:
        """One service call in its own write session, as the GUI makes it; count its audit rows."""
        before = self._snapshot(forloeb_id) if forloeb_id else None
        try:
            with self.store.write() as session:
                result = call(session)
        except EXPECTED_ERRORS as error:
            event(f"{name}: {type(error).__name__}")
            # nothing changed, nothing audited (the invariant counts the rows)
            if forloeb_id:
                assert self._snapshot(forloeb_id) == before
            return None
        after = self._snapshot(forloeb_id) if forloeb_id else None
        changed = forloeb_id is None or before != after
        event(f"{name}: {'saved' if changed else 'no change'}")
        if changed:
            self.expected_rows += 1
        else:
            assert after is not None and before is not None
            assert after["version"] == before["version"]
        return result

    def _version(self, forloeb_id: str, which: str | None) -> int | None:
        if which is None:
            return None
        snapshot = self._snapshot(forloeb_id)
        current = int(snapshot["version"]) if snapshot else 1
        return current if which == "current" else current - 1

    def _dates(self, forloeb_id: str) -> tuple[date, date]:
        """The pathway's referral date and deadline as stored."""
        snapshot = self._snapshot(forloeb_id) or {}
        henvisning = date.fromisoformat(snapshot.get("henvisning_modtaget") or "2024-05-01")
        frist = date.fromisoformat(snapshot.get("frist") or "2024-05-15")
        return henvisning, frist

    def _end(self, draw: st.DrawFn, forloeb_id: str) -> tuple[date, dict[str, Any]]:
        """An end date around the deadline, the reason that fits it — and maybe one mistake."""
        henvisning, frist = self._dates(forloeb_id)
        end = frist + timedelta(days=draw(st.integers(-10, 10)))
        end = max(henvisning, min(end, TODAY))
        values = corrupt(draw, {"aarsag": fitting_reason(draw, frist, end)})
        return end, {k: v for k, v in values.items() if k in {"aarsag", "kommentar"}}

    # --- the operations ---

    @rule(target=ids, data=pathway_data(), reason=st.sampled_from(REASONS))
    def register(self, data: PathwayData, reason: str | None) -> Any:
        self.counter += 1
        forloeb_id = f"00000000-0000-4000-8000-{self.counter:012d}"
        view = self._run(
            "register",
            None,
            lambda s: pathways.register(s, data, self.ctx, forloeb_id=forloeb_id, reason=reason),
        )
        if view is None:
            return multiple()
        self.live.add(forloeb_id)
        return forloeb_id

    @rule(
        forloeb_id=ids,
        changes=corrections,
        shift=st.none() | st.integers(-3, 3),
        version=versions,
        reason=st.sampled_from(REASONS),
    )
    def correct(
        self,
        forloeb_id: str,
        changes: dict[str, Any],
        shift: int | None,
        version: str | None,
        reason: str | None,
    ) -> None:
        if shift is not None:  # move the referral date a little: frist, ventedage … follow
            henvisning = self._dates(forloeb_id)[0] + timedelta(days=shift)
            changes = changes | {"henvisning_modtaget": min(henvisning, TODAY)}
        expected = self._version(forloeb_id, version)
        self._run(
            "correct",
            forloeb_id,
            lambda s: pathways.correct(
                s, forloeb_id, changes, self.ctx, expected_version=expected, reason=reason
            ),
        )

    @rule(forloeb_id=ids, data=st.data(), wait=st.integers(0, 3), reason=st.sampled_from(REASONS))
    def close(self, forloeb_id: str, data: st.DataObject, wait: int, reason: str | None) -> None:
        start, extra = self._end(data.draw, forloeb_id)
        offered = max(start - timedelta(days=wait), self._dates(forloeb_id)[0])
        self._run(
            "close",
            forloeb_id,
            lambda s: pathways.close(
                s, forloeb_id, self.ctx, tilbudt_start=offered, start=start, reason=reason, **extra
            ),
        )

    @rule(forloeb_id=ids, data=st.data(), reason=st.sampled_from(REASONS))
    def interrupt(self, forloeb_id: str, data: st.DataObject, reason: str | None) -> None:
        afbrudt, extra = self._end(data.draw, forloeb_id)
        self._run(
            "interrupt",
            forloeb_id,
            lambda s: pathways.interrupt(
                s, forloeb_id, self.ctx, afbrudt=afbrudt, reason=reason, **extra
            ),
        )

    @rule(forloeb_id=consumes(ids), version=versions, reason=st.sampled_from(REASONS))
    def delete(self, forloeb_id: str, version: str | None, reason: str | None) -> None:
        expected = self._version(forloeb_id, version)
        self._run(
            "delete",
            forloeb_id,
            lambda s: pathways.delete(
                s, forloeb_id, self.ctx, expected_version=expected, reason=reason
            ),
        )
        if (self._snapshot(forloeb_id) or {}).get("deleted"):
            self.live.discard(forloeb_id)
            self.deleted.add(forloeb_id)

    @precondition(lambda self: len(self.delivered) < 2)
    @rule(data=st.data())
    def deliver(self, data: st.DataObject) -> None:
        region, quarter = data.draw(
            st.sampled_from(
                sorted(
                    {(r, q) for r in ("1084", "1085") for q in ("2024K1", "2024K2")}
                    - self.delivered
                )
            )
        )
        self.delivered.add((region, quarter))
        event("deliver")
        with self.store.write() as session:
            session.add(
                Delivery(
                    region=region,
                    periode=quarter,
                    leverance=1,
                    indberetter_shak="1301",
                    dannet="2024-06-15T12:00:00+02:00",
                    dannet_af="maskine",
                    file_name=f"MVK_{region}_{quarter}_20240615T120000.xlsx",
                    sha256="0" * 64,
                    kontrolsum="0" * 64,
                    antal_forloeb=0,
                    antal_udland=0,
                )
            )

    @invariant()
    def audit_log_rebuilds_the_table(self) -> None:
        with Session(self.reader) as session:
            assert audit.count(session) == self.expected_rows
            report = audit.verify_chain(session)
            assert (report.ok, report.rows) == (True, self.expected_rows), report
            replay_matches_table(session)
            table = {row.forloeb_id: bool(row.deleted) for row in session.scalars(select(Pathway))}
            assert table == {i: False for i in self.live} | {i: True for i in self.deleted}


def test_random_operations_replay_exactly_on_sqlite(sqlite_template: Path) -> None:
    """25 runs of 20 steps (500 operations) on a fresh SQLite store each (R8)."""

    def open_fresh() -> tuple[Store, Callable[[], None]]:
        folder = Path(tempfile.mkdtemp(prefix="mvk-audit-", dir=FAST_TMP))
        shutil.copy(sqlite_template, folder / "mvk.sqlite")
        store = open_store(f"sqlite:///{folder / 'mvk.sqlite'}")

        def cleanup() -> None:
            store.dispose()
            shutil.rmtree(folder, ignore_errors=True)

        return store, cleanup

    run_state_machine_as_test(
        lambda: PathwayAuditMachine(open_fresh),  # type: ignore[arg-type,return-value]
        settings=settings(max_examples=25, stateful_step_count=20),
    )


@pytest.mark.postgres
def test_random_operations_replay_exactly_on_postgres(pg_url: str, pg_template: str) -> None:
    """Fewer runs on PostgreSQL, each on a fresh database copied from the migrated template."""
    template = make_url(pg_template).database
    counter = iter(range(1_000_000))

    def admin(sql: str) -> None:
        engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(sql))
        engine.dispose()

    def open_fresh() -> tuple[Store, Callable[[], None]]:
        name = f"mvk_audit_sm_{next(counter)}"
        admin(f"DROP DATABASE IF EXISTS {name}")
        admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        store = open_store(make_url(pg_url).set(database=name).render_as_string(False))

        def cleanup() -> None:
            store.dispose()
            admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

        return store, cleanup

    run_state_machine_as_test(
        lambda: PathwayAuditMachine(open_fresh),  # type: ignore[arg-type,return-value]
        settings=settings(max_examples=3, stateful_step_count=15),
    )
