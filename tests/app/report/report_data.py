"""A small data set for the quarter overview, registered through the services, with its figures
worked out by hand (below, next to each pathway and in EXPECTED).

Region 1084, quarter 2024K2 (01-04-2024 – 30-06-2024), made on 15-07-2024. Deadlines (§4):
udredning henvisning + 14; behandling min(samtykke + 14, henvisning + 28); efterbehandling
max(henvisning, samtykke) + 14.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.clock import FixedClock
from app.domain.pathway import PathwayData
from app.services import abroad, partners, pathways
from app.services import settings as settings_service
from app.services.context import ServiceContext
from app.store.engine import Store

TODAY = date(2024, 7, 15)
CTX = ServiceContext.default(FixedClock(TODAY), login="tester")
A_SHAK, B_SHAK, OTHER_SHAK = "8001", "8002", "7001"


def _data(
    cpr: str,
    kind: str,
    henvisning: date,
    *,
    shak: str = A_SHAK,
    region: str = "1084",
    form: str | None = None,
    samtykke: date | None = None,
    start: date | None = None,
    afbrudt: date | None = None,
    aarsag: str | None = None,
) -> PathwayData:
    return PathwayData(
        cpr=cpr,
        region=region,
        indberettende_shak="1301",
        udfoerende_shak=shak,
        udfoerende_type="PRIVAT",
        forloebstype=kind,
        behandlingsform=form,
        kraeftomraade="BRYST",
        henvisning_modtaget=henvisning,
        samtykke=samtykke,
        tilbudt_start=start,
        start=start,
        afbrudt=afbrudt,
        aarsag=aarsag,
    )


U, B, E = "UDREDNING", "BEHANDLING", "EFTERBEHANDLING"
d = date

# (name, data, partner: "A"/"B"/None)    — ventedage, frist → kategori
PATHWAYS: list[tuple[str, PathwayData, str | None]] = [
    # 24 K1, the day before the quarter: not in K2
    ("p1", _data("0101901234", U, d(2024, 3, 20), start=d(2024, 3, 31)), "A"),  # 11 → 1
    # K2
    ("p2", _data("0201902234", U, d(2024, 3, 25), start=d(2024, 4, 1)), "A"),  # 7, first day → 1
    ("p3", _data("0301903234", U, d(2024, 4, 2), start=d(2024, 4, 16)), "A"),  # 14 = frist → 1
    (
        "p4",
        _data("0401904234", U, d(2024, 4, 2), start=d(2024, 4, 17), aarsag="PATIENTOENSKE"),
        "A",
    ),  # 15 → 2
    ("p5", _data("0501905234", U, d(2024, 5, 1), afbrudt=d(2024, 5, 10)), "A"),  # 9, afbrudt → 1
    (
        "p6",
        _data(
            "0601906234",
            U,
            d(2024, 5, 1),
            shak=B_SHAK,
            afbrudt=d(2024, 5, 20),
            aarsag="PATIENTOENSKE",
        ),
        "B",
    ),  # 19, afbrudt → 2
    (
        "p7",
        _data(
            "0701907234",
            B,
            d(2024, 4, 10),
            shak=B_SHAK,
            form="KIRURGI",
            samtykke=d(2024, 4, 20),
            start=d(2024, 5, 5),
            aarsag="KAPACITET",
        ),
        "B",
    ),  # 25; frist min(04-05, 08-05) = 04-05 → 3
    (
        "p8",
        _data(
            "0801908234",
            B,
            d(2024, 5, 1),
            shak=B_SHAK,
            form="MEDICINSK",
            samtykke=d(2024, 5, 5),
            start=d(2024, 5, 15),
        ),
        "B",
    ),  # 14; frist 19-05 → 1
    (
        "p9",
        _data(
            "0901909234",
            E,
            d(2024, 5, 20),
            shak=OTHER_SHAK,
            form="STRAALE",
            samtykke=d(2024, 6, 1),
            start=d(2024, 6, 14),
        ),
        None,
    ),  # 25; frist 15-06 → 1; no partner: its SHAK
    (
        "p10",
        _data("1001901234", U, d(2024, 6, 10), start=d(2024, 6, 30), aarsag="MENNESKELIG_FEJL"),
        "A",
    ),  # 20, last day → 3
    (
        "p17",
        _data("1701901234", U, d(2024, 4, 20), start=d(2024, 5, 6), aarsag="HELBRED"),
        "A",
    ),  # 16 → 2
    ("p18", _data("1801901234", U, d(2024, 6, 3), shak=B_SHAK, start=d(2024, 6, 12)), "B"),  # 9 → 1
    # K3: the day after the quarter — but waiting at its end (frist 04-07: not overdue)
    ("p11", _data("1101901234", U, d(2024, 6, 20), start=d(2024, 7, 1)), "A"),
    # open, waiting at the end of K2: frist 15-06 < 30-06 → overdue by 15 days
    ("p12", _data("1201901234", U, d(2024, 6, 1)), "A"),
    # open behandling without consent: provisional frist 29-06 → overdue by 1 day
    ("p16", _data("1601901234", B, d(2024, 6, 1), shak=B_SHAK, form="KIRURGI"), "B"),
    # open, referred after the quarter: not waiting at its end
    ("p13", _data("1301901234", U, d(2024, 7, 5)), "A"),
    # not counted: another region; deleted
    (
        "other_region",
        _data("1901901234", U, d(2024, 4, 2), region="1085", start=d(2024, 4, 8)),
        "A",
    ),
    ("deleted", _data("2001901234", U, d(2024, 4, 2), start=d(2024, 4, 9)), "A"),
]

EXPECTED: dict[str, Any] = {
    "total": 11,
    "kategori": {"1": 6, "2": 3, "3": 2},  # 1: p2 p3 p5 p8 p9 p18; 2: p4 p6 p17; 3: p7 p10
    "aarsag": {
        "HELBRED": 1,
        "PATIENTOENSKE": 2,
        "KAPACITET_HENVIST": 0,
        "KAPACITET": 1,
        "MENNESKELIG_FEJL": 1,
        "AFLYSNING": 0,
        "ANDET": 0,
    },
    "afbrudte": 2,  # p5 (kategori 1), p6 (kategori 2)
    "afbrudte_kategori": {"1": 1, "2": 1, "3": 0},
    "inden_for_frist_pct": 54.55,  # 6 / 11
    "forloebstype": {"UDREDNING": 8, "BEHANDLING": 2, "EFTERBEHANDLING": 1},
    "behandlingsform": {"KIRURGI": 1, "MEDICINSK": 1, "STRAALE": 1},
    "forloeb": {  # row: (kat 1, kat 2, kat 3)
        "UDREDNING": (4, 3, 1),
        "BEHANDLING:KIRURGI": (0, 0, 1),
        "BEHANDLING:MEDICINSK": (1, 0, 0),
        "BEHANDLING:STRAALE": (0, 0, 0),
        "EFTERBEHANDLING:KIRURGI": (0, 0, 0),
        "EFTERBEHANDLING:MEDICINSK": (0, 0, 0),
        "EFTERBEHANDLING:STRAALE": (1, 0, 0),
    },
    "maaned": {"2024-04": (2, 1, 0), "2024-05": (2, 2, 1), "2024-06": (2, 0, 1)},
    "partner": {  # sorted by label
        "Klinik A (8001)": (3, 2, 1),  # p2 p3 p5 | p4 p17 | p10
        "Klinik B (8002)": (2, 1, 1),  # p8 p18 | p6 | p7
        OTHER_SHAK: (1, 0, 0),  # p9
    },
    # ventedage sorted: 7 9 9 14 14 15 16 19 20 25 25 → median the 6th, p90 the ⌈9.9⌉ = 10th
    "ventedage": {
        "ALLE": (11, 15.0, 25),
        "UDREDNING": (8, 14.5, 20),  # 7 9 9 14 15 16 19 20
        "BEHANDLING": (2, 19.5, 25),  # 14 25
        "EFTERBEHANDLING": (1, 25.0, 25),
    },
    # waiting at 30-06: p11 (not overdue), p12 (15 days over), p16 (1 day over, provisional)
    "aabne": {"UDREDNING": (1, 1), "BEHANDLING": (0, 1), "EFTERBEHANDLING": (0, 0)},
    "trend_2024K1": (1, 0, 0),
    "udland": {"UDREDNING": (2, 0, 0, 0), "BEHANDLING": (0, 0, 1, 0)},  # kvartal 1 SE, 3 DE
}


def fill(store: Store) -> dict[str, str]:
    """Register the data set; returns the pathway ids by name."""
    ids: dict[str, str] = {}
    with store.write() as s:
        settings_service.set_many(s, CTX, {"region": "1084", "own_shak": "1301"})
        partner_ids = {
            "A": partners.add(s, A_SHAK, "Klinik A", CTX).id,
            "B": partners.add(s, B_SHAK, "Klinik B", CTX).id,
        }
        for name, data, partner in PATHWAYS:
            view = pathways.register(
                s, data, CTX, partner_id=partner_ids[partner] if partner else None
            )
            ids[name] = view.forloeb_id
        pathways.delete(s, ids["deleted"], CTX)
        for kvartal, kind, form, land, antal in ((1, U, None, "SE", 2), (3, B, "KIRURGI", "DE", 1)):
            abroad.set_count(
                s,
                abroad.AbroadData(
                    aar=2024,
                    kvartal=kvartal,
                    region="1084",
                    kilde_shak="1301",
                    forloebstype=kind,
                    behandlingsform=form,
                    land=land,
                    antal=antal,
                ),
                CTX,
            )
    return ids
