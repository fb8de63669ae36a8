"""Open every screen on a demo store and save PNGs: ``python -m ui.screenshots OUTDIR``.

Runs offscreen (no display needed) on a fixed day, in Danish, and the worklist once more in English.
Used by ``make screenshots`` and to look at what we build: the worklist, the registration form (valid
and with errors), first start, settings, partner hospitals, abroad counts, the history dock, the
shortcut overview, the crash dialog, the read-only notice, an empty store and a store that cannot be
opened.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

TODAY = date(2024, 6, 15)
LOGIN = "sekretaer"


def quiet_qt(mode: Any, context: Any, message: str) -> None:
    """Qt's messages on stderr, without the offscreen platform's note about window hints."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


class Shots:
    """Shows a widget, lets Qt lay it out, and saves what it draws."""

    def __init__(self, out: Path) -> None:
        from PySide6.QtCore import qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        self.out = out
        self.app = QApplication.instance() or QApplication([])
        self.saved: list[str] = []
        qInstallMessageHandler(quiet_qt)

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def save(self, widget: Any, name: str) -> None:
        widget.show()
        self.settle()
        widget.grab().save(str(self.out / name))
        self.saved.append(name)

    def close(self, *widgets: Any) -> None:
        for widget in widgets:
            if hasattr(widget, "_dirty"):
                widget._dirty = False
            widget.hide()
            widget.deleteLater()
        self.settle()


def english_qm_folder(scratch: Path) -> Path | None:
    """Where ``mvk_en.qm`` is: the package's own when ``make`` built it, else built here."""
    from ui.i18n import mvk_qm

    if mvk_qm("en") is not None:
        return None
    tool = Path(sys.executable).parent / "pyside6-lrelease"
    source = Path(__file__).resolve().parents[1] / "resources" / "i18n" / "mvk_en.ts"
    if not tool.exists() or not source.exists():
        return None
    subprocess.run(
        [str(tool), "-silent", str(source), "-qm", str(scratch / "mvk_en.qm")], check=True
    )
    return scratch


def make_state(url: str, *, readonly: bool = False, login: str = LOGIN) -> Any:
    from app.clock import FixedClock
    from app.services.context import ServiceContext
    from app.store.migrate import open_store
    from ui.app_state import AppState

    store = open_store(url, readonly=readonly)
    return AppState(store=store, ctx=ServiceContext.default(FixedClock(TODAY), login=login))


def demo_store(folder: Path) -> str:
    """A demo store of the region's last years, with initials set and 2024K1 delivered."""
    from app.cli import main as cli_main

    url = f"sqlite:///{folder / 'demo.sqlite'}"
    day = ["--db", url, "--today", TODAY.isoformat()]
    quiet = open(os.devnull, "w")  # noqa: SIM115 - closed below
    stdout, sys.stdout = sys.stdout, quiet
    login = {name: os.environ.get(name) for name in ("LOGNAME", "USER")}
    os.environ["LOGNAME"] = os.environ["USER"] = LOGIN  # the same user on every machine
    try:
        cli_main([*day, "demo", "--pathways", "3000", "--seed", "1"])
        cli_main([*day, "export", "--region", "1084", "--period", "2024K1", "--out", str(folder)])
    finally:
        sys.stdout = stdout
        quiet.close()
        for name, value in login.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return url


def set_initials(state: Any, initials: str = "SEK") -> None:
    from app.services import settings as settings_service

    state.write(lambda s: settings_service.set_many(s, state.ctx, {"initials": initials}))


def correct_after_delivery(state: Any, forloeb_id: str) -> None:
    """A correction of a delivered pathway by another user, with the reason it needs."""
    from app.clock import FixedClock
    from app.services import pathways
    from app.services.context import ServiceContext
    from app.store.audit import Actor

    later = ServiceContext(Actor("bo"), FixedClock(TODAY, time(14, 5)))  # after the export
    state.write(
        lambda s: pathways.correct(
            s,
            forloeb_id,
            {"kommentar": "Patienten har bekræftet forløbet telefonisk"},
            later,
            reason="Oplysning fra patienten modtaget efter indberetningen",
        )
    )


