"""Realistic synthetic pathways for ``mvk demo`` — pure generation, no store.

Everything comes from one ``random.Random`` and the given day, so a seed and a day always give the
same data. The mix follows what the domain describes: a private partner doing mostly mammography
udredninger for suspected breast cancer, some behandlinger and efterbehandlinger; about 5 % overruns
with plausible reasons (mostly rules complied with), 2–3 % interrupted, recent referrals still open
and a few older ones open past their deadline. CPR numbers are synthetic: a real birth date and a
century digit that fits it; most pass modulus 11, some do not (valid all the same).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from app.domain.codes import Forloebstype
from app.domain.pathway import PathwayData
from app.domain.rules import compute_frist

SPAN_DAYS = 730
"""Referrals are spread over about two years before the day."""
OPEN_WINDOW_DAYS = 17
"""Every pathway referred this many days before the day or later is still open."""
P_OPEN_OLD = 0.0015
P_INTERRUPTED = 0.025
P_OVERRUN = 0.042
P_MODULUS11_FAILS = 0.05

T = TypeVar("T")

REGION_OWN_SHAK = {
    "1081": "800141",
    "1082": "700241",
    "1083": "500041",
    "1084": "133041",
    "1085": "380041",
}
"""The default own (registering) unit per region when the installation has none set."""

PARTNER_NAMES = (
    "Privathospitalet Mølleåen",
    "Klinik Ærtebjerg",
    "Privathospitalet Søholm",
    "Brystklinikken Højager",
    "Mammaklinik Strandgården",
    "Privathospitalet Kærhøj",
    "Privatklinikken Løvsø",
    "Hospitalet Egelund Øst",
)

OTHER_PLACES = (
    "Region Sjælland, Sjællands Universitetshospital",
    "Region Midtjylland, Aarhus Universitetshospital",
    "Region Syddanmark, Odense Universitetshospital",
    "Region Nordjylland, Aalborg Universitetshospital",
    "Skånes universitetssjukhus, Malmö",
)

# (aarsag, weight, comments — None means no comment)
OVERRUN_REASONS: tuple[tuple[str, int, tuple[str | None, ...]], ...] = (
    (
        "PATIENTOENSKE",
        45,
        (
            "Patienten ønskede tid efter sin ferie",
            "Patienten takkede nej til tilbudt tid pga. arbejde",
            "Patienten bad selv om en senere tid",
            None,
        ),
    ),
    (
        "HELBRED",
        25,
        (
            "Patienten indlagt med lungebetændelse; forløbet udsat",
            "Afventer regulering af blodsukker",
            "Anden sygdom skulle behandles først",
            None,
        ),
    ),
    ("KAPACITET_HENVIST", 20, ("Patienten ønskede at blive på stedet", None)),
    ("KAPACITET", 2, ("Mangel på radiologer i perioden", None)),
    (
        "MENNESKELIG_FEJL",
        3,
        (
            "Henvisningen blev ikke visiteret ved en fejl",
            "Fejl i booking; indkaldelsen blev ikke sendt",
        ),
    ),
    (
        "AFLYSNING",
        3,
        ("Tid aflyst pga. akut sygdom hos lægen", "Apparatur ude af drift; tid aflyst dagen før"),
    ),
    (
        "ANDET",
        2,
        (
            "Henvisningen manglede oplysninger; indhentet hos egen læge",
            "Forsinket overførsel af henvisning fra anden region",
        ),
    ),
)
OVERRUN_REASON_WEIGHTS = tuple(
    ((code, comments), weight) for code, weight, comments in OVERRUN_REASONS
)
OVERRUN_DAYS = (((1, 3), 6), ((4, 10), 3), ((11, 30), 1))
"""How many days past the deadline an overrun starts: mostly a few."""
_OFFERED_IN_TIME = {"PATIENTOENSKE", "HELBRED", "KAPACITET_HENVIST", "AFLYSNING"}

INTERRUPTED_LATE = (
    ("PATIENTOENSKE", "Patienten fravalgte forløbet efter tilbudt tid"),
    ("PATIENTOENSKE", "Patienten ønskede forløb på et andet sygehus"),
    ("HELBRED", "Patientens helbredstilstand tillod ikke forløbet; afsluttet"),
)
INTERRUPTED_IN_TIME = (
    "Patienten fravalgte forløbet",
    "Patienten er flyttet til en anden region",
    "Patienten er afgået ved døden",
    None,
)

UDREDNING_AREAS = (("BRYST", 97), ("MODERMAERKE", 2), ("ANDET", 1))
BEHANDLING_AREAS = (
    ("BRYST", 75),
    ("MODERMAERKE", 8),
    ("PROSTATA", 7),
    ("TYKTARM_ENDETARM", 5),
    ("BLAERE_NYRE", 3),
    ("LIVMODER", 2),
)
BEHANDLING_FORMS = (("KIRURGI", 70), ("MEDICINSK", 20), ("STRAALE", 10))
EFTERBEHANDLING_FORMS = (("MEDICINSK", 50), ("STRAALE", 45), ("KIRURGI", 5))
UDREDNING = Forloebstype.UDREDNING.value
BEHANDLING = Forloebstype.BEHANDLING.value
KINDS = ((UDREDNING, 85), (BEHANDLING, 10), (Forloebstype.EFTERBEHANDLING.value, 5))
MALE_AREAS = {"PROSTATA"}
FEMALE_AREAS = {"BRYST", "LIVMODER"}


@dataclass(frozen=True)
class DemoPartner:
    id: int
    shak: str
    name: str
    prefix: str
    """Prefix of the partner's booking numbers (ekstern_reference)."""


