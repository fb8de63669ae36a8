"""Language: Danish by default (Qt's own dialogs too), English when chosen; the translation is
complete, keeps every placeholder and gives each screen unique Alt-letters."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import __version__
from app.domain.pathway import PathwayData
from app.services import pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from ui.app_state import AppState
from ui.i18n import install_translators

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "mvk_en.ts"
TODAY = date(2024, 6, 15)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MNEMONIC = re.compile(r"&([^&\s])")


def qt_tool(name: str) -> str:
    """A PySide6 tool of this environment (next to its python), else from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found; install the project with `make install`")
    return found


@pytest.fixture(scope="session")
def qm_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``mvk_en.qm`` built from the .ts as it is now (so `pytest` alone needs no `make`)."""
    folder = tmp_path_factory.mktemp("i18n")
    subprocess.run(
        [qt_tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(folder / "mvk_en.qm")],
        check=True,
    )
    return folder


@pytest.fixture
def english(qapp: QApplication, qm_folder: Path) -> Iterator[list[str]]:
    loaded = install_translators(qapp, "en", qm_folder)
    yield loaded


@pytest.fixture
def danish(qapp: QApplication, qm_folder: Path) -> list[str]:
    return install_translators(qapp, None, qm_folder)


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


def main_window(qtbot: QtBot, state: AppState) -> QMainWindow:
    from ui.main_window import MainWindow

    register(state, "0202902345", TODAY - timedelta(days=16))  # overdue by 2 days
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def headers(window: QMainWindow) -> list[str]:
    model = window.model  # type: ignore[attr-defined]
    horizontal = Qt.Orientation.Horizontal
    return [model.headerData(c, horizontal) for c in range(model.columnCount())]


def cancel_button_text() -> str:
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    text = box.button(QMessageBox.StandardButton.Cancel).text()
    box.deleteLater()
    return text


# --- the screens -----------------------------------------------------------------------------------
def test_english_main_window(qtbot: QtBot, app_state: AppState, english: list[str]) -> None:
    assert english == ["mvk_en.qm", "qtbase_en.qm"]
    window = main_window(qtbot, app_state)
    assert window.windowTitle() == f"MVK {__version__} — maximum waiting times for cancer"
    assert [a.text() for a in window.menuBar().actions()] == [
        "&File",
        "P&athways",
        "&Quarter",
        "&View",
        "&Help",
    ]
    assert headers(window) == [
        "CPR",
        "Pathway type",
        "Cancer area",
        "Partner hospital",
        "Referral received",
        "Deadline",
        "Days left",
        "Status",
    ]
    model = window.model  # type: ignore[attr-defined]
    assert [model.data(model.index(0, c)) for c in (1, 2, 6, 7)] == [
        "Diagnostic workup",
        "Breast cancer",
        "✖ overdue by 2 days",
        "Open",
    ]
    assert window.user_label.text() == "User: sekretaer"  # type: ignore[attr-defined]
    assert window.counts_label.text() == (  # type: ignore[attr-defined]
        "Open: 1 · Overdue: 1 · Showing 1 of 1"
    )
    assert window.overdue_status.text() == "✖ 1 overdue deadline (Ctrl+Shift+O shows it)"  # type: ignore[attr-defined]
    status = window.status_combo  # type: ignore[attr-defined]
    assert [status.itemText(i) for i in range(status.count())] == [
        "Open",
        "Closed",
        "Interrupted",
        "All",
    ]
    assert window.shortcuts_action.toolTip() == "Keyboard shortcuts (F1)"  # type: ignore[attr-defined]
    assert cancel_button_text() == "Cancel"


def test_english_form_and_app_messages(
    qtbot: QtBot, app_state: AppState, english: list[str]
) -> None:
    """The code lists and app/'s messages follow the chosen language too."""
    from ui.pathway_form import PathwayForm

    form = PathwayForm(app_state)
    qtbot.addWidget(form)
    assert form.windowTitle() == "New pathway"
    kinds = [form.type_combo.itemText(i) for i in range(form.type_combo.count())]
    assert kinds == ["Diagnostic workup", "Treatment", "Follow-up treatment"]
    form.dates["henvisning_modtaget"].setText("320624")
    assert not form.save()
    assert "date" in form.errors["henvisning_modtaget"].text().lower()
    assert "dato" not in form.errors["henvisning_modtaget"].text().lower()


