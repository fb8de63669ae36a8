"""``mvk demo``: fill a store with realistic synthetic data, deterministic for a seed and a day.

Pathways are built in Python — each through the same :func:`normalise`, :func:`check` and
:func:`derive` as a registered pathway — and inserted in batches, with their audit rows chained in
Python (:mod:`app.store.audit_bulk`); the result is what ``pathways.register`` would have written
row by row, only fast (100,000 pathways in about half a minute). Settings, partners, abroad counts
and the year's answer go through their services. Everything happens in the caller's one
transaction, so an interrupted run leaves the store as it was.
"""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.domain.pathway import PathwayData, check, derive, normalise
from app.domain.rules import countdown
from app.errors import InputError, MvkError
from app.services import abroad, partners, settings
from app.services.context import ServiceContext
from app.services.demo_data import (
    REGION_OWN_SHAK,
    DemoPartner,
    PathwayGenerator,
    abroad_rows,
    booking_prefix,
    partner_names,
    partner_shak,
    referral_dates,
)
from app.services.pathways import AUDITED_FIELDS, ENTITY
from app.settings import OWN_SHAK, REGION
from app.store.audit_bulk import NewEntry, append_many, insert_rows
from app.store.engine import refresh_statistics
from app.store.models import Partner, Pathway

DEFAULT_REGION = "1084"
BATCH = 5000


class DemoStoreNotEmpty(MvkError):
    """Demo data goes into a store without pathways only (``value``: how many it has)."""

    def __init__(self, count: int) -> None:
        super().__init__("demo.not_empty", value=count)


class DemoInvalid(MvkError):
    """A generated pathway broke a rule — a defect in the generator, never the user's fault."""

    def __init__(self, error: MvkError) -> None:
        super().__init__("demo.invalid", value=error.message())


@dataclass
class DemoSummary:
    """What was made: counts a user can check against the store."""

    region: str
    own_shak: str
    today: date
    partners: list[partners.PartnerView] = field(default_factory=list)
    pathways: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_forloebstype: Counter[str] = field(default_factory=Counter)
    by_kategori: Counter[int] = field(default_factory=Counter)
    by_aarsag: Counter[str] = field(default_factory=Counter)
    interrupted_late: int = 0
    open_overdue: int = 0
    open_soon: int = 0
    modulus11_fails: int = 0
    abroad_year: int = 0
    abroad_rows: int = 0
    abroad_total: int = 0
    settings_written: list[str] = field(default_factory=list)

    @property
    def overruns(self) -> int:
        return self.by_kategori[2] + self.by_kategori[3]


def _ensure_setting(
    session: Session, key: str, value: str, ctx: ServiceContext, summary: DemoSummary
) -> None:
    """Set an installation setting (audited) only when it has none; never change the user's."""
    if settings.get(session, key).is_default:
        settings.set(session, ctx, key, value)
        summary.settings_written.append(key)


def _add_partners(
    session: Session, rng: random.Random, ctx: ServiceContext, summary: DemoSummary
) -> list[DemoPartner]:
    taken = set(session.scalars(select(Partner.shak)))
    made: list[DemoPartner] = []
    for name in partner_names(rng, rng.randint(1, 3)):
        shak = partner_shak(rng, taken)
        taken.add(shak)
        view = partners.add(session, shak, name, ctx)
        summary.partners.append(view)
        made.append(DemoPartner(view.id, view.shak, view.name, booking_prefix(view.name)))
    return made


def stored_row(
    forloeb_id: str, partner_id: int, data: PathwayData, ctx: ServiceContext, now: str
) -> dict[str, Any]:
    """A pathway's row as the store holds it (derived fields included), for bulk inserts."""
    derived = derive(data)
    row = data.as_dict()
    row.update(
        forloeb_id=forloeb_id,
        frist=derived.frist.dato,
        frist_foreloebig=derived.frist.provisional,
        ventedage=derived.ventedage,
        kategori=derived.kategori,
        status=derived.status.value,
        periode=derived.periode,
        partner_id=partner_id,
        kilde_shak=data.indberettende_shak,
        created_at=now,
        created_by=ctx.actor.login,
        updated_at=now,
        updated_by=ctx.actor.login,
        version=1,
        deleted=False,
    )
    return row


_SORTED_AUDITED = tuple(sorted(AUDITED_FIELDS))


def _created(row: dict[str, Any]) -> dict[str, list[Any]]:
    """``audit.diff({}, fields)`` of a new pathway, computed faster (the same result)."""
    changes: dict[str, list[Any]] = {}
    for name in _SORTED_AUDITED:
        value = row[name]
        if value is not None:
            changes[name] = [None, value.isoformat() if type(value) is date else value]
    return changes


