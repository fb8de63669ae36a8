"""``mvk db upgrade | check | backup PATH | restore PATH``: migrate, check, back up, restore the store.

``check`` reports each check on its own line with OK or FEJL and never changes the store: the file's
integrity, that it is an MVK store, the connection settings as read back, foreign keys, the schema
version, the guards of the audit log and its hash chain. Exit status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import messages
from app.paths import describe_db_url
from app.store import audit
from app.store.backup import backup_sqlite, restore
from app.store.engine import (
    APPLICATION_ID,
    SQLITE_PRAGMAS,
    Store,
    create_store_engine,
    is_sqlite,
    sqlite_path,
)
from app.store.errors import StoreError
from app.store.migrate import current_revision, head_revision, known_revisions

if TYPE_CHECKING:
    from app.cli import Context

# The append-only guards that migration 0001 creates on the audit log.
SQLITE_GUARDS = frozenset({"audit_log_no_update", "audit_log_no_delete"})
POSTGRES_GUARDS = frozenset({"audit_log_no_change", "audit_log_no_truncate"})


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "db",
        help="opgradér, kontrollér, tag sikkerhedskopi af eller gendan lageret",
        description="Vedligeholdelse af lageret (det lager, --db eller MVK_DB_URL peger på).",
    )
    actions = parser.add_subparsers(dest="db_command", metavar="HANDLING", required=True)
    actions.add_parser(
        "upgrade",
        help="opgradér lagerets skema til denne version (tager en sikkerhedskopi først)",
        description=(
            "Bringer lagerets skema op til denne versions nyeste. Et eksisterende SQLite-lager "
            "kopieres først til en sikkerhedskopi ved siden af filen."
        ),
    )
    check = actions.add_parser(
        "check",
        help="kontrollér integritet, indstillinger, skema og ændringsloggens hashkæde",
        description=(
            "Kontrollerer lageret uden at ændre det og skriver OK eller FEJL for hver kontrol. "
            "Afslutter med status 1, hvis en kontrol fejler."
        ),
    )
    check.add_argument(
        "--quick",
        action="store_true",
        help="brug SQLites hurtige kontrol (quick_check) i stedet for den fulde integrity_check",
    )
    backup = actions.add_parser(
        "backup",
        help="tag en sikkerhedskopi af et SQLite-lager, mens det er i brug",
        description=(
            "Skriver en sikkerhedskopi med SQLites online backup og kontrollerer kopiens "
            "integritet. En PostgreSQL-database sikkerhedskopieres med pg_dump."
        ),
    )
    backup.add_argument(
        "path",
        metavar="FIL",
        type=Path,
        help="filen, kopien skrives til (en mappe: en dateret fil i mappen)",
    )
    backup.add_argument(
        "--overwrite", action="store_true", help="erstat filen, hvis den findes i forvejen"
    )
    restore_parser = actions.add_parser(
        "restore",
        help="erstat lageret med en sikkerhedskopi (det hidtidige lager gemmes ved siden af)",
        description=(
            "Kontrollerer sikkerhedskopien (integritet, at det er et MVK-lager, og at det ikke er "
            "fra en nyere version) og sætter den i stedet for lageret. Lageret må ikke være åbent "
            "i MVK imens. Det hidtidige lager gemmes som <navn>.før-gendannelse-<tid>.sqlite. "
            "De automatiske daglige sikkerhedskopier ligger i mappen backups ved siden af lageret. "
            "En PostgreSQL-database gendannes med pg_restore."
        ),
    )
    restore_parser.add_argument("path", metavar="FIL", type=Path, help="sikkerhedskopien")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.db_command == "upgrade":
        return run_upgrade(ctx)
    if args.db_command == "check":
        return run_check(ctx, quick=args.quick)
    if args.db_command == "restore":
        return run_restore(ctx, args.path)
    return run_backup(ctx, args.path, overwrite=args.overwrite)


# --- upgrade ---------------------------------------------------------------------------------


def _revision_text(revision: str | None, lang: str) -> str:
    if revision is None:
        return messages.text("db.revision_none", lang)
    if revision == head_revision():
        return messages.text("db.revision_head", lang, value=revision)
    return revision


def _upgrade_backups(path: Path | None) -> set[Path]:
    if path is None or not path.parent.is_dir():
        return set()
    prefix = f"{path.stem}.før-opgradering-"
    return {p for p in path.parent.iterdir() if p.name.startswith(prefix)}


def run_upgrade(ctx: Context) -> int:
    lang = ctx.lang
    path = sqlite_path(ctx.db_url)
    store = ctx.open_store(migrate=False)  # refuses another program's file and a newer store
    try:
        before = current_revision(store.engine)
    finally:
        store.dispose()
    print(f"{messages.text('db.revision_before', lang)}: {_revision_text(before, lang)}")
    backups_before = _upgrade_backups(path)
    store = ctx.open_store(daily_backup=False)  # the upgrade takes its own backup when needed
    try:
        after = current_revision(store.engine)
    finally:
        store.dispose()
    for backup in sorted(_upgrade_backups(path) - backups_before):
        print(messages.text("db.upgrade_backup", lang, value=backup))
    print(f"{messages.text('db.revision_after', lang)}: {_revision_text(after, lang)}")
    if before == after:
        print(messages.text("db.upgrade_nothing", lang))
    return 0


# --- check -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """One check: its name (message id), whether it passed, and what was found (message id)."""

    label_id: str
    ok: bool
    detail_id: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def line(self, lang: str) -> str:
        status = messages.text("db.check.ok" if self.ok else "db.check.failed", lang)
        line = f"{messages.text(self.label_id, lang)}: {status}"
        if self.detail_id:
            line += f" — {messages.text(self.detail_id, lang, **self.params)}"
        return line


def _first_line(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    return str(orig if orig is not None else error).strip().splitlines()[0]


def _integrity(session: Session, quick: bool) -> CheckResult:
    label = "db.check.quick" if quick else "db.check.integrity"
    pragma = "quick_check" if quick else "integrity_check"
    found = [str(row) for row in session.execute(text(f"PRAGMA {pragma}")).scalars()]
    if found == ["ok"]:
        return CheckResult(label, True)
    return CheckResult(
        label, False, "db.check.integrity_errors", {"count": len(found), "first": found[0]}
    )


def _application_id(session: Session) -> CheckResult:
    found = int(session.execute(text("PRAGMA application_id")).scalar_one())
    if found == APPLICATION_ID:
        return CheckResult("db.check.application_id", True)
    return CheckResult(
        "db.check.application_id",
        False,
        "db.check.application_id_wrong",
        {"found": hex(found), "expected": hex(APPLICATION_ID)},
    )


def _pragmas(session: Session) -> CheckResult:
    wrong = []
    for name, expected in SQLITE_PRAGMAS.items():
        found = session.execute(text(f"PRAGMA {name}")).scalar_one()
        if str(found).lower() != str(expected).lower():
            wrong.append(f"{name}={found} ({expected})")
    if not wrong:
        return CheckResult("db.check.pragmas", True)
    return CheckResult(
        "db.check.pragmas", False, "db.check.pragmas_wrong", {"wrong": ", ".join(wrong)}
    )


def _foreign_keys(session: Session) -> CheckResult:
    broken = session.execute(text("PRAGMA foreign_key_check")).all()
    if not broken:
        return CheckResult("db.check.foreign_keys", True)
    return CheckResult(
        "db.check.foreign_keys", False, "db.check.foreign_keys_broken", {"count": len(broken)}
    )


def _schema(session: Session) -> CheckResult:
    revision = MigrationContext.configure(session.connection()).get_current_revision()
    head = head_revision()
    if revision == head:
        return CheckResult("db.check.schema", True, "db.revision_head", {"value": revision})
    if revision is None:
        detail = "db.check.schema_none"
    elif revision not in known_revisions():
        detail = "db.check.schema_newer"
    else:
        detail = "db.check.schema_old"
    return CheckResult("db.check.schema", False, detail, {"value": revision, "head": head})


def _guards(session: Session) -> CheckResult:
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_log' AND sql LIKE '%RAISE(ABORT%'"
            )
        ).scalars()
        expected = SQLITE_GUARDS
    else:
        rows = session.execute(
            text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('audit_log') "
                "AND NOT tgisinternal AND tgenabled <> 'D'"
            )
        ).scalars()
        expected = POSTGRES_GUARDS
    missing = sorted(expected - {str(name) for name in rows})
    if not missing:
        return CheckResult("db.check.guards", True)
    return CheckResult(
        "db.check.guards", False, "db.check.guards_missing", {"names": ", ".join(missing)}
    )


def _chain(session: Session) -> CheckResult:
    if not inspect(session.connection()).has_table("audit_log"):
        return CheckResult("db.check.chain", False, "db.check.chain_no_table")
    report = audit.verify_chain(session)
    if report.ok:
        rows = "db.check.chain_one_row" if report.rows == 1 else "db.check.chain_rows"
        return CheckResult("db.check.chain", True, rows, {"rows": report.rows})
    return CheckResult(
        "db.check.chain",
        False,
        "db.check.chain_broken",
        {"id": report.broken_at, "rows": report.rows},
    )


def _run_one(store: Store, label_id: str, check: Callable[[Session], CheckResult]) -> CheckResult:
    """One check in its own read session; a database error is that check's failure."""
    try:
        with store.read() as session:
            return check(session)
    except DBAPIError as error:
        return CheckResult(label_id, False, "db.check.error", {"detail": _first_line(error)})


