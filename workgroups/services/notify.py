"""Queue the e-mails a change owes people, after the change commits."""

from django.db import transaction

from workgroups.models import (
    Registration,
    Session,
)


def _queue_registration_email(registration: Registration, kind: str) -> None:
    from workgroups import tasks  # tasks import this package: imported when first queued, not at load

    registration_id = registration.pk
    transaction.on_commit(lambda: tasks.send_registration_email.delay(registration_id, kind))


def _queue_consent_request(registration: Registration) -> None:
    from workgroups import tasks  # tasks import this package: imported when first queued, not at load

    registration_id = registration.pk
    transaction.on_commit(lambda: tasks.send_consent_request.delay(registration_id))


def _queue_session_change_email(session: Session, kind: str) -> None:
    from workgroups import tasks  # tasks import this package: imported when first queued, not at load

    session_id = session.pk
    transaction.on_commit(lambda: tasks.send_session_change_email.delay(session_id, kind))
