import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from notifications.delivery import outbox_deliver
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.sweep import outbox_sweep, rows_add_due
from notifications.timing import days_before
from workgroups.enums import ConsentStatus, MailKind, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import HubReminderSettings, TaskResponse
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def _session_in(delta, **kwargs):
    return SessionFactory(starts_at=timezone.now() + delta, **kwargs)


def _approved(work_group, **kwargs):
    return RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED, **kwargs)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The sweep, with the delivery tasks it queues on commit run inline (eager Celery)."""

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return outbox_sweep(now=now)

    return run


def _insert_due(now):
    """The sweep's first half only: rows in the outbox, nothing sent."""
    rows_add_due(now=now)


def test_days_before_keeps_wall_clock_across_october_clock_change():
    # Sunday 25 October 2026: clocks go back at 02:00. A 10:00 session that day is 10:00 GMT.
    starts = datetime.datetime(2026, 10, 25, 10, 0, tzinfo=LONDON)
    due = days_before(starts, 1)
    assert due == datetime.datetime(2026, 10, 24, 10, 0, tzinfo=LONDON)
    assert starts.astimezone(datetime.UTC) - due.astimezone(datetime.UTC) == datetime.timedelta(hours=25)
    assert due.astimezone(datetime.UTC).hour == 9


def test_sweep_reminds_approved_participants_and_leads_once(sweep):
    session = _session_in(7 * DAY - HOUR, venue="Room 4, Park School")
    work_group = session.work_group
    approved = _approved(work_group)
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPLIED)
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.WITHDRAWN)
    _approved(work_group, consent_status=ConsentStatus.DECLINED)
    lead = approved.teacher.__class__.objects.create_user(email="lead@hub.example", full_name="Lee Lead")
    work_group.leads.add(lead)

    sweep()
    sweep()

    rows = OutboxMessage.objects.filter(kind=MailKind.SESSION_REMINDER)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted([approved.teacher_id, lead.pk])
    assert set(rows.values_list("status", "offset_minutes")) == {(OutboxStatus.SENT, 7 * 24 * 60)}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([approved.teacher.email, lead.email])
    assert "Room 4, Park School" in mail.outbox[0].body


def test_sweep_sends_only_the_nearest_reminder_for_a_session_added_late(sweep):
    session = _session_in(12 * HOUR)
    _approved(session.work_group)

    sweep()

    assert list(OutboxMessage.objects.values_list("offset_minutes", flat=True)) == [24 * 60]
    assert len(mail.outbox) == 1
    assert f"meets on {session.starts_at.astimezone(LONDON):%A %-d %B}:" in mail.outbox[0].body


def test_sweep_uses_the_hubs_own_offsets(sweep):
    session = _session_in(3 * DAY - HOUR)
    _approved(session.work_group)
    HubReminderSettings.objects.create(hub=session.work_group.hub, session_offset_days="3")

    sweep()

    assert list(OutboxMessage.objects.values_list("offset_minutes", flat=True)) == [3 * 24 * 60]


def test_sweep_ignores_sessions_not_yet_due_cancelled_or_of_draft_groups(sweep):
    _approved(_session_in(8 * DAY).work_group)
    _approved(_session_in(DAY - HOUR, status=SessionStatus.CANCELLED).work_group)
    draft = WorkGroupFactory(status=WorkGroupStatus.DRAFT)
    _approved(_session_in(DAY - HOUR, work_group=draft).work_group)

    sweep()

    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_session_moved_later_before_its_reminder_is_sent_at_the_new_time_with_the_new_time():
    now = timezone.now()
    session = _session_in(7 * DAY - HOUR)
    registration = _approved(session.work_group)
    _insert_due(now)
    row = OutboxMessage.objects.get()

    new_start = (session.starts_at + 14 * DAY).astimezone(LONDON).replace(hour=15, minute=45)
    session.starts_at, session.ends_at, session.sequence = new_start, new_start + 2 * HOUR, 1
    session.save()
    outbox_deliver(outbox_ids=[row.pk], now=now)

    row.refresh_from_db()
    assert row.status == OutboxStatus.QUEUED
    assert row.next_attempt_at == days_before(new_start, 7)
    assert mail.outbox == []

    outbox_deliver(outbox_ids=[row.pk], now=row.next_attempt_at + datetime.timedelta(minutes=1))

    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert mail.outbox[0].to == [registration.teacher.email]
    assert f"{new_start:%-d %B %Y}, 15:45" in mail.outbox[0].body
    assert "SEQUENCE:1" in mail.outbox[0].attachments[0][1]


