"""Opening a store: check it is ours and sound, back it up, bring its schema to this version's head.

A store from a newer version (a revision this program does not know) is refused, never modified. A
SQLite store on a network share is refused for writing (:mod:`app.store.location`). An existing
SQLite store is checked at every start (application id, ``quick_check``, schema version); a damaged
one is opened read-only with a notice that says how to restore it (``Store.damaged``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from app.clock import Clock, SystemClock
from app.paths import describe_db_url
from app.store.engine import (
    APPLICATION_ID,
    ConnectionOptions,
    Store,
    _translate,
    check_application,
    create_store_engine,
    header_application_id,
    quick_check,
    split_readonly,
    sqlite_path,
    stamp_application_id,
)
from app.store.errors import StoreDamaged, StoreOnNetwork, StoreTooNew


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


def _damage(engine: Engine, path: Path | None, location: str) -> StoreDamaged | None:
    """The start check of an existing SQLite store of ours: None when ``quick_check`` is ok.

    Whose file it is comes from the header's bytes, which a damaged file still has.
    """
    from app.store.backup import backups_dir

    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    if header_application_id(path) != APPLICATION_ID:
        return None  # not ours (or not a database): check_application explains it
    problem = quick_check(engine)
    if problem is None:
        return None
    return StoreDamaged(location, problem, str(backups_dir(path)))


def _keep_statistics(engine: Engine) -> None:
    """The planner's statistics at start (a large store that grew by an import or a demo)."""
    from app.store.engine import refresh_statistics

    try:
        with engine.begin() as conn:
            refresh_statistics(conn)
    except DBAPIError:  # busy or read-only after all: the store works without, only slower
        return


def _open_damaged(url: str, damaged: StoreDamaged, options: ConnectionOptions | None) -> Store:
    """A damaged store, read-only; too damaged to read at all, it is refused with the same notice."""
    engine = create_store_engine(url, readonly=True, options=options)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    except DBAPIError as error:
        engine.dispose()
        raise StoreDamaged(
            damaged.location, damaged.detail, damaged.backups, readable=False
        ) from error
    return Store(url=url, engine=engine, readonly=True, damaged=damaged)


def open_store(
    url: str,
    *,
    readonly: bool = False,
    migrate: bool = True,
    clock: Clock | None = None,
    options: ConnectionOptions | None = None,
    on_network: Callable[[Path], bool] | None = None,
) -> Store:
    """Open (and create, and upgrade) the store at ``url``.

    ``?mode=ro`` in a SQLite URL opens it read-only, as ``readonly=True`` does. A SQLite file on a
    network location (``on_network``, by default :func:`app.store.location.network_check`) is
    refused for writing with :class:`StoreOnNetwork`. An existing SQLite store that fails
    ``quick_check`` is opened read-only with ``Store.damaged`` set. Before an existing SQLite store
    is migrated, an online backup is written beside it.
    """
    from app.store.backup import backup_before_migration
    from app.store.location import network_check

    url, asked_readonly = split_readonly(url)
    readonly = readonly or asked_readonly
    path = sqlite_path(url)
    if path is not None and not readonly and (on_network or network_check)(path):
        raise StoreOnNetwork(describe_db_url(url))
    engine = create_store_engine(url, readonly=readonly, options=options)
    store = Store(url=url, engine=engine, readonly=readonly)
    try:
        if store.is_sqlite:
            damaged = _damage(engine, path, store.location)
            if damaged is not None:
                engine.dispose()
                return _open_damaged(url, damaged, options)
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
        if store.is_sqlite and not readonly and migrate:
            _keep_statistics(engine)
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
