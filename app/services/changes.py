"""Corrections since delivery: for each delivered region and period, what changed since its latest
delivery, and whether a correction (a new delivery of the period) is due.

Nothing extra is stored at export time: the audit log already holds every change with its old and
new values, and the export's own audit row (entity ``delivery``) marks the exact place in the log
where the file was made — a position, not a clock time, so a change in the same second is still on
the right side. The state at delivery of every pathway changed since is rebuilt from the current
row and, per field, the *old* value of the first later audit row that changed it. Comparing that
with the current rows gives the new, changed (the file's columns that differ) and removed pathways;
changes that were undone in between cancel out.

Two checks make the result trustworthy:

- ``correction_due`` compares the ``kontrolsum`` of the file the period would get now with the
  delivered one: exactly "a new file would differ", whatever the log says;
- ``verified`` rebuilds the whole delivered content (the current rows of the period with the
  changed pathways and abroad counts put back as they were) and checks that its ``kontrolsum`` is
  the delivered one — so the listed changes are complete. It is False only when the store was
  changed outside the services (or a change raced the export on PostgreSQL); the lists may then be
  incomplete, while ``correction_due`` stays exact.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.domain.periods import Period
from app.services import abroad as abroad_service
from app.services import export as export_service
from app.services import pathways as pathway_service
from app.services.history import parse_timestamp
from app.store.audit import to_text
from app.store.models import AbroadCount, AuditEntry, Delivery, Pathway
from app.submission.format import kontrolsum, spec
from app.submission.writer import sort_rows

_CHUNK = 500


@dataclass(frozen=True)
class FieldDiff:
    field: str
    old: Any
    """As delivered (dates ISO, no value None)."""
    new: Any
    """As it is now."""


@dataclass(frozen=True)
class PathwayDelta:
    forloeb_id: str
    kind: str
    """``new`` (in the period now, not in the delivered file), ``changed`` or ``removed``."""
    fields: tuple[FieldDiff, ...] = ()
    """For ``changed``: the file's columns whose value differs from the delivered one."""


@dataclass(frozen=True)
class PeriodChanges:
    """One delivered region and period against its latest delivery."""

    region: str
    periode: str
    leverance: int
    dannet: str
    delivery_id: int
    new: tuple[PathwayDelta, ...]
    changed: tuple[PathwayDelta, ...]
    removed: tuple[PathwayDelta, ...]
    abroad_changed: bool
    """K4: the year's abroad rows (summed over sources) differ from the delivered ones."""
    correction_due: bool
    """The file made now would differ from the delivered one: a new delivery is due."""
    verified: bool
    """The audit log leads exactly back to the delivered content, so the lists are complete."""

    @property
    def pathways_changed(self) -> int:
        return len(self.new) + len(self.changed) + len(self.removed)


def _latest_deliveries(
    session: Session, region: str | None, period: Period | None
) -> list[Delivery]:
    query = select(Delivery).order_by(Delivery.region, Delivery.periode, Delivery.leverance)
    if region:
        query = query.where(Delivery.region == region)
    if period:
        query = query.where(Delivery.periode == str(period))
    latest: dict[tuple[str, str], Delivery] = {}
    for row in session.scalars(query):
        latest[(row.region, row.periode)] = row
    return list(latest.values())


def _marks(session: Session, deliveries: Sequence[Delivery]) -> dict[int, int]:
    """Each delivery's place in the audit log: the id of its own audit row (made in the export's
    transaction); for a delivery without one, the last row logged no later than ``dannet``."""
    wanted = {str(d.id): d.id for d in deliveries}
    marks: dict[int, int] = {}
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.id).where(
            AuditEntry.entity == export_service.ENTITY, AuditEntry.action == "create"
        )
    )
    for entity_id, entry_id in rows:
        if entity_id in wanted:
            marks[wanted[entity_id]] = entry_id
    missing = [d for d in deliveries if d.id not in marks]
    if missing:
        times = [
            (parse_timestamp(at), i)
            for i, at in session.execute(select(AuditEntry.id, AuditEntry.at))
        ]
        for delivery in missing:
            dannet = parse_timestamp(delivery.dannet)
            marks[delivery.id] = max((i for at, i in times if at <= dannet), default=0)
    return marks