def test_session_moved_earlier_past_the_window_gives_way_to_the_nearer_reminder(sweep):
    now = timezone.now()
    session = _session_in(7 * DAY - HOUR)
    _approved(session.work_group)
    _insert_due(now)
    row = OutboxMessage.objects.get()
    session.starts_at, session.ends_at = now + 20 * HOUR, now + 22 * HOUR
    session.save()

    sweep(now=now)

    row.refresh_from_db()
    assert row.status == OutboxStatus.SKIPPED
    assert "superseded by the 1-day reminder" in row.skip_reason
    nearer = OutboxMessage.objects.get(offset_minutes=24 * 60)
    assert nearer.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_cancelled_session_and_withdrawn_participant_are_skipped_at_send_time(sweep):
    now = timezone.now()
    cancelled = _session_in(DAY - HOUR)
    _approved(cancelled.work_group)
    other = _session_in(DAY - HOUR)
    withdrawn = _approved(other.work_group)
    _insert_due(now)
    cancelled.status = SessionStatus.CANCELLED
    cancelled.save()
    withdrawn.status = RegistrationStatus.WITHDRAWN
    withdrawn.save()

    sweep(now=now)

    assert mail.outbox == []
    reasons = dict(OutboxMessage.objects.values_list("topic_id", "skip_reason"))
    assert reasons[cancelled.pk] == "the session was cancelled"
    assert reasons[other.pk] == "no longer an approved participant or lead"
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SKIPPED}


def test_session_just_after_october_clock_change_reminded_a_wall_clock_day_before():
    starts = datetime.datetime(2026, 10, 25, 10, 0, tzinfo=LONDON)  # GMT again since 02:00
    session = SessionFactory(starts_at=starts, ends_at=starts + 2 * HOUR)
    _approved(session.work_group)
    one_day_due = datetime.datetime(2026, 10, 24, 9, 0, tzinfo=datetime.UTC)  # 10:00 BST

    _insert_due(one_day_due - datetime.timedelta(minutes=1))
    assert list(OutboxMessage.objects.values_list("offset_minutes", flat=True)) == [7 * 24 * 60]

    _insert_due(one_day_due + datetime.timedelta(minutes=1))
    row = OutboxMessage.objects.get(offset_minutes=24 * 60)
    assert row.due_at == one_day_due
    outbox_deliver(outbox_ids=[row.pk], now=one_day_due + datetime.timedelta(minutes=1))

    message = mail.outbox[0]
    assert "Sunday 25 October 2026, 10:00 to 12:00" in message.body
    assert "on Sunday 25 October at 10:00" in message.subject
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == starts  # 10:00 GMT, the same instant however the file spells it


def test_task_reflection_reminder_only_to_participants_without_a_response(sweep):
    first = _session_in(-40 * DAY, task="Try a bar model task and bring two pieces of work.")
    work_group = first.work_group
    second = _session_in(2 * DAY - HOUR, work_group=work_group)
    done = _approved(work_group)
    owing = _approved(work_group)
    TaskResponse.objects.create(registration=done, session=first, reflection="It went well.")

    sweep()

    rows = OutboxMessage.objects.filter(kind=MailKind.TASK_REFLECTION)
    assert list(rows.values_list("recipient_id", "topic_id", "status")) == [
        (owing.teacher_id, second.pk, OutboxStatus.SENT)
    ]
    reflection_mail = [m for m in mail.outbox if "reflection" in m.subject]
    assert [m.to for m in reflection_mail] == [[owing.teacher.email]]
    assert "bar model task" in reflection_mail[0].body


def test_task_reflection_reminder_skipped_when_submitted_before_sending(sweep):
    now = timezone.now()
    first = _session_in(-40 * DAY, task="Try a bar model task.")
    _session_in(2 * DAY - HOUR, work_group=first.work_group)
    owing = _approved(first.work_group)
    _insert_due(now)
    TaskResponse.objects.create(registration=owing, session=first, reflection="Done at last.")

    sweep(now=now)

    row = OutboxMessage.objects.get(kind=MailKind.TASK_REFLECTION)
    assert row.status == OutboxStatus.SKIPPED
    assert not [m for m in mail.outbox if "reflection" in m.subject]


def test_weekly_digest_to_hub_leads_of_groups_short_of_schools_once_a_week():
    short = WorkGroupFactory(min_schools=6, registration_deadline=timezone.localdate() + 10 * DAY)
    RegistrationFactory(work_group=short)
    WorkGroupFactory(hub=short.hub, min_schools=1, registration_deadline=None).registrations.create(
        teacher=RegistrationFactory().teacher,
        school=RegistrationFactory().school,
        role_in_school="Teacher",
        status=RegistrationStatus.APPROVED,
    )
    lead = HubMembershipFactory(hub=short.hub, role=HubRole.LEAD).user
    HubMembershipFactory(hub=short.hub, role=HubRole.LEADERSHIP_TEAM)
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    after_due = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(7, 5)), LONDON)

    _insert_due(after_due)
    _insert_due(after_due + HOUR)
    row = OutboxMessage.objects.get(kind=MailKind.HUB_DIGEST)
    outbox_deliver(outbox_ids=[row.pk], now=after_due + HOUR)

    assert row.recipient_id == lead.pk
    assert len(mail.outbox) == 1
    assert short.code in mail.outbox[0].body
    assert "1 of 6 schools" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("1 Work Group below the minimum")
