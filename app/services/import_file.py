"""Reading a national file for import: the receiver's validator first, then the values, each
pathway through the same domain rules as a registered one.

A file with any FEJL — from the validator, from the domain checks or from the abroad rules — is
refused whole; :func:`read_file` then returns no content, only the findings. The validator reads
the file once and this module a second time; the file's SHA-256 is taken before the first read and
after the second, so a file replaced in between is refused rather than imported unchecked.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app import messages
from app.domain.pathway import PathwayData, check, derive, normalise
from app.domain.periods import Period
from app.errors import MvkError
from app.services import abroad as abroad_service
from app.services.context import ServiceContext
from app.submission.findings import PERSONAL_COLUMNS, Finding, Reporter
from app.submission.format import spec
from app.submission.validator import FileValues, has_errors, validate_file

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: called now and then during long work (for a progress bar)."""

IMPORT_RULE = "I01"
"""The rule id of the importer's own findings (an older file, a file that changed while read)."""


@dataclass(frozen=True)
class FilePathway:
    """One data row of ``Forloeb`` as the store keeps it: typed fields and derived values."""

    forloeb_id: str
    row: int
    """The sheet's own row number (the first data row is 2)."""
    values: dict[str, Any]
    """Every field of :class:`PathwayData` but ``ekstern_reference``/``alternativ_tilbud`` (not in
    the file) and the derived fields, as stored."""


@dataclass(frozen=True)
class ImportFile:
    """A file that passed every check, with its metadata and rows."""

    path: Path
    name: str
    region: str
    period: Period
    source: str
    """``indberetter_shak``: the unit whose full state the file is."""
    leverance: int
    dannet: str
    kontrolsum: str
    udland_opgjort: bool
    pathways: list[FilePathway]
    abroad: list[abroad_service.AbroadData]

    @property
    def key(self) -> str:
        """``region/periode/source``: what a newer file of the same kind replaces."""
        return f"{self.region}/{self.period}/{self.source}"


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _note(progress: Progress | None, phase: str, done: int, total: int) -> None:
    if progress is not None:
        progress(phase, done, total)


