import datetime
import email
from email import policy

import pytest
from django.core import mail
from django.core.mail.message import sanitize_address
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hubs_portal.testing.smtp import free_port
from notifications import sweep
from notifications.delivery import outbox_deliver
from notifications.enums import OutboxStatus
from notifications.models import OptOut, OutboxMessage
from notifications.registry import kind_get
from notifications.rendering import envelope_address
from notifications.services import ResendRefused, message_resend
from notifications.sweep import outbox_dispatch, outbox_sweep, rows_insert
from workgroups.enums import MailKind, RegistrationStatus
from workgroups.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def _due_rows(participants=1, **session_fields):
    session = SessionFactory(starts_at=timezone.now() + DAY - HOUR, **session_fields)
    for _ in range(participants):
        RegistrationFactory(work_group=session.work_group, status=RegistrationStatus.APPROVED)
    rows_insert(kind_get(MailKind.SESSION_REMINDER).find_due(timezone.now()))
    return list(OutboxMessage.objects.order_by("pk"))


def _smtp(sink):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=sink.port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=5,
        OUTBOX_RETRY_BACKOFF_SECONDS=60,
        OUTBOX_MAX_ATTEMPTS=3,
    )


def test_reminder_email_has_text_html_ics_and_one_click_unsubscribe():
    (row,) = _due_rows(online_link="https://meet.example/abc")

    outbox_deliver(outbox_ids=[row.pk])

    (message,) = mail.outbox
    raw = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert raw["Message-ID"] == row.message_id
    assert raw["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert raw["List-Unsubscribe"].strip().startswith("<http://") and "/e-mails/unsubscribe/" in raw["List-Unsubscribe"]
    types = [part.get_content_type() for part in raw.walk()]
    assert {"text/plain", "text/html", "text/calendar"} <= set(types)
    assert "https://meet.example/abc" in raw.get_body(("plain",)).get_content()
    assert '<a href="https://meet.example/abc">' in raw.get_body(("html",)).get_content()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    assert row.sent_at is not None


def test_delivery_twice_for_the_same_rows_sends_once():
    rows = _due_rows(participants=3)

    outbox_deliver(outbox_ids=[r.pk for r in rows])
    outbox_deliver(outbox_ids=[r.pk for r in rows])

    assert len(mail.outbox) == 3
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 3


def test_delivery_skips_a_person_who_unsubscribed_from_the_kind():
    (row,) = _due_rows()
    OptOut.objects.create(kind=MailKind.SESSION_REMINDER, recipient_key=row.recipient_key)

    outbox_deliver(outbox_ids=[row.pk])

    row.refresh_from_db()
    assert (row.status, row.skip_reason) == (OutboxStatus.SKIPPED, "unsubscribed from this kind of e-mail")
    assert mail.outbox == []


def test_batch_goes_over_one_smtp_connection(smtp_sink):
    rows = _due_rows(participants=5)
    with _smtp(sink := smtp_sink()):
        outbox_deliver(outbox_ids=[r.pk for r in rows])

    assert len(sink.handler.received) == 5
    assert len({r.peer for r in sink.handler.received}) == 1
    assert sorted(r.message_id for r in sink.handler.received) == sorted(r.message_id for r in rows)


def test_transient_smtp_refusal_retried_with_backoff_until_sent(smtp_sink):
    (row,) = _due_rows()
    with _smtp(sink := smtp_sink(refuse_first=2)):
        before = timezone.now()
        outbox_deliver(outbox_ids=[row.pk])
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 1)
        assert "451" in row.last_error
        first_wait = row.next_attempt_at - before
        assert datetime.timedelta(seconds=59) < first_wait < datetime.timedelta(seconds=62)

        outbox_deliver(outbox_ids=[row.pk], now=row.next_attempt_at)
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 2)
        second_wait = row.next_attempt_at - timezone.now()
        assert datetime.timedelta(seconds=118) < second_wait < datetime.timedelta(seconds=121)

        outbox_deliver(outbox_ids=[row.pk], now=row.next_attempt_at)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 3)
    assert [r.message_id for r in sink.handler.received] == [row.message_id]


def test_transient_failures_give_up_after_the_last_attempt_and_show_failed(smtp_sink):
    (row,) = _due_rows()
    with _smtp(sink := smtp_sink(refuse_first=99)):
        for _ in range(3):
            outbox_deliver(outbox_ids=[row.pk], now=row.next_attempt_at)
            row.refresh_from_db()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)
    assert "451" in row.last_error
    assert sink.handler.received == []


def test_permanent_smtp_refusal_fails_at_once(smtp_sink):
    (row,) = _due_rows()
    with _smtp(smtp_sink(refuse_first=1, refuse_reply="550 5.1.1 No such user")):
        outbox_deliver(outbox_ids=[row.pk])

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert "550" in row.last_error


