"""The synthetic schools register: local authorities in each hub's area, trusts, open and closed schools."""

import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from hubs.models import Hub, HubArea, SchoolHubOverride
from hubs.seeding import catalogue as c
from hubs.seeding.writer import next_id
from schools.enums import EstablishmentStatus, Phase
from schools.models import LocalAuthority, School, Trust

FIRST_URN = 200_000  # synthetic URNs: clear of the demo's 900000s and of the GIAS sample
FIRST_LA_CODE = 1001  # four-digit codes: real GIAS local authority codes have three
FIRST_TRUST_CODE = 20_001


@dataclass
class SchoolPlan:
    id: int
    urn: int
    name: str
    phase: str
    hub_id: int  # the hub serving it (its local authority's, or an override's)
    open: bool
    la_id: int
    headteacher: str
    teachers: list[int] = field(default_factory=list)  # user ids, created as the programme needs them


@dataclass
class Register:
    rows: dict[str, list[dict]]  # model label → rows
    schools: list[SchoolPlan]
    by_hub: dict[int, list[SchoolPlan]]  # open schools each hub serves, in URN order


def unique_place(rng: random.Random, taken: set[str]) -> str:
    for _ in range(1000):
        name = rng.choice(c.PLACE_STARTS) + rng.choice(c.PLACE_ENDS)
        if name not in taken:
            taken.add(name)
            return name
    name = f"{rng.choice(c.PLACE_STARTS)}{rng.choice(c.PLACE_ENDS)} {len(taken)}"
    taken.add(name)
    return name


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(c.FIRST_NAMES)} {rng.choice(c.LAST_NAMES)}"


def _weighted(rng: random.Random, choices: list[tuple[str, float]]) -> str:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _pupils(rng: random.Random, phase: str) -> int:
    mean, spread, low, high = {
        Phase.PRIMARY: (290, 120, 30, 900),
        Phase.SECONDARY: (1000, 350, 200, 2200),
        Phase.SIXTEEN_PLUS: (1100, 500, 150, 3000),
        Phase.ALL_THROUGH: (1400, 400, 400, 2600),
        Phase.MIDDLE: (500, 150, 150, 900),
        Phase.NURSERY: (90, 30, 20, 200),
    }.get(phase, (110, 50, 10, 300))
    return int(min(high, max(low, rng.gauss(mean, spread))))


# England on the British National Grid, roughly: where the synthetic hubs, towns and schools are placed.
GRID_EAST, GRID_NORTH = (360_000, 640_000), (120_000, 560_000)


