"""Read and change settings (declared in :mod:`app.settings`); every change is audited.

``get``, ``set`` and ``all`` are the module's verbs (``settings.set(...)``); inside this module the
built-ins of those names are not used.

Like every service, these take a ``Session`` from the caller and never commit. Installation settings
are stored under their key, a user's preferences under ``user.<login>.<key>``. A setting that was
never set reads as its declared default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.context import ServiceContext
from app.settings import (
    INITIALS,
    LANGUAGE,
    OWN_SHAK,
    PUBLISH_THRESHOLD,
    REGION,
    SETTINGS,
    Scope,
    SettingSpec,
    spec,
)
from app.store import audit
from app.store.models import Setting

ENTITY = "setting"


@dataclass(frozen=True)
class SettingValue:
    """One setting as a user sees it: the stored value, or the default when never set."""

    key: str
    scope: Scope
    value: str | None
    is_default: bool
    updated_at: str | None = None
    updated_by: str | None = None


@dataclass(frozen=True)
class InstallationSettings:
    """What holds for everyone who uses this store."""

    region: str | None
    own_shak: str | None


@dataclass(frozen=True)
class UserPreferences:
    """One login's own choices."""

    login: str
    initials: str | None
    language: str


def _row(session: Session, storage_key: str, *, lock: bool = False) -> Setting | None:
    query = select(Setting).where(Setting.key == storage_key)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def _value(declared: SettingSpec, row: Setting | None) -> SettingValue:
    if row is None:
        return SettingValue(declared.key, declared.scope, declared.default, is_default=True)
    return SettingValue(
        declared.key,
        declared.scope,
        row.value,
        is_default=False,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def get(session: Session, key: str, login: str | None = None) -> SettingValue:
    """The setting ``key``; a user preference needs the ``login`` it belongs to."""
    declared = spec(key)
    if declared.scope is Scope.USER and login is None:
        raise ValueError(f"the user setting {key!r} needs a login")
    return _value(declared, _row(session, declared.storage_key(login or "")))


def publish_threshold(session: Session) -> int:
    """Counts from 1 up to one below this are hidden in summaries for publication."""
    raw = get(session, PUBLISH_THRESHOLD.key).value
    return int(PUBLISH_THRESHOLD.parse(raw or PUBLISH_THRESHOLD.default or "5"))


def all(session: Session, login: str) -> list[SettingValue]:
    """Every declared setting, installation settings first, the preferences of ``login`` after."""
    return [get(session, declared.key, login) for declared in SETTINGS]


def set(session: Session, ctx: ServiceContext, key: str, raw: str) -> SettingValue:
    """Validate ``raw`` and store it (a preference for ``ctx``'s login); audited when it changes.

    An invalid value raises :class:`~app.errors.InputError` naming the setting as the field.
    """
    declared = spec(key)
    value = declared.parse(raw)
    storage_key = declared.storage_key(ctx.actor.login)
    row = _row(session, storage_key, lock=True)
    old = row.value if row is not None else None
    if row is not None and old == value:
        return _value(declared, row)
    at = ctx.timestamp()
    if row is None:
        row = Setting(key=storage_key, value=value, updated_at=at, updated_by=ctx.actor.login)
        session.add(row)
    else:
        row.value = value
        row.updated_at = at
        row.updated_by = ctx.actor.login
    session.flush()
    audit.append(
        session,
        actor=ctx.actor,
        at=at,
        action="create" if old is None else "update",
        entity=ENTITY,
        entity_id=storage_key,
        changes={"value": [old, value]},
    )
    return _value(declared, row)


def set_many(
    session: Session, ctx: ServiceContext, values: Mapping[str, str]
) -> list[SettingValue]:
    """Set several settings at once: every value is validated before any is stored."""
    for key, raw in values.items():
        spec(key).parse(raw)
    return [set(session, ctx, key, raw) for key, raw in values.items()]


def installation(session: Session) -> InstallationSettings:
    return InstallationSettings(
        region=get(session, REGION.key).value, own_shak=get(session, OWN_SHAK.key).value
    )


def preferences(session: Session, login: str) -> UserPreferences:
    language = get(session, LANGUAGE.key, login).value
    return UserPreferences(
        login=login,
        initials=get(session, INITIALS.key, login).value,
        language=language or LANGUAGE.default or "da",
    )
