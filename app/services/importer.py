"""Importing national files from other producers: plan (what would change), then apply.

A file is the full state of its source (``indberetter_shak``), region and period:

- its pathways are inserted, or updated by ``forloeb_id`` (an imported pathway's ``kilde_shak`` is
  the file's source; its partner is the partner with its ``udfoerende_shak``, if one is set up);
- pathways of the same source, region and period that the file no longer carries are soft-deleted;
- a K4 file (``udland_opgjort`` = ``J``) replaces that source's abroad counts for the year and
  records the source's abroad answer for it ("none abroad" when the sheet is empty).

A file with any FEJL is refused whole (:attr:`ImportPlan.refused`), as is a file older (a lower
``leverance``) than one already imported from the same source, region and period. Changing a
delivered period needs a reason, as for a pathway changed by hand (the same rule and message),
and the reason goes into every audit row of the import. Everything happens in the caller's one
transaction: an interrupted import leaves the store as it was.

Pathways are checked by the domain rules in :mod:`app.services.import_file`; they are written in
batches with their audit rows chained in Python (:mod:`app.store.audit_bulk`, as ``mvk demo``
does), so a file of 100,000 pathways is imported in one transaction without an ORM object per row.
Abroad counts and answers go through :mod:`app.services.abroad`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from app.errors import MvkError, RuleViolation
from app.services import abroad as abroad_service
from app.services.context import ServiceContext
from app.services.import_file import ImportFile, Progress, read_file, refusal
from app.services.pathways import AUDITED_FIELDS, ENTITY, delivered
from app.store import audit
from app.store.audit_bulk import NewEntry, append_many, insert_rows
from app.store.engine import refresh_statistics
from app.store.models import AuditEntry, Partner, Pathway
from app.submission.findings import Finding
from app.submission.validator import has_errors

FILE_ENTITY = "national_file"
"""Audit entity of an imported file (``entity_id`` = ``region/periode/source``)."""
BATCH = 2000
_LOOKUP_CHUNK = 500
T = TypeVar("T")


class ImportRefused(MvkError):
    """The file was not imported; ``findings`` says why (at least one FEJL)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("import.refused", errors=sum(1 for f in findings if f.is_error))


@dataclass(frozen=True)
class PathwayChange:
    """One pathway the import adds, changes or removes."""

    forloeb_id: str
    kind: str
    """``new``, ``changed`` or ``removed``."""
    changes: dict[str, list[Any]]
    """``{field: [old, new]}`` as the audit log keeps values (dates ISO)."""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.changes)


@dataclass(frozen=True)
class ImportPlan:
    """What importing the file would do (computed, nothing written)."""

    path: Path
    findings: list[Finding]
    """Every finding; with a FEJL the file is refused."""
    file: ImportFile | None
    new: list[PathwayChange] = field(default_factory=list)
    changed: list[PathwayChange] = field(default_factory=list)
    removed: list[PathwayChange] = field(default_factory=list)
    unchanged: int = 0
    delivered_periods: tuple[str, ...] = ()
    """Delivered periods the import changes: a reason is required."""
    abroad_rows: int = 0
    abroad_removed: int = 0

    @property
    def refused(self) -> bool:
        return self.file is None or has_errors(self.findings)

    @property
    def reason_required(self) -> bool:
        return bool(self.delivered_periods)


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    file_name: str
    region: str
    periode: str
    source: str
    leverance: int
    new: int
    changed: int
    unchanged: int
    removed: int
    abroad_rows: int
    abroad_removed: int
    abroad_answered: bool
    """A K4 file recorded its source's abroad answer for the year."""
    reason: str | None


