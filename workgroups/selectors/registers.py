"""Registers: a session's marks and their corrections."""

from collections import defaultdict
from dataclasses import dataclass

from workgroups.enums import (
    PARTICIPANT_STATUSES,
    AttendanceStatus,
    SessionStatus,
)
from workgroups.models import (
    Attendance,
    AttendanceChange,
    Registration,
    Session,
)


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
    return (
        AttendanceChange.objects.filter(attendance__session=session, old_status__gt="")
        .select_related("attendance__registration__teacher", "changed_by")
        .order_by("-changed_at")
    )


# How many absences in a row (absent, not apologies) alert the hub lead and the Work Group's leads.
ABSENCES_IN_A_ROW_ALERT = 2


@dataclass(frozen=True)
class AbsenceRun:
    """A participant's consecutive absences: ``sessions`` (ids, in date order) all marked absent."""

    registration_id: int
    sessions: tuple[int, ...]

    @property
    def first_session_id(self) -> int:
        return self.sessions[0]


def absence_runs_through(*, session: Session, registration_ids) -> list[AbsenceRun]:
    """For each of ``registration_ids`` marked absent at ``session``: the run of absences that session is in,
    when it is ``ABSENCES_IN_A_ROW_ALERT`` long or longer. One query for the whole register.

    "In a row" follows the participant's marks in session date order (cancelled sessions left out): a mark
    of present, late or apologies ends a run; a session without a mark (its register not taken yet) neither
    counts nor ends one. A run is named by its first session, so a third absence keeps the run's name.
    """
    marks = defaultdict(list)
    rows = (
        Attendance.objects.filter(
            registration_id__in=list(registration_ids), session__work_group_id=session.work_group_id
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by("session__starts_at", "session_id")
        .values_list("registration_id", "session_id", "status")
    )
    for registration_id, session_id, status in rows:
        marks[registration_id].append((session_id, status))
    runs = []
    for registration_id, sequence in marks.items():
        at = next((i for i, (session_id, _) in enumerate(sequence) if session_id == session.pk), None)
        if at is None or sequence[at][1] != AttendanceStatus.ABSENT:
            continue
        start = at
        while start > 0 and sequence[start - 1][1] == AttendanceStatus.ABSENT:
            start -= 1
        end = at
        while end + 1 < len(sequence) and sequence[end + 1][1] == AttendanceStatus.ABSENT:
            end += 1
        if end - start + 1 >= ABSENCES_IN_A_ROW_ALERT:
            runs.append(AbsenceRun(registration_id, tuple(s for s, _ in sequence[start : end + 1])))
    return sorted(runs, key=lambda run: run.registration_id)
