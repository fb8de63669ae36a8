"""A soft check while registering: does this CPR already have a similar pathway?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import Pathway

SIMILAR_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Similar:
    forloeb_id: str
    henvisning_modtaget: date
    status: str


def similar_pathways(
    session: Session,
    cpr: str,
    forloebstype: str,
    henvisning: date,
    exclude_id: str | None = None,
) -> list[Similar]:
    """Pathways of the same CPR and type with a referral within 30 days of ``henvisning``.

    A warning, never a block: a second pathway can be right (e.g. a new referral after a first one).
    """
    window = timedelta(days=SIMILAR_WITHIN_DAYS)
    query = select(Pathway.forloeb_id, Pathway.henvisning_modtaget, Pathway.status).where(
        Pathway.cpr == cpr,
        Pathway.forloebstype == forloebstype,
        Pathway.deleted.is_(False),
        Pathway.henvisning_modtaget.between(henvisning - window, henvisning + window),
    )
    if exclude_id:
        query = query.where(Pathway.forloeb_id != exclude_id)
    return [Similar(r[0], r[1], r[2]) for r in session.execute(query)]
