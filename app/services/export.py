"""Making the quarter's national file: gather, check, write, record the delivery.

The file is checked by the receiver's own validator before anything is written, plus completeness
checks (open pathways whose deadline passed in the period; a K4 file before the year's abroad answer).
With any FEJL nothing is written. A trial file (``PROEVE_…``) is not recorded as a delivery.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import __version__
from app.domain import codes
from app.domain.periods import Period
from app.domain.shak import parse_shak
from app.errors import InputError, MvkError
from app.services import abroad as abroad_service
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store import audit
from app.store.models import Delivery, Pathway
from app.submission.findings import Finding
from app.submission.format import spec
from app.submission.validator import has_errors, validate_rows
from app.submission.writer import SubmissionContent, build_content, write_xlsx

ENTITY = "delivery"


class ExportBlocked(MvkError):
    """The data break rules of the format: nothing was written. ``findings`` says what and where."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = sum(1 for f in findings if f.is_error)
        super().__init__("export.blocked", errors=errors)


@dataclass(frozen=True)
class DeliveryView:
    id: int
    region: str
    periode: str
    leverance: int
    indberetter_shak: str
    dannet: str
    dannet_af: str
    file_name: str
    sha256: str
    kontrolsum: str
    antal_forloeb: int
    antal_udland: int


@dataclass(frozen=True)
class ExportResult:
    path: Path
    trial: bool
    delivery: DeliveryView | None
    findings: list[Finding]
    """Warnings (ADVARSEL) that did not block the file."""
    antal_forloeb: int
    antal_udland: int


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def pathway_rows(session: Session, region: str, period: Period) -> list[list[Any]]:
    """Every pathway of the region whose end date lies in the period, in the format's columns."""
    columns = [getattr(Pathway, c.name) for c in spec().forloeb.columns]
    query = (
        select(*columns)
        .where(
            Pathway.deleted.is_(False),
            Pathway.region == region,
            Pathway.periode == str(period),
            Pathway.status != "aaben",
        )
        .order_by(Pathway.forloeb_id)
    )
    return [[_iso(v) if v != "" else None for v in row] for row in session.execute(query)]


KOMMENTAR_MAX = 500


def _abroad_groups(
    session: Session, region: str, period: Period
) -> dict[tuple[Any, ...], tuple[int, list[str]]]:
    """The year's abroad counts of all sources grouped by the key of §8: (sum, distinct comments)."""
    groups: dict[tuple[Any, ...], tuple[int, list[str]]] = {}
    if not period.is_year_end:
        return groups
    for row in abroad_service.list_year(session, region, period.year).rows:
        key = (
            row.kvartal,
            row.forloebstype,
            row.behandlingsform or None,
            row.kraeftomraade or None,
            row.land,
        )
        antal, comments = groups.get(key, (0, []))
        if row.kommentar and row.kommentar not in comments:
            comments.append(row.kommentar)
        groups[key] = (antal + row.antal, comments)
    return groups


def abroad_rows(session: Session, region: str, period: Period) -> list[list[Any]]:
    """K4 only: the year's abroad counts, summed over all sources per key of §8.

    Comments of several sources are joined with "; "; beyond 500 characters they are cut, and
    :func:`completeness` says so (K03), so nothing is shortened without the user knowing.
    """
    rows = []
    for key, (antal, comments) in _abroad_groups(session, region, period).items():
        kvartal, forloebstype, behandlingsform, kraeftomraade, land = key
        comment = "; ".join(comments)[:KOMMENTAR_MAX] or None
        rows.append(
            [
                period.year,
                kvartal,
                region,
                forloebstype,
                behandlingsform,
                kraeftomraade,
                land,
                antal,
                comment,
            ]
        )
    return rows


def _overdue_in(region: str, period: Period, today: date) -> list[Any]:
    """Open pathways of ``region`` whose deadline fell in ``period`` and has passed (K01)."""
    return [
        Pathway.deleted.is_(False),
        Pathway.region == region,
        Pathway.status == "aaben",
        Pathway.frist >= period.first_day,
        Pathway.frist <= period.last_day,
        Pathway.frist < today,
    ]


