"""A Work Group's attendance grid: each participant's mark at each session, with attendance rates."""

from dataclasses import dataclass

from django.utils import timezone

from workgroups.enums import ATTENDED_STATUSES, PARTICIPANT_STATUSES, AttendanceStatus, SessionStatus
from workgroups.models import Attendance, Registration, Session, WorkGroup


def _rate(attended: int, out_of: int) -> int | None:
    """Whole per cent, or None when there is nothing to count yet."""
    return round(attended * 100 / out_of) if out_of else None


@dataclass
class GridSession:
    session: Session
    held: bool  # started (registers can be taken): counts towards rates
    attended: int = 0
    absent: int = 0
    apologies: int = 0
    marked: int = 0
    participants: int = 0

    @property
    def rate(self) -> int | None:
        """Participants who attended (present or late) ÷ participants, for a held session."""
        return _rate(self.attended, self.participants) if self.held else None

    @property
    def unmarked(self) -> int:
        return self.participants - self.marked if self.held else 0


@dataclass
class GridRow:
    registration: Registration
    marks: list[str]  # one per grid session, "" where there is no mark
    attended: int = 0  # held sessions attended (present or late)
    absent: int = 0
    apologies: int = 0
    held: int = 0

    @property
    def rate(self) -> int | None:
        """Held sessions attended ÷ sessions held (the share that completion reads)."""
        return _rate(self.attended, self.held)


@dataclass
class AttendanceGrid:
    work_group: WorkGroup
    sessions: list[GridSession]
    rows: list[GridRow]
    required_percent: int

    @property
    def held(self) -> int:
        return sum(1 for s in self.sessions if s.held)

    @property
    def rate(self) -> int | None:
        """Attended marks ÷ (participants × sessions held): the group's attendance rate."""
        return _rate(sum(r.attended for r in self.rows), len(self.rows) * self.held)


def workgroup_attendance_grid(*, work_group: WorkGroup) -> AttendanceGrid:
    """Participants (approved or completed) × sessions going ahead, in date order, in three queries whatever the
    group's size. Rates count held sessions only (started, not cancelled), as completion does; a session still to
    come shows the apologies sent for it. Callers check ``workgroups.view_workgroup_people`` first."""
    now = timezone.now()
    sessions = list(work_group.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at", "number"))
    registrations = list(
        Registration.objects.filter(work_group=work_group, status__in=PARTICIPANT_STATUSES)
        .select_related("teacher", "school")
        .order_by("teacher__full_name", "teacher__email", "pk")
    )
    rows_of_marks = Attendance.objects.filter(
        session__in=[s.pk for s in sessions], registration__in=[r.pk for r in registrations]
    ).values_list("registration_id", "session_id", "status")
    marks = {(registration_id, session_id): status for registration_id, session_id, status in rows_of_marks}
    columns = [GridSession(session=s, held=s.starts_at <= now, participants=len(registrations)) for s in sessions]
    rows = []
    for registration in registrations:
        row = GridRow(registration=registration, marks=[])
        for column in columns:
            status = marks.get((registration.pk, column.session.pk), "")
            row.marks.append(status)
            if not column.held:
                continue
            row.held += 1
            if status:
                column.marked += 1
            if status in ATTENDED_STATUSES:
                row.attended += 1
                column.attended += 1
            elif status == AttendanceStatus.ABSENT:
                row.absent += 1
                column.absent += 1
            elif status == AttendanceStatus.APOLOGIES:
                row.apologies += 1
                column.apologies += 1
        rows.append(row)
    return AttendanceGrid(
        work_group=work_group,
        sessions=columns,
        rows=rows,
        required_percent=work_group.required_attendance_percent,
    )
