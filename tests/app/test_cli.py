"""The `mvk` command line, run as a user runs it: a separate process, its output and exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]


def mvk(
    *args: str, block_qt: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the console script's entry point in a fresh interpreter.

    With ``block_qt`` the interpreter cannot import PySide6 at all (a meta-path finder refuses it),
    which proves the command line never needs Qt.
    """
    prelude = ""
    if block_qt:
        prelude = (
            "import sys\n"
            "class _NoQt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
            "            raise ImportError('Qt is blocked in this test')\n"
            "        return None\n"
            "sys.meta_path.insert(0, _NoQt())\n"
        )
    code = prelude + "import sys\nfrom ui.launcher import main\nsys.exit(main(sys.argv[1:]))\n"
    full_env = {**os.environ, **(env or {})}
    full_env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        check=False,
    )


def test_version() -> None:
    result = mvk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"mvk {__version__}"


def test_help_lists_the_rules_command() -> None:
    result = mvk("--help")
    assert result.returncode == 0
    assert "rules" in result.stdout
    assert "Uden underkommando åbnes programmets vindue" in result.stdout


def test_rules_json_behandling_over_deadline_with_reason() -> None:
    result = mvk(
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
    # consent+14 = 04-05 is later than referral+28 = 29-04, so the 28-day cap binds
    assert json.loads(result.stdout) == {"frist": "2024-04-29", "ventedage": 29, "kategori": 2}


def test_rules_json_without_end_date_has_nulls() -> None:
    result = mvk("rules", "--type", "UDREDNING", "--henvisning", "2024-02-15", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"frist": "2024-02-29", "ventedage": None, "kategori": None}


def test_rules_text_output_is_danish_with_dates_as_dd_mm_yyyy() -> None:
    result = mvk(
        "rules", "--type", "UDREDNING", "--henvisning", "2024-04-01", "--slut", "2024-04-15"
    )
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "Frist: 15-04-2024",
        "Ventedage: 14",
        "Kategori: 1 (inden for den maksimale ventetid)",
    ]


def test_rules_provisional_deadline_is_said_so() -> None:
    result = mvk("rules", "--type", "BEHANDLING", "--henvisning", "2024-04-01")
    assert result.returncode == 0
    assert result.stdout.strip() == "Frist (foreløbig, samtykke mangler): 29-04-2024"


def test_rules_missing_reason_is_a_clear_message_and_status_1() -> None:
    result = mvk(
        "rules",
        "--type",
        "UDREDNING",
        "--henvisning",
        "2024-04-01",
        "--slut",
        "2024-04-16",
        "--json",
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "Fejl: Fristen (15-04-2024) er overskredet med 1 dag; angiv en årsag."
    )
    assert "Traceback" not in result.stderr


def test_rules_message_in_english_with_lang() -> None:
    result = mvk(
        "--lang",
        "en",
        "rules",
        "--type",
        "UDREDNING",
        "--henvisning",
        "2024-04-01",
        "--slut",
        "2024-04-17",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: The deadline (15-04-2024) was exceeded by 2 days; give a reason."
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--henvisning", "2024-02-30"], "Ugyldig dato «2024-02-30»"),
        (["--henvisning", "2024-04-01", "--slut", "2024-03-31"], "ligger før henvisningen"),
        (
            ["--henvisning", "2024-04-01", "--slut", "2024-04-30", "--aarsag", "VEJRET"],
            "Ukendt årsag",
        ),
        (
            ["--henvisning", "2024-04-01", "--slut", "2024-04-02", "--aarsag", "HELBRED"],
            "der skal ikke angives en årsag",
        ),
    ],
)
def test_rules_bad_input_is_one_danish_line(args: list[str], expected: str) -> None:
    result = mvk("rules", "--type", "UDREDNING", *args)
    assert result.returncode == 1
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_wrong_usage_is_status_2() -> None:
    result = mvk("rules", "--type", "OPERATION", "--henvisning", "2024-04-01")
    assert result.returncode == 2


def test_cli_works_where_qt_cannot_be_imported() -> None:
    result = mvk(
        "rules",
        "--type",
        "EFTERBEHANDLING",
        "--henvisning",
        "2024-04-10",
        "--samtykke",
        "2024-04-01",
        "--json",
        block_qt=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["frist"] == "2024-04-24"
    assert mvk("--version", block_qt=True).returncode == 0


def test_qt_block_in_the_helper_really_blocks_qt() -> None:
    """Guard for the test above: without a subcommand the launcher wants Qt and must fail."""
    result = mvk(block_qt=True, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode != 0
    assert "Qt is blocked" in result.stderr


def test_gui_without_display_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
    env.pop("DISPLAY", None)
    code = "import sys\nfrom ui.launcher import main\nsys.exit(main([]))\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    if sys.platform.startswith("linux"):
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert "Ingen skærm fundet" in lines[0]
        assert "xvfb-run" in lines[0]
