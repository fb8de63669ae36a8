"""``mvk validate``: exit status 0/1/2, the JSON list and the Danish listing; and every message the
validator can produce exists in the catalogue."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from national_files import EXAMPLE, example_book, write_book

from app import messages
from app.submission import checks_forloeb, checks_meta, checks_udland, findings, validator

ROOT = Path(__file__).resolve().parents[3]
KEYS = {"file", "rule", "severity", "sheet", "row", "column", "message"}


def mvk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MVK_LANG", "MVK_DB_URL")}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "validate", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_valid_file_exits_0_with_a_count_line() -> None:
    result = mvk(EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 fejl, 0 advarsler"


def test_json_is_one_list_of_findings(tmp_path: Path) -> None:
    book = example_book().set("Forloeb", 2, "ventedage", 36)  # F10
    book.set("Forloeb", 3, "cpr", "010190AB12")  # F02E
    broken = write_book(book, tmp_path)
    result = mvk("--json", EXAMPLE, broken)
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    assert [set(f) for f in found] == [KEYS, KEYS]
    assert [(f["rule"], f["severity"], f["sheet"], f["row"], f["column"]) for f in found] == [
        ("F10", "FEJL", "Forloeb", 2, "ventedage"),
        ("F02E", "ADVARSEL", "Forloeb", 3, "cpr"),
    ]
    assert all(f["file"] == str(broken) for f in found)
    assert "række 2" in found[0]["message"]


def test_warnings_only_exit_0_and_are_counted(tmp_path: Path) -> None:
    path = write_book(example_book().set("Forloeb", 3, "cpr", "010190AB12"), tmp_path)
    result = mvk(path)
    assert result.returncode == 0, result.stderr
    assert "ADVARSEL F02E" in result.stdout
    assert result.stdout.splitlines()[-1] == "0 fejl, 1 advarsel"


def test_an_unreadable_or_missing_file_exits_1(tmp_path: Path) -> None:
    garbage = tmp_path / "MVK_1084_2024K4_20250110T093000.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really")
    result = mvk(garbage, tmp_path / "missing.xlsx")
    assert result.returncode == 1
    assert result.stdout.count("FEJL S01") == 2
    assert "I alt for 2 filer: 2 fejl, 0 advarsler" in result.stdout
    as_json = mvk("--json", tmp_path / "missing.xlsx")
    assert as_json.returncode == 1
    assert [f["rule"] for f in json.loads(as_json.stdout)] == ["S01"]


def test_wrong_usage_exits_2() -> None:
    assert mvk().returncode == 2
    assert mvk("--no-such-option", EXAMPLE).returncode == 2


def _detail_ids() -> set[str]:
    """Every message id the validator's modules pass as the detail of a finding."""
    ids: set[str] = set()
    for module in (findings, validator, checks_meta, checks_forloeb, checks_udland):
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "add":
                last = node.args[-1] if node.args else None
                if isinstance(last, ast.Constant) and isinstance(last.value, str):
                    ids.add(last.value)
            if isinstance(node, ast.FunctionDef) and node.name in (
                "_check_value",
                "text_problem",
                "_unreadable",
            ):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Call) and getattr(sub.func, "id", "") == "bad":
                        first = sub.args[0]
                        if isinstance(first, ast.Constant) and isinstance(first.value, str):
                            ids.add(first.value)
                    value = sub.value if isinstance(sub, ast.Return) else None
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        ids.add(value.value)
    return ids


def test_every_detail_has_danish_and_english_text() -> None:
    ids = _detail_ids()
    assert {"missing", "f10.wrong", "text.nfc", "s04.dannet", "s01.not_zip"} <= ids
    catalogue = messages.catalogue()
    missing = sorted(i for i in ids if f"validator.{i}" not in catalogue)
    assert missing == []
    for i in ids:
        assert set(catalogue[f"validator.{i}"]) == {"da", "en"}