# --- the screens ---------------------------------------------------------------------------------
def worklist_and_history(shots: Shots, state: Any) -> None:
    from PySide6.QtCore import Qt

    from app.services.worklist import StatusFilter
    from ui.main_window import MainWindow

    window = MainWindow(state)
    window.resize(1280, 760)
    shots.save(window, "arbejdsliste.png")

    # The history dock: a delivered pathway of 2024K1 that was corrected afterwards.
    window.status_combo.setCurrentIndex(window.status_combo.findData(StatusFilter.ALLE))
    window.period_edit.setText("2024K1")
    window.apply_filters()
    window.table.selectRow(0)
    forloeb_id = window.selected_id()
    assert forloeb_id is not None
    correct_after_delivery(state, forloeb_id)
    window.refresh()
    window.table.selectRow(0)
    window.history.show_pathway(window.selected_id())
    window.resizeDocks([window.history_dock], [260], Qt.Orientation.Vertical)
    shots.save(window, "historik.png")

    window.show_shortcuts()
    shots.save(window.current_dialog, "tastaturgenveje.png")
    shots.close(window.current_dialog, window)


def registration(shots: Shots, state: Any) -> None:
    from ui.main_window import MainWindow
    from ui.pathway_form import PathwayForm

    form = PathwayForm(state)
    form.cpr_edit.setText("010190-1235")
    form.dates["henvisning_modtaget"].setText("010624")
    form.dates["henvisning_modtaget"].editingFinished.emit()
    form.dates["tilbudt_start"].setText("100624")
    form.dates["tilbudt_start"].editingFinished.emit()
    shots.save(form, "registrering.png")

    form.dates["start"].setText("200624")
    form.cpr_edit.setText("300290-1234")
    form.save()
    shots.save(form, "registrering-fejl.png")
    shots.close(form)

    # An overdue pathway opened for correction: the deadline, the category and a reason.
    window = MainWindow(state)
    window.table.selectRow(0)
    window.edit_selected()
    edit = window.current_form
    edit.dates["start"].setText("140624")
    edit.dates["start"].editingFinished.emit()
    edit.aarsag_combo.setCurrentIndex(edit.aarsag_combo.findData("KAPACITET"))
    shots.save(edit, "ret-forloeb.png")
    shots.close(edit, window)


def settings_and_partners(shots: Shots, state: Any) -> None:
    from ui.partners_dialog import PartnerEditDialog, PartnersDialog
    from ui.setup_dialog import SetupDialog

    settings = SetupDialog(state, mode="settings")
    shots.save(settings, "indstillinger.png")
    shots.close(settings)

    partners = PartnersDialog(state)
    shots.save(partners, "partnersygehuse.png")
    edit = PartnerEditDialog(state, partners.current_partner(), partners)
    shots.save(edit, "partnersygehus-ret.png")
    shots.close(edit, partners)


def abroad(shots: Shots, state: Any) -> None:
    from ui.abroad_count_form import AbroadCountDialog
    from ui.abroad_dialog import AbroadDialog

    dialog = AbroadDialog(state)
    dialog.year_spin.setValue(TODAY.year - 1)  # the demo counted last year
    dialog.resize(900, 560)
    shots.save(dialog, "udlandsopgoerelse.png")
    count = dialog.current_count()
    form = AbroadCountDialog(
        state, dialog.aar, dialog.region, dialog.kilde_shak, count=count, parent=dialog
    )
    shots.save(form, "udlandsoptaelling.png")
    shots.close(form, dialog)


def readonly_notice(shots: Shots, url: str) -> None:
    from ui.main_window import MainWindow

    state = make_state(url, readonly=True)
    window = MainWindow(state)
    window.resize(1280, 760)
    shots.save(window, "skrivebeskyttet.png")
    shots.close(window)
    state.store.dispose()


