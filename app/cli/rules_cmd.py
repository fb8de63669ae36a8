"""``mvk rules``: a small window onto the deadline rules, for support staff."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app import messages
from app.domain.codes import Forloebstype
from app.domain.dates import format_date, parse_user_date
from app.domain.rules import evaluate

if TYPE_CHECKING:
    from app.cli import Context


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "rules",
        help="beregn frist, ventedage og kategori for et forløb",
        description=(
            "Beregner fristen efter reglerne for maksimale ventetider og, når en slutdato er givet, "
            "ventedage og kategori. Datoer skrives ÅÅÅÅ-MM-DD (eller dd-mm-åååå)."
        ),
    )
    parser.add_argument(
        "--type",
        dest="forloebstype",
        required=True,
        type=str.upper,
        choices=[t.value for t in Forloebstype],
        help="forløbstype",
    )
    parser.add_argument("--henvisning", required=True, help="dato for modtaget henvisning")
    parser.add_argument(
        "--samtykke", help="dato for patientens samtykke (behandling/efterbehandling)"
    )
    parser.add_argument("--slut", help="slutdato: start eller afbrydelse")
    parser.add_argument(
        "--aarsag", type=str.upper, help="årsagskode ved overskridelse, fx KAPACITET_HENVIST"
    )
    parser.add_argument("--json", action="store_true", help="udskriv ét JSON-objekt")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    today = ctx.clock.today()
    henvisning = parse_user_date(args.henvisning, today, field="henvisning_modtaget")
    samtykke = parse_user_date(args.samtykke or "", today, field="samtykke")
    slut = parse_user_date(args.slut or "", today, field="slut")
    if henvisning is None:
        from app.errors import InputError

        raise InputError("rules.henvisning_required", field="henvisning_modtaget")
    outcome = evaluate(args.forloebstype, henvisning, samtykke, slut, args.aarsag or None)
    if args.json:
        print(
            json.dumps(
                {
                    "frist": outcome.frist.dato.isoformat(),
                    "ventedage": outcome.ventedage,
                    "kategori": outcome.kategori,
                }
            )
        )
        return 0
    lang = ctx.lang
    frist_label = "cli.frist_foreloebig" if outcome.frist.provisional else "cli.frist"
    print(f"{messages.text(frist_label, lang)}: {format_date(outcome.frist.dato)}")
    if outcome.ventedage is not None and outcome.kategori is not None:
        print(f"{messages.text('cli.ventedage', lang)}: {outcome.ventedage}")
        kategori_text = messages.text(f"cli.kategori.{outcome.kategori}", lang)
        print(f"{messages.text('cli.kategori', lang)}: {outcome.kategori} ({kategori_text})")
    return 0
