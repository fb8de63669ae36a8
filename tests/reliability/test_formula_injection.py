"""R12: formula injection. Free text beginning with =, +, -, @ (or tab/CR) never becomes a formula:
the national file has no formula cell (the XML parts of the .xlsx are read directly), LibreOffice
evaluates nothing in it (converted headless to CSV, every sheet), and CSV cells made with
``app.safe_csv`` are text when LibreOffice imports them with formula evaluation switched on.

LibreOffice parts are skipped when ``soffice`` is missing, and fail instead under ``CI=true``.
Each LibreOffice run has its own profile folder and a hard time limit.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.domain.periods import Period
from app.safe_csv import neutralise_row
from app.services import abroad, export, partners, pathways
from app.services import settings as settings_service
from app.services.abroad import AbroadData
from app.services.context import ServiceContext
from app.store.migrate import open_store
from app.submission.format import spec
from app.submission.validator import has_errors, validate_file
from app.submission.writer import build_content, write_xlsx

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TODAY = date(2025, 1, 10)
K4 = Period(2024, 4)
LOGIN = '=HYPERLINK("http://x.invalid/login","login")'
"""A login name becomes ``dannet_af`` when the user has no initials: outside text as well."""

KOMMENTARER = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    '=HYPERLINK("http://x.invalid/","klik her")',
    "=cmd|' /C calc'!A0",
    "=1+1 Æblegrød på ø",
    "-",
    "@",
]
ABROAD_KOMMENTARER = ["=2+2", "@SUM(2,2)", "+2+2", "-2+2"]
OUTSIDE_ONLY = {
    "ekstern_reference": "=3+3",
    "alternativ_tilbud": "@SUM(3,3)",
    "partner": "=4+4 Privathospital",
}
"""Free text that is stored but not part of the national file: checked to be stored as typed."""
WRITER_TEXTS = ["\t=1+1", "\r=1+1", "\t@SUM(1,1)", "=1+1\t", " =1+1", "\n=1+1"]
"""What the writer gets directly (the services refuse control characters before it comes to this)."""
CSV_PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1;1)",
    '=HYPERLINK("http://x.invalid/";"klik")',
    "\t=1+1",
    "\r=1+1",
]
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
LO_TIMEOUT = 180


# --- reading an .xlsx without a spreadsheet library -----------------------------------------------


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root.iter(f"{MAIN}si")]


def xlsx_cells(path: Path) -> list[dict[str, Any]]:
    """Every cell of every worksheet part: its part, reference, type, text and formula (if any)."""
    cells = []
    with zipfile.ZipFile(path) as archive:
        shared = _shared_strings(archive)
        parts = [
            n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]
        assert parts, archive.namelist()
        for part in parts:
            root = ElementTree.fromstring(archive.read(part))
            for cell in root.iter(f"{MAIN}c"):
                kind = cell.get("t", "n")
                formula = cell.find(f"{MAIN}f")
                value = cell.find(f"{MAIN}v")
                if kind == "inlineStr":
                    text = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
                elif kind == "s" and value is not None and value.text is not None:
                    text = shared[int(value.text)]
                else:
                    text = value.text if value is not None and value.text is not None else ""
                cells.append(
                    {
                        "part": part,
                        "ref": cell.get("r"),
                        "t": kind,
                        "text": text,
                        "formula": None if formula is None else (formula.text or ""),
                    }
                )
    return cells


def formula_cells(path: Path) -> list[str]:
    """The cells with a formula (an ``<f>`` element) anywhere in the workbook's worksheets."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        found = [f"{n} (calcChain)" for n in names if n == "xl/calcChain.xml"]
        found += [n for n in names if n.startswith("xl/externalLinks/")]
    found += [f"{c['part']}!{c['ref']}" for c in xlsx_cells(path) if c["formula"] is not None]
    return found


