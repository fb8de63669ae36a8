"""The planner's statistics on a large store: gathered after a demo or an import and at start when
the number of pathways changed a lot, so SQLite picks the index a question needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects import sqlite

from app.domain.periods import Period
from app.services import demo
from app.services.context import ServiceContext
from app.services.worklist import StatusFilter, WorklistQuery, _filters
from app.store.engine import Store, refresh_statistics
from app.store.migrate import open_store
from app.store.models import Pathway


def statistics_count(store: Store) -> int | None:
    with store.read() as session:
        stat = session.execute(
            text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'pathway' LIMIT 1")
        ).scalar()
    return int(str(stat).split()[0]) if stat else None


def plan(store: Store, statement: Any) -> str:
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with store.read() as session:
        return " | ".join(str(r[-1]) for r in session.execute(text("EXPLAIN QUERY PLAN " + sql)))


def test_demo_gathers_statistics_and_the_cpr_search_uses_its_index(
    store: Store, ctx: ServiceContext
) -> None:
    with store.write() as session:
        demo.generate(session, ctx, pathways=1500, seed=3)
    if not store.is_sqlite:
        with store.write() as session:
            assert refresh_statistics(session.connection()) is False  # autovacuum's work there
        return
    gathered = statistics_count(store)
    assert gathered is not None and 750 <= gathered <= 3000  # sampled: an estimate
    with store.write() as session:
        assert refresh_statistics(session.connection()) is False  # nothing changed since
        assert refresh_statistics(session.connection(), force=True) is True

    query = WorklistQuery(status=StatusFilter.ALLE, search="0101901234")
    counted = select(func.count()).select_from(Pathway).where(*_filters(query, date(2024, 6, 15)))
    assert "ix_pathway_cpr" in plan(store, counted)


def test_a_store_that_grew_gets_new_statistics_when_opened(
    store_url: str, ctx: ServiceContext
) -> None:
    store = open_store(store_url)
    try:
        with store.write() as session:
            demo.generate(session, ctx, pathways=1200, seed=5)
            session.execute(
                text("DELETE FROM sqlite_stat1") if store.is_sqlite else text("SELECT 1")
            )
        if store.is_sqlite:
            assert statistics_count(store) is None
    finally:
        store.dispose()

    reopened = open_store(store_url)
    try:
        if reopened.is_sqlite:
            gathered = statistics_count(reopened)
            assert gathered is not None and 600 <= gathered <= 2400  # sampled: an estimate
    finally:
        reopened.dispose()


def test_the_quarter_filter_walks_the_period_index_in_deadline_order(store: Store) -> None:
    if not store.is_sqlite:
        return
    query = WorklistQuery(status=StatusFilter.AFSLUTTET, periode=Period.parse("2024K2"))
    page = (
        select(Pathway.forloeb_id)
        .where(*_filters(query, date(2024, 6, 15)))
        .order_by(Pathway.frist, Pathway.forloeb_id)
        .limit(100)
    )
    found = plan(store, page)
    assert "ix_pathway_status_periode" in found
    assert "TEMP B-TREE FOR ORDER BY" not in found  # in deadline order from the index, no sort
