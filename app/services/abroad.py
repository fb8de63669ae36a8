"""Pathways at foreign hospitals: counted per key of national-format.md §8, and the yearly answer.

A count has the key (aar, kvartal, forloebstype, behandlingsform, kraeftomraade, land) per region and
source unit (``kilde_shak``); there is at most one count per key, so setting a key that exists changes
its number. Once a year the region records that the count was made — also when there were none
("ingen udenlandske forløb i år"); a K4 file needs that answer. Every change is audited.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.domain import codes
from app.domain.codes import Forloebstype
from app.domain.pathway import KOMMENTAR_MAX, clean_text, has_control_characters
from app.domain.shak import parse_shak
from app.errors import InputError, MvkError, RuleViolation
from app.services.context import ServiceContext
from app.store import audit
from app.store.errors import ConflictError, NotFound
from app.store.models import AbroadAnswer, AbroadCount

ENTITY = "abroad_count"
ANSWER_ENTITY = "abroad_answer"
FIRST_YEAR = 2000
KEY_FIELDS = ("aar", "kvartal", "forloebstype", "behandlingsform", "kraeftomraade", "land")
AUDITED_FIELDS = (*KEY_FIELDS, "region", "kilde_shak", "antal", "kommentar", "deleted")
ANSWER_FIELDS = ("aar", "region", "kilde_shak", "ingen_udland")


class AbroadInvalid(MvkError):
    """The count breaks one or more rules; ``errors`` holds each, with its field."""

    def __init__(self, errors: list[MvkError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.message_id, field=first.field, rule=first.rule, **first.params)

    def message(self, lang: str | None = None) -> str:
        return " ".join(e.message(lang) for e in self.errors)


class AbroadKeyTaken(MvkError):
    """Another count already has this key; change that count instead (``value`` is its id)."""

    def __init__(self, count_id: int) -> None:
        super().__init__("abroad.key_taken", value=count_id)


class AbroadCountsExist(MvkError):
    """ "No pathways abroad" was asked for a year that has counts (``antal`` in total)."""

    def __init__(self, aar: int, antal: int) -> None:
        super().__init__("abroad.counts_exist", field="ingen_udland", value=aar, antal=antal)


class AbroadYearNone(MvkError):
    """A count was given for a year answered "no pathways abroad"; change the answer first."""

    def __init__(self, aar: int) -> None:
        super().__init__("abroad.year_none", field="aar", value=aar)


@dataclass(frozen=True)
class AbroadData:
    """One count as a user gives it. Empty ``behandlingsform``/``kraeftomraade`` may be None or ""."""

    aar: int
    kvartal: int
    region: str
    kilde_shak: str
    forloebstype: str
    land: str
    antal: int
    behandlingsform: str | None = None
    kraeftomraade: str | None = None
    kommentar: str | None = None


@dataclass(frozen=True)
class AbroadCountView:
    """A count as the GUI, the CLI and the exporter see it; empty codes are ``""`` as in the file."""

    id: int
    version: int
    aar: int
    kvartal: int
    region: str
    kilde_shak: str
    forloebstype: str
    behandlingsform: str
    kraeftomraade: str
    land: str
    antal: int
    kommentar: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str

    @property
    def key(self) -> tuple[int, int, str, str, str, str]:
        """The key of §8 (the order the Udland sheet is sorted in)."""
        return (
            self.aar,
            self.kvartal,
            self.forloebstype,
            self.behandlingsform,
            self.kraeftomraade,
            self.land,
        )


@dataclass(frozen=True)
class AbroadAnswerView:
    aar: int
    region: str
    kilde_shak: str
    ingen_udland: bool
    answered_at: str
    answered_by: str


@dataclass(frozen=True)
class AbroadYear:
    """A year's counts (sorted by the key of §8) with totals, and the year's answer if given."""

    aar: int
    region: str
    rows: list[AbroadCountView]
    total: int
    by_kvartal: dict[int, int]
    by_forloebstype: dict[str, int]
    by_land: dict[str, int]
    answer: AbroadAnswerView | None

    @property
    def answered(self) -> bool:
        return self.answer is not None


_VIEW_FIELDS = tuple(f.name for f in fields(AbroadCountView))


def to_view(row: AbroadCount) -> AbroadCountView:
    return AbroadCountView(**{name: getattr(row, name) for name in _VIEW_FIELDS})


def _answer_view(row: AbroadAnswer) -> AbroadAnswerView:
    return AbroadAnswerView(
        aar=row.aar,
        region=row.region,
        kilde_shak=row.kilde_shak,
        ingen_udland=row.ingen_udland,
        answered_at=row.answered_at,
        answered_by=row.answered_by,
    )


def _audited(row: AbroadCount) -> dict[str, Any]:
    return {name: getattr(row, name) for name in AUDITED_FIELDS}


def _code(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").strip().upper()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate(data: AbroadData, ctx: ServiceContext) -> AbroadData:
    """``data`` normalised (codes upper case, empty codes ``""``, text NFC), or :class:`AbroadInvalid`
    with every problem found.

    Rules (§8, U02): a year not in the future, kvartal 1–4 and not a future quarter, forloebstype
    known, behandlingsform required for (efter)behandling and empty for udredning, kraeftomraade a
    code or empty, land an ISO 3166-1 alpha-2 code other than DK, antal a whole number ≥ 1, kommentar
    at most 500 characters without control characters; region and source SHAK valid.
    """
    errors: list[MvkError] = []
    add = errors.append
    today = ctx.clock.today()
    data = AbroadData(
        aar=data.aar,
        kvartal=data.kvartal,
        region=(data.region or "").strip(),
        kilde_shak=data.kilde_shak,
        forloebstype=_code(data.forloebstype),
        land=_code(data.land),
        antal=data.antal,
        behandlingsform=_code(data.behandlingsform),
        kraeftomraade=_code(data.kraeftomraade),
        kommentar=clean_text(data.kommentar),
    )
    try:
        data = _with(data, kilde_shak=parse_shak(data.kilde_shak or "", field="kilde_shak"))
    except InputError as error:
        add(error)
    if data.region not in codes.codes("region"):
        add(InputError("code.unknown", field="region", value=data.region, rule="U02"))

    year_ok = _is_int(data.aar) and FIRST_YEAR <= data.aar <= today.year
    if not year_ok:
        add(InputError("abroad.aar_invalid", field="aar", value=data.aar, last=today.year))
    if not _is_int(data.kvartal) or not 1 <= data.kvartal <= 4:
        add(InputError("abroad.kvartal_invalid", field="kvartal", value=data.kvartal, rule="U02"))
    elif year_ok and data.aar == today.year and data.kvartal > (today.month - 1) // 3 + 1:
        add(
            RuleViolation(
                "abroad.kvartal_future", field="kvartal", value=f"{data.aar}K{data.kvartal}"
            )
        )

    kind = data.forloebstype
    if not kind:
        add(InputError("field.required", field="forloebstype", rule="U02"))
    elif kind not in codes.codes("forloebstype"):
        add(InputError("code.unknown", field="forloebstype", value=kind, rule="U02"))
    form = data.behandlingsform
    if kind == Forloebstype.UDREDNING and form:
        add(
            RuleViolation(
                "rules.behandlingsform_not_for_udredning", field="behandlingsform", rule="U02"
            )
        )
    elif kind in codes.codes("forloebstype") and kind != Forloebstype.UDREDNING and not form:
        add(InputError("field.required", field="behandlingsform", rule="U02"))
    elif form and form not in codes.codes("behandlingsform"):
        add(InputError("code.unknown", field="behandlingsform", value=form, rule="U02"))

    if data.kraeftomraade and data.kraeftomraade not in codes.codes("kraeftomraade"):
        add(InputError("code.unknown", field="kraeftomraade", value=data.kraeftomraade, rule="U02"))
    if not data.land:
        add(InputError("field.required", field="land", rule="U02"))
    elif data.land == "DK":
        add(InputError("abroad.land_dk", field="land", value=data.land, rule="U02"))
    elif data.land not in codes.country_codes():
        add(InputError("abroad.land_unknown", field="land", value=data.land, rule="U02"))

    if not _is_int(data.antal) or data.antal < 1:
        add(InputError("abroad.antal_invalid", field="antal", value=data.antal, rule="U02"))
    if data.kommentar:
        if has_control_characters(data.kommentar):
            add(InputError("text.control_characters", field="kommentar", rule="U02"))
        if len(data.kommentar) > KOMMENTAR_MAX:
            add(
                InputError(
                    "text.too_long",
                    field="kommentar",
                    rule="U02",
                    max=KOMMENTAR_MAX,
                    length=len(data.kommentar),
                )
            )
    if errors:
        raise AbroadInvalid(errors)
    return data


def _with(data: AbroadData, **changes: Any) -> AbroadData:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values.update(changes)
    return AbroadData(**values)


def _key_clause(data: AbroadData) -> list[Any]:
    return [
        AbroadCount.region == data.region,
        AbroadCount.kilde_shak == data.kilde_shak,
        AbroadCount.aar == data.aar,
        AbroadCount.kvartal == data.kvartal,
        AbroadCount.forloebstype == data.forloebstype,
        AbroadCount.behandlingsform == (data.behandlingsform or ""),
        AbroadCount.kraeftomraade == (data.kraeftomraade or ""),
        AbroadCount.land == data.land,
    ]


def _find_key(session: Session, data: AbroadData) -> AbroadCount | None:
    """The count with this key — a live one first, else a deleted one (which is then reused)."""
    return session.scalars(
        select(AbroadCount)
        .where(*_key_clause(data))
        .order_by(AbroadCount.deleted, AbroadCount.id)
        .limit(1)
    ).first()


def _refuse_if_none_answered(session: Session, data: AbroadData) -> None:
    answer = _answer_row(session, data.region, data.aar, data.kilde_shak)
    if answer is not None and answer.ingen_udland:
        raise AbroadYearNone(data.aar)


def _assign(row: AbroadCount, data: AbroadData) -> None:
    row.aar = data.aar
    row.kvartal = data.kvartal
    row.region = data.region
    row.kilde_shak = data.kilde_shak
    row.forloebstype = data.forloebstype
    row.behandlingsform = data.behandlingsform or ""
    row.kraeftomraade = data.kraeftomraade or ""
    row.land = data.land
    row.antal = data.antal
    row.kommentar = data.kommentar
    row.deleted = False


def _record(
    session: Session,
    row: AbroadCount,
    before: dict[str, Any],
    ctx: ServiceContext,
    action: str,
    reason: str | None = None,
) -> AbroadCountView:
    difference = audit.diff(before, _audited(row))
    if not difference:
        return to_view(row)
    now = ctx.timestamp()
    if action == "create":
        row.created_at = now
        row.created_by = ctx.actor.login
    row.updated_at = now
    row.updated_by = ctx.actor.login
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=ctx.actor,
        at=now,
        action=action,
        entity=ENTITY,
        entity_id=str(row.id),
        changes=difference,
        reason=reason,
    )
    return to_view(row)


def set_count(
    session: Session, data: AbroadData, ctx: ServiceContext, *, expected_version: int | None = None
) -> AbroadCountView:
    """Set the count for the key of ``data``: a new row, or the existing row of that key changed.

    ``expected_version`` (when given) is the version of the existing row the user saw; a count of the
    key that changed since is refused with :class:`ConflictError`.
    """
    data = validate(data, ctx)
    _refuse_if_none_answered(session, data)
    row = _find_key(session, data)
    if row is None:
        row = AbroadCount()
        _assign(row, data)
        return _record(session, row, {}, ctx, "create")
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(ENTITY, str(row.id))
    before = _audited(row)
    _assign(row, data)
    return _record(session, row, before, ctx, "update")


def _load(session: Session, count_id: int, expected_version: int | None) -> AbroadCount:
    row = session.get(
        AbroadCount, count_id, with_for_update=session.get_bind().dialect.name != "sqlite"
    )
    if row is None or row.deleted:
        raise NotFound(ENTITY, str(count_id))
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(ENTITY, str(count_id))
    return row


def correct(
    session: Session,
    count_id: int,
    changes: dict[str, Any],
    ctx: ServiceContext,
    *,
    expected_version: int | None = None,
) -> AbroadCountView:
    """Change any field of one count, its key included; a key another count has is refused."""
    row = _load(session, count_id, expected_version)
    unknown = set(changes) - {f.name for f in fields(AbroadData)}
    if unknown:
        raise ValueError(f"not an abroad count field: {sorted(unknown)}")
    current = AbroadData(**{f.name: getattr(row, f.name) for f in fields(AbroadData)})
    data = validate(_with(current, **changes), ctx)
    _refuse_if_none_answered(session, data)
    other = _find_key(session, data)
    if other is not None and other.id != row.id and not other.deleted:
        raise AbroadKeyTaken(other.id)
    before = _audited(row)
    _assign(row, data)
    return _record(session, row, before, ctx, "update")


def delete(
    session: Session,
    count_id: int,
    ctx: ServiceContext,
    *,
    expected_version: int | None = None,
    reason: str | None = None,
) -> None:
    """Soft delete: the row stays, marked deleted, and no longer counts; audited."""
    row = _load(session, count_id, expected_version)
    before = _audited(row)
    row.deleted = True
    _record(session, row, before, ctx, "delete", reason)


def get(session: Session, count_id: int) -> AbroadCountView:
    row = session.get(AbroadCount, count_id)
    if row is None or row.deleted:
        raise NotFound(ENTITY, str(count_id))
    return to_view(row)


def _live_rows(
    session: Session, region: str, aar: int, kilde_shak: str | None
) -> list[AbroadCount]:
    query = select(AbroadCount).where(
        AbroadCount.region == region, AbroadCount.aar == aar, AbroadCount.deleted.is_(False)
    )
    if kilde_shak is not None:
        query = query.where(AbroadCount.kilde_shak == kilde_shak)
    return list(session.scalars(query))


def list_year(session: Session, region: str, aar: int, kilde_shak: str | None = None) -> AbroadYear:
    """The year's live counts for a region (one source, or all sources) sorted by the key of §8,
    with totals per quarter, pathway type and country, and the year's answer.

    With all sources, the answer is given when every source that has counts has answered; it says
    "none" only when every answer says none.
    """
    rows = sorted(
        (to_view(r) for r in _live_rows(session, region, aar, kilde_shak)),
        key=lambda v: (*v.key, v.kilde_shak),
    )
    by_kvartal: Counter[int] = Counter()
    by_type: Counter[str] = Counter()
    by_land: Counter[str] = Counter()
    for view in rows:
        by_kvartal[view.kvartal] += view.antal
        by_type[view.forloebstype] += view.antal
        by_land[view.land] += view.antal
    return AbroadYear(
        aar=aar,
        region=region,
        rows=rows,
        total=sum(v.antal for v in rows),
        by_kvartal=dict(sorted(by_kvartal.items())),
        by_forloebstype=dict(sorted(by_type.items())),
        by_land=dict(sorted(by_land.items())),
        answer=_combined_answer(session, region, aar, kilde_shak, rows),
    )


def _combined_answer(
    session: Session,
    region: str,
    aar: int,
    kilde_shak: str | None,
    rows: list[AbroadCountView],
) -> AbroadAnswerView | None:
    if kilde_shak is not None:
        row = _answer_row(session, region, aar, kilde_shak)
        return _answer_view(row) if row is not None else None
    answers = list(
        session.scalars(
            select(AbroadAnswer)
            .where(AbroadAnswer.region == region, AbroadAnswer.aar == aar)
            .order_by(AbroadAnswer.answered_at, AbroadAnswer.id)
        )
    )
    if not answers or {v.kilde_shak for v in rows} - {a.kilde_shak for a in answers}:
        return None
    latest = answers[-1]
    return AbroadAnswerView(
        aar=aar,
        region=region,
        kilde_shak=latest.kilde_shak if len(answers) == 1 else "",
        ingen_udland=all(a.ingen_udland for a in answers),
        answered_at=latest.answered_at,
        answered_by=latest.answered_by,
    )


def _answer_row(session: Session, region: str, aar: int, kilde_shak: str) -> AbroadAnswer | None:
    return session.scalars(
        select(AbroadAnswer).where(
            AbroadAnswer.region == region,
            AbroadAnswer.aar == aar,
            AbroadAnswer.kilde_shak == kilde_shak,
        )
    ).first()


def answer_year(
    session: Session,
    region: str,
    aar: int,
    kilde_shak: str,
    ingen_udland: bool,
    ctx: ServiceContext,
) -> AbroadAnswerView:
    """Record that the year's abroad count was made: complete as counted, or ``ingen_udland`` —
    "ingen udenlandske forløb i år". Answering again changes the answer (audited).

    "None abroad" for a year that has counts is refused with :class:`AbroadCountsExist`.
    """
    kilde = parse_shak(kilde_shak, field="kilde_shak")
    if region not in codes.codes("region"):
        raise InputError("code.unknown", field="region", value=region)
    if not _is_int(aar) or not FIRST_YEAR <= aar <= ctx.clock.today().year:
        raise InputError("abroad.aar_invalid", field="aar", value=aar, last=ctx.clock.today().year)
    if ingen_udland:
        antal = sum(r.antal for r in _live_rows(session, region, aar, kilde))
        if antal:
            raise AbroadCountsExist(aar, antal)
    now = ctx.timestamp()
    row = _answer_row(session, region, aar, kilde)
    before: dict[str, Any] = {}
    action = "create"
    if row is None:
        row = AbroadAnswer(aar=aar, region=region, kilde_shak=kilde)
    else:
        before = {name: getattr(row, name) for name in ANSWER_FIELDS}
        action = "update"
    row.ingen_udland = ingen_udland
    difference = audit.diff(before, {name: getattr(row, name) for name in ANSWER_FIELDS})
    if not difference:
        return _answer_view(row)
    row.answered_at = now
    row.answered_by = ctx.actor.login
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=ctx.actor,
        at=now,
        action=action,
        entity=ANSWER_ENTITY,
        entity_id=str(row.id),
        changes=difference,
    )
    return _answer_view(row)


def year_answered(session: Session, region: str, aar: int, kilde_shak: str) -> bool:
    """Whether the year's abroad count was recorded as made for this region and source."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    AbroadAnswer.region == region,
                    AbroadAnswer.aar == aar,
                    AbroadAnswer.kilde_shak == kilde_shak,
                )
            )
        )
    )


def year_answer(
    session: Session, region: str, aar: int, kilde_shak: str
) -> AbroadAnswerView | None:
    row = _answer_row(session, region, aar, kilde_shak)
    return _answer_view(row) if row is not None else None
