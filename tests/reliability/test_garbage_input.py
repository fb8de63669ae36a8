"""R15: garbage input. A 1 MB paste, control characters, bidi marks and emoji pasted into every text
field of every form — the registration form, the first-start set-up, the partner editor, the abroad
count form, the worklist's search and period filter — then saved:

- no uncaught exception (pytest-qt's capture of exceptions in slots, checked to be empty);
- the field holds exactly what was pasted (Qt's own 32,767-character limit and any ``setMaxLength``
  would cut a paste silently);
- the value is stored exactly (in the field's documented normal form), or a short, clear message is
  shown next to the field and nothing is stored;
- the form's draft holds exactly what the form holds.

The national-file parsers get mutated real files as well: raw bytes flipped anywhere in the .xlsx
(compressed sheet XML included), the zip truncated, sheet XML damaged — for the validator and for
the importer's reader (``tests/app/submission/test_validator_fuzz.py`` rewrites a valid zip around
one damaged member; it never damages the archive itself).
"""

from __future__ import annotations

import io
import random
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.domain.cpr import normalize_cpr
from app.domain.shak import normalize_shak
from app.services import abroad as abroad_service
from app.services import drafts as draft_service
from app.services import partners as partner_service
from app.services import pathways as pathway_service
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.services.import_file import read_file
from app.store.migrate import open_store
from app.submission.findings import Finding
from app.submission.format import spec
from app.submission.validator import validate_file
from ui.abroad_count_form import AbroadCountDialog
from ui.app_state import AppState
from ui.main_window import MainWindow
from ui.partners_dialog import PartnerEditDialog
from ui.pathway_form import PathwayForm
from ui.setup_dialog import SetupDialog

TODAY = date(2024, 6, 15)
MEGABYTE = ("Henvist fra Region Sjælland, Æblegrød på ø. " * 25_000)[:1_000_000]
GARBAGE = {
    "control": "a\x00b\tc\nd\x1b[31m e\x7f \x1b]0;titel\x07\x1b[2J",
    "bidi-emoji": "\u202eabc\u202c \u2066fed\u2069 \u200f 😀👩\u200d⚕️🇩🇰 fin",
    "megabyte": MEGABYTE,
}
"""Control characters and a megabyte are refused by every field that is saved; bidi marks and emoji
are text, saved as typed where free text is allowed (:data:`SAVED`)."""
SAVED = {
    ("pathway", "alternativ_tilbud", "bidi-emoji"),
    ("pathway", "kommentar", "bidi-emoji"),
    ("pathway", "ekstern_reference", "bidi-emoji"),
    ("setup", "partner_name", "bidi-emoji"),
    ("partner", "name", "bidi-emoji"),
    ("abroad", "kommentar", "bidi-emoji"),
}
"""The cases that must be saved (all others must be refused with a message)."""
MESSAGE_MAX = 600
"""A clear message is short: it never repeats a pasted megabyte."""


@pytest.fixture(autouse=True)
def answered_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form closed with unsaved input asks; here it is always answered "Discard"."""
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Discard),
    )


def ready_state(path: Path, sqlite_template: Path) -> AppState:
    """A store with the installation set up and one partner, as the forms expect."""
    shutil.copy(sqlite_template, path)
    store = open_store(f"sqlite:///{path}")
    app_state = AppState(store=store, ctx=ServiceContext.default(FixedClock(TODAY), login="r15"))

    def setup(session: Any) -> None:
        settings_service.set_many(
            session, app_state.ctx, {"region": "1084", "own_shak": "1301", "initials": "AB"}
        )
        partner_service.add(session, "8001", "Privathospitalet Mølholm", app_state.ctx)

    app_state.write(setup)
    return app_state


@pytest.fixture
def state(tmp_path: Path, sqlite_template: Path) -> Iterator[AppState]:
    app_state = ready_state(tmp_path / "mvk.sqlite", sqlite_template)
    yield app_state
    app_state.store.dispose()


@pytest.fixture(scope="module")
def shared_state(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[AppState]:
    """One store for the registration form's cases (each checks its own saved pathway)."""
    app_state = ready_state(tmp_path_factory.mktemp("r15") / "mvk.sqlite", sqlite_template)
    yield app_state
    app_state.store.dispose()


