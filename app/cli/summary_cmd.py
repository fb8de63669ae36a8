"""``mvk summary``: the quarter overview of a region — on screen, as JSON, as PDF and as XLSX."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import messages
from app.domain import codes
from app.domain.periods import Period
from app.errors import InputError
from app.report import labels
from app.report.as_json import as_json
from app.report.figures import summarise
from app.report.publish import Report, present
from app.report.sections import key_figures
from app.services import settings as settings_service

if TYPE_CHECKING:
    from app.cli import Context

_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "summary",
        help="kvartalsoverblik: tal, andele, PDF-rapport og XLSX-tabeller",
        description=(
            "Tæller periodens forløb (dem, hvis start eller afbrydelse ligger i perioden) pr. "
            "kategori, årsag, forløbstype, sygehus og måned. Med --publish skjules små tal "
            "(«<5») og tal, de ellers kunne regnes ud fra («..»)."
        ),
    )
    parser.add_argument("--region", help="regionskode, fx 1084 (standard: egen region)")
    parser.add_argument(
        "--period", required=True, metavar="ÅÅÅÅKn", help="kvartal, fx 2024K2 (med --year: 2024)"
    )
    parser.add_argument("--year", action="store_true", help="hele året, som perioden ligger i")
    parser.add_argument(
        "--publish",
        action="store_true",
        help="til offentliggørelse: skjul små tal (tærsklen er indstillingen publish_threshold)",
    )
    parser.add_argument("--pdf", type=Path, metavar="FIL", help="gem en PDF-rapport her")
    parser.add_argument("--xlsx", type=Path, metavar="FIL", help="gem tabellerne som XLSX her")
    parser.add_argument("--json", action="store_true", help="udskriv ét JSON-objekt")
    parser.set_defaults(handler=run)


def parse_period(text: str, year: bool) -> Period:
    """``2024K2``; with ``year`` also a bare year (``2024`` → its 4th quarter)."""
    match = _YEAR.match(text)
    if match and year:
        return Period(int(match.group(1)), 4)
    try:
        return Period.parse(text)
    except InputError:
        if year:
            raise InputError("summary.year_form", field="periode", value=text) from None
        raise


def _print(report: Report, lang: str) -> None:
    summary = report.summary
    title = labels.text("report.title_year" if summary.year else "report.title", lang)
    print(
        f"{title}: {labels.region_name(summary.region, lang)} ({summary.region}), "
        f"{labels.period_text(summary, lang)} ({labels.period_span(summary, lang)})"
    )
    if report.publish:
        print(f"  {labels.text('report.edition.publish', lang, threshold=report.threshold)}")
    section = key_figures(report, lang)
    for name, value, share in section.rows:
        if isinstance(value, float):
            value = labels.decimal(value, 0 if value.is_integer() else 1, lang=lang)
        shown = labels.number(value, lang) if isinstance(value, int | str) else "–"
        extra = f" ({labels.percent(share, lang)})" if share is not None else ""
        print(f"  {name}: {shown}{extra}")
    print(
        f"  {labels.text('report.key.inden_for_frist', lang)}: {labels.percent(report.inden_for_frist_pct, lang)}"
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    period = parse_period(args.period, args.year)
    service_ctx = ctx.service_context()
    store = ctx.open_store()
    try:
        with store.read() as session:
            region = args.region or settings_service.installation(session).region
            if not region:
                raise InputError("field.required", field="region")
            region = region.strip()
            if region not in codes.codes("region"):
                raise InputError("code.unknown", field="region", value=region)
            threshold = settings_service.publish_threshold(session)
            summary = summarise(
                session, region, period, year=args.year, today=service_ctx.clock.today()
            )
    finally:
        store.dispose()
    report = present(summary, publish=args.publish, threshold=threshold)
    made = service_ctx.clock.now()
    written: list[str] = []
    if args.pdf:
        from app.report.pdf import write_pdf

        write_pdf(report, args.pdf, made=made, lang=ctx.lang)
        written.append(messages.text("summary.cli.pdf_written", ctx.lang, path=args.pdf))
    if args.xlsx:
        from app.report.xlsx import write_xlsx

        write_xlsx(report, args.xlsx, made=made, lang=ctx.lang)
        written.append(messages.text("summary.cli.xlsx_written", ctx.lang, path=args.xlsx))
    if args.json:
        print(json.dumps(as_json(report), ensure_ascii=False, indent=2))
        for line in written:  # the JSON alone on stdout: a script can parse it
            print(line, file=sys.stderr)
        return 0
    _print(report, ctx.lang)
    for line in written:
        print(line)
    return 0
