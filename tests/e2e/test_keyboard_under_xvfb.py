"""A secretary's whole registration, keyboard only, in the real program on a real X server (Xvfb),
typed by xdotool: Ctrl+N, the CPR number, Enter through the preselected fields, three dates, Ctrl+S.

Skipped where Xvfb or xdotool is missing (``make test`` installs both); waits on conditions, never
on fixed sleeps.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS_FOR_ONE_PATHWAY = 36
"""Counting Ctrl+S as two keys; the aim is under 40."""


def wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


@pytest.fixture
def display() -> Iterator[str]:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("Xvfb and xdotool are needed (make test installs them)")
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    name = f":{number}"
    env = {**os.environ, "DISPLAY": name}
    wait_for(
        lambda: (
            subprocess.run(["xdotool", "getmouselocation"], env=env, capture_output=True).returncode
            == 0
        )
    )
    yield name
    server.terminate()
    server.wait()


def test_register_a_pathway_by_keyboard_in_the_real_program(display: str, tmp_path: Path) -> None:
    db = tmp_path / "mvk.sqlite"
    url = f"sqlite:///{db}"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(
        {
            "DISPLAY": display,
            "MVK_STATE_DIR": str(tmp_path / "state"),
            "MVK_LOG_DIR": str(tmp_path / "log"),
        }
    )
    mvk = [sys.executable, "-m", "ui.launcher", "--db", url, "--today", "2024-11-20"]
    subprocess.run(
        [*mvk, "demo", "--pathways", "50", "--seed", "4"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*mvk, "settings", "--initials", "AB"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    app = subprocess.Popen(mvk, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pressed = 0

    def xdo(*args: str) -> str:
        return subprocess.run(
            ["xdotool", *args], env=env, capture_output=True, text=True, check=False
        ).stdout

    def key(*names: str) -> None:
        nonlocal pressed
        xdo("key", "--delay", "40", *names)
        pressed += sum(2 if "+" in n else 1 for n in names)

    def type_text(text: str) -> None:
        nonlocal pressed
        xdo("type", "--delay", "40", text)
        pressed += len(text)

    try:
        wait_for(lambda: bool(xdo("search", "--name", "^MVK").strip()))
        window = xdo("search", "--name", "^MVK").split()[0]
        xdo("mousemove", "400", "400")
        xdo("windowfocus", window)
        key("ctrl+n")
        wait_for(lambda: bool(xdo("search", "--name", "^Nyt forløb$").strip()))
        pressed = 0  # counted from the empty form, as the issue counts
        type_text("1311851234")
        key("Return", "Return", "Return", "Return")
        type_text("101124")
        key("Return")
        type_text("151124")
        key("Return")
        type_text("181124")
        key("ctrl+s")

        def saved() -> list[tuple[str, ...]]:
            with sqlite3.connect(db) as conn:
                return conn.execute(
                    "select henvisning_modtaget, tilbudt_start, start, status, kategori "
                    "from pathway where cpr = '1311851234'"
                ).fetchall()

        wait_for(lambda: bool(saved()))
        assert saved() == [("2024-11-10", "2024-11-15", "2024-11-18", "afsluttet", 1)]
        assert pressed <= KEYS_FOR_ONE_PATHWAY, pressed
    finally:
        app.terminate()
        app.wait(timeout=30)
