"""The synthetic programme: five years of national projects, Work Groups, sessions, registrations, registers,
reflections, evaluations, headteachers' survey answers, Mastery Specialists and the hubs' people.

``Programme`` holds the generator, the ids handed out and the rows planned; each year is planned around its
engagement figure (``engagement``), each Work Group by ``work_groups``, its participants by ``participants``.
"""

import datetime
from collections.abc import Callable

from hubs.models import Hub
from hubs.seeding import catalogue as c
from hubs.seeding.catalogue import LONDON
from hubs.seeding.engagement import choose_engaged, dissolve_small, engagement_target, groups_of
from hubs.seeding.register import Register, SchoolPlan, person_name
from hubs.seeding.work_groups import plan_group
from hubs.seeding.writer import next_id

MODELS = (
    "user",
    "membership",
    "lead_school",
    "specialist",
    "accreditation",
    "accreditation_event",
    "work_group",
    "lead",
    "session",
    "registration",
    "attendance",
    "reflection",
    "evaluation",
    "survey",
)


def _email_part(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", ".") if ch.isalnum() or ch == ".")


class Programme:
    """Plans rows year by year and hands each year's rows to ``flush`` (model label → rows) to keep memory flat."""

    def __init__(self, *, rng, scale, now, register: Register, hubs: list[Hub], years, projects, half_terms, model_of):
        self.rng, self.scale, self.now = rng, scale, now
        self.register, self.hubs, self.years = register, hubs, years  # years: AcademicYear objects, oldest first
        self.projects = projects  # (start_year, shape number) → NationalProject
        self.half_terms = half_terms  # start_year → {number: (starts_on, ends_on)}
        self.ids = {label: next_id(model) for label, model in model_of.items()}
        self.rows: dict[str, list[dict]] = {label: [] for label in MODELS}
        self.hub_size = {hub.pk: len(register.by_hub[hub.pk]) for hub in hubs}
        mean = sum(self.hub_size.values()) / len(hubs)
        # Hubs differ: some reach far more of their schools than others (the network's figure is their mean).
        reach = {hub.pk: rng.uniform(0.78, 1.22) for hub in hubs}
        weighted_mean = sum(reach[pk] * size for pk, size in self.hub_size.items()) / max(
            1, sum(self.hub_size.values())
        )
        self.reach = {pk: value / weighted_mean for pk, value in reach.items()}
        self.hub_lead: dict[int, int] = {}
        self.local_leaders: dict[int, list[int]] = {}
        self.specialists: dict[int, list[tuple[int, int]]] = {hub.pk: [] for hub in hubs}  # (user id, cohort year)
        self.codes: set[str] = set()
        self.engaged_before: dict[int, set[int]] = {}
        self.mean_hub_size = mean

    def next_id(self, label: str) -> int:
        value = self.ids[label]
        self.ids[label] = value + 1
        return value

    def user(self, name: str, school: SchoolPlan | None, email: str = "") -> int:
        pk = self.next_id("user")
        email = email or f"{_email_part(name)}.{pk}@{c.EMAIL_DOMAIN}"
        self.rows["user"].append(
            {"id": pk, "email": email, "full_name": name, "password": "!", "school_id": school.id if school else None}
        )
        return pk

    def teacher(self, school: SchoolPlan, index: int) -> int:
        while len(school.teachers) <= index:
            school.teachers.append(self.user(person_name(self.rng), school))
        return school.teachers[index]

    # ---------------------------------------------------------------- a year

    def _choose_engaged(self, hub: Hub, start_year: int, is_current: bool) -> list[SchoolPlan]:
        # A few groups are cancelled (their schools do not count): choose a little above the figure.
        share = engagement_target(start_year) * self.reach[hub.pk] * (c.CURRENT_YEAR_SHARE if is_current else 1.02)
        before = self.engaged_before.get(hub.pk, set())
        chosen = choose_engaged(self.rng, self.register.by_hub[hub.pk], share, before)
        self.engaged_before[hub.pk] = {s.id for s in chosen}
        return chosen

    def plan_year(self, year, flush: Callable[[dict], None]) -> None:
        rng = self.rng
        is_current = year.start_year == self.years[-1].start_year
        shapes = c.PROJECTS
        for hub in self.hubs:
            engaged = self._choose_engaged(hub, year.start_year, is_current)
            queues: dict[str, list[SchoolPlan]] = {shape.number: [] for shape in shapes}
            for school in engaged:
                eligible = [s for s in shapes if school.phase in c.RECRUITS[s.phase]]
                first = rng.choices(eligible, weights=[s.weight for s in eligible])[0]
                queues[first.number].append(school)
                if rng.random() < c.SECOND_PROJECT and len(eligible) > 1:
                    rest = [s for s in eligible if s is not first]
                    queues[rng.choices(rest, weights=[s.weight for s in rest])[0].number].append(school)
            dissolve_small(queues)
            abbreviation = self._abbreviation(hub)
            for shape in shapes:
                chunks = groups_of(queues[shape.number], shape.schools)
                project = self.projects[(year.start_year, shape.number)]
                for n, chunk in enumerate(chunks, start=1):
                    plan_group(
                        self, hub, year, is_current, shape, project, f"{project.code}-{abbreviation}-{n:02d}", chunk
                    )
            if not is_current:
                for school in engaged:
                    if rng.random() < c.HEADTEACHER_RESPONSE:
                        submitted = datetime.datetime(year.start_year + 1, 6, rng.randint(16, 30), 10, tzinfo=LONDON)
                        self.rows["survey"].append(
                            {
                                "id": self.next_id("survey"),
                                "school_id": school.id,
                                "academic_year_id": year.pk,
                                "positive_impact": rng.random() < c.POSITIVE_IMPACT,
                                "respondent_name": school.headteacher,
                                "submitted_at": submitted,
                            }
                        )
        flush(self.rows)
        for rows in self.rows.values():
            rows.clear()

    def _abbreviation(self, hub: Hub) -> str:
        letters = "".join(ch for ch in hub.name if ch.isalnum()).upper()
        initials = "".join(word[0] for word in hub.name.split() if word[:1].isalnum()).upper()
        for candidate in (letters[:3], initials[:4], letters[:4], f"H{hub.pk}"):
            owner = self.__dict__.setdefault("_abbreviations", {}).get(candidate)
            if owner in (None, hub.pk):
                self._abbreviations[candidate] = hub.pk
                return candidate
        return f"H{hub.pk}"
