"""Registers: a session's marks and their corrections."""

from dataclasses import dataclass

from workgroups.enums import (
    PARTICIPANT_STATUSES,
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
