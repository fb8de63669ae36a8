"""``mvk deliveries --changes``: for each delivered period, what changed since its latest delivery
and whether a correction (a new delivery of the period) is due.

Exit status 0 (a due correction is information, not an error).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from app import messages
from app.services import changes as changes_service
from app.services.changes import PeriodChanges

if TYPE_CHECKING:
    from app.cli import Context


def _counts(found: PeriodChanges, lang: str) -> str:
    def word(key: str, n: int) -> str:
        return messages.text(f"changes.count.{key}_{'one' if n == 1 else 'other'}", lang, n=n)

    return ", ".join(
        (
            word("new", len(found.new)),
            word("changed", len(found.changed)),
            word("removed", len(found.removed)),
        )
    )


def print_period(found: PeriodChanges, lang: str) -> None:
    print(
        messages.text(
            "changes.cli.period",
            lang,
            region=found.region,
            periode=found.periode,
            leverance=found.leverance,
            dannet=found.dannet,
            counts=_counts(found, lang),
        )
    )
    for delta in found.new:
        print(messages.text("changes.cli.new", lang, id=delta.forloeb_id))
    for delta in found.changed:
        fields = ", ".join(d.field for d in delta.fields)
        print(messages.text("changes.cli.changed", lang, id=delta.forloeb_id, fields=fields))
    for delta in found.removed:
        print(messages.text("changes.cli.removed", lang, id=delta.forloeb_id))
    if found.abroad_changed:
        print(messages.text("changes.cli.abroad", lang, aar=found.periode[:4]))
    if not found.verified:
        print(messages.text("changes.cli.unverified", lang))
    key = "changes.cli.due" if found.correction_due else "changes.cli.none"
    print(messages.text(key, lang))


def run(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.open_store()
    try:
        with store.read() as session:
            found = changes_service.since_delivery(session, args.region, args.period)
    finally:
        store.dispose()
    if args.json:
        print(json.dumps([asdict(f) for f in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(messages.text("export.cli.no_deliveries", ctx.lang))
        return 0
    for index, period_changes in enumerate(found):
        if index:
            print()
        print_period(period_changes, ctx.lang)
    return 0