def paste(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    """Replace the field's text by pasting from the clipboard, as a user does with Ctrl+V."""
    QGuiApplication.clipboard().setText(text)
    line.setFocus()
    line.selectAll()
    line.paste()
    assert line.text() == text, f"the field holds {len(line.text())} of {len(text)} characters"


def nfc(text: str) -> str | None:
    return unicodedata.normalize("NFC", text).strip() or None


def short_and_clear(message: str) -> None:
    assert message.strip(), "an empty message"
    assert len(message) <= MESSAGE_MAX, f"a message of {len(message)} characters"


# --- the registration form ------------------------------------------------------------------------

PATHWAY_TEXT_FIELDS = ("cpr", "alternativ_tilbud", "kommentar", "ekstern_reference")
PATHWAY_DATE_FIELDS = ("henvisning_modtaget", "samtykke", "tilbudt_start", "start", "afbrudt")


def filled_pathway_form(qtbot: QtBot, state: AppState, field: str) -> PathwayForm:
    """A form that would save: over the deadline, reason "KAPACITET_HENVIST", so every field is on."""
    form = PathwayForm(state)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    if field == "samtykke":  # samtykke is for a treatment only
        form.type_combo.setCurrentIndex(form.type_combo.findData("BEHANDLING"))
        form.form_combo.setCurrentIndex(form.form_combo.findData("KIRURGI"))
        form.dates["samtykke"].setText("02-05-2024")
    form.cpr_edit.setText("0101901234")
    form.dates["henvisning_modtaget"].setText("01-05-2024")
    form.dates["tilbudt_start"].setText("20-05-2024")
    form.dates["start"].setText("30-05-2024")
    form.aarsag_combo.setCurrentIndex(form.aarsag_combo.findData("KAPACITET_HENVIST"))
    assert form.alternativ_edit.isEnabled()
    form.alternativ_edit.setText("Region Sjælland")
    if field == "afbrudt":
        form.dates["start"].setText("")
    return form


def pathway_line(form: PathwayForm, field: str) -> QLineEdit:
    widget = form.dates[field] if field in PATHWAY_DATE_FIELDS else form.inputs[field]
    assert isinstance(widget, QLineEdit)
    return widget


@pytest.mark.parametrize("kind", GARBAGE)
@pytest.mark.parametrize("field", PATHWAY_TEXT_FIELDS + PATHWAY_DATE_FIELDS)
def test_registration_form(qtbot: QtBot, shared_state: AppState, field: str, kind: str) -> None:
    garbage, state = GARBAGE[kind], shared_state
    form = filled_pathway_form(qtbot, state, field)
    with qtbot.captureExceptions() as exceptions:
        paste(qtbot, pathway_line(form, field), garbage)
        typed = form.values()
        form.save_draft()
        (draft,) = state.read(lambda s: draft_service.pending(s, state.ctx))
        form.save_button.click()
    assert exceptions == []
    assert draft.values == typed  # the draft holds exactly what was typed
    assert bool(form.saved_ids) == (("pathway", field, kind) in SAVED), form.summary.text()
    if form.saved_ids:
        saved = state.read(lambda s: pathway_service.get(s, form.saved_ids[0]))
        expected = normalize_cpr(garbage) if field == "cpr" else nfc(garbage)
        assert getattr(saved, field) == expected
        return
    assert form.values() == typed  # nothing typed is lost
    label = form.errors[field]
    assert label.isVisible(), f"no message next to {field}: {form.summary.text()!r}"
    short_and_clear(label.text())
    assert label.text() in form.summary.text()
    assert state.read(lambda s: len(draft_service.pending(s, state.ctx))) == 1


def test_a_comment_over_500_characters_is_refused_not_cut(qtbot: QtBot, state: AppState) -> None:
    form = filled_pathway_form(qtbot, state, "kommentar")
    paste(qtbot, form.kommentar_edit, "x" * 501)
    assert not form.save()
    assert form.kommentar_edit.text() == "x" * 501
    assert "500" in form.errors["kommentar"].text()
    paste(qtbot, form.kommentar_edit, "x" * 500)
    assert form.save()
    saved = state.read(lambda s: pathway_service.get(s, form.saved_ids[0]))
    assert saved.kommentar == "x" * 500


def test_a_long_pasted_date_is_not_cut_into_a_valid_one(qtbot: QtBot, state: AppState) -> None:
    """A date field limited to 12 characters turned this paste into "15-05-2024  " and saved it."""
    form = filled_pathway_form(qtbot, state, "start")
    paste(qtbot, form.dates["start"], "15-05-2024  og så blev det alligevel 30-05-2024")
    assert not form.save()
    assert form.errors["start"].isVisible()


# --- the small forms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmallForm:
    make: Callable[[AppState], Any]
    fill: dict[str, str]
    """A value for each text field that saves."""
    stored: Callable[[AppState], dict[str, Any]]
    """What the store holds for each field."""
    normal: Callable[[str, str], Any]
    """The stored form of what was typed into a field (documented normalisation only)."""


def _added_partner(state: AppState) -> Any:
    partners = state.read(lambda s: partner_service.list_partners(s, include_inactive=True))
    added = [p for p in partners if p.shak != "8001"]
    return added[0] if added else None


def setup_dialog(state: AppState) -> SetupDialog:
    dialog = SetupDialog(state, mode="first")
    dialog.region_combo.setCurrentIndex(dialog.region_combo.findData("1084"))
    return dialog


def setup_stored(state: AppState) -> dict[str, Any]:
    partner = _added_partner(state)
    return {
        "own_shak": state.installation().own_shak,
        "initials": state.preferences().initials,
        "partner_shak": partner.shak if partner else None,
        "partner_name": partner.name if partner else None,
    }


def setup_normal(field: str, text: str) -> Any:
    if field in ("own_shak", "partner_shak"):
        return normalize_shak(text)
    if field == "initials":
        return unicodedata.normalize("NFKC", text).strip().upper()
    return nfc(text)


def partner_stored(state: AppState) -> dict[str, Any]:
    partner = _added_partner(state)
    return {"shak": partner.shak, "name": partner.name} if partner else {}


def abroad_dialog(state: AppState) -> AbroadCountDialog:
    dialog = AbroadCountDialog(state, 2024, "1084", "1301")
    dialog.kvartal_combo.setCurrentIndex(dialog.kvartal_combo.findData(2))
    return dialog


def abroad_stored(state: AppState) -> dict[str, Any]:
    rows = state.read(lambda s: abroad_service.list_year(s, "1084", 2024)).rows
    if not rows:
        return {}
    return {"land": rows[0].land, "antal": rows[0].antal, "kommentar": rows[0].kommentar}


def abroad_normal(field: str, text: str) -> Any:
    if field == "kommentar":
        return nfc(text)
    raise AssertionError(f"{field} saved from {text[:40]!r}")  # no country, no number


SMALL_FORMS = {
    "setup": SmallForm(
        setup_dialog,
        {"own_shak": "1301", "initials": "AB", "partner_shak": "8002", "partner_name": "Klinik"},
        setup_stored,
        setup_normal,
    ),
    "partner": SmallForm(
        lambda state: PartnerEditDialog(state),
        {"shak": "8002", "name": "Klinik"},
        partner_stored,
        lambda field, text: normalize_shak(text) if field == "shak" else nfc(text),
    ),
    "abroad": SmallForm(
        abroad_dialog,
        {"land": "Tyskland (DE)", "antal": "3", "kommentar": ""},
        abroad_stored,
        abroad_normal,
    ),
}
SMALL_CASES = [
    pytest.param(name, field, kind, id=f"{name}-{field}-{kind}")
    for name, form in SMALL_FORMS.items()
    for field in form.fill
    for kind in GARBAGE
]


def line_of(dialog: Any, field: str) -> QLineEdit:
    widget: QWidget = dialog.inputs[field]
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    assert isinstance(line, QLineEdit)
    return line


@pytest.mark.parametrize(("name", "field", "kind"), SMALL_CASES)
def test_small_forms(qtbot: QtBot, state: AppState, name: str, field: str, kind: str) -> None:
    garbage, form = GARBAGE[kind], SMALL_FORMS[name]
    dialog = form.make(state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for key, value in form.fill.items():
        line_of(dialog, key).setText(value)
    before = form.stored(state)
    with qtbot.captureExceptions() as exceptions:
        paste(qtbot, line_of(dialog, field), garbage)
        typed = dialog.current_values()
        dialog.save_button.click()
    assert exceptions == []
    accepted = dialog.result() == QDialog.DialogCode.Accepted
    assert accepted == ((name, field, kind) in SAVED), dialog.general_error.text()
    if accepted:
        assert form.stored(state)[field] == form.normal(field, garbage)
        return
    assert form.stored(state) == before  # nothing saved
    assert dialog.current_values() == typed  # nothing typed is lost
    label = dialog.error_labels[field]
    assert label.isVisible(), f"no message next to {field}: {dialog.general_error.text()!r}"
    short_and_clear(label.text())


@pytest.mark.parametrize(
    "number",
    ["²", "3²", "①", "9" * 5000, "1e3", "٣", "３", "-2", "0", "1 000", "1_000"],
)
def test_abroad_count_number(qtbot: QtBot, state: AppState, number: str) -> None:
    """Odd numbers: superscripts pass ``str.isdigit`` but not ``int``; 5,000 digits pass neither
    Python's integer limit; other scripts' digits and full-width digits are numbers."""
    dialog = abroad_dialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    line_of(dialog, "land").setText("Tyskland (DE)")
    with qtbot.captureExceptions() as exceptions:
        paste(qtbot, dialog.antal_edit, number)
        dialog.save_button.click()
    assert exceptions == []
    if dialog.result() == QDialog.DialogCode.Accepted:
        assert abroad_stored(state)["antal"] == int(unicodedata.normalize("NFKC", number))
        return
    assert abroad_stored(state) == {}
    assert dialog.antal_edit.text() == number
    assert dialog.error_labels["antal"].isVisible()
    short_and_clear(dialog.error_labels["antal"].text())


# --- the worklist's filters -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", GARBAGE)
def test_search_and_period_filter(qtbot: QtBot, state: AppState, kind: str) -> None:
    garbage = GARBAGE[kind]
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.captureExceptions() as exceptions:
        paste(qtbot, window.search_edit, garbage)
        window.search_edit.returnPressed.emit()
        searched = window.model.query.search
        paste(qtbot, window.period_edit, garbage)
        window.period_edit.editingFinished.emit()
    assert exceptions == []
    assert searched == garbage  # searched for exactly what was pasted
    assert window.model.rowCount() == 0
    assert window.filter_message.isVisible()
    short_and_clear(window.filter_message.text())


# --- the national-file parsers: mutated real files ------------------------------------------------

EXAMPLE = (
    Path(__file__).parents[1]
    / "app"
    / "submission"
    / "data"
    / "MVK_1084_2024K4_20250110T093000.xlsx"
)
SEED = 20241215
MUTATIONS = 40


def check_parsers(path: Path) -> list[Finding]:
    """The validator and the importer's reader: findings, never an exception."""
    findings = validate_file(path)
    for finding in findings:
        assert finding.rule in spec().rules or finding.rule == "I01", finding
        assert finding.message and "validator." not in finding.message
    content, import_findings = read_file(path, ServiceContext.default(FixedClock(date(2025, 2, 1))))
    assert content is not None or import_findings
    return findings


def rewritten(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_unmutated_file_passes(tmp_path: Path) -> None:
    path = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    assert check_parsers(path) == []


def test_raw_bytes_flipped_and_zip_truncated(tmp_path: Path) -> None:
    print(f"mutation seed {SEED}")
    rng = random.Random(SEED)
    original = EXAMPLE.read_bytes()
    path = tmp_path / EXAMPLE.name
    for _ in range(MUTATIONS):
        data = bytearray(original)
        for _flip in range(rng.randint(1, 8)):
            position = rng.randrange(len(data))
            data[position] ^= rng.randint(1, 255)
        path.write_bytes(bytes(data))
        check_parsers(path)
        path.write_bytes(original[: rng.randrange(len(original))])
        assert [f.rule for f in check_parsers(path)] == ["S01"]


BILLION_LAUGHS = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([name]), (b"&%s;" % bytes([name - 1])) * 10)
        for name in range(ord("b"), ord("j"))
    )
    + b"]>"
)
"""An entity that expands to 10^9 characters: a parser must refuse it, not try."""


