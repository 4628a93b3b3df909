"""A teacher's own: My CPD, the sessions of their calendar, a certificate's sessions."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from workgroups.enums import (
    ACTIVE_REGISTRATION_STATUSES,
    ATTENDED_STATUSES,
    CALENDAR_REGISTRATION_STATUSES,
    PARTICIPANT_STATUSES,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Attendance,
    Registration,
    Session,
    TaskResponse,
)

RS = RegistrationStatus
# Registrations that have ended: My CPD lists them under "Past and withdrawn", with the finished Work Groups.
ENDED_REGISTRATION_STATUSES = (RS.REJECTED, RS.WITHDRAWN, RS.DECLINED, RS.EXPIRED, RS.CANCELLED)
FINISHED_WORK_GROUP_STATUSES = (WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED)


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
    waitlist_position: int | None = None  # 1 for the first in the queue
    can_register_again: bool = False  # withdrawn or offer lapsed, registration open, no newer registration

    @property
    def attended_percent(self) -> int:
        return round(100 * self.attended / self.held) if self.held else 0

    @property
    def is_participant(self) -> bool:
        """Approved or completed: their sessions, links and tasks are theirs to see."""
        return self.registration.status in PARTICIPANT_STATUSES

    @property
    def is_past(self) -> bool:
        """Ended (withdrawn, rejected, declined, offer expired, cancelled) or its Work Group finished."""
        return (
            self.registration.status in ENDED_REGISTRATION_STATUSES
            or self.registration.work_group.status in FINISHED_WORK_GROUP_STATUSES
        )


@dataclass
class MyCpd:
    current: list[CpdEntry] = field(default_factory=list)
    past: list[CpdEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.current or self.past)


def _waitlist_positions(registrations: list[Registration]) -> dict[int, int]:
    """Registration id → place in its Work Group's waitlist queue (the order offers follow), in one query."""
    groups = {r.work_group_id for r in registrations if r.status == RS.WAITLISTED}
    if not groups:
        return {}
    queue = Registration.objects.filter(work_group_id__in=groups, status=RS.WAITLISTED).annotate(
        position=Window(
            RowNumber(), partition_by=[F("work_group_id")], order_by=[F("waitlisted_at"), F("created_at"), F("pk")]
        )
    )
    return dict(queue.values_list("pk", "position"))


def my_cpd(*, user) -> MyCpd:
    """A teacher's Work Groups, sessions, next task and standing, in four queries whatever their number (five with
    a waitlist place). Current registrations first; ended ones and finished Work Groups under ``past``, newest
    first, with their history (a teacher who withdrew and registered again sees both)."""
    now = timezone.now()
    registrations = list(
        Registration.objects.filter(teacher=user)
        .select_related("work_group__hub", "work_group__project", "school", "evaluation")
        .prefetch_related(
            Prefetch("work_group__sessions", queryset=Session.objects.order_by("starts_at")),
            Prefetch("task_responses", queryset=TaskResponse.objects.all()),
            Prefetch("attendances", queryset=Attendance.objects.select_related(None)),
        )
        .order_by("-created_at", "-pk")
    )
    positions = _waitlist_positions(registrations)
    active_in = {r.work_group_id for r in registrations if r.status in ACTIVE_REGISTRATION_STATUSES}
    result = MyCpd()
    for registration in registrations:
        entry = _entry(registration, now, positions.get(registration.pk))
        entry.can_register_again = (
            registration.status in (RS.WITHDRAWN, RS.EXPIRED)
            and registration.work_group_id not in active_in
            and registration.work_group.registration_is_open
        )
        active_in.add(registration.work_group_id)  # older registrations of the same group: one link is enough
        (result.past if entry.is_past else result.current).append(entry)
    return result


def _entry(registration: Registration, now, waitlist_position) -> CpdEntry:
    sessions = list(registration.work_group.sessions.all())
    live = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    ended = registration.status in ENDED_REGISTRATION_STATUSES
    finished = registration.work_group.status in FINISHED_WORK_GROUP_STATUSES
    upcoming = [s for s in live if s.ends_at >= now] if not (ended or finished) else []
    next_session = upcoming[0] if upcoming else None
    earlier = [s for s in live if s.starts_at < (next_session.starts_at if next_session else now) and s.task]
    marks = {a.session_id: a for a in registration.attendances.all()}
    for session in sessions:
        session.my_attendance = marks.get(session.pk)
    return CpdEntry(
        registration=registration,
        sessions=sessions,
        next_session=next_session,
        task_session=earlier[-1] if earlier and not (ended or finished) else None,
        responses={r.session_id: r for r in registration.task_responses.all()},
        attended=sum(1 for a in marks.values() if a.status in ATTENDED_STATUSES),
        held=len(live),
        held_so_far=sum(1 for s in live if s.starts_at <= now),
        waitlist_position=waitlist_position,
    )


def sessions_for_calendar(*, user):
    """Every session (cancelled ones too, so calendars drop them) of groups where ``user`` holds a place, whose
    Work Group was cancelled under them, or that they lead."""
    taking_part = Registration.objects.filter(teacher=user, status__in=CALENDAR_REGISTRATION_STATUSES)
    return (
        (
            Session.objects.filter(work_group__in=taking_part.values("work_group"))
            | Session.objects.filter(work_group__leads=user)
        )
        .exclude(work_group__status=WorkGroupStatus.DRAFT)
        .select_related("work_group__hub")
        .distinct()
        .order_by("starts_at")
    )


def certificate_sessions(*, registration: Registration):
    """The sessions a participant attended (present or late) that were held (not cancelled, started), in order."""
    return (
        Session.objects.filter(attendances__registration=registration, attendances__status__in=ATTENDED_STATUSES)
        .filter(status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now())
        .order_by("starts_at")
    )