def _entries_after(
    session: Session, entity: str, mark: int
) -> dict[str, list[tuple[int, dict[str, list[Any]]]]]:
    """``{entity_id: [(audit id, changes), …]}`` for every audit row of ``entity`` after ``mark``."""
    found: dict[str, list[tuple[int, dict[str, list[Any]]]]] = defaultdict(list)
    rows = session.execute(
        select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.changes)
        .where(AuditEntry.entity == entity, AuditEntry.id > mark)
        .order_by(AuditEntry.id)
    )
    for entry_id, entity_id, changes in rows:
        found[entity_id].append((entry_id, json.loads(changes)))
    return found


def _current(
    session: Session, table: Table, key: Any, ids: Iterable[Any]
) -> dict[str, dict[str, Any]]:
    """The current rows with the given keys, values in the audit log's text form."""
    wanted = list(ids)
    rows: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(table).where(key.in_(wanted[start : start + _CHUNK]))
        for row in session.execute(query).mappings():
            rows[str(row[key.name])] = {name: to_text(value) for name, value in row.items()}
    return rows


def _then(
    current: dict[str, Any], entries: list[tuple[int, dict[str, list[Any]]]], mark: int
) -> dict[str, Any]:
    """A record as it was at ``mark``: each field's old value in the first later change of it,
    else its current value. A record created later comes out empty (every old value is None)."""
    state = dict(current)
    seen: set[str] = set()
    for entry_id, changes in entries:
        if entry_id <= mark:
            continue
        for name, (old, _new) in changes.items():
            if name not in seen:
                seen.add(name)
                state[name] = old
    return state


def _file_value(value: Any) -> Any:
    """A value as :func:`app.services.export.pathway_rows` gives it (no value is None)."""
    return None if value == "" else value


def _in_file(state: dict[str, Any], region: str, periode: str) -> bool:
    return (
        state.get("region") == region
        and state.get("periode") == periode
        and not state.get("deleted")
        and state.get("status") not in (None, "aaben")
    )


def since_delivery(
    session: Session, region: str | None = None, period: Period | None = None
) -> list[PeriodChanges]:
    """Every delivered region and period (or the one asked for) against its latest delivery."""
    deliveries = _latest_deliveries(session, region, period)
    if not deliveries:
        return []
    marks = _marks(session, deliveries)
    first = min(marks.values())
    entries = _entries_after(session, pathway_service.ENTITY, first)
    pathway_table = Pathway.__table__
    assert isinstance(pathway_table, Table)
    current = _current(session, pathway_table, pathway_table.c.forloeb_id, entries)
    by_pair: dict[tuple[str, str], set[str]] = defaultdict(set)
    for forloeb_id, steps in entries.items():
        row = current.get(forloeb_id, {})
        regions = {row.get("region")}
        periods = {row.get("periode")}
        for _entry_id, changes in steps:
            regions.update(changes.get("region", ()))
            periods.update(changes.get("periode", ()))
        for r in regions:
            for p in periods:
                if isinstance(r, str) and isinstance(p, str):
                    by_pair[(r, p)].add(forloeb_id)
    abroad_entries = _entries_after(session, abroad_service.ENTITY, first)
    return [
        _period_changes(
            session, delivery, marks[delivery.id], entries, current, by_pair, abroad_entries
        )
        for delivery in deliveries
    ]


