"""The PDF report renders: poppler (Debian's poppler-utils) turns every page into a PNG that is not
blank, and the title page says what a reader needs — region, period, date made, program version.

Without pdftoppm the tests skip on a developer's machine and fail under CI=true (`make test`
installs poppler-utils through .ci/sysdeps)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from report_data import CTX, fill

from app import __version__
from app.domain.periods import Period
from app.report.figures import Summary, summarise
from app.report.pdf import write_pdf
from app.report.publish import present
from app.store.engine import Store
from app.store.migrate import open_store

MADE = datetime(2024, 7, 15, 9, 30).astimezone()


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is missing (Debian: apt-get install poppler-utils)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message + " — with CI=true this is an error, not a skip")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Summary, dict[str, str]]]:
    path = tmp_path_factory.mktemp("pdf") / "mvk.sqlite"
    store: Store = open_store(f"sqlite:///{path}")
    try:
        ids = fill(store)
        with store.read() as s:
            yield summarise(s, "1084", Period(2024, 2), today=CTX.clock.today()), ids
    finally:
        store.dispose()


def pages(pdf: Path, out: Path) -> list[Path]:
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", "40", str(pdf), str(out / "side")],
        check=True,
        capture_output=True,
    )
    return sorted(out.glob("side-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def page_count(pdf: Path) -> int:
    """Counted in the file itself, independently of poppler."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def text_of(pdf: Path) -> str:
    result = subprocess.run(
        [tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return result.stdout


def ink(png: Path) -> float:
    """The share of the page that is not white."""
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


def test_the_internal_report_renders(data: tuple[Summary, dict[str, str]], tmp_path: Path) -> None:
    summary, ids = data
    pdf = write_pdf(present(summary), tmp_path / "rapport.pdf", made=MADE)
    rendered = pages(pdf, tmp_path)
    assert len(rendered) == page_count(pdf) >= 4
    for png in rendered:
        with Image.open(png) as image:
            assert image.size[0] < image.size[1]  # A4 portrait
        assert ink(png) > 0.01, png.name  # not a blank page
    assert ink(rendered[2]) > 0.05  # a page with a chart has much ink
    text = text_of(pdf)
    first = text.split("\f")[0]
    for expected in (
        "Kvartalsoverblik",
        "Region Hovedstaden (1084)",
        "2. kvartal 2024",
        "01-04-2024 – 30-06-2024",
        "Dannet 15-07-2024 kl. 09:30",
        f"mvk {__version__}",
        "Intern udgave",
    ):
        assert expected in first, expected
    assert re.search(r"Forløb i alt\s+11", first)
    assert re.search(r"Kategori 1: inden for den maksimale ventetid\s+6\s+54,5 %", first)
    assert f"Side 1 af {len(rendered)}" in first
    assert ids["p12"][:8] in text  # the overdue pathway is listed
    assert "0101901234" not in text and "1201901234" not in text  # never a CPR number


def test_the_published_report_hides_small_counts_and_lists_no_pathway(
    data: tuple[Summary, dict[str, str]], tmp_path: Path
) -> None:
    summary, ids = data
    pdf = write_pdf(present(summary, publish=True), tmp_path / "offentlig.pdf", made=MADE)
    rendered = pages(pdf, tmp_path)
    assert len(rendered) == page_count(pdf)
    assert all(ink(png) > 0.01 for png in rendered)
    text = text_of(pdf)
    assert "Til offentliggørelse" in text.split("\f")[0]
    assert re.search(r"Kategori 3: reglerne ikke overholdt\s+<5", text)
    assert ids["p12"][:8] not in text
    assert "Ventende forløb med overskredet frist" not in text


def test_a_quarter_without_pathways_still_makes_a_report(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'tom.sqlite'}")
    try:
        with store.read() as s:
            empty = summarise(s, "1081", Period(2024, 1), today=CTX.clock.today())
    finally:
        store.dispose()
    pdf = write_pdf(present(empty), tmp_path / "tom.pdf", made=MADE)
    rendered = pages(pdf, tmp_path)
    assert len(rendered) == page_count(pdf) >= 2
    assert "Region Nordjylland" in text_of(pdf)
