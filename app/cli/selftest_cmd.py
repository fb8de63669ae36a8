"""``mvk --selftest``: proves that an installation (above all the PyInstaller bundle) works.

Everything runs on a temporary SQLite store that is removed afterwards, with a fixed day so the
result is the same every time: the store is created and migrated with the real Alembic migrations,
the own region and SHAK code are set, a partner and a finished pathway are registered through the
services, the quarter's national file is made and checked with the receiver's validator, Danish
country names are looked up (pycountry's data files), Danish time is found (the time zone
database, which a Windows bundle must carry) and a PDF report is drawn (reportlab,
matplotlib and its fonts). The launcher adds one step of its own that needs Qt — the main window —
since app/ never imports Qt.

One Danish line per step (``✓ …``); the first step that fails ends the run with ``✗ …`` and exit
status 1. Nothing outside the temporary folder is touched: the temp-file journal
(``MVK_STATE_DIR``) is pointed into it for the run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app import __version__
from app.clock import Clock, FixedClock
from app.errors import MvkError

if TYPE_CHECKING:
    from app.services.context import ServiceContext
    from app.store.engine import Store

SELFTEST_DAY = date(2024, 7, 10)
"""The fixed "today": after the second quarter of 2024, whose file the test makes."""
REGION = "1084"
OWN_SHAK = "1301"
PARTNER_SHAK = "8001"
PARTNER_NAME = "Selvtest Privathospital"
LOGIN = "selvtest"

WindowCheck = Callable[[str, Clock], str]
"""The GUI's step: given the store's URL and the clock, build the main window; returns a detail."""


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--selftest",
        action="store_true",
        help=(
            "kontrollér installationen på et midlertidigt lager (migrering, registrering, "
            "indberetningsfil, validering, hovedvindue uden skærm) og afslut: 0 = i orden"
        ),
    )


@dataclass
class _Run:
    out: TextIO
    folder: Path
    clock: Clock

    @property
    def url(self) -> str:
        return f"sqlite:///{(self.folder / 'selvtest.sqlite').as_posix()}"


class StepFailed(Exception):
    """A step's own check did not hold (as opposed to an exception from the program)."""


def _say(line: str, stream: TextIO) -> None:
    """Print ``line``; a console that cannot show ✓ or æøå gets replacement characters, not a crash."""
    try:
        print(line, file=stream, flush=True)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(line.encode(encoding, "replace").decode(encoding), file=stream, flush=True)


def _describe(error: BaseException) -> str:
    if isinstance(error, MvkError):
        return error.message("da")
    if isinstance(error, StepFailed):
        return str(error)
    detail = str(error).strip()
    if detail:
        return f"{type(error).__name__}: {detail}"
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__
    where = frames[-1]  # an error without a message (a failed assert): say where it happened
    return f"{type(error).__name__} i {Path(where.filename).name}:{where.lineno} ({where.name})"