def _period_changes(
    session: Session,
    delivery: Delivery,
    mark: int,
    entries: dict[str, list[tuple[int, dict[str, list[Any]]]]],
    current: dict[str, dict[str, Any]],
    by_pair: dict[tuple[str, str], set[str]],
    abroad_entries: dict[str, list[tuple[int, dict[str, list[Any]]]]],
) -> PeriodChanges:
    fmt = spec()
    header = fmt.forloeb.header
    region, periode = delivery.region, delivery.periode
    period = Period.parse(periode)
    now_rows = export_service.pathway_rows(session, region, period)
    now = {row[0]: row for row in now_rows}
    then = dict(now)
    new: list[PathwayDelta] = []
    changed: list[PathwayDelta] = []
    removed: list[PathwayDelta] = []
    for forloeb_id in sorted(by_pair.get((region, periode), ())):
        steps = entries[forloeb_id]
        if steps[-1][0] <= mark:
            continue  # not changed since this delivery
        state = _then(current.get(forloeb_id, {}), steps, mark)
        then.pop(forloeb_id, None)
        was = _in_file(state, region, periode)
        is_now = forloeb_id in now
        if was:
            old_row = [_file_value(state.get(name)) for name in header]
            then[forloeb_id] = old_row
        if was and is_now:
            diffs = tuple(
                FieldDiff(name, old, new_value)
                for name, old, new_value in zip(header, old_row, now[forloeb_id], strict=True)
                if old != new_value
            )
            if diffs:
                changed.append(PathwayDelta(forloeb_id, "changed", diffs))
        elif was:
            removed.append(PathwayDelta(forloeb_id, "removed"))
        elif is_now:
            new.append(PathwayDelta(forloeb_id, "new"))
    now_udland = export_service.abroad_rows(session, region, period)
    then_udland = (
        _abroad_then(session, region, period.year, mark, abroad_entries)
        if period.is_year_end
        else []
    )
    now_sorted = sort_rows(fmt.udland, now_udland)
    then_sorted = sort_rows(fmt.udland, then_udland)

    def checksum(forloeb: Iterable[list[Any]], udland: list[list[Any]]) -> str:
        return kontrolsum(header, sort_rows(fmt.forloeb, list(forloeb)), fmt.udland.header, udland)

    return PeriodChanges(
        region=region,
        periode=periode,
        leverance=delivery.leverance,
        dannet=delivery.dannet,
        delivery_id=delivery.id,
        new=tuple(new),
        changed=tuple(changed),
        removed=tuple(removed),
        abroad_changed=then_sorted != now_sorted,
        correction_due=checksum(now_rows, now_sorted) != delivery.kontrolsum,
        verified=checksum(then.values(), then_sorted) == delivery.kontrolsum,
    )


def _abroad_then(
    session: Session,
    region: str,
    year: int,
    mark: int,
    entries: dict[str, list[tuple[int, dict[str, list[Any]]]]],
) -> list[list[Any]]:
    """The year's Udland rows as delivered: the counts rebuilt as at ``mark``, summed over sources
    per key as :func:`app.services.export.abroad_rows` sums them."""
    table = AbroadCount.__table__
    assert isinstance(table, Table)
    ids = {
        str(i)
        for i in session.scalars(
            select(AbroadCount.id).where(AbroadCount.region == region, AbroadCount.aar == year)
        )
    }
    ids.update(entries)
    states = []
    for count_id, row in _current(session, table, table.c.id, (int(i) for i in ids)).items():
        state = _then(row, entries.get(count_id, []), mark)
        if (
            state.get("region") == region
            and state.get("aar") == year
            and state.get("deleted") is False
        ):
            states.append(state)
    states.sort(
        key=lambda s: (
            s["aar"],
            s["kvartal"],
            s["forloebstype"],
            s["behandlingsform"] or "",
            s["kraeftomraade"] or "",
            s["land"],
            s["kilde_shak"],
        )
    )
    totals: dict[tuple[Any, ...], int] = defaultdict(int)
    comments: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for state in states:
        key = (
            state["kvartal"],
            state["forloebstype"],
            state["behandlingsform"] or None,
            state["kraeftomraade"] or None,
            state["land"],
        )
        totals[key] += int(state["antal"])
        comment = state.get("kommentar")
        if comment and comment not in comments[key]:
            comments[key].append(comment)
    return [
        [
            year,
            kvartal,
            region,
            kind,
            form,
            area,
            land,
            antal,
            "; ".join(comments[key])[:500] or None,
        ]
        for key, antal in totals.items()
        for kvartal, kind, form, area, land in (key,)
    ]
