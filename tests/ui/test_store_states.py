"""Every state of the store a user meets at start shows a message that says what to do."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.services import partners, pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.services.worklist import StatusFilter, WorklistQuery
from app.store import engine as store_engine
from app.store.errors import StoreBusy, StoreReadOnly
from app.store.migrate import current_revision, open_store
from ui import store_states
from ui.app_state import AppState
from ui.pathway_form import PathwayForm
from ui.store_states import (
    EmptyState,
    OverdueStatus,
    StateBanners,
    StoreOverview,
    StoreProblemDialog,
    open_store_or_explain,
    store_overview,
    wants_readonly,
)

TODAY = date(2024, 6, 15)
CLOCK = FixedClock(TODAY)


class Shown:
    """Stands in for the modal dialog: records what it says and presses the chosen buttons."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.dialogs: list[dict[str, object]] = []

    def exec(self, dialog: StoreProblemDialog) -> int:
        self.dialogs.append(
            {
                "title": dialog.windowTitle(),
                "text": dialog.text(),
                "info": dialog.informative_text(),
                "retry": dialog.retry_button is not None,
                "quit": dialog.quit_button.text(),
            }
        )
        answer = self.answers.pop(0) if self.answers else "quit"
        button = dialog.retry_button if answer == "retry" else dialog.quit_button
        assert button is not None
        button.click()
        return 0


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Shown]:
    def make(*answers: str) -> Shown:
        recorder = Shown(list(answers))
        monkeypatch.setattr(StoreProblemDialog, "exec", lambda dialog: recorder.exec(dialog))
        return recorder

    return make


