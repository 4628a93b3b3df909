"""What ending a Work Group involves: who cancelling it touches, and whether it can be completed yet.

Both the confirmation pages (which say what will happen and who will be told) and the services (which enforce
the rules under the Work Group's lock) read these, so the page and the rule never disagree.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from workgroups.enums import ATTENDED_STATUSES, PARTICIPANT_STATUSES, ConsentStatus, RegistrationStatus, SessionStatus
from workgroups.models import Registration, Session, WorkGroup

RS = RegistrationStatus
# The registrations a cancellation ends: everyone holding, offered or waiting for a place.
CANCELLED_WITH_THE_GROUP = (RS.APPLIED, RS.APPROVED, RS.OFFERED, RS.WAITLISTED)


@dataclass
class CancellationImpact:
    sessions: list[Session]  # still to be held: they are cancelled (and marked CANCELLED in calendars)
    participants: list[Registration]  # applied, approved or offered a place
    waitlisted: list[Registration]
    leads: list
    awaiting_headteachers: list[Registration]  # registrations whose headteacher has not answered yet

    @property
    def ended(self) -> list[Registration]:
        return self.participants + self.waitlisted


def workgroup_cancellation_impact(*, work_group: WorkGroup) -> CancellationImpact:
    """Who and what cancelling ``work_group`` touches (three queries)."""
    registrations = list(
        work_group.registrations.filter(status__in=CANCELLED_WITH_THE_GROUP)
        .select_related("teacher", "school")
        .order_by("teacher__full_name", "pk")
    )
    return CancellationImpact(
        sessions=list(work_group.sessions.filter(status=SessionStatus.SCHEDULED).order_by("starts_at")),
        participants=[r for r in registrations if r.status != RS.WAITLISTED],
        waitlisted=[r for r in registrations if r.status == RS.WAITLISTED],
        leads=list(work_group.leads.order_by("full_name")),
        awaiting_headteachers=[r for r in registrations if r.consent_status == ConsentStatus.PENDING],
    )


@dataclass
class MissingRegister:
    session: Session
    unmarked: int  # participants with no mark for it
    participants: int


@dataclass
class CompletionCheck:
    last_session: Session | None
    refusal: str = ""  # why it cannot be completed yet ("" when it can)
    missing_registers: list[MissingRegister] = field(default_factory=list)

    @property
    def can_complete(self) -> bool:
        return not self.refusal


def workgroup_completion_check(*, work_group: WorkGroup) -> CompletionCheck:
    """Can ``work_group`` be completed now, and which registers of its held sessions are missing (two queries)?

    It can once its last planned session (not cancelled) has started. A register is missing when some approved
    participant has no mark for a held session; the hub lead may still complete, after confirming.
    """
    now = timezone.now()
    participants = work_group.registrations.filter(status__in=PARTICIPANT_STATUSES).count()
    sessions = list(
        work_group.sessions.filter(status=SessionStatus.SCHEDULED)
        .annotate(
            marked=Count(
                "attendances",
                filter=Q(attendances__registration__status__in=PARTICIPANT_STATUSES),
            )
        )
        .order_by("starts_at")
    )
    if not sessions:
        return CompletionCheck(
            last_session=None, refusal="It has no sessions that went ahead, so nobody can complete it."
        )
    last = sessions[-1]
    if last.starts_at > now:
        when = timezone.localtime(last.starts_at)
        return CompletionCheck(
            last_session=last,
            refusal=f"It can be completed once its last session has started: session {last.number}, "
            f"{when:%-d %B %Y at %H:%M}.",
        )
    missing = [
        MissingRegister(session=s, unmarked=participants - s.marked, participants=participants)
        for s in sessions
        if s.marked < participants
    ]
    return CompletionCheck(last_session=last, missing_registers=missing)


@dataclass
class CompletionStanding:
    held: int  # sessions held: not cancelled, started
    attended: dict[int, int]  # approved registration id → held sessions attended (present or late)
    required_percent: int

    def completes(self, registration_id: int) -> bool:
        """Attended the required share of the held sessions."""
        return bool(self.held) and self.attended.get(registration_id, 0) * 100 >= self.required_percent * self.held

    @property
    def completing(self) -> int:
        return sum(1 for pk in self.attended if self.completes(pk))


def workgroup_completion_standing(*, work_group: WorkGroup) -> CompletionStanding:
    """How many held sessions each approved participant attended, against the share that completes (two queries).

    The one definition of completing a Work Group: ``registrations_evaluate_completion`` marks these, the
    completion page counts them.
    """
    held_sessions = work_group.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now())
    rows = work_group.registrations.filter(status=RS.APPROVED).annotate(
        attended=Count(
            "attendances",
            filter=Q(attendances__status__in=ATTENDED_STATUSES, attendances__session__in=held_sessions),
        )
    )
    return CompletionStanding(
        held=held_sessions.count(),
        attended=dict(rows.values_list("pk", "attended")),
        required_percent=work_group.required_attendance_percent,
    )
