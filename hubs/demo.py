"""Demo data for the hubs network: a few real hub names, invented areas and schools, one user per role.

Everything is keyed by natural keys (URN, slugs, e-mails), so seeding twice changes nothing.
"""

from dataclasses import dataclass

from django.utils.text import slugify

from accounts.services import user_create_verified
from hubs.enums import HubRole
from hubs.models import Hub, HubArea, HubMembership
from schools.enums import EstablishmentStatus, Phase
from schools.models import LocalAuthority, Region, School, Trust

DEMO_PASSWORD = "maths-hubs-demo"

# (hub name, region, [(LA code, LA name)])
DEMO_HUBS = [
    ("Matrix", "East of England", [("873", "Cambridgeshire"), ("874", "Peterborough")]),
    ("London Thames", "London", [("211", "Tower Hamlets"), ("210", "Southwark")]),
    ("Great North", "North East", [("390", "Gateshead"), ("391", "Newcastle upon Tyne")]),
]

# Each demo local authority's schools lie round a point near its real place on the National Grid (metres).
DEMO_GRID = {
    "873": (545_000, 262_000),  # Cambridgeshire
    "874": (519_000, 299_000),  # Peterborough
    "211": (536_000, 181_500),  # Tower Hamlets
    "210": (533_000, 177_000),  # Southwark
    "390": (425_000, 561_000),  # Gateshead
    "391": (424_000, 565_000),  # Newcastle upon Tyne
}

PHASE_CYCLE = [Phase.PRIMARY, Phase.PRIMARY, Phase.SECONDARY, Phase.PRIMARY, Phase.ALL_THROUGH]


@dataclass
class DemoLogin:
    role: str
    email: str


def seed_network() -> dict[str, Hub]:
    hubs = {}
    trust, _ = Trust.objects.get_or_create(code="TR00001", defaults={"name": "Demo Learning Trust"})
    urn = 900000
    for hub_index, (hub_name, region_name, las) in enumerate(DEMO_HUBS):
        region, _ = Region.objects.get_or_create(slug=slugify(region_name), defaults={"name": region_name})
        hub, _ = Hub.objects.get_or_create(slug=slugify(hub_name), defaults={"name": hub_name, "region": region})
        if not hub.contact_email:  # load_hubs created the real hubs without contacts
            hub.contact_email = f"{slugify(hub_name)}@mathshubs.example"
            hub.save(update_fields=["contact_email"])
        for la_code, la_name in las:
            la, _ = LocalAuthority.objects.get_or_create(code=la_code, defaults={"name": la_name, "region": region})
            HubArea.objects.get_or_create(local_authority=la, defaults={"hub": hub})
            for n in range(1, 11):
                urn += 1
                phase = PHASE_CYCLE[n % len(PHASE_CYCLE)]
                kind = "Primary School" if phase == Phase.PRIMARY else "Academy"
                School.objects.update_or_create(
                    urn=urn,
                    defaults={
                        "name": f"{la_name} {['Park', 'Hill', 'Green', 'Bridge', 'Vale'][n % 5]} {kind} {n}",
                        "phase": phase,
                        "type_name": "Academy converter" if n % 3 == 0 else "Community school",
                        "status": EstablishmentStatus.CLOSED if n == 10 else EstablishmentStatus.OPEN,
                        "local_authority": la,
                        "trust": trust if n % 3 == 0 else None,
                        "postcode": f"ZZ{hub_index + 1} {n}AB",
                        "number_of_pupils": 180 + 37 * n,
                        "percentage_fsm": 5 + 3.5 * n,
                        # Schools 1 km apart eastwards and 600 m northwards round the authority's point.
                        "easting": DEMO_GRID[la_code][0] + 1000 * (n - 5),
                        "northing": DEMO_GRID[la_code][1] + 600 * (n % 4),
                    },
                )
        if not hub.lead_schools.exists():
            hub.lead_schools.add(School.objects.filter(local_authority__hub_area__hub=hub).order_by("urn").first())
        hubs[hub.slug] = hub
    return hubs


def seed_people(hubs: dict[str, Hub]) -> list[DemoLogin]:
    matrix = hubs["matrix"]
    first_school = School.objects.filter(local_authority__hub_area__hub=matrix).order_by("urn")
    logins = []

    def person(role, email, name, **fields):
        user = user_create_verified(email=email, full_name=name, password=DEMO_PASSWORD, **fields)
        logins.append(DemoLogin(role, email))
        return user

    person("Site administrator", "admin@demo.mathshubs.test", "Sam Admin", is_staff=True, is_superuser=True)
    person("NCETM staff", "ncetm@demo.mathshubs.test", "Nadia Ncetm", is_ncetm_staff=True)
    lead = person("Hub lead (Matrix)", "hublead@demo.mathshubs.test", "Helen Lead", school=first_school[0])
    admin = person("Hub administrator (Matrix)", "hubadmin@demo.mathshubs.test", "Harry Admin", school=first_school[0])
    other = person("Hub lead (London Thames)", "otherlead@demo.mathshubs.test", "Olu Otherlead")
    person("Work Group lead", "wglead@demo.mathshubs.test", "Wendy Lead", school=first_school[1])
    person("Teacher", "teacher@demo.mathshubs.test", "Tom Teacher", school=first_school[2])
    HubMembership.objects.get_or_create(hub=matrix, user=lead, role=HubRole.LEAD, defaults={"title": "Hub lead"})
    HubMembership.objects.get_or_create(
        hub=matrix, user=admin, role=HubRole.ADMINISTRATOR, defaults={"title": "Hub manager"}
    )
    HubMembership.objects.get_or_create(
        hub=hubs["london-thames"], user=other, role=HubRole.LEAD, defaults={"title": "Hub lead"}
    )
    return logins
