"""``mvk validate [--json] FILE...``: the receiver's validator on national files.

Exit status 0 when no file has a FEJL, 1 when one has (an unreadable or missing file is S01), 2 for
wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app import messages
from app.submission.findings import Finding
from app.submission.validator import has_errors, validate_file

if TYPE_CHECKING:
    from app.cli import Context


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "validate",
        help="kontrollér indberetningsfiler efter formatets regler",
        description=(
            "Kontrollerer nationale indberetningsfiler (.xlsx) med modtagerens regler og viser fejl "
            "(afviser filen) og advarsler. Afslutningskode 0: ingen fejl; 1: mindst én fejl."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FIL", help="filer der skal kontrolleres")
    parser.add_argument(
        "--json",
        action="store_true",
        help="udskriv én JSON-liste med alle fund (file, rule, severity, sheet, row, column, message)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    per_file = [(file, validate_file(file, lang=ctx.lang)) for file in args.files]
    everything = [f for _, found in per_file for f in found]
    if args.json:
        print(json.dumps([f.as_dict() for f in everything], ensure_ascii=False, indent=2))
    else:
        _print_listing(per_file, ctx.lang)
    return 1 if has_errors(everything) else 0


def count_text(findings: list[Finding], lang: str | None = None) -> str:
    """The count line, e.g. ``2 fejl, 1 advarsel``."""
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    error_text = messages.text(
        "validator.cli.errors_one" if errors == 1 else "validator.cli.errors_other", lang, n=errors
    )
    warning_text = messages.text(
        "validator.cli.warnings_one" if warnings == 1 else "validator.cli.warnings_other",
        lang,
        n=warnings,
    )
    return f"{error_text}, {warning_text}"


def _print_listing(per_file: list[tuple[str, list[Finding]]], lang: str) -> None:
    for index, (file, findings) in enumerate(per_file):
        if index:
            print()
        print(messages.text("validator.cli.file", lang, file=file))
        if not findings:
            print("  " + messages.text("validator.cli.none", lang))
        for finding in findings:
            print(f"  {finding.severity} {finding.rule}  {finding.message}")
        print(count_text(findings, lang))
    if len(per_file) > 1:
        everything = [f for _, found in per_file for f in found]
        print()
        print(
            messages.text(
                "validator.cli.total",
                lang,
                files=len(per_file),
                counts=count_text(everything, lang),
            )
        )
