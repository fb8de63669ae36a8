"""R14: errors without data loss. For each invalid field combination of the registration form a
save fails, and afterwards every typed value is still in the form (``form.values()`` before and after
are equal), the message is next to the field (its error label is shown, with the text) and in the
summary above the form, and nothing is stored. The small forms keep their values the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.services import abroad as abroad_service
from app.services import partners
from app.services import settings as settings_service
from app.store.models import Pathway
from ui.abroad_count_form import AbroadCountDialog
from ui.app_state import AppState
from ui.partners_dialog import PartnerEditDialog
from ui.pathway_form import PathwayForm
from ui.setup_dialog import SetupDialog

# the day of the tests (tests/ui/conftest.py): 15-06-2024; an udredning's deadline is 14 days


@pytest.fixture
def ready_state(app_state: AppState) -> AppState:
    def setup(session: Any) -> None:
        settings_service.set_many(
            session, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partners.add(session, "8001", "Privathospitalet Mølholm", app_state.ctx)
        partners.add(session, "8002", "Klinik Syd", app_state.ctx)

    app_state.write(setup)
    return app_state


@dataclass(frozen=True)
class Case:
    """Typed into the form on top of :data:`BASE`; the fields that must show a message, each with a
    part of its message."""

    typed: dict[str, str]
    wrong: dict[str, str]
    combos: dict[str, str] = field(default_factory=dict)


BASE = {
    "cpr": "010190-1234",
    "henvisning_modtaget": "01-05-2024",
    "kommentar": "Ringet til patienten",
    "ekstern_reference": "EPJ-4711",
}
BASE_COMBOS = {"partner": "8002", "forloebstype": "UDREDNING", "kraeftomraade": "LUNGE"}
OVER_DEADLINE = {"tilbudt_start": "20-05-2024", "start": "22-05-2024"}
TREATMENT = {"forloebstype": "BEHANDLING", "behandlingsform": "KIRURGI"}

CASES = {
    "cpr not a date": Case({"cpr": "3002901234"}, {"cpr": "ikke en gyldig dato"}),
    "cpr too short": Case({"cpr": "0101901"}, {"cpr": "skal have 10 tegn"}),
    "cpr letters": Case({"cpr": "0101A01234"}, {"cpr": "kun indeholde cifre"}),
    "cpr missing": Case({"cpr": ""}, {"cpr": "CPR-nummer mangler"}),
    "henvisning invalid": Case(
        {"henvisning_modtaget": "31-02-2024"}, {"henvisning_modtaget": "Ugyldig dato"}
    ),
    "henvisning missing": Case({"henvisning_modtaget": ""}, {"henvisning_modtaget": "mangler"}),
    "samtykke invalid": Case(
        {"samtykke": "32-05-2024"}, {"samtykke": "Ugyldig dato"}, combos=TREATMENT
    ),
    "tilbudt_start invalid": Case(
        {"tilbudt_start": "15-13-2024"}, {"tilbudt_start": "Ugyldig dato"}
    ),
    "start invalid": Case(
        {"tilbudt_start": "05-05-2024", "start": "femte maj"}, {"start": "Ugyldig dato"}
    ),
    "afbrudt invalid": Case({"afbrudt": "300224x"}, {"afbrudt": "Ugyldig dato"}),
    "end before referral": Case(
        {"henvisning_modtaget": "10-05-2024", "tilbudt_start": "05-05-2024", "start": "06-05-2024"},
        {"start": "før henvisningen", "tilbudt_start": "før henvisningen"},
    ),
    "interrupted before referral": Case({"afbrudt": "30-04-2024"}, {"afbrudt": "før henvisningen"}),
    "start and afbrudt": Case(
        {"tilbudt_start": "05-05-2024", "start": "06-05-2024", "afbrudt": "06-05-2024"},
        {"afbrudt": "enten startet eller afbrudt"},
    ),
    "start without offered date": Case({"start": "06-05-2024"}, {"tilbudt_start": "skal udfyldes"}),
    "over deadline without reason": Case(OVER_DEADLINE, {"aarsag": "angiv en årsag"}),
    "ANDET without comment": Case(
        {**OVER_DEADLINE, "kommentar": ""},
        {"kommentar": "Skriv en kommentar"},
        combos={"aarsag": "ANDET"},
    ),
    "KAPACITET_HENVIST without where": Case(
        OVER_DEADLINE,
        {"alternativ_tilbud": "Skriv hvor"},
        combos={"aarsag": "KAPACITET_HENVIST"},
    ),
    "referral in the future": Case(
        {"henvisning_modtaget": "16-06-2024"}, {"henvisning_modtaget": "efter dags dato"}
    ),
    "start in the future": Case(
        {"tilbudt_start": "10-06-2024", "start": "17-06-2024"}, {"start": "efter dags dato"}
    ),
    "treatment ended without consent": Case(
        {"tilbudt_start": "10-05-2024", "start": "12-05-2024"},
        {"samtykke": "Samtykkedatoen mangler"},
        combos=TREATMENT,
    ),
    "several at once": Case(
        {"cpr": "3002901234", "start": "06-05-2024", "kommentar": "linje\x07"},
        {
            "cpr": "ikke en gyldig dato",
            "tilbudt_start": "skal udfyldes",
            "kommentar": "kontroltegn",
        },
    ),
}


def combo_for(form: PathwayForm, name: str) -> Any:
    return {
        "partner": form.partner_combo,
        "forloebstype": form.type_combo,
        "behandlingsform": form.form_combo,
        "kraeftomraade": form.area_combo,
        "aarsag": form.aarsag_combo,
        "udfald": form.udfald_combo,
    }[name]


def pick(form: PathwayForm, name: str, code: str) -> None:
    combo = combo_for(form, name)
    if name == "partner":
        index = next(i for i in range(combo.count()) if code in combo.itemText(i))
    else:
        index = combo.findData(code)
    assert index >= 0, (name, code)
    combo.setCurrentIndex(index)
    assert combo.currentIndex() == index, f"{name} could not be set to {code}"


def fill(form: PathwayForm, case: Case) -> None:
    combos = {**BASE_COMBOS, **case.combos}
    for name in ("partner", "forloebstype", "behandlingsform", "kraeftomraade"):
        if name in combos:
            pick(form, name, combos[name])
    text = {**BASE, **case.typed}
    edits = {
        "cpr": form.cpr_edit,
        "kommentar": form.kommentar_edit,
        "ekstern_reference": form.reference_edit,
        **form.dates,
    }
    for name, value in text.items():
        edits[name].setText(value)
    if "aarsag" in combos:  # enabled once the dates say the deadline was passed
        pick(form, "aarsag", combos["aarsag"])
    if "alternativ_tilbud" in text:
        form.alternativ_edit.setText(text["alternativ_tilbud"])


def stored_pathways(state: AppState) -> int:
    return state.read(lambda s: s.scalar(select(func.count()).select_from(Pathway)))


def open_form(qtbot: QtBot, state: AppState) -> PathwayForm:
    form = PathwayForm(state)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


@pytest.mark.parametrize("name", CASES)
def test_failed_save_keeps_every_value_and_shows_messages(
    qtbot: QtBot, ready_state: AppState, name: str
) -> None:
    case = CASES[name]
    form = open_form(qtbot, ready_state)
    fill(form, case)
    typed = form.values()
    assert typed["cpr"] == case.typed.get("cpr", BASE["cpr"])  # the fill worked
    with qtbot.captureExceptions() as exceptions:
        form.save_button.click()
    assert exceptions == []
    assert form.saved_ids == [] and form.isVisible()
    assert form.values() == typed
    assert stored_pathways(ready_state) == 0
    summary = form.summary.text()
    assert form.summary.isVisible()
    for wrong, words in case.wrong.items():
        label = form.errors[wrong]
        assert label.isVisible(), f"no message next to {wrong}; summary: {summary!r}"
        assert words in label.text(), (wrong, label.text())
        assert label.text() in summary
    shown = {f for f, label in form.errors.items() if label.isVisible()}
    assert shown == set(case.wrong), f"messages next to {shown}, expected {set(case.wrong)}"


def test_the_checks_can_fail(qtbot: QtBot, ready_state: AppState) -> None:
    """The base values save: each case above fails for its own reason, not the base's."""
    form = open_form(qtbot, ready_state)
    fill(form, Case({}, {}))
    assert form.save()
    assert stored_pathways(ready_state) == 1


