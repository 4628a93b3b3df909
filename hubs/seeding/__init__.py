"""A synthetic network shaped like the real one (``python manage.py seed_network``), for the demo and the benchmarks.

``seed_network(scale=1.0, seed=N)`` writes, in one transaction, with PostgreSQL ``COPY`` (multi-row inserts on
SQLite): the 38 named hubs with about 24,000 open schools (plus closed ones) in 152 local authorities and their
trusts, five academic years of Work Groups, sessions, registrations, registers, reflections, evaluations,
headteachers' survey answers, Mastery Specialists and their accreditations, and each hub's people. The same seed (and day) gives the same
network; it sits beside whatever the database holds (ids continue after the existing rows), and a database that
already holds it is left as it is.
"""

import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from hubs.models import Hub, HubArea, HubMembership, SchoolHubOverride
from hubs.seeding import catalogue
from hubs.seeding.people import plan_people
from hubs.seeding.programme import Programme
from hubs.seeding.register import FIRST_URN, plan_register
from hubs.seeding.writer import BulkLoad, reset_sequences
from hubs.services import hubs_load_network, open_school_counts_refresh
from mastery.models import Accreditation, AccreditationEvent, Cohort, MasterySpecialist
from reports.models import ImpactSurveyResponse
from schools.models import LocalAuthority, School, Trust
from workgroups.enums import JourneyStage, Strand
from workgroups.models import (
    AcademicYear,
    Attendance,
    Evaluation,
    HalfTerm,
    NationalProject,
    Registration,
    SchoolParticipation,
    SchoolYear,
    SchoolYearCount,
    SchoolYearCounted,
    Session,
    SessionRegister,
    TaskResponse,
    WorkGroup,
    WorkGroupFigures,
    YearParticipation,
)
from workgroups.models.projects import journey_stage_named_in
from workgroups.services import half_terms_seed_network_defaults, work_group_figures_rebuild

MODEL_OF = {
    "user": User,
    "membership": HubMembership,
    "lead_school": Hub.lead_schools.through,
    "specialist": MasterySpecialist,
    "accreditation": Accreditation,
    "accreditation_event": AccreditationEvent,
    "work_group": WorkGroup,
    "lead": WorkGroup.leads.through,
    "session": Session,
    "registration": Registration,
    "attendance": Attendance,
    "reflection": TaskResponse,
    "evaluation": Evaluation,
    "survey": ImpactSurveyResponse,
}
FIGURE_MODELS = (
    WorkGroupFigures,
    SessionRegister,
    SchoolParticipation,
    SchoolYear,
    SchoolYearCount,
    SchoolYearCounted,
    YearParticipation,
)
ORM_WRITTEN = (Hub, AcademicYear, HalfTerm, NationalProject, Cohort)  # the few rows written through the ORM
# The demo's network (``make run``, SQLite): every hub with a few dozen schools and five years of figures.
DEMO_SCALE, DEMO_SEED = 0.05, 1
REGISTER_MODELS = {
    "la": LocalAuthority,
    "area": HubArea,
    "trust": Trust,
    "school": School,
    "override": SchoolHubOverride,
}


@dataclass
class SeedResult:
    scale: float
    seed: int
    already_seeded: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        if self.already_seeded:
            return "The network is already seeded; nothing was changed."
        parts = ", ".join(f"{count:,} {label.replace('_', ' ')}s" for label, count in self.counts.items() if count)
        return f"Seeded scale {self.scale} (seed {self.seed}) in {self.seconds:.1f} s: {parts}."


def is_seeded() -> bool:
    return School.objects.filter(urn=FIRST_URN + 1).exists()


