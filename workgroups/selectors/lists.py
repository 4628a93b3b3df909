"""The national catalogue and the lists of Work Groups, each with its place counts in one query."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from workgroups.enums import (
    ACTIVE_REGISTRATION_STATUSES,
    PLACE_HOLDING_STATUSES,
    ConsentStatus,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    AcademicYear,
    NationalProject,
    Registration,
    Session,
    WorkGroup,
)

RS = RegistrationStatus


def projects_list():
    return NationalProject.objects.select_related("academic_year").annotate(work_group_count=Count("work_groups"))


def projects_open_for_work_groups():
    """Projects a hub can run a Work Group of: those of this academic year and the next."""
    current = AcademicYear.start_year_for(timezone.localdate())
    return NationalProject.objects.filter(academic_year__start_year__in=(current, current + 1)).select_related(
        "academic_year"
    )


def _registrations_of_group(**filters):
    return Registration.objects.filter(work_group=OuterRef("pk"), **filters).order_by().values("work_group")


def _places_taken():
    holding = _registrations_of_group(status__in=PLACE_HOLDING_STATUSES)
    return Coalesce(Subquery(holding.annotate(n=Count("pk")).values("n")), 0)


def _first_session():
    return Subquery(
        Session.objects.filter(work_group=OuterRef("pk"), status=SessionStatus.SCHEDULED)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def _with_place_counts(queryset):
    """Places taken, waitlist, schools and first session, as per-row subqueries.

    Subqueries, not joins: a join of registrations and sessions multiplies rows (15 × 6 per group),
    and PostgreSQL evaluates these only for the rows of the page it returns.
    """
    holding = _registrations_of_group(status__in=PLACE_HOLDING_STATUSES)
    return queryset.annotate(
        places_taken=_places_taken(),
        waitlisted=Coalesce(
            Subquery(_registrations_of_group(status=RS.WAITLISTED).annotate(n=Count("pk")).values("n")), 0
        ),
        schools_registered=Coalesce(Subquery(holding.annotate(n=Count("school", distinct=True)).values("n")), 0),
        first_session=_first_session(),
    )


def workgroups_with_place_counts(*, work_groups=None):
    """Every Work Group (or those of ``work_groups``), each with ``places_taken``, ``waitlisted``,
    ``schools_registered`` and ``first_session``."""
    return _with_place_counts(work_groups if work_groups is not None else WorkGroup.objects.all())


def workgroups_with_places_taken(*, work_groups):
    """The Work Groups of ``work_groups``, each with ``places_taken`` and ``first_session`` only, as
    ``workgroups_with_place_counts`` counts them: for lists that show no more (half the subqueries to build)."""
    return work_groups.annotate(places_taken=_places_taken(), first_session=_first_session())


def workgroups_of_hub(*, hub):
    """A hub's Work Groups with their place counts, for its managers (one query)."""
    return _with_place_counts(WorkGroup.objects.filter(hub=hub).select_related("project", "academic_year")).order_by(
        "-academic_year__start_year", "status", "code"
    )


def workgroups_led_by(*, user):
    """The Work Groups ``user`` leads, running ones first, with their sessions (two queries)."""
    order = Case(
        When(status=WorkGroupStatus.RUNNING, then=Value(0)),
        When(status__in=(WorkGroupStatus.OPEN, WorkGroupStatus.CLOSED), then=Value(1)),
        When(status=WorkGroupStatus.DRAFT, then=Value(2)),
        default=Value(3),
    )
    return (
        _with_place_counts(WorkGroup.objects.filter(leads=user).select_related("hub", "project"))
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at")))
        .annotate(status_order=order)
        .order_by("status_order", "-academic_year__start_year", "code")
    )


def workgroup_registrations(*, work_group):
    """Every registration of a Work Group with its teacher and school, waitlist in order (one query)."""
    return (
        work_group.registrations.select_related("teacher", "school")
        .order_by("status", "waitlisted_at", "created_at")
        .all()
    )


def schools_registered_count(*, work_group) -> int:
    return work_group.registrations.filter(status__in=PLACE_HOLDING_STATUSES).values("school_id").distinct().count()


@dataclass(frozen=True)
class RecordedHeadteacher:
    name: str
    email: str


def school_recorded_headteacher(*, school) -> RecordedHeadteacher | None:
    """The school's recorded headteacher: the one who most recently confirmed a teacher's place from the school's
    e-mailed link (name and address as the teacher gave them). None when no headteacher of the school has yet."""
    row = (
        Registration.objects.filter(school=school, consent_status=ConsentStatus.CONFIRMED)
        .order_by(F("consent_decided_at").desc(nulls_last=True), "-pk")
        .values_list("headteacher_name", "headteacher_email")
        .first()
    )
    return RecordedHeadteacher(*row) if row else None


def teacher_registration_in(*, work_group, teacher) -> Registration | None:
    """The teacher's registration in this Work Group: the active one, else the latest that ended (one query)."""
    registrations = list(work_group.registrations.filter(teacher=teacher).order_by("-created_at", "-pk"))
    active = [r for r in registrations if r.status in ACTIVE_REGISTRATION_STATUSES]
    return (active or registrations or [None])[0]


def session_change_recipients(*, session) -> list[Registration]:
    """The teachers told when a session moves or is cancelled: those holding a place in its Work Group."""
    return list(
        Registration.objects.filter(work_group_id=session.work_group_id, status__in=PLACE_HOLDING_STATUSES)
        .select_related("teacher")
        .order_by("pk")
    )
