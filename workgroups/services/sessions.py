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
from workgroups.selectors import half_term_of, half_terms_for
from workgroups.services.notify import _queue_session_change_email

# What the audit trail keeps of a session's changes.
SESSION_AUDITED = ("starts_at", "ends_at", "venue", "online_link", "agenda", "task", "status")


def _check_session_times(work_group: WorkGroup, starts_at, ends_at, *, holiday_confirmed: bool) -> None:
    """A session starts in the future, ends after it starts, falls in its Work Group's academic year, and is held
    in a holiday of the hub (outside every one of its half-terms for that year) only if the lead confirms it."""
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = "A session cannot start in the past."
    if ends_at <= starts_at:
        errors["ends_at"] = "A session must end after it starts."
    if errors:
        raise ValidationError(errors)
    day = timezone.localtime(starts_at).date()
    year = work_group.academic_year
    if not year.starts_on <= day <= year.ends_on:
        raise ValidationError(
            {
                "starts_at": f"A session of this Work Group falls in its academic year, {year}: "
                f"{year.starts_on:%-d %B %Y} to {year.ends_on:%-d %B %Y}."
            },
            code="outside_year",
        )
    half_terms = half_terms_for(hub=work_group.hub, start_years=[year.start_year])
    if half_terms and half_term_of(day, half_terms) is None and not holiday_confirmed:
        raise ValidationError(
            {
                "starts_at": f"{day:%-d %B %Y} is in the {work_group.hub.name} hub's holiday (outside its "
                "half-terms). Tick “Hold it in the holiday” to confirm the date."
            },
            code="holiday",
        )


def sessions_renumber(work_group_id: int) -> None:
    """Number a Work Group's sessions 1, 2, 3… in date order (cancelled ones keep their place). The caller holds the
    Work Group's lock. Two passes, through numbers no session has, so the unique (group, number) holds throughout."""
    sessions = list(Session.objects.filter(work_group_id=work_group_id).order_by("starts_at", "pk"))
    moved = [(session, n) for n, session in enumerate(sessions, start=1) if session.number != n]
    if not moved:
        return
    spare = max(s.number for s in sessions) + 1
    for offset, (session, _) in enumerate(moved):
        session.number = spare + offset
    Session.objects.bulk_update([s for s, _ in moved], ["number"])
    for session, number in moved:
        session.number = number
    Session.objects.bulk_update([s for s, _ in moved], ["number"])


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
    holiday_confirmed: bool = False,
    actor=None,
) -> Session:
    """Plan a session. Sessions are numbered in date order (a session planned before others renumbers them).

    Raises ValidationError: a start in the past, an end before the start, a date outside the Work Group's
    academic year, a date in the hub's holiday unless ``holiday_confirmed``, a completed or cancelled group.
    """
    locked = WorkGroup.objects.select_for_update().select_related("academic_year", "hub").get(pk=work_group.pk)
    _check_session_times(locked, starts_at, ends_at, holiday_confirmed=holiday_confirmed)
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
    sessions_renumber(locked.pk)
    session.refresh_from_db(fields=["number"])
    audit_record(
        actor=actor,
        action="session.created",
        target=session,
        hub=locked.hub_id,
        after=audit_values(session, *SESSION_AUDITED),
    )
    return session


@transaction.atomic
def session_update(*, session: Session, actor=None, holiday_confirmed: bool = False, **values) -> Session:
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
        return session_reschedule(
            session=locked,
            starts_at=starts_at,
            ends_at=ends_at,
            actor=actor,
            before=before,
            holiday_confirmed=holiday_confirmed,
        )
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
    *,
    session: Session,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor=None,
    before=None,
    holiday_confirmed: bool = False,
) -> Session:
    """Move a session to new times: raises its iCalendar sequence, renumbers the sessions in date order and
    e-mails the participants. The same date rules as ``session_create`` (ValidationError).

    ``before``: the session's audited values before an edit that led to this move (else read here)."""
    work_group = (
        WorkGroup.objects.select_for_update().select_related("academic_year", "hub").get(pk=session.work_group_id)
    )
    locked = Session.objects.select_for_update().get(pk=session.pk)  # two moves at once: both raise SEQUENCE
    before = before or audit_values(locked, *SESSION_AUDITED)
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError("A cancelled session cannot be moved.")
    _check_session_times(work_group, starts_at, ends_at, holiday_confirmed=holiday_confirmed)
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.sequence = locked.sequence + 1
    session.full_clean()
    session.save()
    sessions_renumber(work_group.pk)
    session.refresh_from_db(fields=["number"])
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
