"""``mvk export`` (the quarter's national file) and ``mvk deliveries`` (what was delivered)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from app import messages
from app.cli.validate_cmd import count_text
from app.domain.periods import Period
from app.services import export as export_service
from app.services.export import ExportBlocked

if TYPE_CHECKING:
    from app.cli import Context


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "export",
        help="dan kvartalets nationale indberetningsfil",
        description=(
            "Kontrollerer periodens data med modtagerens regler og danner filen "
            "MVK_<region>_<periode>_<tid>.xlsx. Ved fejl skrives intet (afslutningskode 1)."
        ),
    )
    parser.add_argument("--region", required=True, help="regionskode, fx 1084")
    parser.add_argument(
        "--period", required=True, type=Period.parse, metavar="ÅÅÅÅKn", help="kvartal, fx 2024K2"
    )
    parser.add_argument(
        "--unit",
        metavar="SHAK",
        help="indberetter_shak i filen (standard: egen SHAK-kode); vælger ingen rækker",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="MAPPE",
        help="mappe filen skrives i (standard: den aktuelle)",
    )
    parser.add_argument(
        "--proeve",
        action="store_true",
        help="prøveudtræk: filen hedder PROEVE_MVK_… og registreres ikke som leverance",
    )
    parser.set_defaults(handler=run_export)

    deliveries = sub.add_parser(
        "deliveries",
        help="vis de leverede filer",
        description="Viser hvad der er leveret, hvornår, af hvem, med SHA-256.",
    )
    deliveries.add_argument("--region", help="kun denne region")
    deliveries.add_argument(
        "--period", type=Period.parse, metavar="ÅÅÅÅKn", help="kun denne periode"
    )
    deliveries.add_argument("--json", action="store_true", help="udskriv én JSON-liste")
    deliveries.add_argument(
        "--changes",
        action="store_true",
        help="vis hvad der er ændret siden hver periodes seneste leverance (efterindberetning)",
    )
    deliveries.set_defaults(handler=run_deliveries)


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.open_store()
    service_ctx = ctx.service_context()
    try:
        with store.write() as session:
            result = export_service.export(
                session,
                args.region,
                args.period,
                args.out,
                service_ctx,
                unit=args.unit,
                trial=args.proeve,
            )
    except ExportBlocked as blocked:
        print(blocked.message(ctx.lang))
        for finding in blocked.findings:
            place = f"{finding.sheet or ''} {finding.row or ''}".strip()
            print(
                f"  {finding.severity} {finding.rule}  {finding.message}"
                + (f"  [{place}]" if place and place not in finding.message else "")
            )
        print(count_text(blocked.findings, ctx.lang))
        return 1
    finally:
        store.dispose()
    for finding in result.findings:
        print(f"  {finding.severity} {finding.rule}  {finding.message}")
    if result.trial:
        print(messages.text("export.cli.trial", ctx.lang, rows=result.antal_forloeb))
    elif result.delivery is not None:
        print(
            messages.text(
                "export.cli.delivered",
                ctx.lang,
                leverance=result.delivery.leverance,
                rows=result.antal_forloeb,
                udland=result.antal_udland,
            )
        )
    print(result.path)
    return 0


def run_deliveries(args: argparse.Namespace, ctx: Context) -> int:
    if args.changes:
        from app.cli import changes_cmd

        return changes_cmd.run(args, ctx)
    store = ctx.open_store()
    try:
        with store.read() as session:
            found = export_service.deliveries(session, args.region, args.period)
    finally:
        store.dispose()
    if args.json:
        print(json.dumps([d.__dict__ for d in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(messages.text("export.cli.no_deliveries", ctx.lang))
        return 0
    for d in found:
        print(
            f"{d.region} {d.periode} leverance {d.leverance}  {d.dannet}  {d.dannet_af}  "
            f"{d.antal_forloeb} forløb, {d.antal_udland} udland  {d.file_name}"
        )
        print(f"    SHA-256 {d.sha256}")
    return 0
