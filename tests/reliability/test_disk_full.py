"""R2: the disk fills up during a save.

A full disk is made with SQLite's ``max_page_count`` (``ConnectionOptions.max_page_count``, applied to
every new connection): the file cannot grow, exactly as when the disk has no free block. The save
that needs more room fails with the store's "disk full" message; nothing of it is kept and the rows
saved earlier are unchanged; once room is made (the cap lifted) the same save succeeds. The form's
part (the typed values stay) is tests/ui/test_disk_full_form.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from store_kit import facts, pathway_data

from app.clock import FixedClock
from app.services import pathways
from app.services.context import ServiceContext
from app.store.engine import ConnectionOptions, Store
from app.store.errors import StoreFull
from app.store.migrate import open_store

CTX = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="tester")
KOMMENTAR = " ".join(["fyld"] * 99)  # 494 characters: near the longest kommentar allowed


def page_count(store: Store) -> int:
    with store.read() as session:
        return int(session.execute(text("PRAGMA page_count")).scalar_one())


def fill_until_full(store: Store, limit: int = 500) -> StoreFull:
    """Save pathways until the capped file has no room; the error of the save that did not fit."""
    for i in range(limit):
        try:
            with store.write() as session:
                pathways.register(session, pathway_data(f"{i:04d} {KOMMENTAR}"), CTX)
        except StoreFull as full:
            return full
    raise AssertionError(f"{limit} saves fitted under the cap; it does not work")


def test_full_disk_is_a_clear_message_keeps_earlier_rows_and_the_save_succeeds_later(
    tmp_path: Path,
) -> None:
    options = ConnectionOptions()
    store = open_store(f"sqlite:///{tmp_path / 'mvk.sqlite'}", options=options)
    try:
        for i in range(5):
            with store.write() as session:
                pathways.register(session, pathway_data(f"tidligere {i}"), CTX)
        options.max_page_count = page_count(store) + 2  # the disk is nearly full

        full = fill_until_full(store)
        earlier = facts(store)
        assert earlier.integrity == ["ok"]
        assert "Disken er fuld" in full.message("da")
        assert "det indtastede er bevaret" in full.message("da")
        assert "disk is full" in full.message("en")

        # still full: the same save fails again, and changes nothing
        with pytest.raises(StoreFull), store.write() as session:
            pathways.register(session, pathway_data(f"igen {KOMMENTAR}"), CTX)
        after_failures = facts(store)
        assert after_failures == earlier
        assert sum(k.startswith("tidligere") for k in after_failures.kommentar.values()) == 5

        options.max_page_count = None  # room is made
        with store.write() as session:
            saved = pathways.register(session, pathway_data(f"igen {KOMMENTAR}"), CTX)
        final = facts(store)
        final.assert_whole()
        assert final.kommentar[saved.forloeb_id] == f"igen {KOMMENTAR}"
        assert {k: v for k, v in final.kommentar.items() if k != saved.forloeb_id} == (
            earlier.kommentar
        )
        assert final.audit_hashes[: len(earlier.audit_hashes)] == earlier.audit_hashes
    finally:
        store.dispose()


def test_connection_options_cap_is_read_at_every_new_connection(tmp_path: Path) -> None:
    options = ConnectionOptions(max_page_count=123_456)
    store = open_store(f"sqlite:///{tmp_path / 'mvk.sqlite'}", options=options)
    try:
        with store.read() as session:
            assert session.execute(text("PRAGMA max_page_count")).scalar_one() == 123_456
        options.max_page_count = 654_321
        with store.read() as session:
            assert session.execute(text("PRAGMA max_page_count")).scalar_one() == 654_321
    finally:
        store.dispose()
