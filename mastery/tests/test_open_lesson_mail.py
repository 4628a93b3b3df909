"""Open lessons' e-mails go out through the outbox with the lesson's details, and are skipped once stale."""

import datetime

import pytest
from django.core import mail

from mastery import services
from mastery.enums import MailKind
from notifications.delivery import outbox_deliver
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_booked_email_names_the_lesson_school_and_host(hub_world):
    services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    row = OutboxMessage.objects.get(kind=MailKind.OPEN_LESSON_BOOKED)

    outbox_deliver(outbox_ids=[row.pk])

    (message,) = mail.outbox
    assert message.to == [hub_world.teacher.email]
    assert hub_world.lesson.focus in message.subject
    body = message.body
    assert hub_world.host_school.name in body and hub_world.specialist.user.full_name in body
    assert f"/mastery/open-lessons/{hub_world.lesson.pk}/" in body


def test_reminder_is_skipped_when_the_lesson_was_cancelled(hub_world):
    services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    services.open_lesson_cancel(lesson=hub_world.lesson, actor=hub_world.lead, reason="Trip")
    reminder = OutboxMessage.objects.get(kind=MailKind.OPEN_LESSON_REMINDER)

    outbox_deliver(outbox_ids=[reminder.pk], now=reminder.due_at + datetime.timedelta(minutes=1))

    reminder.refresh_from_db()
    assert (reminder.status, reminder.skip_reason) == (OutboxStatus.SKIPPED, "the open lesson was cancelled")
    cancelled = OutboxMessage.objects.get(kind=MailKind.OPEN_LESSON_CANCELLED)
    outbox_deliver(outbox_ids=[cancelled.pk])
    assert "Trip" in mail.outbox[-1].body


def test_reminder_is_skipped_when_the_teacher_cancelled_their_place(hub_world):
    booking = services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    services.open_lesson_booking_cancel(booking=booking, actor=hub_world.teacher)
    reminder = OutboxMessage.objects.get(kind=MailKind.OPEN_LESSON_REMINDER)

    outbox_deliver(outbox_ids=[reminder.pk], now=reminder.due_at + datetime.timedelta(minutes=1))

    reminder.refresh_from_db()
    assert reminder.status == OutboxStatus.SKIPPED
    assert mail.outbox == []
