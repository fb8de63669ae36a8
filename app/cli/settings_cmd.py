"""``mvk settings``: show the settings, or set the own region, own SHAK code, initials and language.

The region and the SHAK code hold for everyone who uses the store; initials and language belong to
the login that runs the command. Either every given value is valid and saved, or nothing is.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app import messages
from app.domain.codes import label
from app.services import settings as settings_service
from app.services.settings import SettingValue
from app.settings import INITIALS, LANGUAGE, OWN_SHAK, PUBLISH_THRESHOLD, REGION, Scope, spec

if TYPE_CHECKING:
    from app.cli import Context

# option → setting key
OPTIONS = {
    "region": REGION.key,
    "shak": OWN_SHAK.key,
    "initials": INITIALS.key,
    "language": LANGUAGE.key,
    "threshold": PUBLISH_THRESHOLD.key,
}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "settings",
        help="vis eller ret egen region, egen SHAK-kode, initialer og sprog",
        description=(
            "Uden tilvalg vises alle indstillinger. Region og SHAK-kode gælder for alle, der "
            "bruger lageret; initialer og sprog gælder kun dit eget login."
        ),
    )
    parser.add_argument("--region", metavar="KODE", help="egen region: 1081–1085")
    parser.add_argument("--shak", metavar="KODE", help="egen SHAK-kode (4, 6 eller 7 tegn)")
    parser.add_argument("--initials", metavar="BOGSTAVER", help="dine initialer (1–10 bogstaver)")
    parser.add_argument("--language", metavar="SPROG", help="dit sprog: da eller en")
    parser.add_argument(
        "--threshold",
        metavar="N",
        help="tal under N vises som «<N» i tal til offentliggørelse (standard 5)",
    )
    parser.set_defaults(handler=run)


def _shown(value: SettingValue, lang: str) -> str:
    if value.value is None:
        return messages.text("settings.not_set", lang)
    shown = value.value
    if value.key == REGION.key:
        shown = f"{shown} ({label('region', shown, lang)})"
    if value.is_default:
        shown += f" {messages.text('settings.default_marker', lang)}"
    return shown


def _print_all(values: list[SettingValue], login: str, lang: str) -> None:
    heading = {
        Scope.INSTALLATION: messages.text("settings.heading_installation", lang),
        Scope.USER: messages.text("settings.heading_user", lang, login=login),
    }
    current: Scope | None = None
    for value in values:
        if value.scope is not current:
            current = value.scope
            print(heading[current])
        print(f"  {messages.text(spec(value.key).label_id, lang)}: {_shown(value, lang)}")


def run(args: argparse.Namespace, ctx: Context) -> int:
    service_ctx = ctx.service_context()
    login = service_ctx.actor.login
    wanted = {
        key: getattr(args, option)
        for option, key in OPTIONS.items()
        if getattr(args, option) is not None
    }
    store = ctx.open_store()
    try:
        if wanted:
            with store.write() as session:
                settings_service.set_many(session, service_ctx, wanted)
        with store.read() as session:
            values = settings_service.all(session, login)
    finally:
        store.dispose()
    if wanted:
        print(messages.text("settings.saved", ctx.lang))
    _print_all(values, login, ctx.lang)
    return 0
