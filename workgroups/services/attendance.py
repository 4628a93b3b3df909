"""Registers: a session's attendance marks, corrections and apologies."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record, audit_record_bulk
from workgroups.enums import (
    PARTICIPANT_STATUSES,
    AttendanceStatus,
    RegistrationStatus,
    SessionStatus,
)
from workgroups.models import (
    Attendance,
    AttendanceChange,
    Registration,
    Session,
)
from workgroups.selectors import absence_runs_through
from workgroups.services.figures import session_register_refresh
from workgroups.services.notify import _queue_absence_alerts

RS = RegistrationStatus


@dataclass
class RegisterSaved:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def register_is_open(session: Session) -> bool:
    """A session's register can be taken from the moment the session starts."""
    return session.starts_at <= timezone.now()


def register_opens_message(session: Session) -> str:
    return f"The register opens when the session starts, at {timezone.localtime(session.starts_at):%H:%M on %-d %B %Y}."


@transaction.atomic
def attendance_record(*, session: Session, marks: dict[int, str], recorded_by) -> RegisterSaved:
    """Save a session's register in one go: ``marks`` maps registration id → attendance status.

    A constant handful of queries whatever the group's size (bulk create, bulk update, and one
    AttendanceChange row per new or corrected mark, so who changed what is kept).

    Two saves of one register at once (two leads, two tabs) are served one after the other: the
    session's row is locked first, so the second reads the marks the first wrote and records its
    differences as corrections instead of inserting the same marks twice.

    A participant marked absent here who has now missed ``ABSENCES_IN_A_ROW_ALERT`` sessions in a row
    (absent, not apologies) is reported to the hub's leads and the Work Group's leads, once per run of
    absences (``workgroups.selectors.absence_runs_through``).

    Raises ValidationError for an unknown status, a cancelled session, a session that has not
    started yet (the register opens at its start), or a registration that is not an approved
    participant of the session's Work Group.
    """
    valid = set(AttendanceStatus.values)
    bad = [status for status in marks.values() if status not in valid]
    if bad:
        raise ValidationError(f"Unknown attendance status: {bad[0]}.")
    session = Session.objects.select_for_update(of=("self",)).select_related("work_group").get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("The register cannot be taken for a cancelled session.")
    if not register_is_open(session):
        raise ValidationError(register_opens_message(session), code="not_started")
    participant_ids = set(
        Registration.objects.filter(work_group_id=session.work_group_id, status__in=PARTICIPANT_STATUSES).values_list(
            "pk", flat=True
        )
    )
    strangers = set(marks) - participant_ids
    if strangers:
        raise ValidationError("The register names someone who is not a participant of this Work Group.")
    # Every mark of the session (not only those being saved): the session's register figures are counted from them.
    existing = {a.registration_id: a for a in Attendance.objects.filter(session=session)}
    now = timezone.now()
    new, changed, log = [], [], []
    for registration_id, status in marks.items():
        attendance = existing.get(registration_id)
        if attendance is None:
            new.append(
                Attendance(
                    registration_id=registration_id,
                    session=session,
                    status=status,
                    recorded_by=recorded_by,
                    recorded_at=now,
                )
            )
        elif attendance.status != status:
            log.append(AttendanceChange(attendance=attendance, old_status=attendance.status, new_status=status))
            attendance.status = status
            attendance.recorded_by = recorded_by
            attendance.recorded_at = now
            changed.append(attendance)
    if new:
        Attendance.objects.bulk_create(new)
        log.extend(AttendanceChange(attendance=a, old_status="", new_status=a.status) for a in new)
    if changed:
        Attendance.objects.bulk_update(changed, ["status", "recorded_by", "recorded_at"])
    for entry in log:
        entry.changed_by = recorded_by
        entry.changed_at = now
    if log:
        AttendanceChange.objects.bulk_create(log)
        registrations = Registration.objects.select_related("teacher").in_bulk(list(marks))
        for entry in log:  # the entries' labels name the teacher and session: read once, not per row
            entry.attendance.registration = registrations[entry.attendance.registration_id]
            entry.attendance.session = session
        audit_record_bulk(
            records=[
                {
                    "actor": recorded_by,
                    "action": "attendance.corrected" if entry.old_status else "attendance.recorded",
                    "target": entry.attendance,
                    "hub": session.work_group.hub_id,
                    "subject": entry.attendance.registration.teacher_id,
                    "before": {"status": entry.old_status} if entry.old_status else None,
                    "after": {"status": entry.new_status},
                }
                for entry in log
            ]
        )
    if new or changed:
        statuses = {pk: a.status for pk, a in existing.items()} | marks
        session_register_refresh(
            session=session, statuses={pk: statuses[pk] for pk in statuses if pk in participant_ids}
        )
    absent = [a.registration_id for a in new + changed if a.status == AttendanceStatus.ABSENT]
    if absent:
        _queue_absence_alerts(session, absence_runs_through(session=session, registration_ids=absent))
    return RegisterSaved(created=len(new), changed=len(changed), unchanged=len(marks) - len(new) - len(changed))


@transaction.atomic
def attendance_send_apologies(*, registration: Registration, session: Session) -> Attendance:
    """A participant sends apologies for any session that has not started; the register shows them.

    Raises ValidationError for someone who is not a participant, or a session cancelled or already started.
    """
    if registration.status not in PARTICIPANT_STATUSES or session.work_group_id != registration.work_group_id:
        raise ValidationError("Only participants of this Work Group can send apologies for its sessions.")
    session = Session.objects.select_for_update().get(pk=session.pk)  # as the register does: one writer at a time
    if session.status == SessionStatus.CANCELLED or session.starts_at <= timezone.now():
        raise ValidationError("Apologies can be sent only before a session that is going ahead.")
    attendance = Attendance.objects.filter(registration=registration, session=session).first()
    if attendance and attendance.status == AttendanceStatus.APOLOGIES:
        return attendance
    old = attendance.status if attendance else ""
    if attendance is None:
        attendance = Attendance(registration=registration, session=session)
    attendance.status = AttendanceStatus.APOLOGIES
    attendance.recorded_by = registration.teacher
    attendance.save()
    AttendanceChange.objects.create(
        attendance=attendance, old_status=old, new_status=AttendanceStatus.APOLOGIES, changed_by=registration.teacher
    )
    audit_record(
        actor=registration.teacher,
        action="attendance.apologies_sent",
        target=attendance,
        hub=registration.work_group.hub_id,
        subject=registration.teacher_id,
        before={"status": old} if old else None,
        after={"status": AttendanceStatus.APOLOGIES},
    )
    session_register_refresh(session=session)
    return attendance
