"""The built bundle (dist/mvk/, `make bundle`) as a user starts it: self-test, CLI, window, PostgreSQL.

`make test` builds the bundle before it runs pytest. Without a bundle these tests are skipped on a
developer's machine and fail with CI=true, so CI can never pass with the bundle untested.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "mvk"
# the console program: on Windows mvk.exe is windowed and prints nothing, mvk-cli.exe is the console
PROGRAM = BUNDLE / ("mvk-cli.exe" if sys.platform == "win32" else "mvk")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def program() -> Path:
    if not PROGRAM.is_file():
        message = f"no bundle at {PROGRAM.relative_to(ROOT)} (build it with `make bundle`)"
        if in_ci():
            pytest.fail(message + " — with CI=true this is an error, not a skip")
        pytest.skip(message)
    return PROGRAM


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """No display, and every folder of the user's own (data, logs, settings) in ``tmp_path``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "MVK_DB_URL", "MVK_LANG")
    }
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / "data"),
        XDG_STATE_HOME=str(tmp_path / "home" / "state"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / "config"),
        MVK_LOG_DIR=str(tmp_path / "logs"),
        MVK_STATE_DIR=str(tmp_path / "state"),
    )
    return env


def run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=program.parent.parent,
        timeout=300,
        check=False,
    )


def test_selftest_in_the_bundle(program: Path, user_env: dict[str, str]) -> None:
    result = run(program, user_env, "--selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"MVK {__version__} selvtest")
    assert lines[-1] == "Selvtesten bestået."
    for expected in (
        "✓ lager oprettet og migreret (revision ",
        "✓ kvartalets nationale fil dannet: MVK_1084_2024K2_",
        "✓ filen valideret: ingen FEJL",
        "✓ landenavne på dansk (DE = Tyskland)",
        "✓ dansk tid fundet (Europe/Copenhagen",
        "✓ PDF-rapport dannet",
        "✓ hovedvindue vist (offscreen)",
    ):
        assert any(line.startswith(expected) for line in lines), (expected, result.stdout)
    assert "Traceback" not in result.stderr


def test_version_of_the_bundle_is_the_package_version(
    program: Path, user_env: dict[str, str]
) -> None:
    result = run(program, user_env, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"mvk {__version__}"
    assert __version__ != "0.0.0+source"  # the metadata is in the bundle, not a fallback


def test_command_line_of_the_bundle(program: Path, user_env: dict[str, str]) -> None:
    result = run(
        program,
        user_env,
        "rules",
        "--type",
        "BEHANDLING",
        "--henvisning",
        "2024-04-01",
        "--samtykke",
        "2024-04-20",
        "--slut",
        "2024-04-30",
        "--aarsag",
        "KAPACITET_HENVIST",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"frist": "2024-04-29", "ventedage": 29, "kategori": 2}
    assert run(program, user_env, "rules", "--help").returncode == 0


@pytest.fixture
def set_up_store(program: Path, user_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    done = run(
        program,
        user_env,
        "--db",
        url,
        "settings",
        "--region",
        "1084",
        "--shak",
        "1301",
        "--initials",
        "AB",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield url


def test_the_window_opens_from_the_bundle_and_stays_up(
    program: Path, user_env: dict[str, str], set_up_store: str, tmp_path: Path
) -> None:
    """The GUI (offscreen) on a set-up store: still running after some seconds, nothing logged."""
    env = {**user_env, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [str(program), "--db", set_up_store],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        time.sleep(8)
        still_running = process.poll() is None
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    assert still_running, f"the window closed by itself (exit {process.returncode}):\n{out}\n{err}"
    assert "Traceback" not in err, err
    log = tmp_path / "logs" / "mvk.log"
    logged = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "ERROR" not in logged and "CRITICAL" not in logged, logged


@pytest.mark.postgres
def test_the_bundle_migrates_and_uses_a_postgresql_store(
    program: Path, user_env: dict[str, str], pg_url: str
) -> None:
    """psycopg's binary libpq and the PostgreSQL dialect are in the bundle."""
    from pg_databases import drop_pg_database, new_pg_database

    url = new_pg_database(pg_url, None)  # empty: the bundle's own migrations create the schema
    try:
        upgraded = run(program, user_env, "--db", url, "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
        settings = run(program, user_env, "--db", url, "settings", "--region", "1084")
        assert settings.returncode == 0, settings.stdout + settings.stderr
        checked = run(program, user_env, "--db", url, "db", "check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        drop_pg_database(pg_url, url)
