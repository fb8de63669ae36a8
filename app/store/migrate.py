"""Opening a store: check it is ours, back it up, bring its schema to this version's head.

A store from a newer version (a revision this program does not know) is refused, never modified.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.clock import Clock, SystemClock
from app.store.engine import (
    Store,
    _translate,
    check_application,
    create_store_engine,
    sqlite_path,
    stamp_application_id,
)
from app.store.errors import StoreTooNew


def alembic_config() -> Config:
    config = Config()
    location = resources.files("app.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def open_store(
    url: str,
    *,
    readonly: bool = False,
    migrate: bool = True,
    clock: Clock | None = None,
) -> Store:
    """Open (and create, and upgrade) the store at ``url``.

    Before an existing SQLite store is migrated, an online backup is written beside it.
    """
    from app.store.backup import backup_before_migration

    engine = create_store_engine(url, readonly=readonly)
    store = Store(url=url, engine=engine, readonly=readonly)
    try:
        path = sqlite_path(url)
        if store.is_sqlite:
            check_application(engine, store.location)
        revision = current_revision(engine)
        if revision is not None and revision not in known_revisions():
            raise StoreTooNew(revision)
        if migrate and not readonly and revision != head_revision():
            if path is not None and revision is not None:
                backup_before_migration(engine, path, revision, clock or SystemClock())
            if store.is_sqlite:
                stamp_application_id(engine)
            upgrade(engine)
    except BaseException as error:
        engine.dispose()
        translated = _translate(error, store.location)  # e.g. a server that does not answer
        if translated is error:
            raise
        raise translated from error
    return store


def is_current(store: Store) -> bool:
    return current_revision(store.engine) == head_revision()


__all__ = ["Path", "alembic_config", "current_revision", "head_revision", "open_store", "upgrade"]
