"""Reads of Work Groups, each scoped to what the person may see and in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from hubs.selectors import hubs_managed_by
from workgroups.enums import (
    ATTENDED_STATUSES,
    PARTICIPANT_STATUSES,
    PLACE_HOLDING_STATUSES,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Attendance,
    HalfTerm,
    NationalProject,
    Registration,
    Session,
    TaskResponse,
    WorkGroup,
)

RS = RegistrationStatus


# --------------------------------------------------------------------------- half-terms


def half_terms_for(*, hub, start_years) -> list[HalfTerm]:
    """The half-terms that apply to ``hub`` in those years: the hub's own, else the network's (one query)."""
    rows = list(
        HalfTerm.objects.filter(academic_year__start_year__in=list(start_years))
        .filter(Q(hub=hub) | Q(hub__isnull=True))
        .select_related("academic_year")
    )
    own = {(h.academic_year_id, h.number): h for h in rows if h.hub_id is not None}
    return [h for h in rows if h.hub_id is not None or (h.academic_year_id, h.number) not in own]


def half_term_of(day: datetime.date, half_terms) -> HalfTerm | None:
    """The half-term (from ``half_terms_for``) whose dates contain ``day``; None in a holiday or unset."""
    for half_term in half_terms:
        if half_term.starts_on <= day <= half_term.ends_on:
            return half_term
    return None


def session_half_term(session: Session) -> HalfTerm | None:
    """A session's half-term, derived from its date and its hub's half-term dates (network's by default)."""
    from workgroups.models import AcademicYear

    day = timezone.localtime(session.starts_at).date()
    terms = half_terms_for(hub=session.work_group.hub, start_years=[AcademicYear.start_year_for(day)])
    return half_term_of(day, terms)


def annotate_half_terms(sessions, hub) -> None:
    """Set ``half_term`` on each session of one hub, in one query."""
    from workgroups.models import AcademicYear

    sessions = list(sessions)
    years = {AcademicYear.start_year_for(timezone.localtime(s.starts_at).date()) for s in sessions}
    terms = half_terms_for(hub=hub, start_years=years) if sessions else []
    for session in sessions:
        session.half_term = half_term_of(timezone.localtime(session.starts_at).date(), terms)


# --------------------------------------------------------------------------- catalogue and hub lists


def projects_list():
    return NationalProject.objects.select_related("academic_year").annotate(work_group_count=Count("work_groups"))


def _registrations_of_group(**filters):
    return Registration.objects.filter(work_group=OuterRef("pk"), **filters).order_by().values("work_group")


def _with_place_counts(queryset):
    """Places taken, waitlist, schools and first session, as per-row subqueries.

    Subqueries, not joins: a join of registrations and sessions multiplies rows (15 × 6 per group),
    and PostgreSQL evaluates these only for the rows of the page it returns.
    """
    holding = _registrations_of_group(status__in=PLACE_HOLDING_STATUSES)
    return queryset.annotate(
        places_taken=Coalesce(Subquery(holding.annotate(n=Count("pk")).values("n")), 0),
        waitlisted=Coalesce(
            Subquery(_registrations_of_group(status=RS.WAITLISTED).annotate(n=Count("pk")).values("n")), 0
        ),
        schools_registered=Coalesce(Subquery(holding.annotate(n=Count("school", distinct=True)).values("n")), 0),
        first_session=Subquery(
            Session.objects.filter(work_group=OuterRef("pk"), status=SessionStatus.SCHEDULED)
            .order_by("starts_at")
            .values("starts_at")[:1]
        ),
    )


def workgroups_with_place_counts(*, work_groups=None):
    """Every Work Group (or those of ``work_groups``), each with ``places_taken``, ``waitlisted``,
    ``schools_registered`` and ``first_session``."""
    return _with_place_counts(work_groups if work_groups is not None else WorkGroup.objects.all())


def workgroups_of_hub(*, hub):
    """A hub's Work Groups with their place counts, for its managers (one query)."""
    return _with_place_counts(WorkGroup.objects.filter(hub=hub).select_related("project", "academic_year")).order_by(
        "-academic_year__start_year", "status", "code"
    )


def workgroups_open_search(*, hub=None, phase="", project=None, format="", q=""):
    """Work Groups open for registration (deadline not passed), filtered, with hub, project and place counts."""
    today = timezone.localdate()
    queryset = (
        WorkGroup.objects.filter(status=WorkGroupStatus.OPEN)
        .filter(Q(registration_deadline__isnull=True) | Q(registration_deadline__gte=today))
        .select_related("hub", "project")
    )
    if hub:
        queryset = queryset.filter(hub=hub)
    if phase:
        queryset = queryset.filter(phase=phase)
    if project:
        queryset = queryset.filter(project=project)
    if format:
        queryset = queryset.filter(format=format)
    if q:
        queryset = queryset.filter(
            Q(title__icontains=q)
            | Q(code__icontains=q)
            | Q(venue__icontains=q)
            | Q(project__title__icontains=q)
            | Q(hub__name__icontains=q)
        )
    return _with_place_counts(queryset).order_by("first_session", "code")


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


# --------------------------------------------------------------------------- registers


@dataclass
class RegisterRow:
    registration: Registration
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""


def register_rows(*, session: Session) -> list[RegisterRow]:
    """The participants of a session's Work Group with their mark for it, in two queries."""
    registrations = list(
        Registration.objects.filter(work_group_id=session.work_group_id, status__in=PARTICIPANT_STATUSES)
        .select_related("teacher", "school")
        .order_by("teacher__full_name", "pk")
    )
    marks = {a.registration_id: a for a in Attendance.objects.filter(session=session).select_related("recorded_by")}
    return [RegisterRow(registration=r, attendance=marks.get(r.pk)) for r in registrations]


def register_changes(*, session: Session):
    """Corrections to a session's register, newest first (one query)."""
    from workgroups.models import AttendanceChange

    return (
        AttendanceChange.objects.filter(attendance__session=session, old_status__gt="")
        .select_related("attendance__registration__teacher", "changed_by")
        .order_by("-changed_at")
    )


# --------------------------------------------------------------------------- My CPD


@dataclass
class CpdEntry:
    registration: Registration
    sessions: list
    next_session: Session | None
    task_session: Session | None  # the session that set the task to try before the next one
    responses: dict  # session id → TaskResponse
    attended: int
    held: int  # sessions not cancelled, planned in all
    held_so_far: int  # of which have started

    @property
    def attended_percent(self) -> int:
        return round(100 * self.attended / self.held) if self.held else 0

    @property
    def is_participant(self) -> bool:
        """Approved or completed: their sessions, links and tasks are theirs to see."""
        return self.registration.status in PARTICIPANT_STATUSES


def my_cpd(*, user) -> list[CpdEntry]:
    """A teacher's Work Groups, sessions, next task and standing, in four queries whatever their number."""
    now = timezone.now()
    registrations = list(
        Registration.objects.filter(teacher=user)
        .exclude(status=RS.WITHDRAWN)
        .select_related("work_group__hub", "work_group__project", "school", "evaluation")
        .prefetch_related(
            Prefetch("work_group__sessions", queryset=Session.objects.order_by("starts_at")),
            Prefetch("task_responses", queryset=TaskResponse.objects.all()),
            Prefetch("attendances", queryset=Attendance.objects.select_related(None)),
        )
        # Groups under way first, finished ones (completed, cancelled, rejected) after.
        .annotate(
            finished=Case(
                When(work_group__status__in=(WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED), then=Value(1)),
                When(status=RS.REJECTED, then=Value(1)),
                default=Value(0),
            )
        )
        .order_by("finished", "-created_at")
    )
    entries = []
    for registration in registrations:
        sessions = list(registration.work_group.sessions.all())
        live = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
        upcoming = [s for s in live if s.ends_at >= now]
        next_session = upcoming[0] if upcoming else None
        finished = registration.work_group.status in (WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED)
        earlier = [s for s in live if s.starts_at < (next_session.starts_at if next_session else now) and s.task]
        marks = {a.session_id: a for a in registration.attendances.all()}
        for session in sessions:
            session.my_attendance = marks.get(session.pk)
        attended = sum(1 for a in marks.values() if a.status in ATTENDED_STATUSES)
        entries.append(
            CpdEntry(
                registration=registration,
                sessions=sessions,
                next_session=next_session,
                task_session=earlier[-1] if earlier and not finished else None,
                responses={r.session_id: r for r in registration.task_responses.all()},
                attended=attended,
                held=len(live),
                held_so_far=sum(1 for s in live if s.starts_at <= now),
            )
        )
    return entries


def sessions_for_calendar(*, user):
    """Every session (cancelled ones too, so calendars drop them) of groups where ``user`` holds a place or leads."""
    return (
        Session.objects.filter(
            Q(work_group__registrations__teacher=user, work_group__registrations__status__in=PLACE_HOLDING_STATUSES)
            | Q(work_group__leads=user)
        )
        .exclude(work_group__status=WorkGroupStatus.DRAFT)
        .select_related("work_group__hub")
        .distinct()
        .order_by("starts_at")
    )


def certificate_sessions(*, registration: Registration):
    """The sessions a participant attended (present or late), in order."""
    return (
        Session.objects.filter(attendances__registration=registration, attendances__status__in=ATTENDED_STATUSES)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")
    )


# --------------------------------------------------------------------------- who may read what (lists)
# Each answers for a whole list the question a rule in ``workgroups/rules.py`` answers for one object, so a list
# (the API's) shows exactly the objects whose page would open. Tests check each pair agrees for every role.


def _led_work_group_ids(user):
    return WorkGroup.leads.through.objects.filter(user_id=user.pk).values("workgroup_id")


def _holds_every_permission(user) -> bool:
    # Django gives an active superuser every permission (``User.has_perm``), so the lists give them everything too.
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def workgroups_visible_to(*, user):
    """The Work Groups ``user`` may see (``workgroups.view_workgroup``): every published one, and the drafts of the
    groups they lead or whose hub they manage (site administrators: all). No duplicates (subqueries, not joins)."""
    published = ~Q(status=WorkGroupStatus.DRAFT)
    if not user.is_authenticated:
        return WorkGroup.objects.filter(published)
    if _holds_every_permission(user):
        return WorkGroup.objects.all()
    return WorkGroup.objects.filter(
        published | Q(pk__in=_led_work_group_ids(user)) | Q(hub_id__in=hubs_managed_by(user=user))
    )


def sessions_visible_to(*, user):
    """Sessions of the Work Groups ``user`` may see."""
    return Session.objects.filter(work_group__in=workgroups_visible_to(user=user))


def _people_q(user, prefix: str = "") -> Q:
    """Registrations whose people ``user`` may see (``workgroups.view_workgroup_people``): their Work Group's leads
    and its hub's managers."""
    return Q(**{f"{prefix}work_group_id__in": _led_work_group_ids(user)}) | Q(
        **{f"{prefix}work_group__hub_id__in": hubs_managed_by(user=user)}
    )


def registrations_visible_to(*, user):
    """The registrations ``user`` may read, each annotated ``with_people``.

    Their Work Group's leads and its hub's managers read them with the teacher's and headteacher's personal data
    (``with_people`` true); network readers (``accounts.view_network``) read every registration without it, as
    the network's registrations download gives ids, not names; site administrators read everything. Anyone else
    reads none.
    """
    if not user.is_authenticated:
        return Registration.objects.none()
    if _holds_every_permission(user):
        return Registration.objects.annotate(with_people=Value(True))
    people = _people_q(user)
    registrations = Registration.objects.annotate(with_people=ExpressionWrapper(people, output_field=BooleanField()))
    if user.has_perm("accounts.view_network"):
        return registrations
    return registrations.filter(people)


def attendance_visible_to(*, user):
    """Attendance marks of the registrations ``user`` may read (see ``registrations_visible_to``)."""
    if not user.is_authenticated:
        return Attendance.objects.none()
    if user.has_perm("accounts.view_network"):
        return Attendance.objects.all()
    return Attendance.objects.filter(_people_q(user, prefix="registration__"))
