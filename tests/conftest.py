"""Shared test set-up: deterministic Hypothesis, offscreen Qt, the throwaway PostgreSQL server."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# CI (and `make test`) are deterministic: no deadline, derandomised. HYPOTHESIS_PROFILE=dev explores.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never write to the user's own log or state folders.
os.environ.setdefault("MVK_LOG_DIR", tempfile.mkdtemp(prefix="mvk-test-logs-"))
os.environ.setdefault("MVK_STATE_DIR", tempfile.mkdtemp(prefix="mvk-test-state-"))
# Tests never touch the user's own store or language.
os.environ.pop("MVK_DB_URL", None)
os.environ.pop("MVK_LANG", None)
os.environ.pop("MVK_TODAY", None)

PG_URL_ENV = "MVK_TEST_PG_URL"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of the throwaway PostgreSQL server that `.ci/with-postgres` started.

    Without one the test is skipped on a developer's machine; with CI=true a missing server fails the
    run instead, so CI can never pass with the PostgreSQL path untested.
    """
    url = os.environ.get(PG_URL_ENV)
    if not url:
        message = f"no PostgreSQL server ({PG_URL_ENV} is not set; run the tests with `make test`)"
        if in_ci():
            pytest.fail(message + " — with CI=true this is an error, not a skip")
        pytest.skip(message)
    yield url


# --- stores: the same tests on a real SQLite file and on the throwaway PostgreSQL server ---------

import shutil  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

from pg_databases import drop_pg_database, new_pg_database  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.clock import FixedClock  # noqa: E402
from app.services.context import ServiceContext  # noqa: E402
from app.store.engine import Store  # noqa: E402
from app.store.migrate import open_store  # noqa: E402

TODAY = date(2024, 6, 15)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file migrated to head once per test run; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    open_store(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_url: str) -> str:
    """A PostgreSQL database migrated to head once per run; each test gets a copy (TEMPLATE)."""
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS mvk_template"))
        conn.execute(text("CREATE DATABASE mvk_template"))
    admin.dispose()
    url = make_url(pg_url).set(database="mvk_template").render_as_string(hide_password=False)
    open_store(url).dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated store: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "mvk.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    pg_url = request.getfixturevalue("pg_url")
    request.getfixturevalue("pg_template")
    url = new_pg_database(pg_url, "mvk_template")
    yield url
    drop_pg_database(pg_url, url)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.dispose()


@pytest.fixture
def ctx() -> ServiceContext:
    """A service context with a fixed day (15-06-2024) and a test login."""
    return ServiceContext.default(FixedClock(TODAY), login="tester")