@pytest.fixture
def store_file(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    return path


def register(state: AppState, cpr: str, henvisning: date) -> str:
    data = PathwayData(
        cpr=cpr,
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="8001",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=henvisning,
    )
    return state.write(lambda s: pathways.register(s, data, state.ctx)).forloeb_id


def make_ready(state: AppState) -> None:
    def setup(session):  # type: ignore[no-untyped-def]
        settings_service.set_many(
            session, state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partners.add(session, "8001", "Privathospitalet Mølholm", state.ctx)

    state.write(setup)


def revision_of(path: Path) -> str | None:
    store = open_store(f"sqlite:///{path}", readonly=True)
    try:
        return current_revision(store.engine)
    finally:
        store.dispose()


# --- stores that cannot be opened ----------------------------------------------------------------
def test_newer_store_version_is_refused_with_update_advice(
    qtbot: QtBot, store_file: Path, shown: Callable[..., Shown]
) -> None:
    with sqlite3.connect(store_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    before = store_file.read_bytes()
    recorder = shown()
    assert open_store_or_explain(f"sqlite:///{store_file}", CLOCK) is None
    [dialog] = recorder.dialogs
    assert dialog["text"] == "Lageret er fra en nyere version af MVK"
    assert "lavet af en nyere version af MVK (skema ffffffffffff)" in str(dialog["info"])
    assert "Opdatér programmet; lageret er ikke ændret." in str(dialog["info"])
    assert "installere den nyeste version" in str(dialog["info"])
    assert dialog["retry"] is False
    assert dialog["quit"] == "&Afslut"
    assert store_file.read_bytes() == before


def test_foreign_file_is_refused_and_left_unchanged(
    qtbot: QtBot, tmp_path: Path, shown: Callable[..., Shown]
) -> None:
    path = tmp_path / "noter.txt"
    path.write_text("Indkøbsliste\nmælk\n" * 100, encoding="utf-8")
    before = path.read_bytes()
    recorder = shown()
    assert open_store_or_explain(f"sqlite:///{path}", CLOCK) is None
    [dialog] = recorder.dialogs
    assert dialog["text"] == "Filen er ikke et MVK-lager"
    assert f"Filen «{path}» er ikke et MVK-lager. Vælg en anden fil" in str(dialog["info"])
    assert "MVK_DB_URL" in str(dialog["info"])
    assert dialog["retry"] is False
    assert path.read_bytes() == before


def test_unreachable_server_offers_retry(qtbot: QtBot, shown: Callable[..., Shown]) -> None:
    recorder = shown("retry", "quit")
    url = "postgresql+psycopg://x@127.0.0.1:1/x"
    assert open_store_or_explain(url, CLOCK) is None
    assert len(recorder.dialogs) == 2  # tried again after "Prøv igen"
    dialog = recorder.dialogs[0]
    assert dialog["title"] == "MVK — lageret kan ikke åbnes"
    assert dialog["text"] == "Lageret kan ikke nås"
    assert "Lageret «postgresql+psycopg://x@127.0.0.1:1/x» kan ikke åbnes" in str(dialog["info"])
    assert "Kontrollér netværksforbindelsen" in str(dialog["info"])
    assert dialog["retry"] is True


def test_retry_succeeds_once_the_problem_is_gone(
    qtbot: QtBot, store_file: Path, shown: Callable[..., Shown], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []

    def flaky_open(url: str, *, readonly: bool = False, clock: object = None) -> object:
        calls.append(readonly)
        if len(calls) == 1:
            raise StoreBusy()
        return open_store(url, readonly=readonly)

    monkeypatch.setattr(store_states, "open_store", flaky_open)
    recorder = shown("retry")
    store = open_store_or_explain(f"sqlite:///{store_file}", CLOCK)
    assert store is not None
    store.dispose()
    assert calls == [False, False]
    assert recorder.dialogs[0]["text"] == "Lageret er optaget"
    assert "Prøv igen om et øjeblik; intet er gået tabt." in str(recorder.dialogs[0]["info"])


# --- read-only -----------------------------------------------------------------------------------
def test_read_only_url_opens_read_only_with_a_notice_and_saving_explains(
    qtbot: QtBot, store_file: Path, shown: Callable[..., Shown]
) -> None:
    writable = AppState(
        store=open_store(f"sqlite:///{store_file}"), ctx=ServiceContext.default(CLOCK)
    )
    make_ready(writable)
    writable.store.dispose()
    revision = revision_of(store_file)

    recorder = shown()
    url, readonly = wants_readonly(f"sqlite:///{store_file}?mode=ro")
    assert (url, readonly) == (f"sqlite:///{store_file}", True)
    store = open_store_or_explain(f"sqlite:///{store_file}?mode=ro", CLOCK)
    assert store is not None and store.readonly
    assert recorder.dialogs == []
    state = AppState(store=store, ctx=ServiceContext.default(CLOCK, login="sekretaer"))
    try:
        banners = StateBanners()
        qtbot.addWidget(banners)
        banners.show_overview(store_overview(state))
        assert banners.readonly_bar.message().startswith(
            "Lageret kan kun læses: du kan se og søge i forløbene, men ikke gemme ændringer."
        )
        assert banners.partners_bar.message() == ""  # no advice to add what cannot be saved

        with pytest.raises(StoreReadOnly) as raised:
            state.write(lambda s: s.execute(text("SELECT 1")))
        assert "kan kun læses" in raised.value.message()

        form = PathwayForm(state)
        qtbot.addWidget(form)
        form.cpr_edit.setText("0101901234")
        form.dates["henvisning_modtaget"].setText("010624")
        assert form.save() is False
        assert "kan kun læses. Ændringer kan ikke gemmes" in form.summary.text()
        assert form.cpr_edit.text() == "0101901234"  # nothing typed is lost
    finally:
        store.dispose()
    assert revision_of(store_file) == revision  # a read-only store is never migrated or changed


def test_store_that_refuses_writing_is_opened_read_only(
    qtbot: QtBot, store_file: Path, shown: Callable[..., Shown], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_writing(url: str, *, readonly: bool = False, clock: object = None) -> object:
        if not readonly:
            raise StoreReadOnly(str(store_file))
        return open_store(url, readonly=True)

    monkeypatch.setattr(store_states, "open_store", no_writing)
    recorder = shown()
    store = open_store_or_explain(f"sqlite:///{store_file}", CLOCK)
    assert store is not None and store.readonly
    store.dispose()
    assert recorder.dialogs == []


# --- locked by another user ----------------------------------------------------------------------
@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait 50 ms for a lock instead of 10 s (the engine reads these when it connects)."""
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setitem(store_engine.SQLITE_PRAGMAS, "busy_timeout", 50)


@pytest.fixture
def locked_state(store_file: Path, short_busy_timeout: None) -> Iterator[AppState]:
    store = open_store(f"sqlite:///{store_file}")
    state = AppState(store=store, ctx=ServiceContext.default(CLOCK, login="sekretaer"))
    make_ready(state)
    yield state
    store.dispose()


def test_store_locked_by_another_user_says_try_again_and_loses_nothing(
    qtbot: QtBot, locked_state: AppState, store_file: Path
) -> None:
    form = PathwayForm(locked_state)
    qtbot.addWidget(form)
    form.cpr_edit.setText("0101901234")
    form.dates["henvisning_modtaget"].setText("010624")

    other = sqlite3.connect(store_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another user's write transaction holds the lock
    try:
        with pytest.raises(StoreBusy) as raised:
            locked_state.write(lambda s: s.execute(text("SELECT 1")))
        assert "Prøv igen om et øjeblik; intet er gået tabt." in raised.value.message()
        assert form.save() is False
        assert "optaget af en anden bruger lige nu. Prøv igen" in form.summary.text()
        assert "Traceback" not in form.summary.text()
        assert form.cpr_edit.text() == "0101901234"
        assert form.dates["henvisning_modtaget"].text() in ("010624", "01-06-2024")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert form.save() is True  # the retry succeeds
    [saved] = form.saved_ids
    view = locked_state.read(lambda s: pathways.get(s, saved))
    assert view.data.cpr == "0101901234"


# --- what the worklist shows ---------------------------------------------------------------------
def overview(**figures: object) -> StoreOverview:
    values: dict[str, object] = {
        "pathways": 0,
        "open": 0,
        "overdue": 0,
        "partners": 0,
        "active_partners": 0,
        "readonly": False,
    }
    values.update(figures)
    return StoreOverview(**values)  # type: ignore[arg-type]


@pytest.fixture
def table(qtbot: QtBot) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_empty_store_shows_how_to_register_the_first(
    qtbot: QtBot, app_state: AppState, table: QTableView
) -> None:
    empty = EmptyState(table)
    state_overview = store_overview(app_state)
    assert state_overview.pathways == 0
    empty.show_for(state_overview, 0, WorklistQuery())
    assert empty.isVisible()
    assert empty.text() == "Ingen forløb endnu — tryk Ctrl+N for at registrere det første."
    assert table.viewport().rect().contains(empty.geometry())
    empty.show_for(overview(pathways=1, open=1), 1, WorklistQuery())
    assert not empty.isVisible()


def test_nothing_overdue_is_said_calmly(
    qtbot: QtBot, app_state: AppState, table: QTableView
) -> None:
    make_ready(app_state)
    register(app_state, "0101901234", TODAY - timedelta(days=2))
    figures = store_overview(app_state)
    assert (figures.pathways, figures.open, figures.overdue) == (1, 1, 0)
    empty = EmptyState(table)
    empty.show_for(figures, 0, WorklistQuery(only_overdue=True))
    assert empty.text().startswith("✓ Ingen overskredne frister")
    status = OverdueStatus()
    qtbot.addWidget(status)
    status.show_overview(figures)
    assert status.text() == "✓ Ingen overskredne frister"
    status.show_overview(overview(pathways=3, open=3, overdue=2))
    assert status.text() == "✖ 2 overskredne frister (Ctrl+Shift+O viser dem)"
    status.show_overview(overview(pathways=3, open=0))
    assert status.isHidden()


def test_empty_worklist_says_why(qtbot: QtBot, table: QTableView) -> None:
    empty = EmptyState(table)
    some = overview(pathways=4, open=0)
    assert empty.message_for(some, 0, WorklistQuery()).startswith("Ingen åbne forløb")
    assert empty.message_for(some, 0, WorklistQuery(search="0101")).startswith(
        "Intet forløb passer til søgningen"
    )
    assert empty.message_for(some, 0, WorklistQuery(status=StatusFilter.AFBRUDT)) == (
        "Ingen forløb passer til de valgte filtre."
    )
    assert empty.message_for(overview(readonly=True), 0, WorklistQuery()) == (
        "Der er ingen forløb i lageret."
    )


def test_no_partner_hospitals_points_to_the_partner_dialog(
    qtbot: QtBot, app_state: AppState
) -> None:
    opened: list[bool] = []
    banners = StateBanners(on_partners=lambda: opened.append(True))
    qtbot.addWidget(banners)
    banners.show()
    banners.show_overview(store_overview(app_state))
    message = banners.partners_bar.message()
    assert "ingen partnersygehuse endnu" in message
    assert "Filer → Partnersygehuse (Ctrl+Shift+P)" in message
    assert banners.readonly_bar.message() == ""
    assert banners.partners_bar.button is not None
    banners.partners_bar.button.click()
    assert opened == [True]

    make_ready(app_state)
    banners.show_overview(store_overview(app_state))
    assert banners.partners_bar.message() == ""
    assert banners.isHidden()

    banners.show_overview(overview(partners=2, active_partners=0))
    assert banners.partners_bar.message().startswith("Ingen partnersygehuse er aktive.")


# --- the start of the program --------------------------------------------------------------------
def test_program_start_explains_a_foreign_file_and_exits(
    qtbot: QtBot, tmp_path: Path, shown: Callable[..., Shown], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from app import cli
    from app.logging_setup import LOG_DIR_ENV, shutdown_logging
    from ui.application import run_gui
    from ui.crash import crash_handler

    path = tmp_path / "regneark.txt"
    path.write_text("ikke et lager\n" * 50, encoding="utf-8")
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    previous_hook = sys.excepthook
    recorder = shown()
    args = cli.build_parser().parse_args(["--db", f"sqlite:///{path}"])
    try:
        assert run_gui(args) == 1
        handler = crash_handler()
        assert handler is not None and sys.excepthook == handler.excepthook
        assert handler.log_path == (tmp_path / "logs" / "mvk.log").absolute()
    finally:
        handler = crash_handler()
        if handler is not None:
            handler.uninstall()
        shutdown_logging()
    assert sys.excepthook == previous_hook
    [dialog] = recorder.dialogs
    assert dialog["text"] == "Filen er ikke et MVK-lager"