@dataclass
class _Comparison:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    removals: list[dict[str, Any]] = field(default_factory=list)
    new: list[PathwayChange] = field(default_factory=list)
    changed: list[PathwayChange] = field(default_factory=list)
    removed: list[PathwayChange] = field(default_factory=list)
    insert_changes: list[PathwayChange] = field(default_factory=list)
    update_changes: list[PathwayChange] = field(default_factory=list)
    removal_changes: list[PathwayChange] = field(default_factory=list)
    """The audit diff of each row of ``inserts``, ``updates`` and ``removals``, in their order."""
    unchanged: int = 0
    touched: set[tuple[str, str]] = field(default_factory=set)


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row.get(name) for name in AUDITED_FIELDS}


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _table() -> Table:
    table = Pathway.__table__
    assert isinstance(table, Table)
    return table


def _compare(session: Session, file: ImportFile, ctx: ServiceContext, *, lock: bool) -> _Comparison:
    """The store against the file: rows to insert, update and soft-delete, with their audit diffs.

    With ``lock`` (when applying) the rows are locked on PostgreSQL; SQLite's write transaction
    (``BEGIN IMMEDIATE``) holds the whole store already.
    """
    table = _table()
    lock = lock and session.get_bind().dialect.name != "sqlite"
    ids = [p.forloeb_id for p in file.pathways]
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(ids, _LOOKUP_CHUNK):
        query = select(table).where(table.c.forloeb_id.in_(chunk))
        if lock:
            query = query.with_for_update()
        existing.update((r["forloeb_id"], dict(r)) for r in session.execute(query).mappings())
    partners = {shak: pid for shak, pid in session.execute(select(Partner.shak, Partner.id))}
    now = ctx.timestamp()
    login = ctx.actor.login
    result = _Comparison()
    periode = str(file.period)
    for pathway in file.pathways:
        values = pathway.values
        before = existing.get(pathway.forloeb_id)
        if before is None:
            row = {
                **values,
                "forloeb_id": pathway.forloeb_id,
                "ekstern_reference": None,
                "alternativ_tilbud": None,
                "partner_id": partners.get(values["udfoerende_shak"]),
                "kilde_shak": file.source,
                "created_at": now,
                "created_by": login,
                "updated_at": now,
                "updated_by": login,
                "version": 1,
                "deleted": False,
            }
            change = PathwayChange(pathway.forloeb_id, "new", audit.diff({}, _audited(row)))
            result.inserts.append(row)
            result.new.append(change)
            result.insert_changes.append(change)
            result.touched.add((file.region, periode))
            continue
        # the partner stays unless the performing unit changed (then: the partner of the new one)
        partner_id = before["partner_id"]
        if before["udfoerende_shak"] != values["udfoerende_shak"]:
            partner_id = partners.get(values["udfoerende_shak"])
        after = {
            **before,
            **values,
            "partner_id": partner_id,
            "kilde_shak": file.source,
            "deleted": False,
        }
        difference = audit.diff(_audited(before), _audited(after))
        if not difference:
            result.unchanged += 1
            continue
        after.update(updated_at=now, updated_by=login)
        result.updates.append(after)
        result.touched.add((file.region, periode))
        if before["deleted"]:
            change = PathwayChange(pathway.forloeb_id, "new", difference)
            result.new.append(change)
        else:
            change = PathwayChange(pathway.forloeb_id, "changed", difference)
            result.changed.append(change)
            if before["periode"] is not None:
                result.touched.add((before["region"], before["periode"]))
        result.update_changes.append(change)
    _removals(session, file, table, set(ids), lock, result, now, login)
    return result


def _removals(
    session: Session,
    file: ImportFile,
    table: Table,
    file_ids: set[str],
    lock: bool,
    result: _Comparison,
    now: str,
    login: str,
) -> None:
    """Live pathways of the file's source, region and period that the file no longer carries."""
    query = select(table).where(
        table.c.kilde_shak == file.source,
        table.c.region == file.region,
        table.c.periode == str(file.period),
        table.c.deleted.is_(False),
    )
    if lock:
        query = query.with_for_update()
    for found in session.execute(query.order_by(table.c.forloeb_id)).mappings():
        if found["forloeb_id"] in file_ids:
            continue
        before = dict(found)
        after = {**before, "deleted": True, "updated_at": now, "updated_by": login}
        change = PathwayChange(
            before["forloeb_id"], "removed", audit.diff(_audited(before), _audited(after))
        )
        result.removals.append(after)
        result.removed.append(change)
        result.removal_changes.append(change)
        result.touched.add((before["region"], before["periode"]))


