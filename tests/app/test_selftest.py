"""`mvk --selftest` from the source tree: every step passes, and a broken step fails clearly."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app import __version__
from app.cli import build_parser
from app.cli.selftest_cmd import run_selftest
from app.clock import Clock
from app.store.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]

APP_STEPS = (
    f"✓ lager oprettet og migreret (revision {head_revision()})",
    "✓ egen region 1084 og SHAK-kode 1301 gemt",
    "✓ samarbejdspartner 8001 Selvtest Privathospital registreret",
    "✓ forløb registreret (frist 2024-04-16, 6 ventedage, kategori 1)",
    "✓ kvartalets nationale fil dannet: MVK_1084_2024K2_20240710T120000.xlsx (1 forløb)",
    "✓ filen valideret: ingen FEJL, 0 advarsler",
    "✓ landenavne på dansk (DE = Tyskland)",
    "✓ dansk tid fundet (Europe/Copenhagen, sommertid +02:00)",
    "✓ PDF-rapport dannet",
    "✓ lageret lukket",
)
WINDOW_STEP = "✓ hovedvindue vist (offscreen)"

NO_QT = (
    "import sys\n"
    "class _NoQt:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
    "            raise ImportError('Qt is blocked in this test')\n"
    "        return None\n"
    "sys.meta_path.insert(0, _NoQt())\n"
)


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter as a user's shell would start it: no display, no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def assert_steps_in_order(output: str, steps: tuple[str, ...]) -> None:
    lines = output.splitlines()
    position = -1
    for step in steps:
        found = [i for i, line in enumerate(lines) if line.startswith(step)]
        assert found, f"{step!r} mangler i:\n{output}"
        assert found[0] > position, f"{step!r} står i forkert rækkefølge:\n{output}"
        position = found[0]


def test_selftest_passes_offscreen_without_a_display() -> None:
    result = run_python(
        "import sys\nfrom ui.launcher import main\nsys.exit(main(sys.argv[1:]))\n", "--selftest"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0].startswith(f"MVK {__version__} selvtest")
    assert_steps_in_order(result.stdout, (*APP_STEPS, WINDOW_STEP, "Selvtesten bestået."))
    assert "✗" not in result.stdout
    assert "Traceback" not in result.stderr


def test_selftest_of_the_command_line_alone_needs_no_qt() -> None:
    result = run_python(
        NO_QT + "from app.cli import main\nsys.exit(main(sys.argv[1:]))\n", "--selftest"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert_steps_in_order(result.stdout, (*APP_STEPS, "Selvtesten bestået."))
    assert "hovedvindue" not in result.stdout


def test_selftest_is_an_option_of_mvk() -> None:
    assert build_parser().parse_args(["--selftest"]).selftest is True
    assert build_parser().parse_args([]).selftest is False
    assert "--selftest" in build_parser().format_help()


def test_a_failing_step_stops_the_run_with_a_clear_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken_window(url: str, clock: Clock) -> str:
        raise RuntimeError("Qt-platformen 'offscreen' kunne ikke indlæses")

    out = io.StringIO()
    before = os.environ.get("MVK_STATE_DIR")
    assert run_selftest(broken_window, out=out) == 1
    text = out.getvalue()
    assert_steps_in_order(text, APP_STEPS)
    assert (
        "✗ kunne ikke vise hovedvinduet: RuntimeError: "
        "Qt-platformen 'offscreen' kunne ikke indlæses" in text
    )
    assert "Selvtesten bestået." not in text
    assert "Selvtesten fejlede: kunne ikke vise hovedvinduet." in capsys.readouterr().err
    assert os.environ.get("MVK_STATE_DIR") == before  # the journal folder is put back


def test_missing_migrations_fail_the_first_step_and_nothing_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in a bundle built without the migration scripts: Alembic finds no revisions."""
    from alembic.config import Config

    from app.store import migrate

    empty = tmp_path / "migrations"
    (empty / "versions").mkdir(parents=True)

    def no_migrations() -> Config:
        config = Config()
        config.set_main_option("script_location", str(empty))
        return config

    monkeypatch.setattr(migrate, "alembic_config", no_migrations)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = io.StringIO()
    assert run_selftest(out=out) == 1
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("✗ kunne ikke oprette og migrere lageret: "), lines
    assert len(lines) == 2, lines  # the heading and the failed step: nothing ran after it
    assert list(scratch.iterdir()) == []  # the temporary store is removed after a failure too
