"""The ``mvk`` command line: the same services as the GUI, without a window. Never imports Qt.

Each subcommand is a module with ``add_parser(subparsers)`` that registers its arguments and sets
``handler`` to a function ``(args, ctx) -> int``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app import __version__, messages
from app.cli import (
    db_cmd,
    demo_cmd,
    export_cmd,
    import_cmd,
    rules_cmd,
    selftest_cmd,
    settings_cmd,
    summary_cmd,
    validate_cmd,
)
from app.clock import Clock, FixedClock, clock_from_env
from app.errors import MvkError
from app.paths import resolve_db_url
from app.safe_files import remove_leftovers

if TYPE_CHECKING:
    from app.services.context import ServiceContext
    from app.store.engine import Store

SUBCOMMANDS = (
    rules_cmd,
    demo_cmd,
    db_cmd,
    settings_cmd,
    validate_cmd,
    export_cmd,
    import_cmd,
    summary_cmd,
)


@dataclass(frozen=True)
class Context:
    """What every subcommand may use: the clock, the language of its output, the store's URL."""

    clock: Clock
    lang: str
    db_url: str

    def open_store(
        self, *, migrate: bool = True, readonly: bool = False, daily_backup: bool = True
    ) -> Store:
        """The store named by ``--db``, ``MVK_DB_URL`` or the default file, migrated to head.

        Opened for writing, it gets its daily backup (once a day; cheap otherwise).
        """
        from app.store import backup
        from app.store.migrate import open_store

        store = open_store(self.db_url, migrate=migrate, readonly=readonly, clock=self.clock)
        if daily_backup and migrate and not store.readonly:
            backup.daily_backup(store, self.clock)
        return store

    def service_context(self) -> ServiceContext:
        from app.services.context import ServiceContext

        return ServiceContext.default(self.clock)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mvk",
        description=(
            "MVK — registrering og national indberetning af kræftforløb omfattet af maksimale "
            "ventetider. Uden underkommando åbnes programmets vindue."
        ),
    )
    parser.add_argument("--version", action="version", version=f"mvk {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="lageret (SQLAlchemy-URL, fx sqlite:///sti/mvk.sqlite); ellers MVK_DB_URL eller standardfilen",
    )
    parser.add_argument(
        "--today",
        metavar="ÅÅÅÅ-MM-DD",
        type=date.fromisoformat,
        help="brug denne dato som dags dato (support og test)",
    )
    parser.add_argument(
        "--lang", choices=messages.LANGUAGES, help="sprog for udskrifter (da eller en)"
    )
    selftest_cmd.add_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for module in SUBCOMMANDS:
        module.add_parser(sub)
    return parser


def make_context(args: argparse.Namespace) -> Context:
    clock: Clock = FixedClock(args.today) if args.today else clock_from_env()
    return Context(
        clock=clock, lang=args.lang or messages.current_language(), db_url=resolve_db_url(args.db)
    )


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; an expected error is one clear line on stderr and exit status 1."""
    ctx = make_context(args)
    remove_leftovers()
    try:
        result: int = args.handler(args, ctx)
    except MvkError as error:
        print(
            f"{messages.text('cli.error_prefix', ctx.lang)}: {error.message(ctx.lang)}",
            file=sys.stderr,
        )
        return 1
    except Exception as error:  # unexpected: logged with CPR numbers masked, one line, no traceback
        from app.logging_setup import report_unexpected

        return report_unexpected(error, ctx.lang)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.selftest:  # without Qt here: the launcher's `mvk --selftest` adds the main window
        return selftest_cmd.run_selftest()
    if args.command is None:
        parser.print_help()
        return 2
    return run(args)