def _delivered_periods(session: Session, touched: set[tuple[str, str]]) -> tuple[str, ...]:
    """The touched (region, periode) pairs already delivered — the pathway service's rule."""
    return tuple(sorted({p for r, p in touched if delivered(session, r, p)}))


def last_imported(session: Session, key: str) -> dict[str, Any] | None:
    """What the audit log recorded about the last file imported for ``region/periode/source``."""
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == FILE_ENTITY, AuditEntry.entity_id == key)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if entry is None:
        return None
    return {name: new for name, (_old, new) in json.loads(entry.changes).items()}


def _older_than_imported(session: Session, file: ImportFile, lang: str | None) -> Finding | None:
    last = last_imported(session, file.key)
    if last is None or int(last.get("leverance") or 0) <= file.leverance:
        return None
    return refusal(
        file,
        "import.older_leverance",
        lang,
        leverance=file.leverance,
        last=last["leverance"],
        source=file.source,
        region=file.region,
        periode=str(file.period),
    )


def _abroad_plan(session: Session, file: ImportFile) -> tuple[bool, list[int]]:
    """Whether the file carries its source's abroad year, and the ids of that source's counts for
    the year that the file no longer has."""
    if not (file.period.is_year_end and file.udland_opgjort):
        return False, []
    keys = {
        (
            d.aar,
            d.kvartal,
            d.forloebstype,
            d.behandlingsform or "",
            d.kraeftomraade or "",
            d.land,
        )
        for d in file.abroad
    }
    year = abroad_service.list_year(session, file.region, file.period.year, file.source)
    return True, [row.id for row in year.rows if row.key not in keys]