def assert_text_cells(path: Path, texts: list[str]) -> None:
    """No formula at all, each of ``texts`` literally in a string cell, every text cell a string."""
    assert formula_cells(path) == []
    cells = xlsx_cells(path)
    for cell in cells:
        if cell["text"][:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert cell["t"] in ("s", "inlineStr"), cell
    stored = {c["text"] for c in cells if c["t"] in ("s", "inlineStr")}
    missing = [t for t in texts if t not in stored]
    assert missing == [], f"not stored literally as text: {missing}"


# --- the national file, made through the services -------------------------------------------------


def pathway(cpr: str, kommentar: str | None, **extra: Any) -> PathwayData:
    values: dict[str, Any] = {
        "tilbudt_start": date(2024, 10, 5),
        "start": date(2024, 10, 8),
        **extra,
    }
    return PathwayData(
        cpr=cpr,
        region="1084",
        indberettende_shak="1301",
        udfoerende_shak="8001",
        udfoerende_type="PRIVAT",
        forloebstype="UDREDNING",
        kraeftomraade="BRYST",
        henvisning_modtaget=date(2024, 10, 1),
        kommentar=kommentar,
        **values,
    )


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A K4 national file whose free text is all formula-like; and what the store holds."""
    folder = tmp_path_factory.mktemp("r12")
    db = folder / "mvk.sqlite"
    shutil.copy(sqlite_template, db)
    store = open_store(f"sqlite:///{db}")
    ctx = ServiceContext.default(FixedClock(TODAY), login=LOGIN)
    ids: list[str] = []
    with store.write() as s:
        settings_service.set_many(s, ctx, {"region": "1084", "own_shak": "1301"})
        partner = partners.add(s, "8001", OUTSIDE_ONLY["partner"], ctx)
        for n, kommentar in enumerate(KOMMENTARER):
            view = pathways.register(
                s, pathway(f"0{n + 1}0190{n}234", kommentar), ctx, partner_id=partner.id
            )
            ids.append(view.forloeb_id)
        over = pathways.register(
            s,
            pathway(
                "1111901234",
                "=5+5",
                start=date(2024, 11, 1),
                tilbudt_start=date(2024, 11, 1),
                aarsag="KAPACITET_HENVIST",
                ekstern_reference=OUTSIDE_ONLY["ekstern_reference"],
                alternativ_tilbud=OUTSIDE_ONLY["alternativ_tilbud"],
            ),
            ctx,
            partner_id=partner.id,
        )
        ids.append(over.forloeb_id)
        for n, kommentar in enumerate(ABROAD_KOMMENTARER):
            abroad.set_count(
                s,
                AbroadData(
                    aar=2024,
                    kvartal=4,
                    region="1084",
                    kilde_shak="1301",
                    forloebstype="UDREDNING",
                    land=("DE", "SE", "NO", "FR")[n],
                    antal=n + 1,
                    kommentar=kommentar,
                ),
                ctx,
            )
        abroad.answer_year(s, "1084", 2024, "1301", False, ctx)
        result = export.export(s, "1084", K4, folder / "out", ctx)
    with store.read() as s:
        stored = {
            "pathways": [pathways.get(s, i) for i in ids],
            "partner": partners.get(s, partner.id),
        }
    store.dispose()
    yield result.path, stored


def test_services_keep_formula_like_text_as_typed(exported: tuple[Path, dict[str, Any]]) -> None:
    _path, stored = exported
    assert [p.kommentar for p in stored["pathways"]] == [*KOMMENTARER, "=5+5"]
    last = stored["pathways"][-1]
    assert last.ekstern_reference == OUTSIDE_ONLY["ekstern_reference"]
    assert last.alternativ_tilbud == OUTSIDE_ONLY["alternativ_tilbud"]
    assert stored["partner"].name == OUTSIDE_ONLY["partner"]


def test_exported_national_file_has_no_formula_cells(exported: tuple[Path, dict[str, Any]]) -> None:
    path, _stored = exported
    assert not has_errors(validate_file(path))
    assert_text_cells(path, [*KOMMENTARER, "=5+5", *ABROAD_KOMMENTARER, LOGIN])
    # openpyxl agrees: string cells, the value exactly as typed
    book = openpyxl.load_workbook(path)
    sheet = book[spec().forloeb.sheet]
    column = spec().forloeb.header.index("kommentar") + 1
    values = [sheet.cell(row, column) for row in range(2, sheet.max_row + 1)]
    assert sorted(c.value for c in values) == sorted([*KOMMENTARER, "=5+5"])
    assert {c.data_type for c in values} == {"s"}


@pytest.mark.parametrize("text", WRITER_TEXTS)
def test_writer_writes_whitespace_led_formula_text_as_text(tmp_path: Path, text: str) -> None:
    content = build_content(metadata(text), [forloeb_row(text)], [udland_row(text)])
    path = write_xlsx(content, tmp_path / "MVK_1084_2024K4_20250110T120000.xlsx")
    assert formula_cells(path) == []
    kinds = {c["t"] for c in xlsx_cells(path) if c["text"].strip() == text.strip()}
    assert kinds and kinds <= {"s", "inlineStr"}


def metadata(text: str) -> dict[str, Any]:
    return {
        "region": "1084",
        "periode": "2024K4",
        "leverance": 1,
        "indberetter_shak": "1301",
        "dannet": "2025-01-10T12:00:00+01:00",
        "dannet_af": text,
        "program": "mvk test",
        "udland_opgjort": "J",
    }


def forloeb_row(text: str) -> list[Any]:
    values: dict[str, Any] = dict.fromkeys(spec().forloeb.header)
    values.update(forloeb_id=text, cpr="0101901234", kommentar=text, aarsag=text)
    return [values[name] for name in spec().forloeb.header]


def udland_row(text: str) -> list[Any]:
    values: dict[str, Any] = dict.fromkeys(spec().udland.header)
    values.update(aar=2024, kvartal=4, region="1084", land=text, antal=1, kommentar=text)
    return [values[name] for name in spec().udland.header]


@settings(max_examples=20)
@given(
    text=st.tuples(
        st.sampled_from(["=", "+", "-", "@", "\t=", "=="]),
        st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF), max_size=30),
    ).map("".join)
)
def test_any_formula_like_text_is_a_string_cell(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.mktemp("w")
    content = build_content(metadata("AB"), [forloeb_row(text)], [udland_row(text)])
    path = write_xlsx(content, folder / "MVK_1084_2024K4_20250110T120000.xlsx")
    assert formula_cells(path) == []
    assert text in {c["text"] for c in xlsx_cells(path) if c["t"] in ("s", "inlineStr")}


def test_the_checks_find_a_formula_cell(tmp_path: Path) -> None:
    """The checks above can fail: a workbook with a real formula is caught."""
    path = formula_workbook(tmp_path / "formel.xlsx")
    assert formula_cells(path) == ["xl/worksheets/sheet1.xml!A1"]
    with pytest.raises(AssertionError):
        assert_text_cells(path, ["=1+1"])


def formula_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Formel"
    sheet["A1"] = "=1+1"
    sheet["B1"] = "tekst"
    book.save(path)
    return path


# --- LibreOffice ----------------------------------------------------------------------------------


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if CI:
            pytest.fail(message + " — with CI=true this is an error, not a skip")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice user profile for this module's runs (never the user's own)."""
    return tmp_path_factory.mktemp("lo-profile")


def libreoffice(
    profile: Path, out: Path, files: list[Path], convert_to: str, infilter: str | None = None
) -> None:
    """Convert ``files`` into ``out`` headless, with a hard time limit (the whole process group)."""
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", convert_to, "--outdir", str(out), *map(str, files)]
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "HOME": str(profile)},
    )
    try:
        output, _ = child.communicate(timeout=LO_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail(f"LibreOffice did not finish within {LO_TIMEOUT} s: {command}")
    assert child.returncode == 0, output.decode(errors="replace")


CSV_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
"""Comma, double quotes, UTF-8, from line 1; cell contents as shown; every sheet to its own file."""
CSV_IMPORT_EVALUATING = "CSV:44,34,76,1,,0,false,true,false,false,false,,true"
"""Comma, double quotes, UTF-8; the 13th token switches formula evaluation on (the worst case)."""


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_libreoffice_evaluates_nothing_in_the_national_file(
    exported: tuple[Path, dict[str, Any]], lo_profile: Path, tmp_path: Path
) -> None:
    path, _stored = exported
    control = formula_workbook(tmp_path / "formel.xlsx")
    source = tmp_path / path.name
    shutil.copy(path, source)
    out = tmp_path / "csv"
    libreoffice(lo_profile, out, [source, control], CSV_EXPORT)

    # the control: LibreOffice does evaluate a real formula here, so the test below can fail
    assert read_csv(out / "formel-Formel.csv") == [["2", "tekst"]]

    fmt = spec()
    forloeb = read_csv(out / f"{source.stem}-{fmt.forloeb.sheet}.csv")
    assert forloeb[0] == list(fmt.forloeb.header)
    column = fmt.forloeb.header.index("kommentar")
    assert sorted(row[column] for row in forloeb[1:]) == sorted([*KOMMENTARER, "=5+5"])

    udland = read_csv(out / f"{source.stem}-{fmt.udland.sheet}.csv")
    column = fmt.udland.header.index("kommentar")
    assert sorted(row[column] for row in udland[1:]) == sorted(ABROAD_KOMMENTARER)

    meta = dict(tuple(row) for row in read_csv(out / f"{source.stem}-{fmt.metadata.sheet}.csv")[1:])
    assert meta["dannet_af"] == LOGIN


def test_libreoffice_imports_neutralised_csv_cells_as_text(
    lo_profile: Path, tmp_path: Path
) -> None:
    """A CSV made with ``app.safe_csv`` holds no formula even when the importer evaluates formulas;
    the same cells without it do (the control)."""
    rows = [[payload, 7, "x"] for payload in CSV_PAYLOADS]
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    for path, made in ((safe, [neutralise_row(r) for r in rows]), (raw, rows)):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(made)
    out = tmp_path / "xlsx"
    libreoffice(lo_profile, out, [safe, raw], "xlsx", infilter=CSV_IMPORT_EVALUATING)

    assert formula_cells(out / "raw.xlsx"), "the control CSV should have given formulas"
    assert formula_cells(out / "safe.xlsx") == []
    texts = [c["text"] for c in xlsx_cells(out / "safe.xlsx") if c["ref"].startswith("A")]
    assert len(texts) == len(CSV_PAYLOADS)
    # the text as written, apostrophe included (LibreOffice reads a CR inside a cell as a line break)
    assert texts == ["'" + payload.replace("\r", "\n") for payload in CSV_PAYLOADS]