def _projects(years) -> dict:
    """The year's national projects of the catalogue, reusing a project of the same title the year already has."""
    projects = {}
    for year in years:
        existing = {p.title: p for p in NationalProject.objects.filter(academic_year=year)}
        taken = {p.code for p in existing.values()}
        for shape in catalogue.PROJECTS:
            project = existing.get(shape.title)
            if project is None:
                code = f"NCP{year.start_year % 100:02d}-{shape.number}"
                number = 30
                while code in taken:  # the demo used the number for another project
                    number += 1
                    code = f"NCP{year.start_year % 100:02d}-{number}"
                taken.add(code)
                project = NationalProject.objects.create(
                    code=code,
                    title=shape.title,
                    phases=[shape.phase],
                    strand=shape.strand or Strand.SCHOOL_IMPROVEMENT,
                    academic_year=year,
                    default_sessions=shape.sessions[1],
                    default_capacity=max(20, shape.schools[1] * shape.teachers_per_school),
                    default_min_schools=min(6, shape.schools[0]),
                    default_teachers_per_school=shape.teachers_per_school,
                    is_teaching_for_mastery=shape.tfm,
                    journey_stage=journey_stage_named_in(shape.title) if shape.tfm else JourneyStage.NONE,
                )
            projects[(year.start_year, shape.number)] = project
    return projects


def _half_terms(years) -> dict:
    terms: dict[int, dict] = {}
    for half_term in HalfTerm.objects.filter(academic_year__in=years, hub__isnull=True).select_related("academic_year"):
        terms.setdefault(half_term.academic_year.start_year, {})[half_term.number] = (
            half_term.starts_on,
            half_term.ends_on,
        )
    return terms


def seed_network(*, scale: float = 1.0, seed: int = 1, now=None) -> SeedResult:
    """Write the synthetic network for ``scale`` (1.0: the real network's size) from ``seed``, all or nothing.

    Deterministic: the same seed, day and starting database give the same rows. A database that already holds a
    seeded network is left unchanged (``already_seeded``). Raises ``ValueError`` for a scale outside (0, 2].
    """
    if not 0 < scale <= 2:
        raise ValueError("The scale is a number above 0 and at most 2 (1.0 is the real network's size).")
    started = time.perf_counter()
    result = SeedResult(scale=scale, seed=seed)
    if is_seeded():
        result.already_seeded = True
        return result
    now = now or timezone.now()
    rng = random.Random(seed)
    with transaction.atomic():
        hubs_load_network()
        hubs = list(Hub.objects.order_by("name"))
        for hub in hubs:
            if not hub.contact_email:
                hub.contact_email = f"{hub.slug}@mathshubs.example"
                hub.save(update_fields=["contact_email"])
        load = BulkLoad()
        register = plan_register(rng=rng, scale=scale, hubs=hubs)
        for label, model in REGISTER_MODELS.items():
            result.counts[label] = load.write(model, register.rows[label])
        register.rows.clear()
        current = AcademicYear.start_year_for(timezone.localtime(now).date())
        years = []
        for start_year in range(current - catalogue.YEARS + 1, current + 1):
            years.append(AcademicYear.objects.get_or_create(start_year=start_year)[0])
            half_terms_seed_network_defaults(start_year=start_year)
        programme = Programme(
            rng=rng,
            scale=scale,
            now=now,
            register=register,
            hubs=hubs,
            years=years,
            projects=_projects(years),
            half_terms=_half_terms(years),
            model_of=MODEL_OF,
        )
        # The demo's own Work Groups (seed_demo) share the network's projects: their codes are taken.
        programme.codes.update(WorkGroup.objects.values_list("code", flat=True))

        def flush(rows: dict[str, list[dict]]) -> None:
            for label, model in MODEL_OF.items():
                if rows[label]:
                    result.counts[label] = result.counts.get(label, 0) + load.write(model, rows[label])

        plan_people(programme)
        flush(programme.rows)
        for rows in programme.rows.values():
            rows.clear()
        for year in years:
            programme.plan_year(year, flush)
        load.check_foreign_keys()
        reset_sequences([*REGISTER_MODELS.values(), *MODEL_OF.values()])
        # Written in bulk, not through the services: the reports' kept figures are computed once, here; the
        # open-school counts first, so the schools' years are folded with their most-disadvantaged threshold.
        open_school_counts_refresh()
        result.counts["work_group_figures"] = work_group_figures_rebuild()
    if connection.vendor == "postgresql":
        # Fresh planner statistics after a bulk load (what autovacuum does later), for the tables written.
        written = [*REGISTER_MODELS.values(), *MODEL_OF.values(), *FIGURE_MODELS, *ORM_WRITTEN]
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in written)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
    result.seconds = time.perf_counter() - started
    return result
