"""The Qt-free message catalogue (``resources/messages.toml``): Danish first, English second."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from app.resources_access import resource_toml

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    flat: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            texts = {k: v for k, v in value.items() if isinstance(v, str)}
            if texts:
                flat[name] = texts
            flat.update(_flatten({k: v for k, v in value.items() if isinstance(v, dict)}, name))
    return flat


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message id with its texts per language."""
    return _flatten(resource_toml("messages.toml"))


def current_language() -> str:
    """The language for app/ output: ``MVK_LANG`` when it names a known language, else Danish."""
    lang = os.environ.get("MVK_LANG", DEFAULT_LANGUAGE).strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def text(message_id: str, lang: str | None = None, **params: object) -> str:
    """The message ``message_id`` in ``lang`` with ``params`` filled in.

    An unknown id gives the id itself, so a missing text is visible rather than a crash.
    """
    texts = catalogue().get(message_id)
    if texts is None:
        return message_id
    template = texts.get(lang or current_language()) or texts[DEFAULT_LANGUAGE]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def days(n: int, lang: str | None = None) -> str:
    """``n`` with the right word for day(s): "1 dag", "2 dage"."""
    return f"{n} {text('unit.day' if abs(n) == 1 else 'unit.days', lang)}"
