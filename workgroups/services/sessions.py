"""Sessions of a Work Group: planning, edits, moves and cancellations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import audit_changes, audit_record, audit_values
from workgroups.enums import (
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Session,
    WorkGroup,
)
from workgroups.services.notify import _queue_session_change_email

# What the audit trail keeps of a session's changes.
SESSION_AUDITED = ("starts_at", "ends_at", "venue", "online_link", "agenda", "task", "status")


def _check_session_times(starts_at, ends_at) -> None:
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = "A session cannot start in the past."
    if ends_at <= starts_at:
        errors["ends_at"] = "A session must end after it starts."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_create(
    *,
    work_group: WorkGroup,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str = "",
    online_link: str = "",
    agenda: str = "",
    task: str = "",
    actor=None,
) -> Session:
    """Plan a session; its number follows the last one. Past dates and ends before starts are refused."""
    _check_session_times(starts_at, ends_at)
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    if locked.status in (WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED):
        raise ValidationError("Sessions cannot be added to a completed or cancelled Work Group.")
    number = (locked.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session(
        work_group=locked,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue if venue or online_link else locked.venue,
        online_link=online_link,
        agenda=agenda,
        task=task,
    )
    session.full_clean()
    session.save()
    audit_record(
        actor=actor,
        action="session.created",
        target=session,
        hub=locked.hub_id,
        after=audit_values(session, *SESSION_AUDITED),
    )
    return session


@transaction.atomic
def session_update(*, session: Session, actor=None, **values) -> Session:
    """Change a session's details. A change of time is a move (see ``session_reschedule``)."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    before = audit_values(locked, *SESSION_AUDITED)
    starts_at = values.pop("starts_at", locked.starts_at)
    ends_at = values.pop("ends_at", locked.ends_at)
    for name, value in values.items():
        if name not in ("venue", "online_link", "agenda", "task"):
            raise ValueError(f"Unknown session field: {name}")
        setattr(locked, name, value)
    if (starts_at, ends_at) != (locked.starts_at, locked.ends_at):
        return session_reschedule(session=locked, starts_at=starts_at, ends_at=ends_at, actor=actor, before=before)
    locked.full_clean()
    locked.save()
    _audit_session_change(actor, "session.updated", locked, before)
    return locked


def _audit_session_change(actor, action: str, session: Session, before: dict) -> None:
    changed_before, changed_after = audit_changes(before, audit_values(session, *SESSION_AUDITED))
    if changed_after:
        audit_record(
            actor=actor,
            action=action,
            target=session,
            hub=session.work_group.hub_id,
            before=changed_before,
            after=changed_after,
        )


@transaction.atomic
def session_reschedule(
    *, session: Session, starts_at: datetime.datetime, ends_at: datetime.datetime, actor=None, before=None
) -> Session:
    """Move a session to new times: raises its iCalendar sequence and e-mails the participants.

    ``before``: the session's audited values before an edit that led to this move (else read here)."""
    locked = Session.objects.select_for_update().get(pk=session.pk)  # two moves at once: both raise SEQUENCE
    before = before or audit_values(locked, *SESSION_AUDITED)
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError("A cancelled session cannot be moved.")
    _check_session_times(starts_at, ends_at)
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.sequence = locked.sequence + 1
    session.full_clean()
    session.save()
    _audit_session_change(actor, "session.moved", session, before)
    _queue_session_change_email(session, "moved")
    return session


@transaction.atomic
def session_cancel(*, session: Session, actor=None) -> Session:
    """Cancel a session: it stays in calendars as cancelled (sequence raised) and participants are told."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError("This session is already cancelled.")
    locked.status = SessionStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        actor=actor,
        action="session.cancelled",
        target=locked,
        hub=locked.work_group.hub_id,
        before={"status": SessionStatus.SCHEDULED},
        after={"status": SessionStatus.CANCELLED},
    )
    _queue_session_change_email(locked, "cancelled")
    return locked
