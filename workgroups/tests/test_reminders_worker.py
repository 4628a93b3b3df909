"""Reliability of reminder delivery with a real Redis broker, a real worker process and a real SMTP server."""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from hubs_portal.celery import app
from workgroups import reminders
from workgroups.enums import RegistrationStatus
from workgroups.models.outbox import OutboxMessage, OutboxStatus
from workgroups.tests.celery_worker import Worker, purge_broker, wait_for
from workgroups.tests.factories import RegistrationFactory, SessionFactory
from workgroups.tests.smtp_sink import SmtpSink

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CONCURRENCY = 2


@pytest.fixture
def broker():
    """Tasks go to Redis for the test's duration (the suite otherwise runs them inline)."""
    purge_broker()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        purge_broker()


def _due_reminders(count: int) -> list[str]:
    """One session tomorrow with ``count`` approved participants: ``count`` 1-day reminders due now."""
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=20))
    for _ in range(count):
        RegistrationFactory(work_group=session.work_group, status=RegistrationStatus.APPROVED)
    return session


def _worker_env(sink, **extra):
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": sink.port,
        "EMAIL_TIMEOUT": 10,
        "REMINDER_RETRY_BACKOFF_SECONDS": 0.3,
        "REMINDER_MAX_ATTEMPTS": 6,
        **extra,
    }


def _sent_count() -> int:
    return OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()


@override_settings(REMINDER_BATCH_SIZE=20, REMINDER_REDISPATCH_AFTER_SECONDS=1)
def test_worker_killed_mid_batch_and_restarted_delivers_every_reminder(broker):
    _due_reminders(60)
    with SmtpSink(delay=0.03) as sink:
        # A short claim, so the killed worker's batch is queued again within seconds.
        worker = Worker(env=_worker_env(sink, REMINDER_CLAIM_SECONDS=4), concurrency=CONCURRENCY)
        try:
            reminders.reminders_sweep()
            worker.start()
            wait_for(lambda: len(sink.handler.received) >= 12, timeout=60, message="the first messages", worker=worker)
            worker.kill()  # SIGKILL to the main process and its pool children, mid-batch
            received_at_kill = len(sink.handler.received)
            assert received_at_kill < 60, "the kill came too late to be mid-batch"
            assert OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).exists()

            worker.start()

            # Beat's part: the sweep queues again what no live task is delivering.
            def all_sent():
                reminders.reminders_sweep()
                return _sent_count() == 60

            wait_for(
                all_sent, timeout=90, interval=1.5, message="every reminder to be sent after the restart", worker=worker
            )
        finally:
            worker.kill()
            log = worker.log()

    expected = set(OutboxMessage.objects.values_list("message_id", flat=True))
    copies = Counter(sink.handler.message_ids())
    assert set(copies) == expected, log[-3000:]  # none missing, nothing unknown
    duplicates = sum(n - 1 for n in copies.values())
    print(f"kill test: {received_at_kill} received at the kill, {duplicates} duplicate(s) in {len(copies)} reminders")
    assert duplicates <= CONCURRENCY, copies.most_common(3)
    # Each copy of a duplicate is the same message: same Message-ID (the Counter's key), same recipient.
    for received in sink.handler.received:
        row = OutboxMessage.objects.select_related("recipient").get(message_id=received.message_id)
        assert received.to == [row.recipient.email]


@override_settings(REMINDER_BATCH_SIZE=10)
def test_two_sweeps_at_once_deliver_each_reminder_once(broker):
    _due_reminders(40)
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            reminders.reminders_sweep()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    with SmtpSink() as sink, Worker(env=_worker_env(sink), concurrency=CONCURRENCY) as worker:
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        wait_for(lambda: _sent_count() == 40, timeout=60, message="40 reminders sent", worker=worker)
        reminders.reminders_sweep()  # and a third, later: nothing more to send
        wait_for(lambda: len(sink.handler.received) >= 40, timeout=10, message="40 arrivals")
        # Give a stray duplicate task time to show itself before counting.
        threading.Event().wait(2)
        copies = Counter(sink.handler.message_ids())
        log = worker.log()

    assert OutboxMessage.objects.count() == 40
    assert len(copies) == 40, log[-3000:]
    assert set(copies.values()) == {1}


def test_smtp_refusing_the_first_attempts_delivers_after_retries(broker):
    _due_reminders(3)
    with SmtpSink(refuse_first=5) as sink, Worker(env=_worker_env(sink), concurrency=CONCURRENCY) as worker:
        reminders.reminders_sweep()
        wait_for(lambda: _sent_count() == 3, timeout=60, message="3 reminders sent after retries", worker=worker)
        log = worker.log()
        received = sink.handler.message_ids()

    rows = list(OutboxMessage.objects.all())
    assert sorted(received) == sorted(r.message_id for r in rows), log[-3000:]
    assert sum(r.attempts for r in rows) == 3 + 5  # every refusal is one recorded attempt
    assert all(r.status == OutboxStatus.SENT for r in rows)
    retried = [r for r in rows if r.attempts > 1]
    assert retried and all("451" in r.last_error for r in retried)
