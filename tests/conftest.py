"""Shared test set-up: deterministic Hypothesis, offscreen Qt, the throwaway PostgreSQL server."""

from __future__ import annotations

import os
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