def _some(rng: random.Random) -> int:
    return 1 + rng.randrange(4)


SHEET_DAMAGE: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncated": lambda xml, rng: xml[: rng.randrange(len(xml))],
    "nul byte": lambda xml, rng: xml.replace(b"<", b"\x00<", _some(rng)),
    "formula": lambda xml, rng: xml.replace(b"</c>", b"<f>1+1</f></c>", _some(rng)),
    "huge number": lambda xml, rng: xml.replace(b"</v>", b"9" * 5000 + b"</v>", _some(rng)),
    "bad reference": lambda xml, rng: xml.replace(b' r="', b' r="XFD1048577', _some(rng)),
    "far rows": lambda xml, rng: xml.replace(b"</row>", b'</row><row r="1048576"/>', 1),
    "control and bidi": lambda xml, rng: xml.replace(b"<t>", b"<t>&#1;\xe2\x80\xae", _some(rng)),
    "bad utf-8": lambda xml, rng: xml.replace(b"<t>", b"<t>\xff\xfe", _some(rng)),
    "billion laughs": lambda xml, rng: xml.replace(b"?>", b"?>" + BILLION_LAUGHS, 1).replace(
        b"<t>", b"<t>&j;", 1
    ),
}


@pytest.mark.parametrize("damage", SHEET_DAMAGE)
def test_sheet_xml_damaged_inside_a_valid_zip(tmp_path: Path, damage: str) -> None:
    rng = random.Random(f"{SEED} {damage}")
    with zipfile.ZipFile(EXAMPLE) as archive:
        members = [(item.filename, archive.read(item)) for item in archive.infolist()]
    targets = [
        index
        for index, (name, _data) in enumerate(members)
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"
    ]
    assert len(targets) >= 3  # the three sheets (and shared strings, if any)
    if damage == "far rows":  # a row at 1,048,576 takes each parser ~1 s to walk to: one sheet
        targets = targets[:1]
    path = tmp_path / EXAMPLE.name
    for index in targets:
        changed = list(members)
        name, xml = changed[index]
        changed[index] = (name, SHEET_DAMAGE[damage](xml, rng))
        assert changed[index] != members[index]
        path.write_bytes(rewritten(changed))
        check_parsers(path)