def completeness(session: Session, region: str, period: Period, today: date) -> list[Finding]:
    """What is missing from the period: open pathways whose deadline passed in it, before today
    (ADVARSEL), and, in K4, the year's abroad answer (FEJL)."""
    findings: list[Finding] = []
    fmt = spec()
    overdue = (
        session.scalar(
            select(func.count()).select_from(Pathway).where(*_overdue_in(region, period, today))
        )
        or 0
    )
    if overdue:
        from app import messages

        findings.append(
            Finding(
                file="",
                rule="K01",
                severity="ADVARSEL",
                sheet=fmt.forloeb.sheet,
                row=None,
                column=None,
                message=messages.text("export.open_overdue", antal=overdue, periode=str(period)),
            )
        )
    for key, (_antal, comments) in _abroad_groups(session, region, period).items():
        if len("; ".join(comments)) > KOMMENTAR_MAX:
            from app import messages

            findings.append(
                Finding(
                    file="",
                    rule="K03",
                    severity="ADVARSEL",
                    sheet=fmt.udland.sheet,
                    row=None,
                    column="kommentar",
                    message=messages.text(
                        "export.abroad_comment_cut", kvartal=key[0], land=key[4], max=KOMMENTAR_MAX
                    ),
                )
            )
    if period.is_year_end and abroad_service.list_year(session, region, period.year).answer is None:
        from app import messages

        findings.append(
            Finding(
                file="",
                rule="K02",
                severity="FEJL",
                sheet=fmt.udland.sheet,
                row=None,
                column=None,
                message=messages.text("export.abroad_unanswered", aar=period.year),
            )
        )
    return findings


def next_leverance(session: Session, region: str, period: Period) -> int:
    current = session.scalar(
        select(func.max(Delivery.leverance)).where(
            Delivery.region == region, Delivery.periode == str(period)
        )
    )
    return int(current or 0) + 1


def file_name(region: str, period: Period, ctx: ServiceContext, trial: bool) -> str:
    created = ctx.clock.now().strftime("%Y%m%dT%H%M%S")
    name = f"MVK_{region}_{period}_{created}.xlsx"
    return spec().trial_prefix + name if trial else name


def prepare(
    session: Session,
    region: str,
    period: Period,
    ctx: ServiceContext,
    *,
    unit: str | None = None,
    trial: bool = False,
) -> tuple[str, SubmissionContent, list[Finding]]:
    """The file's name and content and every finding (validator + completeness)."""
    if region not in codes.codes("region"):
        raise InputError("code.unknown", field="region", value=region)
    shak = unit or settings_service.installation(session).own_shak
    if not shak:
        raise InputError("export.own_shak_missing", field="unit")
    shak = parse_shak(shak, field="unit")
    initials = settings_service.preferences(session, ctx.actor.login).initials
    metadata: dict[str, Any] = {
        "region": region,
        "periode": str(period),
        "leverance": next_leverance(session, region, period),
        "indberetter_shak": shak,
        "dannet": ctx.timestamp(),
        "dannet_af": (initials or ctx.actor.login)[:64],
        "program": f"mvk {__version__}",
        "udland_opgjort": "J" if period.is_year_end else "N",
    }
    content = build_content(
        metadata, pathway_rows(session, region, period), abroad_rows(session, region, period)
    )
    name = file_name(region, period, ctx, trial)
    checked_name = name.removeprefix(spec().trial_prefix)
    findings = validate_rows(checked_name, content.metadata, content.forloeb, content.udland)
    findings = [*completeness(session, region, period, ctx.clock.today()), *findings]
    return name, content, [_in_file(f, name) for f in findings]


def _in_file(finding: Finding, name: str) -> Finding:
    from dataclasses import replace

    return replace(finding, file=name)


def export(
    session: Session,
    region: str,
    period: Period,
    out_dir: Path,
    ctx: ServiceContext,
    *,
    unit: str | None = None,
    trial: bool = False,
) -> ExportResult:
    """Check, then write the file atomically into ``out_dir`` and record the delivery.

    The delivery row is added in the caller's transaction before the file is written, so a failed
    write records nothing; a failed commit leaves a file that was never recorded (shown by
    ``mvk deliveries`` as missing, and simply made again).
    """
    name, content, findings = prepare(session, region, period, ctx, unit=unit, trial=trial)
    if has_errors(findings):
        raise ExportBlocked(findings)
    target = out_dir / name
    if not trial and target.exists():
        raise InputError("export.file_exists", field="out", value=str(target))
    delivery: DeliveryView | None = None
    row: Delivery | None = None
    if not trial:
        row = Delivery(
            region=region,
            periode=str(period),
            leverance=content.metadata["leverance"],
            indberetter_shak=content.metadata["indberetter_shak"],
            dannet=content.metadata["dannet"],
            dannet_af=content.metadata["dannet_af"],
            file_name=name,
            sha256="",
            kontrolsum=content.metadata["kontrolsum"],
            antal_forloeb=len(content.forloeb),
            antal_udland=len(content.udland),
        )
        session.add(row)
        session.flush()
    write_xlsx(content, target)
    if row is not None:
        row.sha256 = hashlib.sha256(target.read_bytes()).hexdigest()
        session.flush()
        values = {
            c: getattr(row, c)
            for c in (
                "region",
                "periode",
                "leverance",
                "indberetter_shak",
                "dannet",
                "dannet_af",
                "file_name",
                "sha256",
                "kontrolsum",
                "antal_forloeb",
                "antal_udland",
            )
        }
        audit.append(
            session,
            actor=ctx.actor,
            at=ctx.timestamp(),
            action="create",
            entity=ENTITY,
            entity_id=str(row.id),
            changes=audit.diff({}, values),
        )
        delivery = to_view(row)
    return ExportResult(
        path=target,
        trial=trial,
        delivery=delivery,
        findings=[f for f in findings if not f.is_error],
        antal_forloeb=len(content.forloeb),
        antal_udland=len(content.udland),
    )


