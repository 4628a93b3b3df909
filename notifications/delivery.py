"""Delivery: claim a batch of due rows, send them over one SMTP connection, mark each one.

The task that runs a batch lives here, beside the function it runs (as pretix keeps its mail
task beside its mail service), so that the retry it queues and the callers that queue it
(``notifications.services``, ``notifications.sweep``) import it from one place without a cycle.
"""

import datetime
import functools
import logging
import smtplib
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.enums import OutboxStatus
from notifications.models import OptOut, OutboxMessage
from notifications.registry import Batch, Decision, UnknownKind, kind_get, skip
from notifications.rendering import build_message, prepared_email

logger = logging.getLogger(__name__)


def is_transient(exc: Exception) -> bool:
    """4xx replies, dropped connections and network errors are worth another try; 5xx replies are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
        return True
    # Anything else (an e-mail provider's API error) is retried too: the cap on attempts ends it.
    return not isinstance(exc, (smtplib.SMTPNotSupportedError, ValueError, TypeError))


def retry_delay(attempts: int) -> float:
    """Exponential backoff: base, 2×base, 4×base … after the 1st, 2nd, 3rd failed attempt (capped)."""
    base = settings.OUTBOX_RETRY_BACKOFF_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_BACKOFF_MAX_SECONDS)


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    later: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0
    # Rows that failed transiently, and when the last of them may be tried again.
    retry_ids: list = field(default_factory=list)
    retry_at: datetime.datetime | None = None
    timings: dict = field(default_factory=lambda: defaultdict(float))


def _claim(outbox_ids, *, now, token) -> list[int]:
    """Take the due, queued, unclaimed rows among ``outbox_ids`` for this task, for a limited time.

    ``select_for_update(skip_locked=True)`` inside a transaction: a second task claiming the same
    ids at the same moment skips the rows this one locked, and finds them claimed afterwards.
    """
    until = now + datetime.timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=outbox_ids, status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(claimed_until=until, claim_token=token)
    return ids


def _prepare_batch(claimed: list[int], now) -> Batch:
    rows = list(OutboxMessage.objects.filter(pk__in=claimed).select_related("recipient", "hub").order_by("pk"))
    batch = Batch(now=now, rows=rows)
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    for name, kind_rows in by_kind.items():
        try:
            kind_get(name).prepare(batch, kind_rows)
        except UnknownKind:
            continue  # decided below: skipped
    batch.opted_out = set(
        OptOut.objects.filter(recipient_key__in={r.recipient_key for r in rows}).values_list("kind", "recipient_key")
    )
    return batch


def outbox_deliver(*, outbox_ids: list[int], now=None) -> DeliveryReport:
    """Send the due rows among ``outbox_ids`` over one SMTP connection; mark each sent, skipped or failed.

    Safe to run twice for the same ids, or at the same time: rows are claimed (``_claim``) and
    every mark is conditional on this task's claim. A transient SMTP failure counts an attempt and
    is tried again after an exponential backoff (the report's ``retry_ids``/``retry_at``); after
    ``OUTBOX_MAX_ATTEMPTS`` the row is failed, with its last error, for a hub lead to see and resend.

    EXACTLY-ONCE TRADE-OFF, made here. The batch is claimed in one short transaction (a lease of
    ``OUTBOX_CLAIM_SECONDS``), then each e-mail is sent and its row marked sent at once, in its
    own autocommitted UPDATE. A worker killed mid-batch leaves its claimed rows queued; when the
    lease runs out the sweep queues them again. The one e-mail in flight at the kill may have
    been accepted by the SMTP server before the "sent" mark was written: it goes out again. No
    protocol closes the gap between "the server accepted it" and "we recorded that" (marking
    before sending would turn the duplicate into a lost e-mail, which is worse). Marking after
    every e-mail, not after the batch, bounds the duplicates to one per worker process killed,
    and every copy carries the row's Message-ID, so mail clients fold them into one. (One UPDATE
    per batch would save about a third of a millisecond of CPU per e-mail, but a kill before it
    would send the whole batch twice; the per-e-mail mark is one statement written once,
    ``_mark_sent``.) A recipient the server refuses is recorded alone, and the batch goes on over
    the same connection (``_refused_over_a_live_connection``). A worker
    stops a batch before its lease could run out (it never sends on an expired claim), so two
    live workers never send the same row.
    """
    report = DeliveryReport()
    clock = time.perf_counter
    started = clock()
    now = now or timezone.now()
    token = uuid.uuid4().hex
    claimed = _claim(outbox_ids, now=now, token=token)
    report.claimed = len(claimed)
    if not claimed:
        return report
    # Stop early enough that the last send finishes inside the lease.
    margin = min(settings.EMAIL_TIMEOUT, settings.OUTBOX_CLAIM_SECONDS / 3)
    stop_at = time.monotonic() + settings.OUTBOX_CLAIM_SECONDS - margin
    batch = _prepare_batch(claimed, now)
    report.timings["db"] += clock() - started

    connection = get_connection()
    connection_open = False
    # Django's SMTP backend takes the bytes prepared once per variant (rendering.prepared_email);
    # any other backend (the dev mailbox, an e-mail provider's API) gets the ordinary message.
    smtp = isinstance(connection, SmtpBackend)
    async_commit = _asynchronous_commit(True)
    try:
        for index, row in enumerate(batch.rows):
            if time.monotonic() > stop_at:
                report.released = _release(batch.rows[index:], token=token)
                break
            t0 = clock()
            decision = _decide(batch, row)
            if decision.action == "skip":
                _mark(row, token, status=OutboxStatus.SKIPPED, skip_reason=decision.reason[:200])
                report.skipped += 1
                report.timings["db"] += clock() - t0
                continue
            if decision.action == "later":
                _mark(row, token, due_at=decision.later, next_attempt_at=decision.later, dispatched_at=None)
                report.later += 1
                report.timings["db"] += clock() - t0
                continue
            prepared = prepared_email(batch, row) if smtp else None
            message = None if prepared else build_message(batch, row, connection=connection)
            t1 = clock()
            report.timings["render"] += t1 - t0
            try:
                if not connection_open:
                    connection.open()
                    connection_open = True
                if prepared:
                    connection.connection.sendmail(prepared.from_address, [prepared.to_address], prepared.data)
                else:
                    connection.send_messages([message])
            except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
                report.timings["smtp"] += clock() - t1
                # A refusal while opening (a failed login) leaves nothing worth keeping.
                if not (smtp and connection_open and _refused_over_a_live_connection(connection, exc)):
                    _close_quietly(connection)
                    connection_open = False
                _record_failure(row, token, exc, report)
                continue
            t2 = clock()
            report.timings["smtp"] += t2 - t1
            # last_error stays: "sent at the 3rd attempt, after 451 …" is worth seeing.
            _mark_sent(row, token)
            report.sent += 1
            report.timings["db"] += clock() - t2
    finally:
        if connection_open:
            _close_quietly(connection)
        if async_commit:
            _asynchronous_commit(False)
    return report


def _refused_over_a_live_connection(connection: SmtpBackend, exc: Exception) -> bool:
    """The server refused this one e-mail (its sender, recipient or content) and the session goes on.

    smtplib resets the transaction (RSET) after such a refusal, so the next e-mail of the batch goes
    over the same connection; after a 421 it has closed the connection itself, and the next one opens a new one.
    """
    smtp = connection.connection
    return isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused) and (
        smtp is not None and smtp.sock is not None
    )


def _record_failure(row: OutboxMessage, token: str, exc: Exception, report: DeliveryReport) -> None:
    attempts = row.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if is_transient(exc) and attempts < settings.OUTBOX_MAX_ATTEMPTS:
        when = timezone.now() + datetime.timedelta(seconds=retry_delay(attempts))
        # dispatched_at = the retry's own time: the sweep only steps in if the retry is lost.
        _mark(row, token, attempts=attempts, last_error=error, next_attempt_at=when, dispatched_at=when)
        report.retry_ids.append(row.pk)
        report.retry_at = max(when, report.retry_at or when)
        report.retrying += 1
    else:
        _mark(row, token, status=OutboxStatus.FAILED, attempts=attempts, last_error=error)
        report.failed += 1
    logger.warning("E-mail %s (%s) not sent (attempt %s): %s", row.pk, row.kind, attempts, error)


def _asynchronous_commit(on: bool) -> bool:
    """Let this connection's commits return before PostgreSQL flushes them to disk (for this batch).

    A second trade-off, smaller than the one above: a commit costs a WAL flush (a few ms here,
    half the worker's time per e-mail in the benchmark). With ``synchronous_commit`` off, a
    *worker* killed at any point loses nothing that was committed (the server has it); only a
    crash of the *database server* itself can forget the last fraction of a second of "sent"
    marks (``wal_writer_delay``, 200 ms by default), and those e-mails go out again, with
    their same Message-IDs. Set ``OUTBOX_ASYNCHRONOUS_COMMIT=0`` to trade the speed back.
    """
    if db_connection.vendor != "postgresql" or not settings.OUTBOX_ASYNCHRONOUS_COMMIT:
        return False
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF" if on else "RESET synchronous_commit")
    return True


def _decide(batch: Batch, row: OutboxMessage) -> Decision:
    try:
        kind = kind_get(row.kind)
    except UnknownKind:
        return skip("no such kind of e-mail any more")
    if kind.optional and (row.kind, row.recipient_key) in batch.opted_out:
        return skip("unsubscribed from this kind of e-mail")
    if row.recipient_id and not row.recipient.is_active:
        return skip("account deactivated")
    if not row.to_address:
        return skip("no e-mail address")
    return kind.decide(batch, row)


def _mark(row: OutboxMessage, token: str, **fields) -> None:
    """Record the outcome and end the claim, in one autocommitted UPDATE (only while the claim is ours)."""
    for name, value in fields.items():
        setattr(row, name, value)
    fields.update(updated_at=timezone.now(), claimed_until=None, claim_token="")
    OutboxMessage.objects.filter(pk=row.pk, claim_token=token).update(**fields)


@functools.cache
def _mark_sent_sql() -> str:
    fields = {name: OutboxMessage._meta.get_field(name).column for name in (
        "status", "attempts", "sent_at", "updated_at", "claimed_until", "claim_token", "id",
    )}  # fmt: skip
    q = db_connection.ops.quote_name
    return (
        f"UPDATE {q(OutboxMessage._meta.db_table)} SET {q(fields['status'])} = %s, {q(fields['attempts'])} = %s, "
        f"{q(fields['sent_at'])} = %s, {q(fields['updated_at'])} = %s, {q(fields['claimed_until'])} = NULL, "
        f"{q(fields['claim_token'])} = '' WHERE {q(fields['id'])} = %s AND {q(fields['claim_token'])} = %s"
    )


def _mark_sent(row: OutboxMessage, token: str) -> None:
    """``_mark(row, token, status=SENT, attempts=…, sent_at=now)`` as one statement written once: it runs once
    per e-mail, and building the ORM's UPDATE each time cost as much of the worker's time as running it."""
    now = timezone.now()
    row.status, row.attempts, row.sent_at = OutboxStatus.SENT, row.attempts + 1, now
    at = db_connection.ops.adapt_datetimefield_value(now)
    with db_connection.cursor() as cursor:
        cursor.execute(_mark_sent_sql(), [OutboxStatus.SENT.value, row.attempts, at, at, row.pk, token])


def _release(rows, *, token: str) -> int:
    """Give back rows this task will not get to; the sweep queues them again."""
    return OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], claim_token=token).update(
        claimed_until=None, claim_token="", dispatched_at=None
    )


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a connection that broke cannot be closed politely
        logger.debug("SMTP connection did not close cleanly", exc_info=True)


def deliver_after_commit(outbox_ids: list[int]) -> int:
    """Queue delivery of these rows, in batches of ``OUTBOX_BATCH_SIZE``, once the current transaction commits.

    Returns how many delivery tasks it will queue.
    """
    size = settings.OUTBOX_BATCH_SIZE
    chunks = [list(outbox_ids[start : start + size]) for start in range(0, len(outbox_ids), size)]
    for chunk in chunks:
        transaction.on_commit(lambda chunk=chunk: outbox_deliver_task.delay(chunk))
    return len(chunks)


# acks_late + reject_on_worker_lost: a worker killed mid-batch leaves the message in the broker
# (or hands it back), so the batch runs again; rows already marked sent are not sent again.
@shared_task(name="notifications.deliver", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def outbox_deliver_task(outbox_ids: list[int]):
    report = outbox_deliver(outbox_ids=outbox_ids)
    if report.retry_ids:
        # One retry task for the batch, when the last of its rows is due again (each row's own
        # backoff depends on its attempts); a row not yet due when a task runs is left alone.
        countdown = max((report.retry_at - timezone.now()).total_seconds(), 0)
        outbox_deliver_task.apply_async(args=[report.retry_ids], countdown=countdown)
    logger.info(
        "E-mails delivered: %s sent, %s skipped, %s later, %s retrying, %s failed; db %.3fs render %.3fs smtp %.3fs",
        report.sent, report.skipped, report.later, report.retrying, report.failed,
        report.timings["db"], report.timings["render"], report.timings["smtp"],
    )  # fmt: skip
    return {"sent": report.sent, "skipped": report.skipped, "retrying": report.retrying, "failed": report.failed}
