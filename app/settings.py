"""Every setting of the program, declared once: key, type, default, scope and validation.

Two kinds, kept apart (Picard's options/config split):

- **installation settings** hold for everyone who uses the store: the own region and the own SHAK
  code. They are stored under their key (``region``).
- **user preferences** belong to one login: initials and language. They are stored per login under
  ``user.<login>.<key>`` (``user.hanne.initials``).

Window state (sizes, splitters, last folder) is not a setting and lives in the GUI's own QSettings.
Every value is kept as text; ``parse`` turns what a user typed into the stored form or raises
:class:`~app.errors.InputError` with the setting's key as the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app import messages
from app.domain.codes import codes
from app.domain.shak import parse_shak
from app.errors import InputError

USER_PREFIX = "user."
INITIALS_MAX = 10


class Scope(StrEnum):
    INSTALLATION = "installation"
    USER = "user"


@dataclass(frozen=True)
class SettingSpec:
    """One declared setting. ``value_type`` is the type of the parsed value (text for all so far)."""

    key: str
    scope: Scope
    default: str | None
    parse: Callable[[str], str]
    value_type: type[str] = str

    @property
    def label_id(self) -> str:
        """The message id of the setting's name as shown in a list (``settings.label.<key>``)."""
        return f"settings.label.{self.key}"

    def storage_key(self, login: str) -> str:
        """The key in the ``setting`` table: the key itself, or ``user.<login>.<key>``."""
        if self.scope is Scope.USER:
            return f"{USER_PREFIX}{login}.{self.key}"
        return self.key


def _nfkc(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip()


def parse_region(raw: str) -> str:
    """One of the five regions' codes (1081–1085)."""
    value = _nfkc(raw)
    allowed = sorted(codes("region"))
    if value not in allowed:
        raise InputError(
            "settings.region_invalid", field="region", value=raw.strip(), allowed=", ".join(allowed)
        )
    return value


def parse_own_shak(raw: str) -> str:
    """A valid SHAK code (4, 6 or 7 characters), normalised."""
    return parse_shak(raw, field="own_shak")


_LETTERS = re.compile(r"[^\W\d_]+")


def parse_initials(raw: str) -> str:
    """1–10 letters (æ, ø and å included), stored in capitals."""
    value = _nfkc(raw)
    if not value or len(value) > INITIALS_MAX or not _LETTERS.fullmatch(value):
        raise InputError(
            "settings.initials_invalid", field="initials", value=raw.strip(), max=INITIALS_MAX
        )
    return value.upper()


def parse_language(raw: str) -> str:
    """``da`` or ``en``."""
    value = _nfkc(raw).lower()
    if value not in messages.LANGUAGES:
        raise InputError(
            "settings.language_invalid",
            field="language",
            value=raw.strip(),
            allowed=", ".join(messages.LANGUAGES),
        )
    return value


PUBLISH_THRESHOLD_RANGE = (3, 100)
"""From 3: with 2, "<2" would say the count is 1."""


def parse_publish_threshold(raw: str) -> str:
    """A whole number 3–100: counts from 1 up to one below it are hidden in published summaries."""
    value = _nfkc(raw)
    low, high = PUBLISH_THRESHOLD_RANGE
    if not value.isdecimal() or not low <= int(value) <= high:
        raise InputError(
            "settings.publish_threshold_invalid",
            field="publish_threshold",
            value=raw.strip(),
            low=low,
            high=high,
        )
    return str(int(value))


REGION = SettingSpec("region", Scope.INSTALLATION, None, parse_region)
OWN_SHAK = SettingSpec("own_shak", Scope.INSTALLATION, None, parse_own_shak)
INITIALS = SettingSpec("initials", Scope.USER, None, parse_initials)
LANGUAGE = SettingSpec("language", Scope.USER, messages.DEFAULT_LANGUAGE, parse_language)
PUBLISH_THRESHOLD = SettingSpec(
    "publish_threshold", Scope.INSTALLATION, "5", parse_publish_threshold
)

SETTINGS: tuple[SettingSpec, ...] = (REGION, OWN_SHAK, PUBLISH_THRESHOLD, INITIALS, LANGUAGE)
"""Every setting, in the order they are shown."""

INSTALLATION_SETTINGS = tuple(s for s in SETTINGS if s.scope is Scope.INSTALLATION)
USER_SETTINGS = tuple(s for s in SETTINGS if s.scope is Scope.USER)


def spec(key: str) -> SettingSpec:
    """The declaration of ``key``; an unknown key is a programming error (KeyError)."""
    for candidate in SETTINGS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
