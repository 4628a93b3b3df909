"""Queue the e-mails an open-lesson change owes people: outbox rows written in the change's transaction
(``notifications.services.message_enqueue``). Each key names the booking and the event, so a repeated call adds
nothing. The reminder is a row due a day before the lesson; its kind skips it if the place or the lesson is gone."""

import datetime

from django.utils import timezone

from mastery.enums import MailKind
from mastery.models import OpenLesson, OpenLessonBooking
from notifications.services import message_enqueue

REMINDER_BEFORE = datetime.timedelta(days=1)

BOOKING_MAIL_KINDS = {
    "booked": MailKind.OPEN_LESSON_BOOKED,
    "waitlisted": MailKind.OPEN_LESSON_WAITLISTED,
    "place_freed": MailKind.OPEN_LESSON_PLACE_FREED,
}


def queue_booking_email(booking: OpenLessonBooking, event: str, *, hub_id: int) -> None:
    """Tell the teacher their booking's news ("booked", "waitlisted", "place_freed"); with a place, queue the
    reminder for the day before too."""
    message_enqueue(
        kind=BOOKING_MAIL_KINDS[event],
        object_key=f"open_lesson_booking:{booking.pk}:{event}",
        recipients=[booking.teacher],
        hub=hub_id,
        topic=booking,
    )
    if event in ("booked", "place_freed"):
        due_at = booking.lesson.starts_at - REMINDER_BEFORE
        if due_at > timezone.now():
            message_enqueue(
                kind=MailKind.OPEN_LESSON_REMINDER,
                object_key=f"open_lesson_booking:{booking.pk}:reminder",
                recipients=[booking.teacher],
                hub=hub_id,
                topic=booking,
                due_at=due_at,
            )


def queue_lesson_cancelled_emails(lesson: OpenLesson, bookings: list[OpenLessonBooking], *, hub_id: int) -> None:
    """Tell each teacher who was booked or waiting that the open lesson is cancelled (one row per booking)."""
    for booking in bookings:
        message_enqueue(
            kind=MailKind.OPEN_LESSON_CANCELLED,
            object_key=f"open_lesson_booking:{booking.pk}:lesson_cancelled:{lesson.sequence}",
            recipients=[booking.teacher],
            hub=hub_id,
            topic=booking,
        )