def _count(summary: DemoSummary, row: dict[str, Any], warnings: int) -> None:
    summary.pathways += 1
    summary.by_status[row["status"]] += 1
    summary.by_forloebstype[row["forloebstype"]] += 1
    summary.modulus11_fails += warnings
    if row["kategori"] is not None:
        summary.by_kategori[row["kategori"]] += 1
    if row["aarsag"]:
        summary.by_aarsag[row["aarsag"]] += 1
        if row["status"] == "afbrudt":
            summary.interrupted_late += 1
    if row["status"] == "aaben":
        left = countdown(row["frist"], summary.today)
        summary.open_overdue += left.days_left < 0
        summary.open_soon += 0 <= left.days_left <= 3


def _batches(
    generator: PathwayGenerator, days: list[date], ctx: ServiceContext, summary: DemoSummary
) -> Iterator[tuple[list[dict[str, Any]], list[NewEntry]]]:
    now = ctx.timestamp()
    rows: list[dict[str, Any]] = []
    entries: list[NewEntry] = []
    for henvisning in days:
        forloeb_id, partner_id, raw = generator.make(henvisning)
        data = normalise(raw)
        result = check(data, summary.today, require_alternative=True)
        if not result.ok:
            raise DemoInvalid(result.errors[0])
        row = stored_row(forloeb_id, partner_id, data, ctx, now)
        _count(summary, row, len(result.warnings))
        rows.append(row)
        entries.append(
            NewEntry(
                actor=ctx.actor,
                at=now,
                action="create",
                entity=ENTITY,
                entity_id=forloeb_id,
                changes=_created(row),
            )
        )
        if len(rows) >= BATCH:
            yield rows, entries
            rows, entries = [], []
    if rows:
        yield rows, entries


def _add_abroad(
    session: Session, rng: random.Random, ctx: ServiceContext, summary: DemoSummary
) -> None:
    year = summary.today.year - 1
    summary.abroad_year = year
    for item in abroad_rows(rng):
        view = abroad.set_count(
            session,
            abroad.AbroadData(
                aar=year,
                kvartal=item.kvartal,
                region=summary.region,
                kilde_shak=summary.own_shak,
                forloebstype=item.forloebstype,
                land=item.land,
                antal=item.antal,
                behandlingsform=item.behandlingsform,
                kraeftomraade=item.kraeftomraade,
                kommentar=item.kommentar,
            ),
            ctx,
        )
        summary.abroad_rows += 1
        summary.abroad_total += view.antal
    abroad.answer_year(session, summary.region, year, summary.own_shak, False, ctx)


def generate(
    session: Session,
    ctx: ServiceContext,
    *,
    pathways: int,
    seed: int,
    region: str | None = None,
) -> DemoSummary:
    """Fill the store (in the caller's transaction) with ``pathways`` synthetic pathways.

    The day is ``ctx.clock.today()``; the same seed and day give the same rows, ids and audit log.
    The region is ``region``, else the installation's region setting, else Region Hovedstaden; the
    registering unit is the installation's own SHAK setting, else a default for the region. Missing
    settings are written (existing ones are never changed). A store that already has pathways is
    refused with :class:`DemoStoreNotEmpty`.
    """
    if pathways < 0:
        raise ValueError("pathways must be ≥ 0")
    existing = int(session.scalar(select(func.count()).select_from(Pathway)) or 0)
    if existing:
        raise DemoStoreNotEmpty(existing)
    today = ctx.clock.today()
    installed = settings.installation(session)
    chosen_region = region or installed.region or DEFAULT_REGION
    if chosen_region not in REGION_OWN_SHAK:
        raise InputError("code.unknown", field="region", value=chosen_region)
    own_shak = installed.own_shak or REGION_OWN_SHAK[chosen_region]
    summary = DemoSummary(region=chosen_region, own_shak=own_shak, today=today)
    _ensure_setting(session, REGION.key, chosen_region, ctx, summary)
    _ensure_setting(session, OWN_SHAK.key, own_shak, ctx, summary)

    rng = random.Random(seed)
    made = _add_partners(session, rng, ctx, summary)
    generator = PathwayGenerator(rng, today, chosen_region, own_shak, made)
    table = Pathway.__table__
    assert isinstance(table, Table)
    # Many small objects and no cycles: the cyclic garbage collector would only slow this down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        days = referral_dates(rng, pathways, today)
        for rows, entries in _batches(generator, days, ctx, summary):
            insert_rows(session, table, rows)
            append_many(session, entries)
    finally:
        if collecting:
            gc.enable()
    _add_abroad(session, rng, ctx, summary)
    session.flush()
    refresh_statistics(session.connection())
    return summary