class _Places:
    """Grid references for the synthetic register: each hub's area round a centre, its towns round their
    authority's, its schools within a few kilometres of their town. Its own random stream, so the rest of the
    seed (names, phases, the programme) is the same as before grid references were added."""

    def __init__(self, hubs: list[Hub]):
        self.rng = random.Random(f"grid-{len(hubs)}")
        columns = max(1, math.ceil(math.sqrt(len(hubs))))
        rows = max(1, math.ceil(len(hubs) / columns))
        east_step = (GRID_EAST[1] - GRID_EAST[0]) / columns
        north_step = (GRID_NORTH[1] - GRID_NORTH[0]) / rows
        self.hub_centre = {
            hub.pk: (GRID_EAST[0] + (n % columns + 0.5) * east_step, GRID_NORTH[0] + (n // columns + 0.5) * north_step)
            for n, hub in enumerate(hubs)
        }
        self.spread = min(east_step, north_step) / 3
        self.towns: dict[tuple[int, str], tuple[float, float]] = {}

    def _near(self, centre: tuple[float, float], spread: float) -> tuple[float, float]:
        return centre[0] + self.rng.gauss(0, spread), centre[1] + self.rng.gauss(0, spread)

    def school(self, hub_id: int, la: int, town: str) -> tuple[int, int]:
        key = (la, town)
        if key not in self.towns:
            self.towns[key] = self._near(self.hub_centre[hub_id], self.spread)
        east, north = self._near(self.towns[key], 2_500)
        return (
            int(min(GRID_EAST[1] + 50_000, max(1, east))),
            int(min(GRID_NORTH[1] + 50_000, max(1, north))),
        )


def plan_register(*, rng: random.Random, scale: float, hubs: list[Hub]) -> Register:
    """Local authorities (each in one hub's area), trusts and schools (with grid references), sized for ``scale``."""
    grid = _Places(hubs)
    open_count = max(len(hubs) * 4, round(c.OPEN_SCHOOLS * scale))
    la_count = min(c.LOCAL_AUTHORITIES, max(len(hubs), round(c.LOCAL_AUTHORITIES * math.sqrt(scale))))
    rows: dict[str, list[dict]] = {"la": [], "area": [], "trust": [], "school": [], "override": []}
    places: set[str] = set(LocalAuthority.objects.values_list("name", flat=True))

    # Every hub gets one local authority, the rest go to hubs at random; authorities differ in size (a county
    # has hundreds of schools, a London borough sixty).
    each = max(1, la_count // (2 * len(hubs)))
    la_hub = [hub.pk for hub in hubs for _ in range(each)]
    la_hub += [rng.choice(hubs).pk for _ in range(la_count - len(la_hub))]
    weights = [rng.lognormvariate(0, 0.6) for _ in la_hub]
    la_id = next_id(LocalAuthority)
    area_id = next_id(HubArea)
    region_of = {hub.pk: hub.region_id for hub in hubs}
    las = []
    for n, hub_id in enumerate(la_hub):
        name = unique_place(rng, places)
        deprivation = rng.uniform(6, 34)
        las.append((la_id + n, hub_id, name, deprivation))
        rows["la"].append(
            {"id": la_id + n, "code": str(FIRST_LA_CODE + n), "name": name, "region_id": region_of[hub_id]}
        )
        rows["area"].append({"id": area_id + n, "hub_id": hub_id, "local_authority_id": la_id + n})

    trust_count = max(1, round(open_count * c.TRUST_SHARE / c.SCHOOLS_PER_TRUST))
    trust_id = next_id(Trust)
    trusts_by_hub: dict[int, list[int]] = {}
    for n in range(trust_count):
        hub_id = la_hub[n % len(la_hub)]
        trusts_by_hub.setdefault(hub_id, []).append(trust_id + n)
        kind = rng.choice(["Learning Trust", "Academy Trust", "Education Partnership", "Multi Academy Trust"])
        rows["trust"].append(
            {"id": trust_id + n, "code": str(FIRST_TRUST_CODE + n), "name": f"{unique_place(rng, places)} {kind}"}
        )

    total = open_count + round(open_count * c.CLOSED_SHARE)
    total_weight = sum(weights)
    school_id = next_id(School)
    schools: list[SchoolPlan] = []
    town_names: dict[int, list[str]] = {}
    counter = 0
    for (la, hub_id, la_name, deprivation), weight in zip(las, weights, strict=True):
        share = round(total * weight / total_weight)
        towns = town_names.setdefault(la, [la_name] + [unique_place(rng, places) for _ in range(8)])
        area = (la_name[:2]).upper()
        for _ in range(max(2, share)):
            counter += 1
            phase = _weighted(rng, c.PHASE_MIX)
            is_open = rng.random() >= c.CLOSED_SHARE / (1 + c.CLOSED_SHARE)
            trusts = trusts_by_hub.get(hub_id) or [trust_id + counter % trust_count]
            in_trust = phase != Phase.NURSERY and rng.random() < c.TRUST_SHARE
            town = rng.choice(towns)
            plan = SchoolPlan(
                id=school_id + counter - 1,
                urn=FIRST_URN + counter,
                name=f"{town} {rng.choice(c.SCHOOL_NAMES[phase])}",
                phase=phase,
                hub_id=hub_id,
                open=is_open,
                la_id=la,
                headteacher=person_name(rng),
            )
            schools.append(plan)
            fsm = None if rng.random() < 0.03 else max(0.0, min(80.0, rng.gauss(deprivation, 8)))
            easting, northing = grid.school(hub_id, la, town)
            rows["school"].append(
                {
                    "id": plan.id,
                    "urn": plan.urn,
                    "name": plan.name,
                    "phase": phase,
                    "type_name": "Academy converter" if in_trust else rng.choice(c.SCHOOL_TYPES),
                    "status": (
                        (
                            EstablishmentStatus.OPEN
                            if rng.random() < 0.97
                            else EstablishmentStatus.OPEN_PROPOSED_TO_CLOSE
                        )
                        if is_open
                        else EstablishmentStatus.CLOSED
                    ),
                    "local_authority_id": la,
                    "trust_id": rng.choice(trusts) if in_trust else None,
                    "postcode": f"{area}{rng.randint(1, 40)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                    f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                    "number_of_pupils": _pupils(rng, phase),
                    "percentage_fsm": None if fsm is None else Decimal(f"{fsm:.2f}"),
                    "ofsted_rating": rng.choice(c.OFSTED),
                    "easting": easting,
                    "northing": northing,
                }
            )

    # A few schools are served by another hub than their local authority's (an explicit choice that survives
    # re-imports of the register).
    override_id = next_id(SchoolHubOverride)
    hub_ids = [hub.pk for hub in hubs]
    for plan in schools:
        if plan.open and rng.random() < c.OVERRIDE_SHARE:
            other = rng.choice([pk for pk in hub_ids if pk != plan.hub_id] or hub_ids)
            rows["override"].append(
                {"id": override_id, "school_id": plan.id, "hub_id": other, "reason": "Closer to the other hub"}
            )
            override_id += 1
            plan.hub_id = other
    by_hub: dict[int, list[SchoolPlan]] = {hub.pk: [] for hub in hubs}
    for plan in schools:
        if plan.open:
            by_hub[plan.hub_id].append(plan)
    return Register(rows=rows, schools=schools, by_hub=by_hub)