def to_view(row: Delivery) -> DeliveryView:
    return DeliveryView(**{f: getattr(row, f) for f in DeliveryView.__dataclass_fields__})


def deliveries(
    session: Session, region: str | None = None, period: Period | None = None
) -> list[DeliveryView]:
    query = select(Delivery).order_by(Delivery.region, Delivery.periode, Delivery.leverance)
    if region:
        query = query.where(Delivery.region == region)
    if period:
        query = query.where(Delivery.periode == str(period))
    return [to_view(r) for r in session.scalars(query)]


# --- the pre-check of the reporting screen --------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    """One line of the pre-check: a finding and, when it concerns one pathway, which one."""

    finding: Finding
    forloeb_id: str | None = None
    cpr: str | None = None
    frist: date | None = None
    """For an open pathway whose deadline passed (K01): its deadline."""


@dataclass(frozen=True)
class Precheck:
    """What :func:`export` would find for a region and period, without writing anything."""

    region: str
    period: Period
    file_name: str
    items: list[CheckItem]
    antal_forloeb: int
    antal_udland: int

    @property
    def findings(self) -> list[Finding]:
        """The findings themselves (each once), as :func:`prepare` gives them."""
        seen: list[Finding] = []
        for item in self.items:
            if item.frist is None:
                seen.append(item.finding)
        return seen

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if not f.is_error)

    @property
    def ready(self) -> bool:
        """No FEJL: the file can be made."""
        return not has_errors(self.findings)


def overdue_open(
    session: Session, region: str, period: Period, today: date
) -> list[tuple[str, str, date]]:
    """``(forloeb_id, cpr, frist)`` of the open pathways that :func:`completeness` counts (K01)."""
    query = (
        select(Pathway.forloeb_id, Pathway.cpr, Pathway.frist)
        .where(*_overdue_in(region, period, today))
        .order_by(Pathway.frist, Pathway.forloeb_id)
    )
    return [(str(i), str(c), f) for i, c, f in session.execute(query)]


def precheck(
    session: Session,
    region: str,
    period: Period,
    ctx: ServiceContext,
    *,
    unit: str | None = None,
) -> Precheck:
    """Every finding :func:`export` would give, each tied to its pathway where it has one: a
    finding in a row of the Forløb sheet names that row's pathway, and K01 (open pathways whose
    deadline passed) is followed by one item per such pathway. Nothing is written."""
    name, content, findings = prepare(session, region, period, ctx, unit=unit)
    fmt = spec()
    id_col = fmt.forloeb.header.index("forloeb_id")
    cpr_col = fmt.forloeb.header.index("cpr")
    items: list[CheckItem] = []
    for finding in findings:
        row = finding.row
        if (
            finding.sheet == fmt.forloeb.sheet
            and row is not None
            and 2 <= row < len(content.forloeb) + 2
        ):
            values = content.forloeb[row - 2]
            items.append(CheckItem(finding, str(values[id_col]), str(values[cpr_col] or "")))
        else:
            items.append(CheckItem(finding))
        if finding.rule == "K01":
            for forloeb_id, cpr, frist in overdue_open(session, region, period, ctx.clock.today()):
                items.append(CheckItem(finding, forloeb_id, cpr, frist))
    return Precheck(
        region=region,
        period=period,
        file_name=name,
        items=items,
        antal_forloeb=len(content.forloeb),
        antal_udland=len(content.udland),
    )
