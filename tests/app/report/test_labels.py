"""A report cell reads the same on the screen and in the PDF: Danish numbers, shares in %, a hidden
count as its marker, nothing as a dash."""

from __future__ import annotations

from typing import Any

import pytest

from app.report.labels import cell


@pytest.mark.parametrize(
    ("value", "as_percent", "lang", "shown"),
    [
        (None, False, None, "–"),
        (1234, False, None, "1.234"),
        (8.0, False, None, "8"),  # a median of whole days has no decimals
        (7.5, False, None, "7,5"),
        (62.5, True, None, "62,5 %"),
        (62.5, True, "en", "62.5 %"),
        ("<5", False, None, "<5"),
        ("..", True, None, ".."),  # a hidden share stays hidden
    ],
)
def test_a_cell_as_shown(value: Any, as_percent: bool, lang: str | None, shown: str) -> None:
    assert cell(value, as_percent, lang) == shown
