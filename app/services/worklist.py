"""The worklist: pathways filtered, sorted and paged in SQL (never all rows into memory).

A region's ten years are about 100,000 pathways and the stress case 1,000,000; sorting and filtering
happen in the database, on indexed columns, and only one page of rows comes back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.domain.periods import Period
from app.domain.rules import Countdown, countdown
from app.store.models import Partner, Pathway


class StatusFilter(StrEnum):
    AABEN = "aaben"
    AFSLUTTET = "afsluttet"
    AFBRUDT = "afbrudt"
    ALLE = "alle"


class SortKey(StrEnum):
    CPR = "cpr"
    FORLOEBSTYPE = "forloebstype"
    KRAEFTOMRAADE = "kraeftomraade"
    PARTNER = "partner"
    HENVISNING = "henvisning_modtaget"
    FRIST = "frist"
    DAGE_TILBAGE = "dage_tilbage"
    STATUS = "status"


_SORT_COLUMNS: dict[SortKey, Any] = {
    SortKey.CPR: Pathway.cpr,
    SortKey.FORLOEBSTYPE: Pathway.forloebstype,
    SortKey.KRAEFTOMRAADE: Pathway.kraeftomraade,
    SortKey.PARTNER: Partner.name,
    SortKey.HENVISNING: Pathway.henvisning_modtaget,
    SortKey.FRIST: Pathway.frist,
    SortKey.DAGE_TILBAGE: Pathway.frist,
    SortKey.STATUS: Pathway.status,
}


@dataclass(frozen=True)
class WorklistQuery:
    """What the user asked to see. The default: open pathways, most urgent first, first page."""

    status: StatusFilter = StatusFilter.AABEN
    partner_id: int | None = None
    forloebstype: str | None = None
    periode: Period | None = None
    only_overdue: bool = False
    search: str = ""
    sort: SortKey = SortKey.FRIST
    descending: bool = False
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class WorklistRow:
    forloeb_id: str
    version: int
    cpr: str
    forloebstype: str
    behandlingsform: str | None
    kraeftomraade: str
    partner_name: str | None
    udfoerende_shak: str
    henvisning_modtaget: date
    frist: date
    frist_foreloebig: bool
    start: date | None
    afbrudt: date | None
    status: str
    kategori: int | None
    countdown: Countdown | None
    """Days left relative to today; only for open pathways."""


@dataclass(frozen=True)
class WorklistPage:
    rows: list[WorklistRow]
    total: int
    """How many pathways match the filters (all pages)."""
    query: WorklistQuery


_CPR_SEARCH = re.compile(r"^[0-9A-Z]{1,10}$")


def cpr_search_term(text: str) -> str | None:
    """A CPR number or its beginning as typed (with or without hyphen, spaces), or None."""
    cleaned = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text)).upper()
    return cleaned if _CPR_SEARCH.match(cleaned) else None


def _filters(query: WorklistQuery, today: date) -> list[Any]:
    conditions: list[Any] = [Pathway.deleted.is_(False)]
    status = StatusFilter(query.status)
    if status is not StatusFilter.ALLE:
        conditions.append(Pathway.status == status.value)
    if query.only_overdue:
        conditions += [Pathway.status == StatusFilter.AABEN.value, Pathway.frist < today]
    if query.partner_id is not None:
        conditions.append(Pathway.partner_id == query.partner_id)
    if query.forloebstype:
        conditions.append(Pathway.forloebstype == query.forloebstype)
    if query.periode is not None:
        # A pathway with an end date belongs to the quarter of that date (its ``periode``); an open
        # one (no end date, no ``periode``) to the quarter of its referral. Asked per status, each
        # side alone lets SQLite walk ix_pathway_status_periode in frist order (the OR would not).
        p = query.periode
        ended = Pathway.periode == str(p)
        waiting = and_(
            Pathway.periode.is_(None), Pathway.henvisning_modtaget.between(p.first_day, p.last_day)
        )
        if status in (StatusFilter.AFSLUTTET, StatusFilter.AFBRUDT):
            conditions.append(ended)
        elif status is StatusFilter.AABEN:
            conditions.append(waiting)
        else:
            conditions.append(or_(ended, waiting))
    if query.search.strip():
        term = cpr_search_term(query.search)
        if term is None:
            conditions.append(Pathway.ekstern_reference == query.search.strip())
        elif len(term) == 10:
            conditions.append(Pathway.cpr == term)
        else:
            upper = term[:-1] + chr(ord(term[-1]) + 1)
            conditions += [Pathway.cpr >= term, Pathway.cpr < upper]
    return conditions


def worklist(session: Session, query: WorklistQuery, today: date) -> WorklistPage:
    """One page of the worklist and the number of matching pathways."""
    columns = [
        Pathway.forloeb_id,
        Pathway.version,
        Pathway.cpr,
        Pathway.forloebstype,
        Pathway.behandlingsform,
        Pathway.kraeftomraade,
        Partner.name,
        Pathway.udfoerende_shak,
        Pathway.henvisning_modtaget,
        Pathway.frist,
        Pathway.frist_foreloebig,
        Pathway.start,
        Pathway.afbrudt,
        Pathway.status,
        Pathway.kategori,
    ]
    sort_column = _SORT_COLUMNS[query.sort]
    order = sort_column.desc() if query.descending else sort_column.asc()
    tiebreak = Pathway.forloeb_id.desc() if query.descending else Pathway.forloeb_id.asc()
    statement = (
        select(*columns)
        .select_from(Pathway)
        .outerjoin(Partner, Partner.id == Pathway.partner_id)
        .where(*_filters(query, today))
        .order_by(order, tiebreak)
        .offset(max(query.offset, 0))
        .limit(max(query.limit, 0))
    )
    result: Any = session.execute(statement)
    rows = [
        WorklistRow(
            forloeb_id=r[0],
            version=r[1],
            cpr=r[2],
            forloebstype=r[3],
            behandlingsform=r[4],
            kraeftomraade=r[5],
            partner_name=r[6],
            udfoerende_shak=r[7],
            henvisning_modtaget=r[8],
            frist=r[9],
            frist_foreloebig=r[10],
            start=r[11],
            afbrudt=r[12],
            status=r[13],
            kategori=r[14],
            countdown=countdown(r[9], today) if r[13] == StatusFilter.AABEN.value else None,
        )
        for r in result
    ]
    return WorklistPage(rows=rows, total=count(session, query, today), query=query)


def count(session: Session, query: WorklistQuery, today: date) -> int:
    """How many pathways match the query's filters."""
    statement = select(func.count()).select_from(Pathway).where(*_filters(query, today))
    return int(session.scalar(statement) or 0)


@dataclass(frozen=True)
class Counts:
    open: int
    overdue: int


def counts(session: Session, today: date) -> Counts:
    """The status bar's figures: open pathways and those past their deadline."""
    open_query = WorklistQuery()
    return Counts(
        open=count(session, open_query, today),
        overdue=count(session, WorklistQuery(only_overdue=True), today),
    )
