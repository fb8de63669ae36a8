"""``mvk demo``: fill a store with realistic synthetic data (deterministic for a seed and a day)."""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import TYPE_CHECKING

from app import messages
from app.clock import FixedClock
from app.domain import codes
from app.domain.dates import format_date

if TYPE_CHECKING:
    from app.cli import Context
    from app.services.demo import DemoSummary


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("skal være 0 eller større")
    return value


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "demo",
        help="fyld et lager med realistiske, opdigtede demodata",
        description=(
            "Lægger opdigtede data i et lager uden forløb: 1–3 private samarbejdssygehuse, forløb "
            "over de seneste ca. to år (mest udredninger for brystkræft), overskridelser med "
            "årsager, afbrudte og åbne forløb, samt optællingen af udenlandske forløb for sidste "
            "år. Samme frø og samme dato giver altid de samme data."
        ),
    )
    parser.add_argument(
        "--pathways", type=_count, default=1000, metavar="N", help="antal forløb (standard 1000)"
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="frø (standard 1)")
    parser.add_argument(
        "--today",
        dest="demo_today",
        metavar="ÅÅÅÅ-MM-DD",
        type=date.fromisoformat,
        help="dags dato for data (ellers den globale --today eller computerens dato)",
    )
    parser.add_argument(
        "--region",
        type=str,
        choices=sorted(codes.codes("region")),
        help="regionen (ellers installationens region, ellers 1084)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import replace

    from app.services import demo

    if args.demo_today is not None:
        ctx = replace(ctx, clock=FixedClock(args.demo_today))
    store = ctx.open_store()
    started = time.perf_counter()
    try:
        with store.write() as session:
            summary = demo.generate(
                session,
                ctx.service_context(),
                pathways=args.pathways,
                seed=args.seed,
                region=args.region,
            )
    finally:
        store.dispose()
    print_summary(summary, ctx.lang, time.perf_counter() - started)
    return 0


def print_summary(summary: DemoSummary, lang: str, seconds: float) -> None:
    def say(message_id: str, **params: object) -> None:
        print(messages.text(message_id, lang, **params))

    say(
        "demo.summary.title",
        pathways=summary.pathways,
        region=summary.region,
        today=format_date(summary.today),
        seconds=f"{seconds:.1f}",
    )
    for partner in summary.partners:
        say("demo.summary.partner", shak=partner.shak, name=partner.name)
    say(
        "demo.summary.status",
        aaben=summary.by_status["aaben"],
        afsluttet=summary.by_status["afsluttet"],
        afbrudt=summary.by_status["afbrudt"],
    )
    say(
        "demo.summary.types",
        udredning=summary.by_forloebstype["UDREDNING"],
        behandling=summary.by_forloebstype["BEHANDLING"],
        efterbehandling=summary.by_forloebstype["EFTERBEHANDLING"],
    )
    say(
        "demo.summary.overruns",
        overruns=summary.overruns,
        kategori2=summary.by_kategori[2],
        kategori3=summary.by_kategori[3],
    )
    say("demo.summary.open", overdue=summary.open_overdue, soon=summary.open_soon)
    say(
        "demo.summary.abroad",
        rows=summary.abroad_rows,
        total=summary.abroad_total,
        year=summary.abroad_year,
    )
    if summary.settings_written:
        say("demo.summary.settings", region=summary.region, own_shak=summary.own_shak)