def test_unreachable_smtp_server_counts_an_attempt_for_each_row():
    rows = _due_rows(participants=2)
    port = free_port()  # nothing listens there
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
    ):
        outbox_deliver(outbox_ids=[r.pk for r in rows])

    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.QUEUED, 1)}
    assert all("Connection refused" in e for e in OutboxMessage.objects.values_list("last_error", flat=True))


def test_resend_of_a_failed_reminder_keeps_its_message_id(django_capture_on_commit_callbacks):
    (row,) = _due_rows()
    OutboxMessage.objects.filter(pk=row.pk).update(status=OutboxStatus.FAILED, attempts=3, last_error="451")

    with django_capture_on_commit_callbacks(execute=True):
        message_resend(message=row)

    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id


def test_resend_refuses_a_reminder_that_did_not_fail():
    (row,) = _due_rows()
    with pytest.raises(ResendRefused):
        message_resend(message=row)


def test_recipients_of_one_session_get_their_own_name_and_unsubscribe_link_escaped_in_html():
    rows = _due_rows(participants=2)
    first = rows[0].recipient
    first.full_name = "Ann <O'Brien> & Co"
    first.save()

    outbox_deliver(outbox_ids=[r.pk for r in rows])

    by_to = {m.to[0]: m for m in mail.outbox}
    mine, theirs = by_to[first.email], by_to[rows[1].recipient.email]
    assert "Dear Ann <O'Brien> & Co," in mine.body
    html = mine.alternatives[0][0]
    assert "Dear Ann &lt;O&#x27;Brien&gt; &amp; Co," in html
    assert mine.extra_headers["List-Unsubscribe"] != theirs.extra_headers["List-Unsubscribe"]
    assert mine.extra_headers["List-Unsubscribe"].strip("<>") in mine.body
    assert rows[1].recipient.full_name in theirs.body


def test_reminders_land_in_the_dev_mailbox(tmp_path, capsys):
    (row,) = _due_rows()
    with override_settings(EMAIL_BACKEND="hubs_portal.mailbox.DevMailboxBackend", EMAIL_FILE_PATH=str(tmp_path)):
        outbox_deliver(outbox_ids=[row.pk])

    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    saved = tmp_path / f"{row.message_id.strip('<>')}.eml"
    assert saved.exists()
    assert b"session.ics" in saved.read_bytes()


def test_smtp_e_mails_prepared_once_per_session_match_the_ordinary_build(smtp_sink):
    rows = _due_rows(participants=3)
    first = rows[0].recipient
    first.full_name = "Zoë <O'Brien> & Co"
    first.save()
    with _smtp(sink := smtp_sink()):
        outbox_deliver(outbox_ids=[r.pk for r in rows])
    # The same rows again through the locmem backend: built the ordinary way, MIME tree per e-mail.
    OutboxMessage.objects.update(status=OutboxStatus.QUEUED, attempts=0)
    outbox_deliver(outbox_ids=[r.pk for r in rows])
    ordinary = {
        m.to[0]: email.message_from_bytes(m.message().as_bytes(linesep="\r\n"), policy=policy.default)
        for m in mail.outbox
    }

    assert len(sink.handler.received) == 3
    # Built once: the three share their MIME boundary (an ordinary build draws a new one each time).
    boundaries = {email.message_from_bytes(r.raw, policy=policy.default).get_boundary() for r in sink.handler.received}
    assert len(boundaries) == 1
    for received in sink.handler.received:
        sent = email.message_from_bytes(received.raw, policy=policy.default)
        (to,) = received.to
        expected = ordinary[to]
        assert sent["To"] == to
        assert sent["Message-ID"] == expected["Message-ID"]
        assert sent["List-Unsubscribe"].strip() == expected["List-Unsubscribe"].strip()
        assert sent["Subject"] == expected["Subject"]
        for kind in ("plain", "html"):
            assert sent.get_body((kind,)).get_content() == expected.get_body((kind,)).get_content()
        attachments = [(p.get_filename(), p.get_content()) for p in sent.iter_attachments()]
        assert attachments == [(p.get_filename(), p.get_content()) for p in expected.iter_attachments()]
    zoe = next(r for r in sink.handler.received if r.to == [first.email])
    html = email.message_from_bytes(zoe.raw, policy=policy.default).get_body(("html",)).get_content()
    assert "Dear Zoë &lt;O&#x27;Brien&gt; &amp; Co," in html


def test_rows_of_a_worker_that_died_are_sent_by_the_next_sweep_after_the_claim_expires(
    django_capture_on_commit_callbacks,
):
    rows = _due_rows(participants=2)
    expired = timezone.now() - datetime.timedelta(seconds=1)
    OutboxMessage.objects.update(claimed_until=expired, claim_token="dead-worker", dispatched_at=expired - DAY)

    with django_capture_on_commit_callbacks(execute=True):
        report = outbox_sweep()

    assert report.dispatched == 2
    assert set(OutboxMessage.objects.values_list("status", "claim_token")) == {(OutboxStatus.SENT, "")}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.recipient.email for r in rows)


