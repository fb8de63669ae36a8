"""`mvk summary`, run as a user runs it: the JSON's shape and values on the hand-computed data set,
publication with the threshold setting, the text output, and the XLSX tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from report_data import CTX, EXPECTED, fill

from app.cli import main
from app.domain.pathway import PathwayData
from app.services import partners, pathways
from app.services import settings as settings_service
from app.store.engine import Store


@dataclass
class Result:
    code: int
    out: str
    err: str


Mvk = Callable[..., Result]


@pytest.fixture
def mvk(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Mvk:
    monkeypatch.setenv("LOGNAME", "tester")

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(["--today", CTX.clock.today().isoformat(), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def filled(store: Store, store_url: str) -> str:
    fill(store)
    return store_url


def summary_json(mvk: Mvk, url: str, *args: str) -> dict[str, Any]:
    result = mvk("--db", url, "summary", "--region", "1084", *args, "--json")
    assert result.code == 0, result.err
    parsed: dict[str, Any] = json.loads(result.out)
    return parsed


def test_json_shape_and_values(filled: str, mvk: Mvk) -> None:
    got = summary_json(mvk, filled, "--period", "2024K2")
    assert got["region"] == "1084"
    assert got["period"] == "2024K2"
    for key in ("total", "kategori", "aarsag", "afbrudte", "inden_for_frist_pct"):
        assert got[key] == EXPECTED[key], key
    assert got["afbrudte_kategori"] == EXPECTED["afbrudte_kategori"]
    assert got["forloebstype"] == EXPECTED["forloebstype"]
    assert got["behandlingsform"] == EXPECTED["behandlingsform"]
    assert {k: tuple(v["kategori"].values()) for k, v in got["maaneder"].items()} == EXPECTED[
        "maaned"
    ]
    assert [(p["navn"], p["total"]) for p in got["partnere"]] == [
        ("Klinik A (8001)", 6),
        ("Klinik B (8002)", 4),
        ("7001", 1),
    ]
    assert got["ventedage"]["ALLE"] == {"median": 15.0, "p90": 25}
    assert got["aabne"] == {"dato": "2024-06-30", "antal": 3, "overskredet": 2}
    assert got["udland"]["total"] == 3
    assert got["udland"]["kvartal"] == {"1": 2, "2": 0, "3": 1, "4": 0}
    assert got["tendens"][-1] == {"periode": "2024K2", "total": 11, "inden_for_frist_pct": 54.55}
    assert got["offentliggoerelse"] is False
    assert got["taerskel"] is None


def test_published_counts_are_hidden_with_markers(filled: str, mvk: Mvk) -> None:
    got = summary_json(mvk, filled, "--period", "2024K2", "--publish")
    assert got["offentliggoerelse"] is True
    assert got["taerskel"] == 5
    assert got["total"] == 11
    assert (got["kategori"]["2"], got["kategori"]["3"]) == ("<5", "<5")
    if got["kategori"]["1"] == "..":  # a share is shown only with its count
        assert got["inden_for_frist_pct"] == ".."
    else:
        assert (got["kategori"]["1"], got["inden_for_frist_pct"]) == (6, 54.55)
    assert got["afbrudte"] == "<5"
    assert set(got["aarsag"].values()) <= {0, "<5", ".."}
    assert got["aarsag"]["AFLYSNING"] == 0  # zero is not hidden
    assert got["udland"]["lande"] == {}  # countries are left out of a published summary
    for value in _counts(got):
        assert (isinstance(value, int) and (value == 0 or value >= 5)) or value in ("<5", "..")


def _counts(got: dict[str, Any]) -> list[Any]:
    values = [got["total"], got["afbrudte"], *got["kategori"].values(), *got["aarsag"].values()]
    for row in got["maaneder"].values():
        values += [row["total"], *row["kategori"].values()]
    return values


def test_the_threshold_setting_is_used(filled: str, store: Store, mvk: Mvk) -> None:
    with store.write() as s:
        settings_service.set(s, CTX, "publish_threshold", "3")
    got = summary_json(mvk, filled, "--period", "2024K2", "--publish")
    assert got["taerskel"] == 3
    assert got["kategori"]["3"] == "<3"
    # 1 + 1 interrupted: two "<3" adding up to a "<3" total would say 1 + 1 = 2, so ".."
    assert got["afbrudte"] == ".."
    assert "<5" not in json.dumps(got)


def test_year(filled: str, mvk: Mvk) -> None:
    got = summary_json(mvk, filled, "--period", "2024", "--year")
    assert (got["period"], got["aar"], got["total"]) == ("2024", True, 13)
    assert (got["fra"], got["til"]) == ("2024-01-01", "2024-12-31")
    assert len(got["maaneder"]) == 12


def test_text_output_in_danish(filled: str, mvk: Mvk) -> None:
    result = mvk("--db", filled, "summary", "--period", "2024K2")  # region from the settings
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == (
        "Kvartalsoverblik: Region Hovedstaden (1084), 2. kvartal 2024 (01-04-2024 – 30-06-2024)"
    )
    assert "  Forløb i alt: 11" in lines
    assert "  Kategori 1: inden for den maksimale ventetid: 6 (54,5 %)" in lines
    assert "  Heraf afbrudte forløb: 2" in lines
    assert "  Ventedage, median: 15" in lines
    assert "  Ventende ved periodens slut (30-06-2024): 3" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "1089", "--period", "2024K2"), "Ukendt region «1089»."),
        (("--region", "1084", "--period", "2024K5"), "Ugyldig periode «2024K5»"),
        (("--region", "1084", "--period", "2024"), "Ugyldig periode «2024»"),
    ],
)
def test_bad_input_is_one_clear_line(
    store_url: str, mvk: Mvk, args: tuple[str, ...], message: str
) -> None:
    result = mvk("--db", store_url, "summary", *args)
    assert result.code == 1
    assert result.err.startswith("Fejl: " + message), result.err
    assert result.err.count("\n") == 1


def test_pdf_and_xlsx_are_written(filled: str, mvk: Mvk, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "rapport.pdf", tmp_path / "tabeller.xlsx"
    result = mvk(
        "--db", filled, "summary", "--period", "2024K2", "--pdf", str(pdf), "--xlsx", str(xlsx)
    )
    assert result.code == 0, result.err
    assert f"PDF-rapporten er gemt: {pdf}" in result.out.splitlines()
    assert pdf.read_bytes().startswith(b"%PDF-")
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == [
        "Om tallene",
        "Nøgletal",
        "Status",
        "Årsager",
        "Måneder",
        "Forløbstyper",
        "Ventedage",
        "Sygehuse",
        "Ventende",
        "Overskredet frist",
        "Udland",
        "Lande",
        "Tendens",
    ]
    status = book["Status"]
    assert status["A1"].value == "Startede og afbrudte forløb"
    table = [list(r) for r in status.iter_rows(min_row=3, max_row=6, values_only=True)]
    assert table == [
        ["Status", "Kat. 1", "Kat. 2", "Kat. 3", "I alt"],
        ["Startet", 5, 2, 2, 9],
        ["Afbrudt", 1, 1, 0, 2],
        ["I alt", 6, 3, 2, 11],
    ]


def test_xlsx_text_is_never_a_formula(
    store: Store, store_url: str, mvk: Mvk, tmp_path: Path
) -> None:
    with store.write() as s:
        partner = partners.add(s, "8001", '=HYPERLINK("http://x","klik")', CTX)
        for cpr in ("0101901234", "0201902234"):
            pathways.register(
                s,
                PathwayData(
                    cpr=cpr,
                    region="1084",
                    indberettende_shak="1301",
                    udfoerende_shak="8001",
                    udfoerende_type="PRIVAT",
                    forloebstype="UDREDNING",
                    kraeftomraade="BRYST",
                    henvisning_modtaget=date(2024, 4, 2),
                    tilbudt_start=date(2024, 4, 8),
                    start=date(2024, 4, 8),
                ),
                CTX,
                partner_id=partner.id,
            )
    target = tmp_path / "t.xlsx"
    result = mvk(
        "--db", store_url, "summary", "--region", "1084", "--period", "2024K2", "--publish",
        "--xlsx", str(target),
    )  # fmt: skip
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(target)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK"):
                    found.append(cell.data_type)
                if cell.value in ("<5", ".."):
                    assert cell.data_type == "s"
    assert found == ["s"]


def test_the_report_needs_no_qt(tmp_path: Path) -> None:
    """PDF, charts and XLSX are made in a process that cannot import Qt at all."""
    import os
    import subprocess
    import sys

    from app.store.migrate import open_store

    filled = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    store = open_store(filled)
    try:
        fill(store)
    finally:
        store.dispose()

    code = (
        "import sys\n"
        "class NoQt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6', 'ui'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, NoQt())\n"
        "from app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    pdf = tmp_path / "r.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "MPLBACKEND")}
    args = ["--today", "2024-07-15", "--db", filled, "summary", "--period", "2024K2"]
    args += ["--pdf", str(pdf), "--xlsx", str(tmp_path / "t.xlsx")]
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
