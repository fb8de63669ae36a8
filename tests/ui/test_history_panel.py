"""The selected pathway's history, and corrections of a delivered pathway that need a reason."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.services import partners, pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store import audit
from app.store.audit import Actor
from app.store.models import Delivery
from ui.app_state import AppState
from ui.history_panel import HistoryPanel
from ui.pathway_form import PathwayForm

TODAY = date(2024, 6, 15)


@pytest.fixture
def ready_state(app_state: AppState) -> AppState:
    def setup(session):  # type: ignore[no-untyped-def]
        settings_service.set_many(
            session, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partners.add(session, "8001", "Privathospitalet Mølholm", app_state.ctx)

    app_state.write(setup)
    return app_state


def at(hour: int, login: str) -> ServiceContext:
    return ServiceContext(Actor(login), FixedClock(TODAY, time(hour, 0)))


def register(state: AppState, ctx: ServiceContext, **changes: object) -> str:
    def work(session):  # type: ignore[no-untyped-def]
        partner = partners.list_partners(session)[0]
        data = PathwayData(
            cpr="0101901234",
            region="1084",
            indberettende_shak="1301",
            udfoerende_shak=partner.shak,
            udfoerende_type="PRIVAT",
            forloebstype="UDREDNING",
            kraeftomraade="BRYST",
            henvisning_modtaget=date(2024, 6, 1),
        ).replace(**changes)
        return pathways.register(session, data, ctx, partner_id=partner.id).forloeb_id

    return str(state.write(work))


def deliver(state: AppState, periode: str, hour: int) -> None:
    dannet = at(hour, "x").timestamp()
    state.write(
        lambda s: s.add(
            Delivery(
                region="1084",
                periode=periode,
                leverance=1,
                indberetter_shak="1301",
                dannet=dannet,
                dannet_af="AB",
                file_name=f"MVK_1084_{periode}.xlsx",
                sha256="0" * 64,
                kontrolsum="0" * 64,
                antal_forloeb=1,
                antal_udland=0,
            )
        )
    )


def open_panel(qtbot: QtBot, state: AppState) -> HistoryPanel:
    panel = HistoryPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_register_correct_close_are_listed_newest_first(
    qtbot: QtBot, ready_state: AppState
) -> None:
    forloeb_id = register(ready_state, at(8, "anna"))
    ready_state.write(
        lambda s: pathways.correct(s, forloeb_id, {"kommentar": "Ringet op"}, at(9, "bo"))
    )
    ready_state.write(
        lambda s: pathways.close(
            s,
            forloeb_id,
            at(10, "bo"),
            tilbudt_start=date(2024, 6, 10),
            start=date(2024, 6, 12),
        )
    )
    panel = open_panel(qtbot, ready_state)
    assert "Vælg et forløb" in panel.text()

    panel.show_pathway(forloeb_id)
    text = panel.text()
    lines = text.splitlines()
    heads = [line for line in lines if line.startswith("15-06-2024")]
    assert heads == [
        "15-06-2024 10:00 · bo · Afsluttet",
        "15-06-2024 09:00 · bo · Rettet",
        "15-06-2024 08:00 · anna · Oprettet",
    ]
    assert "Kommentar: (tom) → Ringet op" in lines
    assert "Tilbudt start: (tom) → 10-06-2024" in lines
    assert "Start: (tom) → 12-06-2024" in lines
    assert "Status: Åben → Afsluttet" in lines
    assert "Forløbstype: Udredning" in text
    assert "Henvisning modtaget: 01-06-2024" in text
    assert "Partnersygehus: Privathospitalet Mølholm (8001)" in text
    assert "Begrundelse" not in text
    assert not panel.marker.isVisible()
    assert not panel.changed_since_delivery

    panel.show_pathway(None)
    assert panel.entries == []
    assert "Vælg et forløb" in panel.text()


def test_correcting_a_delivered_pathway_needs_a_reason(
    qtbot: QtBot, ready_state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    forloeb_id = register(
        ready_state, at(8, "anna"), tilbudt_start=date(2024, 6, 10), start=date(2024, 6, 12)
    )
    deliver(ready_state, "2024K2", hour=10)
    panel = open_panel(qtbot, ready_state)
    panel.show_pathway(forloeb_id)
    assert not panel.marker.isVisible()

    asked: list[str] = []

    def no_reason(parent, title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(no_reason))
    view = ready_state.read(lambda s: pathways.get(s, forloeb_id))
    form = PathwayForm(ready_state, pathway=view)
    qtbot.addWidget(form)
    form.show()
    form.kommentar_edit.setText("Startdato rettet")
    form.dates["start"].setText("110624")
    assert not form.save()
    message = "Perioden 2024K2 er allerede indberettet; skriv en begrundelse for ændringen."
    assert asked == [message]
    assert message in form.summary.text()
    assert form.summary.isVisible()
    assert form.isVisible()
    assert form.dates["start"].text() == "11-06-2024"  # nothing typed is lost
    stored = ready_state.read(lambda s: pathways.get(s, forloeb_id))
    assert (stored.start, stored.kommentar, stored.version) == (date(2024, 6, 12), None, 1)
    entries = ready_state.read(lambda s: audit.history(s, "pathway", forloeb_id))
    assert len(entries) == 1

    def reason(parent, title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        return "Rettet efter journal", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(reason))
    with qtbot.waitSignal(form.pathway_saved, timeout=2000):
        assert form.save()
    stored = ready_state.read(lambda s: pathways.get(s, forloeb_id))
    assert (stored.start, stored.kommentar) == (date(2024, 6, 11), "Startdato rettet")

    panel.show_pathway(forloeb_id)
    lines = panel.text().splitlines()
    assert "15-06-2024 12:00 · sekretaer · Rettet (efter indberetning af 2024K2)" in lines
    assert "Start: 12-06-2024 → 11-06-2024" in lines
    assert "Kommentar: (tom) → Startdato rettet" in lines
    assert "Begrundelse: Rettet efter journal" in lines
    assert panel.changed_since_delivery
    assert panel.marker.isVisible()
    assert panel.marker.text().startswith(
        "⚠ Ændret efter indberetning: 2024K2 blev indberettet 15-06-2024 10:00, "
        "og forløbet er ændret 15-06-2024 12:00."
    )


def test_refresh_reads_the_shown_pathway_again(qtbot: QtBot, ready_state: AppState) -> None:
    forloeb_id = register(ready_state, at(8, "anna"))
    panel = open_panel(qtbot, ready_state)
    panel.show_pathway(forloeb_id)
    assert len(panel.entries) == 1
    ready_state.write(lambda s: pathways.delete(s, forloeb_id, at(9, "bo"), reason="Dublet"))
    panel.refresh()
    assert [e.action for e in panel.entries] == ["create", "delete"]
    assert panel.text().splitlines()[:2] == [
        "15-06-2024 09:00 · bo · Slettet",
        "Begrundelse: Dublet",
    ]
