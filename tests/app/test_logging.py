"""The log file and crash reports never hold a CPR number; the CLI's unexpected errors are one line."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.logging_setup import (
    CPR_MASK,
    LOG_DIR_ENV,
    configure_logging,
    crash_report,
    log_directory,
    log_exception,
    log_file,
    mask_cpr,
    shutdown_logging,
)
from app.paths import log_dir

ROOT = Path(__file__).resolve().parents[2]
CPRS = ("0101901234", "010190-1234", "010190 1234", "010190AB12", "010190-ab12")
RAW_SCAN = (b"0101901234", b"010190-1234", b"010190 1234", b"010190AB12", b"010190-ab12")


@pytest.fixture(autouse=True)
def _no_file_logging_left() -> Iterator[None]:
    yield
    shutdown_logging()


def raise_with_cprs() -> None:
    try:
        raise KeyError("cause for 0202902345")
    except KeyError as cause:
        raise ValueError("bad CPR 0101901234 and 010190-1234", {"cpr": "010190AB12"}) from cause


def caught() -> tuple[type[BaseException], BaseException, object]:
    try:
        raise_with_cprs()
    except ValueError as error:
        return type(error), error, error.__traceback__
    raise AssertionError("not raised")


@pytest.mark.parametrize("text", [*CPRS, "０１０１９０１２３４", "010190\u20111234", "x0101901234"])
def test_every_form_of_a_cpr_number_is_masked(text: str) -> None:
    masked = mask_cpr(f"før {text} efter")
    assert masked.count(CPR_MASK) == 1
    assert "0101" not in masked
    assert "０１０１" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "2024-06-15 12:00:00,123",
        "SHAK 1301 og 8001",
        "1718445600123 ms",
        "line 1234",
        "revision 3f2a9c1b7d4e",
        "2024K2",
    ],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert mask_cpr(text) == text


def test_log_file_holds_no_cpr_in_message_args_or_traceback(tmp_path: Path) -> None:
    path = configure_logging(tmp_path)
    assert path == (tmp_path / "mvk.log").absolute()
    assert log_file() == path
    logger = logging.getLogger("mvk.test")
    logger.warning("gemt %s for %r", "0101901234", {"cpr": "010190-1234"})
    exc_type, error, tb = caught()
    logger.error("fejl", exc_info=(exc_type, error, tb))
    log_exception((exc_type, error, tb), where="test")  # type: ignore[arg-type]
    logger.warning("stak for 010190 1234", stack_info=True)
    for handler in logging.getLogger().handlers:
        handler.flush()
    raw = path.read_bytes()
    for cpr in [*RAW_SCAN, b"0202902345"]:
        assert cpr not in raw
    text = raw.decode("utf-8")
    assert "gemt <CPR> for {'cpr': '<CPR>'}" in text
    assert "ValueError: ('bad CPR <CPR> and <CPR>', {'cpr': '<CPR>'})" in text
    assert "KeyError: 'cause for <CPR>'" in text  # the chained cause too
    assert "Traceback (most recent call last)" in text
    assert "stak for <CPR>" in text


def test_crash_report_is_masked_and_names_version_and_error() -> None:
    from app import __version__

    report = crash_report(caught(), where="tråd x")  # type: ignore[arg-type]
    assert report.startswith(f"MVK {__version__} · Python ")
    assert "raise_with_cprs" in report
    assert "ValueError" in report and "KeyError" in report
    for cpr in [*CPRS, "0202902345"]:
        assert cpr not in report
    # the source line of the traceback held the numbers too
    assert 'raise ValueError("bad CPR <CPR> and <CPR>"' in report


def test_log_folder_from_environment_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LOG_DIR_ENV, raising=False)
    assert log_directory() == log_dir()
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    assert log_directory() == tmp_path / "logs"
    path = configure_logging()
    assert path == (tmp_path / "logs" / "mvk.log").absolute()
    assert configure_logging() == path  # again: the same file, one handler
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_mvk_log_handler", False)]
    assert len(ours) == 1


def test_unwritable_log_folder_means_no_log_file_not_a_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert configure_logging(blocker / "logs") is None
    assert log_file() is None


def cli_args(handler: object) -> argparse.Namespace:
    return argparse.Namespace(today=None, lang="da", db=None, command="x", handler=handler)


def test_cli_unexpected_error_is_logged_masked_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path))

    def handler(args: argparse.Namespace, ctx: cli.Context) -> int:
        raise_with_cprs()
        return 0

    assert cli.run(cli_args(handler)) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    log = (tmp_path / "mvk.log").absolute()
    assert lines[0] == (
        "Fejl: Der opstod en uventet fejl (ValueError). Detaljerne (uden CPR-numre) er skrevet "
        f"i logfilen {log}; send den til support."
    )
    assert "Traceback" not in err
    raw = log.read_bytes()
    assert b"ValueError" in raw and b"<CPR>" in raw
    for cpr in RAW_SCAN:
        assert cpr not in raw


def test_cli_unexpected_error_without_log_folder_still_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(LOG_DIR_ENV, str(blocker / "logs"))

    def handler(args: argparse.Namespace, ctx: cli.Context) -> int:
        raise RuntimeError("0101901234")

    assert cli.run(cli_args(handler)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "logfilen kunne ikke skrives" in err
    assert "0101901234" not in err


def test_cli_expected_errors_keep_their_own_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.store.errors import StoreBusy

    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path))

    def handler(args: argparse.Namespace, ctx: cli.Context) -> int:
        raise StoreBusy()

    assert cli.run(cli_args(handler)) == 1
    assert "Prøv igen" in capsys.readouterr().err
    assert not (tmp_path / "mvk.log").exists()


def test_mvk_process_with_an_unexpected_error(tmp_path: Path) -> None:
    """The real console script: an unknown database driver named like a CPR number."""
    code = "import sys\nfrom ui.launcher import main\nsys.exit(main(sys.argv[1:]))\n"
    env = {**os.environ, LOG_DIR_ENV: str(tmp_path)}
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", "d0101901234://host/db", "settings"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert "uventet fejl (NoSuchModuleError)" in done.stderr
    assert str(tmp_path / "mvk.log") in done.stderr
    raw = (tmp_path / "mvk.log").read_bytes()
    assert b"NoSuchModuleError" in raw
    assert b"0101901234" not in raw
