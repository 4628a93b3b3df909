"""What a headteacher reads on their school's page (``reports.school_views``): one school, no account.

The school's teachers in Work Groups this academic year and last (status, attendance, tasks submitted, completion),
the headteacher's answers still awaited (consent requests), the school's Teaching for Mastery stage with its
year-by-year history (``mastery.journey``, a hub lead's recorded stage first), and the Work Groups open to the
school's phase that it could join. Read in a fixed number of queries whatever the school's size (``school_page`` says how many).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hubs.models import Hub, served_hub
from mastery.journey import SchoolJourney, school_journey_stage
from schools.enums import Phase
from schools.grid import grid_point_of, kilometres
from schools.models import School
from workgroups.enums import (
    ACTIVE_REGISTRATION_STATUSES,
    ATTENDED_STATUSES,
    SCHOOL_PHASES_FOR_WORK_GROUP,
    ConsentStatus,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import AcademicYear, Attendance, Registration, Session, TaskResponse
from workgroups.selectors import workgroups_open_search, workgroups_with_distance

# How many open Work Groups the page lists (the find page has the rest).
OPEN_WORK_GROUPS_SHOWN = 10
FINISHED = (WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED)


@dataclass
class TeacherRow:
    registration: Registration
    attended: int
    held: int  # sessions held so far (scheduled, started)
    tasks_submitted: int
    tasks_set: int  # sessions held so far that set a classroom task

    @property
    def completion(self) -> str:
        """ "Completed", "Not completed" (the group finished without them completing) or "In progress"."""
        if self.registration.status == RegistrationStatus.COMPLETED:
            return "Completed"
        if self.registration.work_group.status in FINISHED or self.registration.status not in (
            ACTIVE_REGISTRATION_STATUSES
        ):
            return "Not completed"
        return "In progress"


@dataclass
class YearOfTeachers:
    start_year: int
    rows: list[TeacherRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return AcademicYear(start_year=self.start_year).name


@dataclass
class SchoolPage:
    school: School
    hub: Hub | None
    years: list[YearOfTeachers]  # this year first, then last year
    awaiting: list[Registration]  # consent requests the headteacher has not answered
    open_work_groups: list  # each with ``distance_km`` when ``by_distance``
    journey: SchoolJourney  # the Teaching for Mastery stage (recorded by the hub, else derived) and its history
    by_distance: bool = False  # nearest the school first (it has a grid reference); else the hub's groups


def work_group_phases_for(school: School) -> list[str]:
    """The Work Group phases that take teachers from this school (``SCHOOL_PHASES_FOR_WORK_GROUP``, as the
    registration form checks it); a school GIAS gives no phase may join any."""
    if school.phase == Phase.NOT_APPLICABLE:
        return list(Phase.values)
    return [phase for phase, schools in SCHOOL_PHASES_FOR_WORK_GROUP.items() if school.phase in schools]


def school_for_page(*, school_id: int) -> School | None:
    """The school with ``served_hub_id`` (the hub serving it), or None (one query)."""
    return School.objects.annotate(served_hub_id=served_hub()).filter(pk=school_id).first()


def _count(queryset, *, by: str) -> Coalesce:
    """The number of rows of ``queryset`` (correlated to the outer registration), as a per-row subquery: joins
    of attendance, reflections and sessions would multiply each other's rows."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def school_registrations(*, school: School, start_years: list[int], now: datetime.datetime) -> list[TeacherRow]:
    """Every registration of the school in Work Groups of ``start_years``, with its counts (one query)."""
    held = Session.objects.filter(work_group=OuterRef("work_group"), status=SessionStatus.SCHEDULED, starts_at__lte=now)
    registrations = (
        Registration.objects.filter(school=school, academic_year__start_year__in=start_years)
        .exclude(work_group__status=WorkGroupStatus.DRAFT)
        .select_related("work_group__hub", "teacher", "academic_year")
        .annotate(
            attended=_count(
                Attendance.objects.filter(registration=OuterRef("pk"), status__in=ATTENDED_STATUSES), by="registration"
            ),
            tasks_submitted=_count(TaskResponse.objects.filter(registration=OuterRef("pk")), by="registration"),
            held=_count(held, by="work_group"),
            tasks_set=_count(held.exclude(task=""), by="work_group"),
        )
        .order_by("-academic_year__start_year", "work_group__code", "teacher__full_name", "pk")
    )
    return [
        TeacherRow(
            registration=r, attended=r.attended, held=r.held, tasks_submitted=r.tasks_submitted, tasks_set=r.tasks_set
        )
        for r in registrations
    ]


def school_page(*, school: School, now: datetime.datetime | None = None) -> SchoolPage:
    """Everything the school's page shows, for ``school`` as ``school_for_page`` read it: five queries (four when
    no hub serves the school): its hub, its registrations, the open Work Groups, its Teaching for Mastery journey
    (two: the stages completed, the hub's recorded stage)."""
    now = now or timezone.now()
    this_year = AcademicYear.start_year_for(timezone.localdate(now))
    start_years = [this_year, this_year - 1]
    hub = Hub.objects.filter(pk=school.served_hub_id).first() if school.served_hub_id else None
    rows = school_registrations(school=school, start_years=start_years, now=now)
    years = [
        YearOfTeachers(start_year=y, rows=[r for r in rows if r.registration.academic_year.start_year == y])
        for y in start_years
    ]
    awaiting = [
        r.registration
        for r in rows
        if r.registration.consent_status == ConsentStatus.PENDING
        and r.registration.status in ACTIVE_REGISTRATION_STATUSES
        and r.registration.status != RegistrationStatus.COMPLETED
        and r.registration.work_group.status not in FINISHED
    ]
    open_work_groups, by_distance = open_work_groups_for(school=school, hub=hub)
    return SchoolPage(
        school=school,
        hub=hub,
        years=years,
        awaiting=awaiting,
        open_work_groups=open_work_groups,
        journey=school_journey_stage(school),
        by_distance=by_distance,
    )


def open_work_groups_for(*, school: School, hub: Hub | None) -> tuple[list, bool]:
    """Work Groups open for registration that take the school's teachers (``work_group_phases_for``), with their
    place counts (one query), and whether they are by distance.

    A school with a grid reference gets the nearest anywhere first (``workgroups_with_distance``, straight line
    on the grid; online groups and venues without a grid reference after them), each with ``distance_km``.
    Without one, its hub's groups in date order; a school no hub serves and GIAS did not place gets none.
    """
    groups = workgroups_open_search().filter(phase__in=work_group_phases_for(school))
    point = grid_point_of(school)
    if point is not None:
        nearest = workgroups_with_distance(groups, easting=point.easting, northing=point.northing).order_by(
            F("distance_m").asc(nulls_last=True), "first_session", "code"
        )
        rows = list(nearest[:OPEN_WORK_GROUPS_SHOWN])
        for work_group in rows:
            work_group.distance_km = kilometres(work_group.distance_m)
        return rows, True
    if hub is None:
        return [], False
    return list(groups.filter(hub=hub)[:OPEN_WORK_GROUPS_SHOWN]), False