def weighted(rng: random.Random, choices: Sequence[tuple[T, int]]) -> T:
    """One of the values, chosen with the given whole-number weights."""
    total = sum(w for _v, w in choices)
    pick = rng.random() * total
    for value, weight in choices:
        if pick < weight:
            return value
        pick -= weight
    return choices[-1][0]


class Weighted(Generic[T]):
    """A fixed weighted choice, prepared once (the same draws as :func:`weighted`, faster)."""

    def __init__(self, choices: Sequence[tuple[T, int]]) -> None:
        self.values = [v for v, _w in choices]
        self.bounds = list(itertools.accumulate(w for _v, w in choices))
        self.total = self.bounds[-1]

    def __call__(self, rng: random.Random) -> T:
        index = bisect.bisect_right(self.bounds, rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]


def partner_names(rng: random.Random, count: int) -> list[str]:
    return rng.sample(PARTNER_NAMES, count)


def partner_shak(rng: random.Random, taken: set[str]) -> str:
    """A hospital-level SHAK code (4 characters) not in ``taken``."""
    while True:
        code = rng.choice("BDEFHKLMPRST") + f"{rng.randrange(100, 1000)}"
        if code not in taken:
            return code


def booking_prefix(name: str) -> str:
    letters = [w[0] for w in name.split() if w[0].isalpha()]
    return "".join(letters).upper()[:3] or "BK"


def _century_digits(born: date) -> list[int]:
    yy = born.year % 100
    if born.year < 2000:
        return [0, 1, 2, 3] + ([4, 9] if yy >= 37 else [])
    return ([4, 9] if yy <= 36 else []) + ([5, 6, 7, 8] if yy <= 57 else [])