def test_rows_claimed_by_a_live_task_are_left_to_it():
    rows = _due_rows(participants=2)
    OutboxMessage.objects.update(claimed_until=timezone.now() + HOUR, claim_token="live-worker")

    report = outbox_deliver(outbox_ids=[r.pk for r in rows])

    assert report.claimed == 0
    assert mail.outbox == []
    assert outbox_dispatch() == (0, 0)


@override_settings(OUTBOX_CLAIM_SECONDS=0)
def test_a_batch_stops_before_its_claim_runs_out_and_gives_the_rest_back():
    rows = _due_rows(participants=3)

    report = outbox_deliver(outbox_ids=[r.pk for r in rows])

    assert (report.claimed, report.sent, report.released) == (3, 0, 3)
    assert set(OutboxMessage.objects.values_list("status", "claim_token", "dispatched_at")) == {
        (OutboxStatus.QUEUED, "", None)
    }


def test_beat_runs_the_sweep_task():
    from django.conf import settings

    from hubs_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry["task"] == "notifications.sweep"
    assert entry["task"] in app.tasks
    assert entry["schedule"] == settings.OUTBOX_SWEEP_SECONDS


def test_a_refused_recipient_fails_alone_and_the_batch_goes_on_over_the_same_connection(smtp_sink):
    rows = _due_rows(participants=4)
    refused = rows[1].recipient.email
    with _smtp(sink := smtp_sink(refuse_recipients={refused: "550 5.1.1 No such user"})):
        report = outbox_deliver(outbox_ids=[r.pk for r in rows])

    assert (report.sent, report.failed, report.retrying) == (3, 1, 0)
    by_email = {r.recipient.email: r for r in OutboxMessage.objects.select_related("recipient")}
    assert (by_email[refused].status, by_email[refused].attempts) == (OutboxStatus.FAILED, 1)
    assert "550" in by_email[refused].last_error
    others = set(by_email) - {refused}
    assert {email for email, row in by_email.items() if row.status == OutboxStatus.SENT} == others
    assert sorted(r.to[0] for r in sink.handler.received) == sorted(others)
    assert len({r.peer for r in sink.handler.received}) == 1


def test_a_recipient_refused_for_now_is_retried_alone_while_the_others_are_sent(smtp_sink):
    rows = _due_rows(participants=3)
    busy = rows[0].recipient.email
    with _smtp(sink := smtp_sink(refuse_recipients={busy: "450 4.2.1 Mailbox busy"})):
        report = outbox_deliver(outbox_ids=[r.pk for r in rows])

    row = OutboxMessage.objects.get(recipient__email=busy)
    assert report.retry_ids == [row.pk]
    assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.QUEUED, 1, None)
    assert "450" in row.last_error and row.next_attempt_at > timezone.now()
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2
    assert len(sink.handler.received) == 2


def test_each_e_mail_sent_costs_one_statement_its_own_sent_mark():
    def deliver(participants):
        rows = [r for r in _due_rows(participants=participants) if r.status == OutboxStatus.QUEUED]
        with CaptureQueriesContext(connection) as queries:
            report = outbox_deliver(outbox_ids=[r.pk for r in rows])
        assert report.sent == participants
        marks = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "sent_at" in q["sql"]]
        return len(queries), len(marks)

    two, four = deliver(2), deliver(4)

    # Marked one by one as the server accepts each, so a worker killed mid-batch sends at most one twice.
    assert (two[1], four[1]) == (2, 4)
    assert four[0] - two[0] == 2


def test_the_sweep_queues_each_chunk_of_new_rows_as_soon_as_it_commits(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(sweep, "SWEEP_CHUNK", 2)
    session = SessionFactory(starts_at=timezone.now() + DAY - HOUR)
    for _ in range(5):
        RegistrationFactory(work_group=session.work_group, status=RegistrationStatus.APPROVED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = outbox_sweep()

    assert (report.inserted, report.dispatched, report.tasks) == (5, 5, 3)
    assert len(callbacks) == 3  # one delivery task per chunk, each queued when its chunk committed
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == len(mail.outbox) == 5
    assert outbox_dispatch() == (0, 0)  # nothing queued twice


@pytest.mark.parametrize(
    "address",
    [
        "tom@school.example",
        "Tom.O'Brien+maths@Sub.School-1.example.org",
        "a@b",
        "x@" + "a" * 63 + ".example",
        "x@" + "a" * 64 + ".example",
        "zoë@school.example",
        "tom@schöol.example",
        "Tom Teacher <tom@school.example>",
        '"odd name"@school.example',
        "a..b@school.example",
        "x@-bad.example",
        "x@school..example",
    ],
)
def test_envelope_address_is_what_djangos_smtp_backend_sends(address):
    try:
        expected = sanitize_address(address, "utf-8")
    except ValueError:
        with pytest.raises(ValueError):
            envelope_address(address)
    else:
        assert envelope_address(address) == expected
