"""The PostgreSQL path is real: `make test` starts a server and the tests reach it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_postgres_server_answers_a_query(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 40 + 2")).scalar_one() == 42
            version = conn.execute(text("show server_version")).scalar_one()
            assert version.split(".")[0].isdigit()
    finally:
        engine.dispose()


def test_missing_server_fails_under_ci_instead_of_skipping(tmp_path: Path) -> None:
    """With CI=true and no server the fixture fails the run; without CI it skips."""
    test_file = tmp_path / "test_needs_pg.py"
    test_file.write_text(
        textwrap.dedent(
            """
            def test_uses_pg(pg_url):
                assert pg_url
            """
        )
    )
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())
    (tmp_path / "pg_databases.py").write_text((ROOT / "tests" / "pg_databases.py").read_text())
    env = {k: v for k, v in os.environ.items() if k != "MVK_TEST_PG_URL"}

    def run(ci: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
            cwd=tmp_path,
            env={**env, "CI": ci},
            capture_output=True,
            text=True,
            check=False,
        )

    in_ci = run("true")
    assert in_ci.returncode == 1, in_ci.stdout
    assert "1 error" in in_ci.stdout
    assert "with CI=true this is an error" in in_ci.stdout
    local = run("")
    assert local.returncode == 0, local.stdout
    assert "1 skipped" in local.stdout