def make_cpr(rng: random.Random, born: date, female: bool, *, modulus11: bool) -> str:
    """A synthetic CPR number: ``born`` as DDMMYY, a fitting century digit, sex by the last digit.

    ``modulus11`` chooses whether the number passes the old check (both are valid numbers).
    """
    dd, mm, yy = born.day, born.month, born.year % 100
    # The weights 4 3 2 7 6 5 of positions 1–6, then 4 3 2 of positions 7–9 (MODULUS_WEIGHTS).
    head_sum = 4 * (dd // 10) + 3 * (dd % 10) + 2 * (mm // 10) + 7 * (mm % 10)
    head_sum += 6 * (yy // 10) + 5 * (yy % 10)
    digits = _century_digits(born)
    random_digit = rng.random
    while True:
        d7 = digits[int(random_digit() * len(digits))]
        d8, d9 = int(random_digit() * 10), int(random_digit() * 10)
        weighted_sum = head_sum + 4 * d7 + 3 * d8 + 2 * d9
        if modulus11:
            last = -weighted_sum % 11
            if last == 10 or (last % 2 == 0) != female:
                continue
        else:
            last = (_EVEN if female else _ODD)[int(random_digit() * 5)]
            if (weighted_sum + last) % 11 == 0:
                continue
        return f"{dd:02d}{mm:02d}{yy:02d}{d7}{d8}{d9}{last}"


_EVEN = (0, 2, 4, 6, 8)
_ODD = (1, 3, 5, 7, 9)


def referral_dates(rng: random.Random, n: int, today: date) -> list[date]:
    """``n`` referral dates over :data:`SPAN_DAYS` before ``today``, sorted; weekdays mostly."""
    days: list[date] = []
    while len(days) < n:
        day = today - timedelta(days=rng.randrange(SPAN_DAYS + 1))
        if day.weekday() >= 5 and rng.random() < 0.85:
            continue
        days.append(day)
    days.sort()
    return days


def _weekday_before(day: date, floor: date) -> date:
    """``day`` moved back to the Friday before when it is a weekend day, but not before ``floor``."""
    while day.weekday() >= 5 and day > floor:
        day -= timedelta(days=1)
    return day


_PICK_KIND = Weighted(KINDS)
_PICK_UDREDNING_AREA = Weighted(UDREDNING_AREAS)
_PICK_BEHANDLING_AREA = Weighted(BEHANDLING_AREAS)
_PICK_BEHANDLING_FORM = Weighted(BEHANDLING_FORMS)
_PICK_EFTER_FORM = Weighted(EFTERBEHANDLING_FORMS)


class PathwayGenerator:
    """Makes one pathway after another, in referral order, for one region and its partners."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        region: str,
        own_shak: str,
        partners: Sequence[DemoPartner],
    ) -> None:
        self.rng = rng
        self.today = today
        self.region = region
        self.own_shak = own_shak
        self.partners = partners
        self.pick_partner = Weighted(list(zip(partners, (60, 30, 10), strict=False)))
        self.confirmed: list[tuple[date, str]] = []
        """(udredning start, cpr) of confirmed breast udredninger: patients for a behandling."""
        self.bookings = 0

    # --- the parts -------------------------------------------------------------------------------

    def forloeb_id(self) -> str:
        """A random (version 4) UUID from the seeded generator, as ``str(uuid.UUID(...))`` writes it."""
        n = self.rng.getrandbits(128)
        n = (n & ~(0xF000 << 64) | (4 << 76)) & ~(0xC000 << 48) | (0x8000 << 48)
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def patient(self, area: str, henvisning: date) -> str:
        rng = self.rng
        if area in FEMALE_AREAS:
            female = rng.random() < 0.99
        elif area in MALE_AREAS:
            female = False
        else:
            female = rng.random() < 0.5
        age = min(95.0, max(25.0, rng.gauss(60, 12)))
        born = henvisning - timedelta(days=int(age * 365.25) + rng.randrange(365))
        return make_cpr(rng, born, female, modulus11=rng.random() >= P_MODULUS11_FAILS)

    def _reuse_confirmed(self, henvisning: date) -> str | None:
        """A patient whose breast udredning confirmed cancer shortly before this referral."""
        for index in range(len(self.confirmed) - 1, max(-1, len(self.confirmed) - 60), -1):
            started, cpr = self.confirmed[index]
            if started <= henvisning - timedelta(days=3):
                del self.confirmed[index]
                return cpr
        return None

    def _reference(self, partner: DemoPartner, henvisning: date) -> str | None:
        if self.rng.random() >= 0.7:
            return None
        self.bookings += 1
        return f"{partner.prefix}-{henvisning.year}-{self.bookings:06d}"

    # --- one pathway -----------------------------------------------------------------------------

    def make(self, henvisning: date) -> tuple[str, int, PathwayData]:
        """One pathway referred on ``henvisning``: (forloeb_id, partner id, data)."""
        rng, today = self.rng, self.today
        forloeb_id = self.forloeb_id()
        partner = self.pick_partner(rng)
        kind = _PICK_KIND(rng)
        udredning = kind == UDREDNING
        area = (_PICK_UDREDNING_AREA if udredning else _PICK_BEHANDLING_AREA)(rng)
        form: str | None = None
        samtykke: date | None = None
        cpr: str | None = None
        if not udredning:
            form = (_PICK_BEHANDLING_FORM if kind == BEHANDLING else _PICK_EFTER_FORM)(rng)
            samtykke = henvisning + timedelta(
                days=rng.randint(1, 10) if kind == BEHANDLING else rng.randint(0, 21)
            )
            if samtykke > today:
                samtykke = None
            if area == "BRYST" and rng.random() < 0.6:
                cpr = self._reuse_confirmed(henvisning)
        cpr = cpr or self.patient(area, henvisning)
        reference = self._reference(partner, henvisning)
        outcome = self._outcome(kind, henvisning, samtykke, partner)
        if udredning and area == "BRYST" and outcome.get("udfald") == "BEKRAEFTET":
            self.confirmed.append((outcome["start"], cpr))
        data = PathwayData(
            cpr=cpr,
            region=self.region,
            indberettende_shak=self.own_shak,
            udfoerende_shak=partner.shak,
            udfoerende_type="PRIVAT",
            forloebstype=kind,
            kraeftomraade=area,
            henvisning_modtaget=henvisning,
            behandlingsform=form,
            samtykke=samtykke,
            ekstern_reference=reference,
            **outcome,
        )
        return forloeb_id, partner.id, data

    def _outcome(
        self, kind: str, henvisning: date, samtykke: date | None, partner: DemoPartner
    ) -> dict[str, Any]:
        """The dates and reason of how the pathway went so far (empty: still open)."""
        rng, today = self.rng, self.today
        if henvisning > today - timedelta(days=OPEN_WINDOW_DAYS) or (
            kind != UDREDNING and samtykke is None
        ):
            return {}
        frist = compute_frist(kind, henvisning, samtykke).dato
        # The first day a start is plausible: a couple of days after referral (and consent).
        earliest = min(max(henvisning, samtykke or henvisning) + timedelta(days=2), frist)
        draw = rng.random()
        if draw < P_OPEN_OLD:
            return {}  # still open, long past its deadline: urgent on the worklist
        draw -= P_OPEN_OLD
        if draw < P_INTERRUPTED:
            return self._interrupted(henvisning, samtykke, frist)
        draw -= P_INTERRUPTED
        if draw < P_OVERRUN and frist < today:
            return self._overrun(kind, earliest, frist, partner)
        return self._within(kind, henvisning, earliest, frist)

    def _within(self, kind: str, henvisning: date, earliest: date, frist: date) -> dict[str, Any]:
        rng = self.rng
        span = (frist - earliest).days
        start = earliest + timedelta(days=round(rng.triangular(0, span, span * 0.6)))
        start = _weekday_before(start, earliest)
        if start > self.today:
            return {}  # booked but not yet started: open
        offered = start
        if rng.random() < 0.1 and (start - henvisning).days > 3:
            offered = start - timedelta(days=rng.randint(1, 3))
        return self._started(kind, offered, start)

    def _started(
        self,
        kind: str,
        offered: date,
        start: date,
        aarsag: str | None = None,
        kommentar: str | None = None,
        alternativ: str | None = None,
    ) -> dict[str, Any]:
        udfald: str | None = None
        if kind == UDREDNING and (self.today - start).days > 3:
            udfald = "BEKRAEFTET" if self.rng.random() < 0.1 else "AFKRAEFTET"
        return {
            "tilbudt_start": offered,
            "start": start,
            "aarsag": aarsag,
            "kommentar": kommentar,
            "alternativ_tilbud": alternativ,
            "udfald": udfald,
        }

    def _overrun(
        self, kind: str, earliest: date, frist: date, partner: DemoPartner
    ) -> dict[str, Any]:
        rng = self.rng
        low, high = weighted(rng, OVERRUN_DAYS)
        over = min((self.today - frist).days, rng.randint(low, high))
        start = frist + timedelta(days=over)
        aarsag, comments = weighted(rng, OVERRUN_REASON_WEIGHTS)
        kommentar = rng.choice(comments)
        alternativ: str | None = None
        if aarsag == "KAPACITET_HENVIST":
            others = [p.name for p in self.partners if p.id != partner.id]
            alternativ = rng.choice([*others, *OTHER_PLACES])
        offered = start
        if aarsag in _OFFERED_IN_TIME:
            offered = earliest + timedelta(days=rng.randint(0, (frist - earliest).days))
        return self._started(kind, offered, start, aarsag, kommentar, alternativ)

    def _interrupted(self, henvisning: date, samtykke: date | None, frist: date) -> dict[str, Any]:
        rng = self.rng
        first = max(henvisning, samtykke or henvisning)
        afbrudt = min(first + timedelta(days=rng.randint(1, 24)), self.today)
        offered: date | None = None
        if rng.random() < 0.5:
            offered = min(afbrudt + timedelta(days=rng.randint(0, 7)), self.today)
        aarsag: str | None = None
        kommentar: str | None
        if afbrudt > frist:
            aarsag, kommentar = rng.choice(INTERRUPTED_LATE)
        else:
            kommentar = rng.choice(INTERRUPTED_IN_TIME)
        return {
            "afbrudt": afbrudt,
            "tilbudt_start": offered,
            "aarsag": aarsag,
            "kommentar": kommentar,
        }


# --- abroad counts ------------------------------------------------------------------------------

ABROAD_CHOICES = (
    ("BEHANDLING", "STRAALE", "SARKOM", "DE", "Protonterapi"),
    ("BEHANDLING", "STRAALE", "BOERN", "SE", "Protonterapi, Skandionkliniken"),
    ("BEHANDLING", "KIRURGI", "LEVER_GALDE", "SE", None),
    ("UDREDNING", "", "HJERNE", "NO", None),
    ("BEHANDLING", "MEDICINSK", "LEUKAEMI", "DE", "Forsøgsbehandling"),
    ("EFTERBEHANDLING", "STRAALE", "OEJE", "NL", None),
    ("BEHANDLING", "KIRURGI", "SARKOM", "GB", None),
    ("UDREDNING", "", "", "US", "Kræftområde ikke oplyst"),
)


@dataclass(frozen=True)
class AbroadRow:
    kvartal: int
    forloebstype: str
    behandlingsform: str
    kraeftomraade: str
    land: str
    antal: int
    kommentar: str | None


def abroad_rows(rng: random.Random) -> list[AbroadRow]:
    """A few counts of a year's pathways abroad, each with its own key."""
    picked = rng.sample(ABROAD_CHOICES, rng.randint(2, 5))
    return [
        AbroadRow(
            kvartal=rng.randint(1, 4),
            forloebstype=kind,
            behandlingsform=form,
            kraeftomraade=area,
            land=land,
            antal=weighted(rng, ((1, 6), (2, 3), (3, 1))),
            kommentar=comment,
        )
        for kind, form, area, land, comment in picked
    ]
