"""Never lose typed data: drafts in the store, offered back after a crash or a kill (R16)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services import drafts, partners
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store.migrate import open_store
from ui.app_state import AppState
from ui.main_window import MainWindow
from ui.pathway_form import PathwayForm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ready_state(app_state: AppState) -> AppState:
    def setup(session):  # type: ignore[no-untyped-def]
        settings_service.set_many(
            session, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partners.add(session, "8001", "Privathospitalet Mølholm", app_state.ctx)

    app_state.write(setup)
    return app_state


def test_typing_keeps_a_draft_and_saving_removes_it(qtbot: QtBot, ready_state: AppState) -> None:
    form = PathwayForm(ready_state)
    qtbot.addWidget(form)
    form.cpr_edit.setText("010190-1234")
    form.dates["henvisning_modtaget"].setText("010624")
    form.save_draft()
    kept = ready_state.read(lambda s: drafts.pending(s, ready_state.ctx))
    assert len(kept) == 1
    assert kept[0].values["cpr"] == "010190-1234"
    assert kept[0].values["henvisning_modtaget"] == "010624"
    assert set(kept[0].values) == set(form.values())
    assert form.save()
    assert ready_state.read(lambda s: drafts.pending(s, ready_state.ctx)) == []


def test_draft_timer_saves_without_an_explicit_call(qtbot: QtBot, ready_state: AppState) -> None:
    form = PathwayForm(ready_state)
    qtbot.addWidget(form)
    form.kommentar_edit.setText("ring tilbage")
    qtbot.waitUntil(
        lambda: bool(ready_state.read(lambda s: drafts.pending(s, ready_state.ctx))), timeout=5000
    )


def test_discarding_the_form_removes_the_draft(
    qtbot: QtBot, ready_state: AppState, answered_questions: list[str]
) -> None:
    form = PathwayForm(ready_state)
    qtbot.addWidget(form)
    form.cpr_edit.setText("0101901234")
    form.save_draft()
    form.reject()
    assert answered_questions and "ikke er gemt" in answered_questions[-1]
    assert ready_state.read(lambda s: drafts.pending(s, ready_state.ctx)) == []


def test_draft_is_offered_back_and_restored(
    qtbot: QtBot, ready_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = {
        "cpr": "0202902345",
        "henvisning_modtaget": "05-06-2024",
        "kommentar": "æøå",
        "forloebstype": "BEHANDLING",
        "behandlingsform": "STRAALE",
        "kraeftomraade": "LUNGE",
    }
    ready_state.write(lambda s: drafts.save(s, ready_state.ctx, "pathway", values))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    window = MainWindow(ready_state)
    qtbot.addWidget(window)
    window.offer_drafts()
    form = window.current_form
    assert form.cpr_edit.text() == "0202902345"
    assert form.dates["henvisning_modtaget"].text() == "05-06-2024"
    assert form.kommentar_edit.text() == "æøå"
    assert (form.type_combo.currentData(), form.form_combo.currentData()) == (
        "BEHANDLING",
        "STRAALE",
    )
    assert form.area_combo.currentData() == "LUNGE"


def test_kill_with_unsaved_form_then_draft_offered_at_restart(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """R16: a real process with the form open and typed into is killed with SIGKILL."""
    import shutil

    path = tmp_path / "mvk.sqlite"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    child = textwrap.dedent(
        f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from datetime import date
        from PySide6.QtWidgets import QApplication
        from app.clock import FixedClock
        from app.services.context import ServiceContext
        from app.store.migrate import open_store
        from ui.app_state import AppState
        from ui.pathway_form import PathwayForm
        app = QApplication([])
        state = AppState(open_store({url!r}), ServiceContext.default(FixedClock(date(2024, 6, 15)), "sekretaer"))
        form = PathwayForm(state)
        form.show()
        form.cpr_edit.setText("0303903456")
        form.kommentar_edit.setText("tastet lige før nedbruddet")
        form._draft_timer.timeout.connect(lambda: print("draft", flush=True))
        app.exec()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "draft"
    process.send_signal(signal.SIGKILL)
    process.wait()
    store = open_store(url)
    try:
        ctx = ServiceContext.default(FixedClock(date(2024, 6, 15)), "sekretaer")
        with store.read() as session:
            kept = drafts.pending(session, ctx)
        assert len(kept) == 1
        assert kept[0].values["cpr"] == "0303903456"
        assert kept[0].values["kommentar"] == "tastet lige før nedbruddet"
    finally:
        store.dispose()


def test_closing_the_window_with_an_unsaved_form_asks(
    qtbot: QtBot, ready_state: AppState, answered_questions: list[str]
) -> None:
    window = MainWindow(ready_state)
    qtbot.addWidget(window)
    window.show()
    window.new_pathway()
    window.current_form.cpr_edit.setText("0101901234")
    window.close()
    assert any("ikke er gemt" in q for q in answered_questions)


def test_drafts_are_per_login(ready_state: AppState) -> None:
    other = ServiceContext.default(FixedClock(date(2024, 6, 15)), login="kollega")
    ready_state.write(lambda s: drafts.save(s, other, "pathway", {"cpr": "0101901234"}))
    assert ready_state.read(lambda s: drafts.pending(s, ready_state.ctx)) == []