def test_danish_by_default(qtbot: QtBot, app_state: AppState, danish: list[str]) -> None:
    assert danish == ["qtbase_da.qm"]
    window = main_window(qtbot, app_state)
    assert window.windowTitle().endswith("maksimale ventetider på kræftområdet")
    assert [a.text() for a in window.menuBar().actions()] == [
        "&Filer",
        "F&orløb",
        "&Kvartal",
        "&Vis",
        "&Hjælp",
    ]
    assert headers(window)[1:3] == ["Forløbstype", "Kræftområde"]
    model = window.model  # type: ignore[attr-defined]
    assert model.data(model.index(0, 6)) == "✖ overskredet 2 dage"
    assert model.data(model.index(0, 7)) == "Åben"
    # Qt's own dialogs speak Danish too (qtbase_da).
    assert cancel_button_text() == "Annuller"


def test_a_missing_translation_means_danish(
    qtbot: QtBot, app_state: AppState, qapp: QApplication, tmp_path: Path
) -> None:
    loaded = install_translators(qapp, "en", tmp_path)  # no mvk_en.qm here
    assert loaded == ["qtbase_en.qm"]
    window = main_window(qtbot, app_state)
    assert window.menuBar().actions()[0].text() == "&Filer"


def test_gui_start_follows_the_preference_and_lang_option(
    app_state: AppState, qm_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mvk` starts in the user's language; `mvk --lang en` overrides it."""
    import os

    from app.cli import build_parser
    from app.services.context import current_login
    from ui import application, i18n, main_window

    real_install = i18n.install_translators
    monkeypatch.setattr(
        i18n, "install_translators", lambda app, lang: real_install(app, lang, qm_folder)
    )
    seen: list[tuple[str, str]] = []

    class StandIn(QWidget):
        def offer_drafts(self) -> None:
            pass

    def fake_window(state: AppState) -> QWidget:
        seen.append((os.environ["MVK_LANG"], QCoreApplication.translate("MainWindow", "&Filer")))
        return StandIn()

    monkeypatch.setattr(main_window, "MainWindow", fake_window)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    ctx = ServiceContext.default(app_state.ctx.clock, login=current_login())

    def prefer(language: str) -> None:
        values = {"region": "1084", "own_shak": "1301", "initials": "ABC", "language": language}
        app_state.write(lambda s: settings_service.set_many(s, ctx, values))

    prefer("en")
    assert application.run_gui(build_parser().parse_args(["--db", app_state.store.url])) == 0
    prefer("da")
    assert application.run_gui(build_parser().parse_args(["--db", app_state.store.url])) == 0
    args = build_parser().parse_args(["--lang", "en", "--db", app_state.store.url])
    assert application.run_gui(args) == 0
    assert seen == [("en", "&File"), ("da", "&Filer"), ("en", "&File")]


# --- the translation file ------------------------------------------------------------------------
def messages(ts: Path = TS) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_text_has_an_english_translation() -> None:
    found = messages()
    assert len(found) > 250
    missing = [
        (context, source)
        for context, source, message in found
        if not (message.findtext("translation") or "").strip()
        or message.find("translation").get("type") is not None  # type: ignore[union-attr]
    ]
    assert missing == []


def test_translations_keep_placeholders_mnemonics_and_lines() -> None:
    wrong = []
    for context, source, message in messages():
        translation = message.findtext("translation") or ""
        if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(translation)):
            wrong.append((context, source, translation, "placeholders"))
        if len(MNEMONIC.findall(source)) != len(MNEMONIC.findall(translation)):
            wrong.append((context, source, translation, "&-letter"))
        if source.count("\n") != translation.count("\n"):
            wrong.append((context, source, translation, "line breaks"))
    assert wrong == []


def test_the_translation_file_covers_every_text_in_ui(tmp_path: Path) -> None:
    """A new self.tr text without an English translation fails here: run `make translations`
    and translate the new entries in resources/i18n/mvk_en.ts."""
    copy = tmp_path / "mvk_en.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run(
        [
            qt_tool("pyside6-lupdate"),
            "-silent",
            "-locations",
            "none",
            "-no-obsolete",
            *sources,
            "-ts",
            str(copy),
        ],
        check=True,
    )
    untranslated = [
        (context, source)
        for context, source, message in messages(copy)
        if message.find("translation").get("type") is not None  # type: ignore[union-attr]
    ]
    assert untranslated == [], "run `make translations` and translate these in mvk_en.ts"
    assert {(c, s) for c, s, _ in messages(copy)} == {(c, s) for c, s, _ in messages()}


def test_every_text_has_the_context_it_is_looked_up_in() -> None:
    """lupdate files a text it cannot place (a module-level ``tr()`` helper) under no context, where
    the running program never looks: use ``self.tr`` in a class, or
    ``QCoreApplication.translate("Context", "…")`` / ``QT_TRANSLATE_NOOP`` outside one."""
    homeless = [source for context, source, _ in messages() if not context]
    assert homeless == []


# --- Alt-letters -----------------------------------------------------------------------------------
def mnemonics(top: QWidget) -> Counter[str]:
    """The Alt-letters of what ``top`` shows: buddy labels, buttons and the menu bar."""
    texts: list[str] = []
    for label in top.findChildren(QLabel):
        if label.buddy() is not None and label.isVisibleTo(top):
            texts.append(label.text())
    for button in top.findChildren(QAbstractButton):
        if button.isVisibleTo(top):
            texts.append(button.text())
    if isinstance(top, QMainWindow):
        texts += [action.text() for action in top.menuBar().actions()]
    letters: Counter[str] = Counter()
    for text in texts:
        letters.update(m.lower() for m in MNEMONIC.findall(text))
    return letters


def screens(state: AppState) -> Iterator[tuple[str, QWidget]]:
    from ui.abroad_count_form import AbroadCountDialog
    from ui.abroad_dialog import AbroadDialog
    from ui.crash import CrashDialog
    from ui.main_window import MainWindow
    from ui.partners_dialog import PartnerEditDialog, PartnersDialog
    from ui.pathway_form import PathwayForm
    from ui.setup_dialog import SetupDialog

    yield "main window", MainWindow(state)
    yield "pathway form", PathwayForm(state)
    yield "first start", SetupDialog(state, mode="first")
    yield "settings", SetupDialog(state, mode="settings")
    yield "partners", PartnersDialog(state)
    yield "partner", PartnerEditDialog(state)
    yield "abroad", AbroadDialog(state)
    yield "abroad count", AbroadCountDialog(state, 2024, "1084", "1301")
    yield "crash", CrashDialog("Traceback …", Path("mvk.log"))


@pytest.mark.parametrize("language", ["da", "en"])
def test_alt_letters_are_unique_on_every_screen(
    qtbot: QtBot, app_state: AppState, qapp: QApplication, qm_folder: Path, language: str
) -> None:
    install_translators(qapp, language, qm_folder)
    ctx = app_state.ctx
    values = {"region": "1084", "own_shak": "1301", "initials": "ABC"}
    app_state.write(lambda s: settings_service.set_many(s, ctx, values))
    clashes = {}
    for name, widget in screens(app_state):
        qtbot.addWidget(widget)
        twice = {letter: n for letter, n in mnemonics(widget).items() if n > 1}
        if twice:
            clashes[name] = twice
    assert clashes == {}