def _require_file(url: str, location: str) -> None:
    """Refuse a SQLite store that does not exist (rather than create an empty one)."""
    path = sqlite_path(url)
    if is_sqlite(url) and (path is None or not path.is_file()):
        raise StoreError("db.missing", value=location)


def check_store(url: str, *, quick: bool = False) -> list[CheckResult]:
    """Every check of ``mvk db check`` on the store at ``url``; the store is not changed."""
    _require_file(url, describe_db_url(url))
    store = Store(url=url, engine=create_store_engine(url))
    try:
        results: list[CheckResult] = []
        if store.is_sqlite:
            integrity = "db.check.quick" if quick else "db.check.integrity"
            first = _run_one(store, integrity, lambda s: _integrity(s, quick))
            results.append(first)
            if first.detail_id == "db.check.error":  # not a database at all: nothing else to check
                return results
            results.append(_run_one(store, "db.check.application_id", _application_id))
            results.append(_run_one(store, "db.check.pragmas", _pragmas))
            results.append(_run_one(store, "db.check.foreign_keys", _foreign_keys))
        results.append(_run_one(store, "db.check.schema", _schema))
        results.append(_run_one(store, "db.check.guards", _guards))
        results.append(_run_one(store, "db.check.chain", _chain))
        return results
    finally:
        store.dispose()


