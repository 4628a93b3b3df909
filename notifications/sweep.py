"""The sweep: beat runs it every few minutes. It adds the rows that have come due (kinds with a
``find_due``), and queues delivery for every queued row whose time has come and that no live task
is delivering (new rows, retries whose task was lost, batches of a worker that died).

Nothing is scheduled days ahead in the broker: the database holds what is owed, the broker only
the next few minutes of work. The sweep crosses hubs on purpose: it looks at every hub's rows.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.delivery import deliver_after_commit, outbox_deliver_task
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.registry import Due, kinds

logger = logging.getLogger(__name__)

# Rows the sweep adds (and queues) per transaction: 10 delivery tasks' worth at the default batch size.
SWEEP_CHUNK = 1000


@dataclass
class SweepReport:
    inserted: int = 0
    dispatched: int = 0
    tasks: int = 0


def rows_insert(dues: Iterable[Due], **fields) -> list[OutboxMessage]:
    """Insert the rows not yet in the outbox; return those it tried to add. Safe under concurrency.

    The read of existing keys only saves writes; two callers that both miss a key both insert it
    and ``ignore_conflicts`` keeps one (ON CONFLICT DO NOTHING on the unique constraint). So a row
    returned here may have lost that race: ask the database for its ``message_id`` to know.
    """
    dues = {d.key: d for d in dues}  # one row per key, also within one call
    if not dues:
        return []
    existing = set(
        OutboxMessage.objects.filter(
            kind__in={d.kind for d in dues.values()}, object_key__in={d.object_key for d in dues.values()}
        ).values_list("kind", "object_key", "recipient_key", "offset_minutes")
    )
    new = [d.as_row(**fields) for key, d in dues.items() if key not in existing]
    if new:
        OutboxMessage.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return new


class Added(NamedTuple):
    ids: list[int]  # the rows added, in id order
    queued: int  # how many of them are queued for delivery
    tasks: int  # in how many delivery tasks


def rows_insert_and_queue(dues: Iterable[Due], *, now) -> Added:
    """Insert the rows not yet in the outbox and queue delivery of those due by ``now`` once the transaction commits.

    Rows due later are left for ``outbox_dispatch`` to queue when their time comes. Call it inside
    a transaction: the rows are delivered exactly when they exist. A row another caller inserted
    first (the race ``rows_insert`` describes) is that caller's to queue.
    """
    dues = list(dues)
    queued = _ids_of(rows_insert([d for d in dues if d.due_at <= now], dispatched_at=now))
    later = _ids_of(rows_insert([d for d in dues if d.due_at > now]))
    return Added(ids=sorted([*queued, *later]), queued=len(queued), tasks=deliver_after_commit(queued))


def _ids_of(rows: list[OutboxMessage]) -> list[int]:
    """The ids of those of ``rows`` that are in the table (by their Message-IDs: a lost race inserted none)."""
    if not rows:
        return []
    found = OutboxMessage.objects.filter(message_id__in=[row.message_id for row in rows])
    return list(found.order_by("pk").values_list("pk", flat=True))


def outbox_dispatch(*, now=None) -> tuple[int, int]:
    """Queue delivery tasks, in batches, for queued rows whose time has come and no task is on its way for.

    Rows are taken with ``skip_locked``, so a second sweep at the same moment takes other rows (or
    none) and a row a delivery task has claimed is left alone. A row whose task was lost (broker
    restart) or whose worker died (its claim ran out) is queued again once
    ``OUTBOX_REDISPATCH_AFTER_SECONDS`` have passed. Returns (rows, tasks).
    """
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_REDISPATCH_AFTER_SECONDS)
    size = settings.OUTBOX_BATCH_SIZE
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
            .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=stale))
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[: settings.OUTBOX_DISPATCH_LIMIT]
        )
        if not ids:
            return 0, 0
        OutboxMessage.objects.filter(pk__in=ids).update(dispatched_at=now)
        batches = [ids[i : i + size] for i in range(0, len(ids), size)]
        for chunk in batches:
            transaction.on_commit(lambda chunk=chunk: outbox_deliver_task.delay(chunk))
    return len(ids), len(batches)


def rows_add_due(*, now=None, queue: bool = False) -> SweepReport:
    """The sweep's first half: add every e-mail that has come due by ``now`` (kinds' ``find_due``).

    With ``queue``, each chunk of rows (``SWEEP_CHUNK`` of them, one transaction) is queued for delivery
    as soon as it is committed, so the first e-mails go out while the sweep is still adding the rest
    (a day's reminders for a whole network took the sweep 14 s to add, when the worker had nothing to do);
    without, nothing is queued. Returns how many rows it added and queued. Idempotent, like ``rows_insert``.
    """
    now = now or timezone.now()
    report = SweepReport()
    for kind in kinds():
        dues = list(kind.find_due(now))
        for start in range(0, len(dues), SWEEP_CHUNK):
            chunk = dues[start : start + SWEEP_CHUNK]
            if not queue:
                report.inserted += len(rows_insert(chunk))
                continue
            with transaction.atomic():
                added = rows_insert_and_queue(chunk, now=now)
            report.inserted += len(added.ids)
            report.dispatched += added.queued
            report.tasks += added.tasks
    return report


def outbox_sweep(*, now=None) -> SweepReport:
    """Add every e-mail that has come due to the outbox once, and queue what is owed.

    Idempotent: running it twice, or twice at the same moment, adds no row twice and queues no
    row twice (see ``rows_insert``, ``rows_insert_and_queue`` and ``outbox_dispatch``). Crosses hubs on purpose.
    """
    now = now or timezone.now()
    report = rows_add_due(now=now, queue=True)
    dispatched, tasks = outbox_dispatch(now=now)
    report.dispatched += dispatched
    report.tasks += tasks
    logger.info("Outbox sweep: %s new, %s queued in %s tasks", report.inserted, report.dispatched, report.tasks)
    return report


@shared_task(name="notifications.sweep", acks_late=True, ignore_result=True)
def outbox_sweep_task():
    """Beat runs this every few minutes (``CELERY_BEAT_SCHEDULE``). Safe to run twice at once."""
    report = outbox_sweep()
    return {"inserted": report.inserted, "dispatched": report.dispatched, "tasks": report.tasks}
