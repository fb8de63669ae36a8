"""R2 in the form: when the disk is full, saving says so where the user looks and every typed value
stays in the form; once room is made, the same form saves.

The full disk is SQLite's ``max_page_count`` on every new connection (``ConnectionOptions``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.services import partners, pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store.engine import ConnectionOptions
from app.store.errors import StoreFull
from app.store.migrate import open_store
from app.store.models import Pathway
from ui.app_state import AppState
from ui.pathway_form import PathwayForm

CLOCK = FixedClock(date(2024, 6, 15))
KOMMENTAR = " ".join(["plads"] * 83)  # 497 characters, the same in the filler rows and the form


@pytest.fixture
def options() -> ConnectionOptions:
    return ConnectionOptions()


@pytest.fixture
def state(tmp_path: Path, sqlite_template: Path, options: ConnectionOptions) -> Iterator[AppState]:
    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    store = open_store(f"sqlite:///{path}", options=options)
    ready = AppState(store=store, ctx=ServiceContext.default(CLOCK, login="sekretaer"))

    def setup(session):  # type: ignore[no-untyped-def]
        settings_service.set_many(
            session, ready.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partners.add(session, "8001", "Privathospitalet Mølholm", ready.ctx)

    ready.write(setup)
    yield ready
    store.dispose()


def fill_the_disk(state: AppState, options: ConnectionOptions) -> int:
    """Cap the file at its size and save rows like the form's until one does not fit."""
    options.max_page_count = 1  # below the size: SQLite keeps the current size as the cap
    data = PathwayData(
        cpr="0707614285",
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="8001",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=date(2024, 6, 1),
        kommentar=KOMMENTAR,
    )
    for _ in range(500):
        try:
            state.write(lambda s: pathways.register(s, data, state.ctx))
        except StoreFull:
            return count(state)
    raise AssertionError("the cap never filled up")


def count(state: AppState) -> int:
    return int(state.read(lambda s: s.scalar(select(func.count()).select_from(Pathway))))


def test_full_disk_keeps_every_typed_value_and_saves_once_room_is_made(
    qtbot: QtBot, state: AppState, options: ConnectionOptions
) -> None:
    form = PathwayForm(state)
    qtbot.addWidget(form)
    form.cpr_edit.setText("0101901234")
    form.dates["henvisning_modtaget"].setText("01-06-2024")
    form.kommentar_edit.setText(KOMMENTAR)
    form.reference_edit.setText("REF-42")
    typed = form.values()
    rows = fill_the_disk(state, options)

    assert form.save() is False
    summary = form.summary.text()
    assert "Disken er fuld, så der kunne ikke gemmes" in summary
    assert "Frigør plads og gem igen; det indtastede er bevaret." in summary
    assert "Traceback" not in summary
    assert form.values() == typed  # nothing typed is lost
    assert form.saved_ids == []
    assert count(state) == rows  # nothing of the failed save is kept

    options.max_page_count = None  # room is made
    assert form.save() is True
    [saved] = form.saved_ids
    view = state.read(lambda s: pathways.get(s, saved))
    assert (view.cpr, view.kommentar, view.ekstern_reference) == ("0101901234", KOMMENTAR, "REF-42")
    assert count(state) == rows + 1
