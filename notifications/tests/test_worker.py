"""Reliability of delivery with a real Redis broker, a real worker process and a real SMTP server."""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs_portal.testing.worker import wait_for
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.sweep import outbox_sweep
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import MailKind, RegistrationStatus
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CONCURRENCY = 2


def _due_reminders(count: int) -> list[str]:
    """One session tomorrow with ``count`` approved participants: ``count`` 1-day reminders due now."""
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=20))
    for _ in range(count):
        RegistrationFactory(work_group=session.work_group, status=RegistrationStatus.APPROVED)
    return session


RETRY_FAST = {"OUTBOX_RETRY_BACKOFF_SECONDS": 0.3, "OUTBOX_MAX_ATTEMPTS": 6}


def _sent_count() -> int:
    return OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()


@override_settings(OUTBOX_BATCH_SIZE=20, OUTBOX_REDISPATCH_AFTER_SECONDS=1)
def test_worker_killed_mid_batch_and_restarted_delivers_every_reminder(celery_worker_process, smtp_sink):
    _due_reminders(60)
    sink = smtp_sink(delay=0.03)
    outbox_sweep()
    # A short claim, so the killed worker's batch is queued again within seconds.
    worker = celery_worker_process(smtp=sink, env={**RETRY_FAST, "OUTBOX_CLAIM_SECONDS": 4}, concurrency=CONCURRENCY)
    wait_for(lambda: len(sink.handler.received) >= 12, timeout=60, message="the first messages", worker=worker)
    worker.kill()  # SIGKILL to the main process and its pool children, mid-batch
    received_at_kill = len(sink.handler.received)
    assert received_at_kill < 60, "the kill came too late to be mid-batch"
    assert OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).exists()

    worker.start()

    # Beat's part: the sweep queues again what no live task is delivering.
    def all_sent():
        outbox_sweep()
        return _sent_count() == 60

    wait_for(all_sent, timeout=90, interval=1.5, message="every reminder to be sent after the restart", worker=worker)
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


@override_settings(OUTBOX_BATCH_SIZE=10)
def test_two_sweeps_at_once_deliver_each_reminder_once(celery_worker_process, smtp_sink):
    _due_reminders(40)
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            outbox_sweep()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    sink = smtp_sink()
    worker = celery_worker_process(smtp=sink, env=RETRY_FAST, concurrency=CONCURRENCY)
    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    wait_for(lambda: _sent_count() == 40, timeout=60, message="40 reminders sent", worker=worker)
    outbox_sweep()  # and a third, later: nothing more to send
    wait_for(lambda: len(sink.handler.received) >= 40, timeout=10, message="40 arrivals")
    # Give a stray duplicate task time to show itself before counting.
    threading.Event().wait(2)
    copies = Counter(sink.handler.message_ids())
    log = worker.log()

    assert OutboxMessage.objects.count() == 40
    assert len(copies) == 40, log[-3000:]
    assert set(copies.values()) == {1}


def test_smtp_refusing_the_first_attempts_delivers_after_retries(celery_worker_process, smtp_sink):
    _due_reminders(3)
    sink = smtp_sink(refuse_first=5)
    worker = celery_worker_process(smtp=sink, env=RETRY_FAST, concurrency=CONCURRENCY)
    outbox_sweep()
    wait_for(lambda: _sent_count() == 3, timeout=60, message="3 reminders sent after retries", worker=worker)
    log = worker.log()
    received = sink.handler.message_ids()

    rows = list(OutboxMessage.objects.all())
    assert sorted(received) == sorted(r.message_id for r in rows), log[-3000:]
    assert sum(r.attempts for r in rows) == 3 + 5  # every refusal is one recorded attempt
    assert all(r.status == OutboxStatus.SENT for r in rows)
    retried = [r for r in rows if r.attempts > 1]
    assert retried and all("451" in r.last_error for r in retried)


def test_registration_e_mails_are_queued_on_commit_and_delivered_by_a_real_worker(celery_worker_process, smtp_sink):
    sink = smtp_sink()
    worker = celery_worker_process(smtp=sink, env=RETRY_FAST, concurrency=1)
    work_group = WorkGroupFactory()
    SessionFactory(work_group=work_group, number=1)
    teacher = UserFactory(email="tom@school.example")

    registration = services.registration_create(
        work_group=work_group,
        teacher=teacher,
        school=SchoolFactory(),
        role_in_school="Year 4 teacher",
        headteacher_name="Hilary Head",
        headteacher_email="hilary@school.example",
    )

    wait_for(lambda: len(sink.handler.received) >= 2, timeout=45, message="2 e-mails", worker=worker)
    rows = OutboxMessage.objects.filter(topic_type="workgroups.registration", topic_id=registration.pk)
    assert sorted(rows.values_list("kind", flat=True)) == [MailKind.CONSENT_REQUEST, MailKind.REGISTRATION_RECEIVED]
    wait_for(lambda: set(rows.values_list("status", flat=True)) == {OutboxStatus.SENT}, timeout=10, message="marks")
    assert sorted(r.message_id for r in sink.handler.received) == sorted(rows.values_list("message_id", flat=True))
    consent = next(r for r in sink.handler.received if r.to == ["hilary@school.example"])
    assert b"/work-groups/consent/" in consent.raw
    assert [r.to for r in sink.handler.received if r.to != ["hilary@school.example"]] == [["tom@school.example"]]
