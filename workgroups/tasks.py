"""Celery tasks of Work Groups: thin, ids in, the service does the work. Queued with ``transaction.on_commit``."""

from celery import shared_task

from workgroups import services


@shared_task(name="workgroups.send_registration_email", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_registration_email(registration_id: int, kind: str) -> bool:
    return services.registration_email_send(registration_id=registration_id, kind=kind)


@shared_task(name="workgroups.send_consent_request", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_consent_request(registration_id: int) -> bool:
    return services.consent_request_send(registration_id=registration_id)


@shared_task(name="workgroups.send_session_change_email", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_session_change_email(session_id: int, kind: str) -> int:
    return services.session_change_email_send(session_id=session_id, kind=kind)


@shared_task(name="workgroups.registration_offers_sweep")
def registration_offers_sweep() -> int:
    """Beat: end lapsed offers of places and offer them on (the service finds what is due)."""
    return services.registration_offers_sweep()


# --- reminders (issue 5): defined in workgroups/reminder_tasks.py, registered from here ---
from workgroups.reminder_tasks import reminders_deliver_task, reminders_sweep_task  # noqa: E402,F401