def test_correcting_the_field_then_saves_what_was_typed(
    qtbot: QtBot, ready_state: AppState
) -> None:
    form = open_form(qtbot, ready_state)
    fill(form, CASES["KAPACITET_HENVIST without where"])
    assert not form.save()
    form.alternativ_edit.setText("Region Sjælland")
    assert form.save()
    (saved,) = ready_state.read(lambda s: s.scalars(select(Pathway)).all())
    assert (saved.cpr, saved.kommentar, saved.ekstern_reference) == (
        "0101901234",
        "Ringet til patienten",
        "EPJ-4711",
    )
    assert (saved.aarsag, saved.alternativ_tilbud, saved.kraeftomraade) == (
        "KAPACITET_HENVIST",
        "Region Sjælland",
        "LUNGE",
    )


# --- the small forms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmallCase:
    make: Callable[[AppState], Any]
    typed: dict[str, str]
    wrong: dict[str, str]
    stored: Callable[[AppState], Any]


def abroad_rows(state: AppState) -> Any:
    return state.read(lambda s: abroad_service.list_year(s, "1084", 2024)).rows


def added_partners(state: AppState) -> Any:
    return [p for p in state.read(partners.list_partners) if p.shak not in ("8001", "8002")]


SMALL = {
    "partner shak": SmallCase(
        lambda state: PartnerEditDialog(state),
        {"shak": "80", "name": "Ny klinik"},
        {"shak": "SHAK-kode"},
        added_partners,
    ),
    "partner shak taken": SmallCase(
        lambda state: PartnerEditDialog(state),
        {"shak": "8001", "name": "Ny klinik"},
        {"shak": "Privathospitalet Mølholm"},
        added_partners,
    ),
    "partner name": SmallCase(
        lambda state: PartnerEditDialog(state),
        {"shak": "8003", "name": "   "},
        {"name": "navn skal udfyldes"},
        added_partners,
    ),
    "abroad count": SmallCase(
        lambda state: AbroadCountDialog(state, 2024, "1084", "1301"),
        {"land": "Tyskland (DE)", "antal": "0", "kommentar": "k" * 501},
        {"antal": "helt tal", "kommentar": "500"},
        abroad_rows,
    ),
    "abroad country unclear": SmallCase(
        lambda state: AbroadCountDialog(state, 2024, "1084", "1301"),
        {"land": "land", "antal": "2", "kommentar": "via Rigshospitalet"},
        {"land": "passer på flere lande"},
        abroad_rows,
    ),
    "setup": SmallCase(
        lambda state: SetupDialog(state, mode="settings"),
        {"own_shak": "13", "initials": "A1"},
        {"own_shak": "SHAK", "initials": "initialer"},
        lambda state: (state.installation().own_shak, state.preferences().initials),
    ),
}


@pytest.mark.parametrize("name", SMALL)
def test_small_forms_keep_values_after_a_failed_save(
    qtbot: QtBot, ready_state: AppState, name: str
) -> None:
    case = SMALL[name]
    dialog = case.make(ready_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = case.stored(ready_state)
    for key, value in case.typed.items():
        widget = dialog.inputs[key]
        line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
        line.setText(value)
    typed = dialog.current_values()
    with qtbot.captureExceptions() as exceptions:
        dialog.save_button.click()
    assert exceptions == []
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.current_values() == typed
    assert case.stored(ready_state) == before
    for key, words in case.wrong.items():
        label = dialog.error_labels[key]
        assert label.isVisible() and label.text(), f"no message next to {key}"
        assert words in label.text(), (key, label.text())
