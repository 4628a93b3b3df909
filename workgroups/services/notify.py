"""Queue the e-mails a change owes people: outbox rows written in the change's transaction and
delivered once it commits (``notifications.services.message_enqueue``).

Each row's key names the event, so a second call for the same event adds nothing, and a new event
(approved again after a rejection, a second move of a session) is told again: registrations are
keyed by the moment of their last change, sessions by their iCalendar sequence.
"""

import datetime

from django.db import models

from accounts.models import User
from hubs.enums import HubRole
from notifications.services import Address, message_enqueue
from workgroups.enums import PLACE_HOLDING_STATUSES, MailKind
from workgroups.models import Registration, Session
from workgroups.selectors import AbsenceRun

REGISTRATION_MAIL_KINDS = {
    "received": MailKind.REGISTRATION_RECEIVED,
    "waitlisted": MailKind.REGISTRATION_WAITLISTED,
    "approved": MailKind.REGISTRATION_APPROVED,
    "rejected": MailKind.REGISTRATION_REJECTED,
    "offered": MailKind.REGISTRATION_OFFERED,
}
SESSION_MAIL_KINDS = {"moved": MailKind.SESSION_MOVED, "cancelled": MailKind.SESSION_CANCELLED}


def _stamp(*moments: datetime.datetime | None) -> str:
    """The latest of ``moments``, to the microsecond, as part of a key."""
    return max(m for m in moments if m is not None).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%f")


def _queue_registration_email(registration: Registration, kind: str) -> None:
    """Tell the teacher about the change just made to their registration ("received", "approved" …)."""
    changed = _stamp(
        registration.created_at, registration.decided_at, registration.offered_at, registration.waitlisted_at
    )
    message_enqueue(
        kind=REGISTRATION_MAIL_KINDS[kind],
        object_key=f"registration:{registration.pk}:{changed}",
        recipients=[registration.teacher],
        hub=registration.work_group.hub_id,
        topic=registration,
    )


def _queue_consent_request(registration: Registration, *, requested_at: datetime.datetime | None = None) -> None:
    """Ask the headteacher to confirm; ``requested_at`` names a resend (the first request is the sign-up's)."""
    message_enqueue(
        kind=MailKind.CONSENT_REQUEST,
        object_key=f"registration:{registration.pk}:{_stamp(requested_at or registration.created_at)}",
        recipients=[Address(registration.headteacher_email, registration.headteacher_name)],
        hub=registration.work_group.hub_id,
        topic=registration,
    )


def _queue_session_change_email(session: Session, kind: str) -> None:
    """Tell every teacher holding a place in the session's Work Group that it moved or was cancelled."""
    teachers = User.objects.filter(
        registrations__work_group_id=session.work_group_id, registrations__status__in=PLACE_HOLDING_STATUSES
    ).order_by("pk")
    message_enqueue(
        kind=SESSION_MAIL_KINDS[kind],
        object_key=f"session:{session.pk}:seq:{session.sequence}",
        recipients=list(teachers),
        hub=session.work_group.hub_id,
        topic=session,
        context={"starts_at": session.starts_at.isoformat(), "sequence": session.sequence},
    )


def _queue_absence_alerts(session: Session, runs: list[AbsenceRun]) -> None:
    """Tell the hub's leads and the Work Group's leads that a participant has missed sessions in a row.

    Keyed by the run's first session: a third absence in the same run adds nothing; a new run (after the
    participant attended or sent apologies) is told again.
    """
    if not runs:
        return
    work_group = session.work_group
    people = (
        User.objects.filter(
            models.Q(hub_memberships__hub_id=work_group.hub_id, hub_memberships__role=HubRole.LEAD)
            | models.Q(led_work_groups=work_group)
        )
        .distinct()
        .order_by("pk")
    )
    recipients = list(people)
    registrations = Registration.objects.in_bulk([run.registration_id for run in runs])
    for run in runs:
        message_enqueue(
            kind=MailKind.ABSENCES_IN_A_ROW,
            object_key=f"registration:{run.registration_id}:absences-from-session:{run.first_session_id}",
            recipients=recipients,
            hub=work_group.hub_id,
            topic=registrations[run.registration_id],
            context={"sessions": list(run.sessions)},
        )
