"""``mvk import [--aarsag TEXT] [--dry-run] FILE...``: merge national files from other producers.

Each file is imported in its own transaction, in the order given: all of it or nothing. A refused
file (any FEJL, an older delivery than one already imported, a delivered period changed without
``--aarsag``) is reported with its findings and the rest go on; the exit status is 1 when any file
was refused, else 0.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app import messages
from app.cli.validate_cmd import count_text
from app.errors import RuleViolation
from app.services.importer import (
    ImportPlan,
    ImportRefused,
    ImportReport,
    apply_import,
    plan_import,
)
from app.submission.findings import Finding

if TYPE_CHECKING:
    from app.cli import Context


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import",
        help="indlæs nationale indberetningsfiler fra andre enheder",
        description=(
            "Indlæser nationale filer (.xlsx). En fil er den fulde tilstand for sin enhed "
            "(indberetter_shak), region og periode: forløb tilføjes eller rettes efter forloeb_id, "
            "og forløb som enhedens tidligere fil havde, men denne ikke har, fjernes. En fil med "
            "fejl afvises helt. Afslutningskode 0: alle filer indlæst; 1: mindst én afvist."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FIL", help="filer der skal indlæses")
    parser.add_argument(
        "--aarsag",
        metavar="TEKST",
        help="begrundelse; kræves når en allerede indberettet periode ændres",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="vis hvad der ville ske, uden at gemme noget",
    )
    parser.set_defaults(handler=run)


def _counts(new: int, changed: int, unchanged: int, removed: int, lang: str) -> str:
    def word(key: str, n: int) -> str:
        return messages.text(f"import.count.{key}_{'one' if n == 1 else 'other'}", lang, n=n)

    return ", ".join(
        (
            word("new", new),
            word("changed", changed),
            word("unchanged", unchanged),
            word("removed", removed),
        )
    )


def _print_findings(findings: list[Finding], *, errors_only: bool = False) -> None:
    for finding in findings:
        if errors_only and not finding.is_error:
            continue
        print(f"  {finding.severity} {finding.rule}  {finding.message}")


def _print_refused(file: str, findings: list[Finding], lang: str) -> None:
    print(messages.text("import.cli.refused", lang, file=file))
    _print_findings(findings)
    print(count_text(findings, lang))


def _print_plan(file: str, plan: ImportPlan, lang: str) -> None:
    counts = _counts(len(plan.new), len(plan.changed), plan.unchanged, len(plan.removed), lang)
    print(messages.text("import.cli.dry_run", lang, file=file, counts=counts))
    for change in plan.new:
        print(messages.text("import.cli.new", lang, id=change.forloeb_id))
    for change in plan.changed:
        fields = ", ".join(change.fields)
        print(messages.text("import.cli.changed", lang, id=change.forloeb_id, fields=fields))
    for change in plan.removed:
        print(messages.text("import.cli.removed", lang, id=change.forloeb_id))
    if plan.reason_required:
        periods = ", ".join(plan.delivered_periods)
        print(messages.text("import.cli.reason_needed", lang, periode=periods))


def _print_report(file: str, report: ImportReport, lang: str) -> None:
    counts = _counts(report.new, report.changed, report.unchanged, report.removed, lang)
    print(messages.text("import.cli.report", lang, file=file, counts=counts))
    if report.abroad_answered:
        print(
            messages.text(
                "import.cli.abroad",
                lang,
                aar=report.periode[:4],
                source=report.source,
                rows=report.abroad_rows,
                removed=report.abroad_removed,
            )
        )


def run(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.open_store()
    service_ctx = ctx.service_context()
    refused = 0
    try:
        for file in args.files:
            if args.dry_run:
                with store.read() as session:
                    plan = plan_import(session, file, service_ctx, lang=ctx.lang)
                if plan.refused:
                    _print_refused(file, plan.findings, ctx.lang)
                    refused += 1
                    continue
                _print_findings(plan.findings)
                _print_plan(file, plan, ctx.lang)
                continue
            try:
                with store.write() as session:
                    plan = plan_import(session, file, service_ctx, lang=ctx.lang)
                    if plan.refused:
                        raise ImportRefused(plan.findings)
                    report = apply_import(session, plan, service_ctx, args.aarsag, lang=ctx.lang)
            except ImportRefused as error:
                _print_refused(file, error.findings, ctx.lang)
                refused += 1
                continue
            except RuleViolation as error:
                print(messages.text("import.cli.refused", ctx.lang, file=file))
                print(f"  {error.message(ctx.lang)}")
                if error.field == "reason":
                    print("  " + messages.text("import.cli.use_aarsag", ctx.lang))
                refused += 1
                continue
            _print_findings(plan.findings)
            _print_report(file, report, ctx.lang)
    finally:
        store.dispose()
    return 1 if refused else 0