def empty_store(shots: Shots, folder: Path) -> None:
    from ui.main_window import MainWindow
    from ui.setup_dialog import SetupDialog

    state = make_state(f"sqlite:///{folder / 'empty.sqlite'}")
    setup = SetupDialog(state, mode="first")
    shots.save(setup, "foerste-opstart.png")
    setup.region_combo.setCurrentIndex(setup.region_combo.findData("1084"))
    setup.own_shak_edit.setText("1301")
    setup.initials_edit.setText("SEK")
    setup.save()
    shots.close(setup)

    window = MainWindow(state)
    window.resize(1280, 760)
    shots.save(window, "tomt-lager.png")
    shots.close(window)
    state.store.dispose()


def crash_dialog(shots: Shots) -> None:
    from app.logging_setup import crash_report, log_directory
    from ui.crash import CrashDialog

    def register_from_letter(cpr: str) -> None:
        raise ValueError(f"Uventet værdi i henvisningen for {cpr}")

    try:
        register_from_letter("0101901234")
    except ValueError:
        report = crash_report(sys.exc_info())  # type: ignore[arg-type]
    # The report's moment is now; the example shows the demo's day (the same picture every run).
    report = re.sub(
        r"^\d{4}-\d\d-\d\dT[\d:]+[+-]\d\d:\d\d$",
        f"{TODAY}T12:00:00+02:00",
        report,
        count=1,
        flags=re.M,
    )
    dialog = CrashDialog(report, log_directory() / "mvk.log")
    shots.save(dialog, "uventet-fejl.png")
    shots.close(dialog)


def store_problem(shots: Shots) -> None:
    from app.store.errors import StoreTooNew, StoreUnreachable
    from ui.store_states import StoreProblemDialog

    for error, name in (
        (
            StoreUnreachable("db.region.local/mvk", "connection refused"),
            "lager-kan-ikke-naas.png",
        ),
        (StoreTooNew("0042"), "lager-nyere-version.png"),
    ):
        dialog = StoreProblemDialog(error)
        shots.save(dialog, name)
        shots.close(dialog)


def in_english(shots: Shots, state: Any, scratch: Path) -> None:
    from ui.i18n import install_translators
    from ui.main_window import MainWindow

    install_translators(shots.app, "en", english_qm_folder(scratch))
    try:
        window = MainWindow(state)
        window.resize(1280, 760)
        shots.save(window, "arbejdsliste-en.png")
        shots.close(window)
    finally:
        install_translators(shots.app, "da")


def overview(shots: Shots, state: Any) -> None:
    from ui.overview_screen import screenshot_states

    shots.saved += [p.name for p in screenshot_states(state, shots.out)]


def reporting(shots: Shots, state: Any) -> None:
    from ui.reporting_screen import screenshot_states

    shots.saved += [p.name for p in screenshot_states(state, shots.out)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.i18n import install_translators

    shots = Shots(out)
    install_translators(shots.app, "da")
    # A fixed folder, so the store's location in the status bar is the same on every run.
    folder = Path(tempfile.gettempdir()) / "mvk-skaermbilleder"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        url = demo_store(folder)
        state = make_state(url)
        set_initials(state)
        steps: list[Callable[[], None]] = [
            lambda: worklist_and_history(shots, state),
            lambda: registration(shots, state),
            lambda: settings_and_partners(shots, state),
            lambda: abroad(shots, state),
            lambda: readonly_notice(shots, url),
            lambda: empty_store(shots, folder),
            lambda: crash_dialog(shots),
            lambda: store_problem(shots),
            lambda: in_english(shots, state, folder),
            lambda: overview(shots, state),
            lambda: reporting(shots, state),  # last: it records a delivery and a correction
        ]
        for step in steps:
            step()
        state.store.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(shots.saved)} skærmbilleder gemt i {out}: {', '.join(shots.saved)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