def plan_import(
    session: Session,
    path: str | os.PathLike[str],
    ctx: ServiceContext,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read and check the file, and compare it with the store; nothing is written.

    The file is read before the store is asked anything, so in a write session the store is held
    only for the comparison.
    """
    file, findings = read_file(path, ctx, lang=lang, progress=progress)
    if file is None:
        return ImportPlan(Path(path), findings, None)
    older = _older_than_imported(session, file, lang)
    if older is not None:
        return ImportPlan(file.path, [*findings, older], None)
    if progress is not None:
        progress("compare", 0, 1)
    comparison = _compare(session, file, ctx, lock=False)
    _carries_abroad, abroad_removed = _abroad_plan(session, file)
    return ImportPlan(
        path=file.path,
        findings=findings,
        file=file,
        new=comparison.new,
        changed=comparison.changed,
        removed=comparison.removed,
        unchanged=comparison.unchanged,
        delivered_periods=_delivered_periods(session, comparison.touched),
        abroad_rows=len(file.abroad),
        abroad_removed=len(abroad_removed),
    )


def apply_import(
    session: Session,
    plan: ImportPlan,
    ctx: ServiceContext,
    reason: str | None = None,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the planned file in the caller's transaction (compared again with the store as it
    is now). Refused files raise :class:`ImportRefused`; a change of a delivered period without
    ``reason`` raises the pathway service's :class:`RuleViolation` (field ``reason``)."""
    if plan.refused or plan.file is None:
        raise ImportRefused(plan.findings)
    file = plan.file
    older = _older_than_imported(session, file, lang)
    if older is not None:
        raise ImportRefused([older])
    reason = reason.strip() if reason and reason.strip() else None
    if progress is not None:
        progress("compare", 0, 1)
    comparison = _compare(session, file, ctx, lock=True)
    periods = _delivered_periods(session, comparison.touched)
    if periods and reason is None:
        raise RuleViolation(
            "rules.reason_required_delivered", field="reason", periode=", ".join(periods)
        )
    _write_pathways(session, comparison, ctx, reason, progress)
    carries_abroad, stale = _abroad_plan(session, file)
    if carries_abroad:
        _write_abroad(session, file, stale, ctx, reason)
    report = ImportReport(
        file_name=file.name,
        region=file.region,
        periode=str(file.period),
        source=file.source,
        leverance=file.leverance,
        new=len(comparison.new),
        changed=len(comparison.changed),
        unchanged=comparison.unchanged,
        removed=len(comparison.removed),
        abroad_rows=len(file.abroad) if carries_abroad else 0,
        abroad_removed=len(stale),
        abroad_answered=carries_abroad,
        reason=reason,
    )
    _record_file(session, file, report, ctx)
    session.flush()
    refresh_statistics(session.connection())  # a large import changes what the planner should pick
    session.expire_all()  # rows were written past the ORM; objects the caller holds reload
    if progress is not None:
        progress("done", 1, 1)
    return report


def _write_pathways(
    session: Session,
    comparison: _Comparison,
    ctx: ServiceContext,
    reason: str | None,
    progress: Progress | None,
) -> None:
    """Insert, update and soft-delete in batches, each batch with its audit rows."""
    session.flush()
    table = _table()
    columns = [c.name for c in table.columns if c.name not in ("forloeb_id", "version")]
    columns = [c for c in columns if c not in ("created_at", "created_by")]
    changed = (
        update(table)
        .where(table.c.forloeb_id == bindparam("b_forloeb_id"))
        .values({**{c: bindparam(f"b_{c}") for c in columns}, "version": table.c.version + 1})
    )
    groups = (
        ("create", comparison.inserts, comparison.insert_changes),
        ("update", comparison.updates, comparison.update_changes),
        ("delete", comparison.removals, comparison.removal_changes),
    )
    total = sum(len(rows) for _action, rows, _changes in groups)
    done = 0
    for action, rows, changes in groups:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            if action == "create":
                insert_rows(session, table, batch)
            else:
                params = [{f"b_{c}": row[c] for c in ("forloeb_id", *columns)} for row in batch]
                session.execute(changed, params)
            now = ctx.timestamp()
            append_many(
                session,
                (
                    NewEntry(
                        actor=ctx.actor,
                        at=now,
                        action=action,
                        entity=ENTITY,
                        entity_id=change.forloeb_id,
                        changes=change.changes,
                        reason=reason,
                    )
                    for change in changes[start : start + BATCH]
                ),
            )
            done += len(batch)
            if progress is not None:
                progress("write", done, total)


def _write_abroad(
    session: Session,
    file: ImportFile,
    stale: list[int],
    ctx: ServiceContext,
    reason: str | None,
) -> None:
    """The source's counts for the year become the file's; its answer for the year is recorded."""
    year = file.period.year
    for count_id in stale:
        abroad_service.delete(session, count_id, ctx, reason=reason)
    if not file.abroad:
        abroad_service.answer_year(session, file.region, year, file.source, True, ctx)
        return
    abroad_service.answer_year(session, file.region, year, file.source, False, ctx)
    for data in file.abroad:
        abroad_service.set_count(session, data, ctx)


def _record_file(
    session: Session, file: ImportFile, report: ImportReport, ctx: ServiceContext
) -> None:
    """The import itself in the audit log: which file (leverance, kontrolsum), what it did."""
    values = {
        "file_name": file.name,
        "region": file.region,
        "periode": str(file.period),
        "indberetter_shak": file.source,
        "leverance": file.leverance,
        "dannet": file.dannet,
        "kontrolsum": file.kontrolsum,
        "antal_forloeb": len(file.pathways),
        "antal_udland": len(file.abroad),
        "nye": report.new,
        "aendrede": report.changed,
        "uaendrede": report.unchanged,
        "fjernede": report.removed,
    }
    audit.append(
        session,
        actor=ctx.actor,
        at=ctx.timestamp(),
        action="import",
        entity=FILE_ENTITY,
        entity_id=file.key,
        changes=audit.diff({}, values),
        reason=report.reason,
    )