@contextmanager
def _state_dir(folder: Path) -> Iterator[None]:
    """The temp-file journal inside the test's folder, not in the user's data folder."""
    before = os.environ.get("MVK_STATE_DIR")
    os.environ["MVK_STATE_DIR"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("MVK_STATE_DIR", None)
        else:
            os.environ["MVK_STATE_DIR"] = before


def _steps(
    run: _Run, window: WindowCheck | None
) -> Generator[tuple[str, Callable[[], str]], None, None]:
    """``(what, do)`` pairs in order; ``do`` returns the line printed after ✓.

    Each step imports what it uses, so a module missing from a bundle fails its step, not the run.
    """
    period = "2024K2"
    opened: list[Store] = []
    made: list[Path] = []
    partner_ids: list[int] = []

    def store() -> Store:
        return opened[0]

    def context() -> ServiceContext:
        from app.services.context import ServiceContext

        return ServiceContext.default(run.clock, login=LOGIN)

    def create_store() -> str:
        from app.store.migrate import head_revision, is_current, open_store

        opened.append(open_store(run.url, clock=run.clock))
        if not is_current(store()):
            raise StepFailed("lageret står ikke på den nyeste revision efter migreringen")
        return f"lager oprettet og migreret (revision {head_revision()})"

    def set_region() -> str:
        from app.services import settings as settings_service

        with store().write() as session:
            settings_service.set_many(
                session, context(), {"region": REGION, "own_shak": OWN_SHAK, "initials": "ST"}
            )
        with store().read() as session:
            inst = settings_service.installation(session)
        if (inst.region, inst.own_shak) != (REGION, OWN_SHAK):
            raise StepFailed(f"indstillingerne blev ikke gemt ({inst.region}, {inst.own_shak})")
        return f"egen region {REGION} og SHAK-kode {OWN_SHAK} gemt"

    def add_partner() -> str:
        from app.services import partners

        with store().write() as session:
            partner = partners.add(session, PARTNER_SHAK, PARTNER_NAME, context())
        partner_ids.append(partner.id)
        return f"samarbejdspartner {partner.shak} {partner.name} registreret"

    def register() -> str:
        from app.domain.pathway import PathwayData
        from app.services import pathways

        with store().write() as session:
            view = pathways.register(
                session,
                PathwayData(
                    cpr="0101901234",
                    region=REGION,
                    indberettende_shak=OWN_SHAK,
                    udfoerende_shak=PARTNER_SHAK,
                    udfoerende_type="PRIVAT",
                    forloebstype="UDREDNING",
                    kraeftomraade="BRYST",
                    henvisning_modtaget=date(2024, 4, 2),
                    tilbudt_start=date(2024, 4, 5),
                    start=date(2024, 4, 8),
                ),
                context(),
                partner_id=partner_ids[0],
            )
        if view.periode != period:
            raise StepFailed(f"forløbet fik perioden {view.periode}, ventet {period}")
        return (
            f"forløb registreret (frist {view.frist.isoformat()}, "
            f"{view.ventedage} ventedage, kategori {view.kategori})"
        )

    def export_file() -> str:
        from app.domain.periods import Period
        from app.services import export

        out = run.folder / "ud"
        out.mkdir()
        with store().write() as session:
            result = export.export(session, REGION, Period.parse(period), out, context())
        if result.antal_forloeb != 1:
            raise StepFailed(f"filen har {result.antal_forloeb} forløb, ventet 1")
        made.append(result.path)
        return (
            f"kvartalets nationale fil dannet: {result.path.name} ({result.antal_forloeb} forløb)"
        )

    def validate() -> str:
        from app.submission.validator import has_errors, validate_file

        findings = validate_file(made[0], lang="da")
        if has_errors(findings):
            first = next(f for f in findings if f.is_error)
            raise StepFailed(f"validatoren fandt FEJL: {first.rule} {first.message}")
        warnings = len(findings)
        return f"filen valideret: ingen FEJL, {warnings} advarsl{'er' if warnings != 1 else 'e'}"

    def countries() -> str:
        from app.domain.codes import countries

        germany = next(c for c in countries() if c.alpha_2 == "DE")
        if germany.da == germany.en:
            raise StepFailed("landenavnene er ikke på dansk (pycountry's oversættelser mangler)")
        return f"landenavne på dansk ({germany.alpha_2} = {germany.da})"

    def time_zone() -> str:
        from datetime import datetime
        from importlib import resources
        from zoneinfo import ZoneInfo

        moment = datetime(2024, 7, 10, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
        offset = moment.utcoffset()
        if offset is None or offset.total_seconds() != 2 * 3600:
            raise StepFailed(f"forkert sommertid for Europe/Copenhagen: {moment.isoformat()}")
        # Windows has no time zone database of its own: a bundle must carry tzdata's
        if getattr(sys, "frozen", False) or sys.platform == "win32":
            entry = resources.files("tzdata.zoneinfo.Europe").joinpath("Copenhagen")
            if not entry.is_file():
                raise StepFailed("tidszonedata (tzdata) mangler")
        return "dansk tid fundet (Europe/Copenhagen, sommertid +02:00)"

    def pdf_report() -> str:
        from app.domain.periods import Period
        from app.report.figures import summarise
        from app.report.pdf import write_pdf
        from app.report.publish import present

        with store().read() as session:
            summary = summarise(session, REGION, Period.parse(period), today=run.clock.today())
        target = run.folder / "rapport.pdf"
        write_pdf(present(summary), target, made=run.clock.now(), lang="da")
        data = target.read_bytes()
        if not data.startswith(b"%PDF"):
            raise StepFailed("rapporten er ikke en PDF-fil")
        return f"PDF-rapport dannet ({len(data) // 1024} KB)"

    def close_store() -> str:
        store().dispose()
        opened.clear()
        return "lageret lukket"

    def main_window() -> str:
        assert window is not None
        return window(run.url, run.clock)

    try:
        yield "oprette og migrere lageret", create_store
        yield "gemme egen region og SHAK-kode", set_region
        yield "registrere en samarbejdspartner", add_partner
        yield "registrere et forløb", register
        yield "danne kvartalets nationale fil", export_file
        yield "validere filen", validate
        yield "slå danske landenavne op", countries
        yield "finde dansk tid", time_zone
        yield "danne en PDF-rapport", pdf_report
        yield "lukke lageret", close_store
        if window is not None:
            yield "vise hovedvinduet", main_window
    finally:
        for left_open in opened:  # a step failed before the store was closed
            left_open.dispose()


def run_selftest(
    window: WindowCheck | None = None,
    *,
    out: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """Run every step; 0 when all hold, 1 at the first that does not (with what went wrong)."""
    stream = out or sys.stdout
    _say(f"MVK {__version__} selvtest ({sys.platform}, Python {sys.version.split()[0]})", stream)
    folder = Path(tempfile.mkdtemp(prefix="mvk-selvtest-"))
    run = _Run(out=stream, folder=folder, clock=clock or FixedClock(SELFTEST_DAY))
    failed: str | None = None
    try:
        with _state_dir(folder):
            steps = _steps(run, window)
            for what, do in steps:
                try:
                    done = do()
                except Exception as error:
                    failed = what
                    _say(f"✗ kunne ikke {what}: {_describe(error)}", stream)
                    if os.environ.get("MVK_SELFTEST_TRACEBACK"):
                        traceback.print_exc(file=stream)
                    steps.close()  # disposes the store if it is still open
                    break
                _say(f"✓ {done}", stream)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if failed is not None:
        _say(
            f"Selvtesten fejlede: kunne ikke {failed}. Installationen er ikke i orden "
            "(sæt MVK_SELFTEST_TRACEBACK=1 for detaljer).",
            sys.stderr,
        )
        return 1
    _say("Selvtesten bestået.", stream)
    return 0
