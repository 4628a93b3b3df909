from celery import shared_task

from api.idempotency import idempotency_purge


@shared_task(name="api.idempotency_purge")
def idempotency_purge_task() -> int:
    """Beat, hourly: forget Idempotency-Key answers older than a day."""
    return idempotency_purge()
