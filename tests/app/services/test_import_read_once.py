"""An import reads its file once: the values the validator read are the values imported, and a file
changed while it was read is refused instead of imported half old, half new."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.services import import_file
from app.services.context import ServiceContext
from app.submission.validator import FileValues, validate_file

EXAMPLE = Path(__file__).parents[1] / "submission" / "data" / "MVK_1084_2024K4_20250110T093000.xlsx"


def read_independently(path: Path) -> tuple[dict[str, Any], list[list[Any]], list[list[Any]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        meta = {
            str(r[0]): r[1] for r in book["Indberetning"].iter_rows(min_row=2, values_only=True)
        }

        def data(name: str) -> list[list[Any]]:
            rows = book[name].iter_rows(min_row=2, values_only=True)
            return [
                [None if v == "" else v for v in r]
                for r in rows
                if any(v not in (None, "") for v in r)
            ]

        return meta, data("Forloeb"), data("Udland")
    finally:
        book.close()


def test_the_validator_keeps_exactly_the_values_of_the_file() -> None:
    kept = FileValues()
    assert validate_file(EXAMPLE, keep=kept) == []
    meta, forloeb, udland = read_independently(EXAMPLE)
    assert kept.metadata == meta
    assert kept.forloeb == forloeb and len(forloeb) > 0
    assert kept.udland == udland and len(udland) > 0


def test_a_file_written_to_while_it_is_read_is_refused(
    tmp_path: Path, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    real = import_file.validate_file

    def validate_while_someone_saves(path: Any, **kwargs: Any) -> Any:
        findings = real(path, **kwargs)
        with open(target, "ab") as handle:  # another program saves over it meanwhile
            handle.write(b"\0")
        return findings

    monkeypatch.setattr(import_file, "validate_file", validate_while_someone_saves)
    content, findings = import_file.read_file(target, ctx)
    assert content is None
    errors = [f for f in findings if f.is_error]
    assert [f.rule for f in errors] == [import_file.IMPORT_RULE]
    assert errors[0].message == "Filen blev ændret, mens den blev læst; importér den igen."
