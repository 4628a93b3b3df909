"""Celery tasks of Work Groups: thin, ids in, the service does the work. Queued with ``transaction.on_commit``.

The Work Groups' e-mails are not sent from here: they are outbox rows (``workgroups.mail_kinds``), delivered by
the outbox's own tasks (``notifications.tasks``).
"""

from celery import shared_task

from workgroups import services


@shared_task(name="workgroups.registration_offers_sweep")
def registration_offers_sweep() -> int:
    """Beat: end lapsed offers of places and offer them on (the service finds what is due)."""
    return services.registration_offers_sweep()