def run_check(ctx: Context, *, quick: bool = False) -> int:
    lang = ctx.lang
    results = check_store(ctx.db_url, quick=quick)
    for result in results:
        print(result.line(lang))
    failed = sum(not r.ok for r in results)
    if failed:
        print(messages.text("db.check.summary_failed", lang, count=failed))
        return 1
    print(messages.text("db.check.summary_ok", lang))
    return 0


# --- backup ----------------------------------------------------------------------------------


def _pg_dump_command(url: str) -> str:
    parsed = make_url(url)
    parts = ["pg_dump", "--format=custom", "--file=mvk.dump"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts.append(parsed.database or "mvk")
    return " ".join(parts)


def verify_copy(path: Path) -> list[str]:
    """The problems ``integrity_check`` finds in a backup file (empty when the copy is sound)."""
    connection = sqlite3.connect(path)
    try:
        found = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        connection.close()
    problems = [] if found == ["ok"] else found
    if app_id != APPLICATION_ID:
        problems.append(f"application_id={app_id:#x}")
    return problems


def run_backup(ctx: Context, target: Path, *, overwrite: bool = False) -> int:
    lang = ctx.lang
    url = ctx.db_url
    if not is_sqlite(url):
        raise StoreError("db.backup_postgres", value=_pg_dump_command(url))
    _require_file(url, describe_db_url(url))
    source = sqlite_path(url)
    assert source is not None  # _require_file refuses an in-memory store
    target = target.expanduser().absolute()
    if target.is_dir():  # a folder: a dated file in it
        stamp = ctx.clock.now().strftime("%Y%m%dT%H%M%S")
        target = target / f"{source.stem}-kopi-{stamp}{source.suffix}"
    if target.resolve() == source.resolve():
        raise StoreError("db.backup_same_file", value=target)
    if target.exists() and not overwrite:
        raise StoreError("db.backup_exists", value=target)
    store = ctx.open_store(migrate=False)  # refuses another program's file
    try:
        backup_sqlite(store.engine, target)
    finally:
        store.dispose()
    print(messages.text("db.backup_written", lang, value=target))
    problems = verify_copy(target)
    if problems:
        print(
            messages.text(
                "db.backup_corrupt", lang, value=target, count=len(problems), first=problems[0]
            )
        )
        return 1
    print(messages.text("db.backup_verified", lang))
    return 0


# --- restore ---------------------------------------------------------------------------------


def run_restore(ctx: Context, backup: Path) -> int:
    lang = ctx.lang
    result = restore(ctx.db_url, backup, ctx.clock)
    print(messages.text("db.restore_checked", lang, value=result.backup))
    if result.kept is not None:
        print(messages.text("db.restore_kept", lang, value=result.kept))
    print(
        messages.text(
            "db.restore_done",
            lang,
            value=result.target,
            backup=result.backup,
            revision=_revision_text(result.revision, lang),
        )
    )
    if result.revision != head_revision():
        print(messages.text("db.restore_upgrade_next", lang))
    return 0
