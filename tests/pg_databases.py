"""Throwaway PostgreSQL databases for tests: one per test, copied from a migrated template.

A module of its own (not conftest) so test files can import it: several conftest modules exist.
"""

from __future__ import annotations

import itertools
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

_db_counter = itertools.count(1)


def new_pg_database(pg_url: str, template: str | None) -> str:
    name = f"mvk_test_{os.getpid()}_{next(_db_counter)}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        suffix = f" TEMPLATE {template}" if template else ""
        conn.execute(text(f"CREATE DATABASE {name}{suffix}"))
    admin.dispose()
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(pg_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()