def read_file(
    path: str | os.PathLike[str],
    ctx: ServiceContext,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> tuple[ImportFile | None, list[Finding]]:
    """The file's content (None when refused) and every finding (warnings included)."""
    file = Path(path)
    before = _sha256(file)
    _note(progress, "validate", 0, 1)
    kept = FileValues()  # read once: the validator keeps what it read
    findings = validate_file(file, lang=lang, keep=kept)
    _note(progress, "validate", 1, 1)
    if has_errors(findings):
        return None, findings
    report = Reporter(str(file), lang)
    if before is None or _sha256(file) != before:  # replaced or written to while it was read
        findings.append(_finding(report, None, None, None, "import.changed_while_read", lang))
        return None, findings
    meta, forloeb, udland = kept.metadata, kept.forloeb, kept.udland
    region = str(meta["region"])
    period = Period.parse(str(meta["periode"]))
    source = str(meta["indberetter_shak"])
    header = spec().forloeb.header
    rows: list[FilePathway] = []
    today = ctx.clock.today()
    total = len(forloeb)
    for index, values in enumerate(forloeb):
        number = index + 2
        raw = dict(zip(header, values, strict=True))
        data = _pathway_data(raw)
        result = check(data, today)
        if not result.ok:
            findings += [_error_finding(report, "Forloeb", number, e, lang) for e in result.errors]
            continue
        rows.append(FilePathway(str(raw["forloeb_id"]), number, _stored(data)))
        if index % 5000 == 4999:
            _note(progress, "check", index + 1, total)
    _note(progress, "check", total, total)
    abroad_rows = _abroad(udland, region, source, ctx, report, findings, lang)
    if has_errors(findings):
        return None, findings
    content = ImportFile(
        path=file,
        name=file.name,
        region=region,
        period=period,
        source=source,
        leverance=int(meta["leverance"]),
        dannet=str(meta["dannet"]),
        kontrolsum=str(meta["kontrolsum"]),
        udland_opgjort=meta["udland_opgjort"] == "J",
        pathways=rows,
        abroad=abroad_rows,
    )
    return content, findings


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _pathway_data(raw: dict[str, Any]) -> PathwayData:
    """A row as the domain sees it: normalised as a typed pathway is, but ``kommentar`` exactly as
    the file has it — the validator checked it (F12) and an import must not alter what another
    producer reported."""
    data = normalise(
        PathwayData(
            cpr=str(raw["cpr"]),
            region=str(raw["region"]),
            indberettende_shak=str(raw["indberettende_shak"]),
            udfoerende_shak=str(raw["udfoerende_shak"]),
            udfoerende_type=str(raw["udfoerende_type"]),
            forloebstype=str(raw["forloebstype"]),
            kraeftomraade=str(raw["kraeftomraade"]),
            henvisning_modtaget=date.fromisoformat(str(raw["henvisning_modtaget"])),
            behandlingsform=raw["behandlingsform"],
            samtykke=_day(raw["samtykke"]),
            tilbudt_start=_day(raw["tilbudt_start"]),
            start=_day(raw["start"]),
            afbrudt=_day(raw["afbrudt"]),
            aarsag=raw["aarsag"],
            udfald=raw["udfald"],
            kommentar=raw["kommentar"],
        )
    )
    return data.replace(kommentar=raw["kommentar"])


def _stored(data: PathwayData) -> dict[str, Any]:
    """The typed fields and the fields derived from them, as the row stores them."""
    derived = derive(data)
    values = data.as_dict()
    del values["ekstern_reference"], values["alternativ_tilbud"]
    values.update(
        frist=derived.frist.dato,
        frist_foreloebig=derived.frist.provisional,
        ventedage=derived.ventedage,
        kategori=derived.kategori,
        status=derived.status.value,
        periode=derived.periode,
    )
    return values


def _abroad(
    udland: list[list[Any]],
    region: str,
    source: str,
    ctx: ServiceContext,
    report: Reporter,
    findings: list[Finding],
    lang: str | None,
) -> list[abroad_service.AbroadData]:
    """The rows of ``Udland`` as counts of the file's source, checked by the abroad rules."""
    header = spec().udland.header
    counts: list[abroad_service.AbroadData] = []
    for index, values in enumerate(udland):
        raw = dict(zip(header, values, strict=True))
        data = abroad_service.AbroadData(
            aar=int(raw["aar"]),
            kvartal=int(raw["kvartal"]),
            region=region,
            kilde_shak=source,
            forloebstype=str(raw["forloebstype"]),
            land=str(raw["land"]),
            antal=int(raw["antal"]),
            behandlingsform=raw["behandlingsform"],
            kraeftomraade=raw["kraeftomraade"],
            kommentar=raw["kommentar"],
        )
        try:
            counts.append(abroad_service.validate(data, ctx))
        except abroad_service.AbroadInvalid as invalid:
            findings += [
                _error_finding(report, "Udland", index + 2, e, lang) for e in invalid.errors
            ]
    return counts


def _error_finding(
    report: Reporter, sheet: str, row: int, error: MvkError, lang: str | None
) -> Finding:
    """A domain rule broken by one row, as a finding (a CPR number is never quoted)."""
    if error.field in PERSONAL_COLUMNS:
        error.params["value"] = "…"
    columns = spec().forloeb.header if sheet == "Forloeb" else spec().udland.header
    column = error.field if error.field in columns else None
    place = report.place(sheet, row, column)
    text = error.message(lang)
    return Finding(
        file=report.file,
        rule=error.rule or ("U02" if sheet == spec().udland.sheet else IMPORT_RULE),
        severity="FEJL",
        sheet=sheet,
        row=row,
        column=column,
        message=f"{place}: {text}",
    )


def _finding(
    report: Reporter,
    sheet: str | None,
    row: int | None,
    column: str | None,
    message_id: str,
    lang: str | None,
    **params: Any,
) -> Finding:
    place = report.place(sheet, row, column)
    text = messages.text(message_id, lang, **params)
    return Finding(
        file=report.file,
        rule=IMPORT_RULE,
        severity="FEJL",
        sheet=sheet,
        row=row,
        column=column,
        message=f"{place}: {text}" if place else text,
    )


def refusal(
    file: ImportFile | Path, message_id: str, lang: str | None = None, **params: Any
) -> Finding:
    """A file-level FEJL of the importer (e.g. an older delivery than one already imported)."""
    path = file.path if isinstance(file, ImportFile) else file
    return _finding(Reporter(str(path), lang), None, None, None, message_id, lang, **params)


__all__ = [
    "IMPORT_RULE",
    "FilePathway",
    "ImportFile",
    "Progress",
    "read_file",
    "refusal",
]
