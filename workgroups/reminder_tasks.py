"""Celery tasks for reminders: thin, ids in, the work in ``workgroups/reminders.py``."""

import logging

from celery import shared_task

from workgroups import reminders

logger = logging.getLogger(__name__)


@shared_task(name="workgroups.reminders_sweep", acks_late=True, ignore_result=True)
def reminders_sweep_task():
    """Beat runs this every few minutes (``CELERY_BEAT_SCHEDULE``). Safe to run twice at once."""
    report = reminders.reminders_sweep()
    return {"inserted": report.inserted, "dispatched": report.dispatched, "tasks": report.tasks}


# acks_late + reject_on_worker_lost: a worker killed mid-batch leaves the message in the broker
# (or hands it back), so the batch runs again; rows already marked sent are not sent again.
@shared_task(name="workgroups.reminders_deliver", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def reminders_deliver_task(outbox_ids: list[int]):
    report = reminders.reminders_deliver(outbox_ids=outbox_ids)
    logger.info(
        "Reminders delivered: %s sent, %s skipped, %s later, %s retrying, %s failed; db %.3fs render %.3fs smtp %.3fs",
        report.sent, report.skipped, report.later, report.retrying, report.failed,
        report.timings["db"], report.timings["render"], report.timings["smtp"],
    )  # fmt: skip
    return {"sent": report.sent, "skipped": report.skipped, "retrying": report.retrying, "failed": report.failed}
