"""The e-mails of open lessons, declared for the outbox (``notifications.registry``): a place booked, a place on
the waitlist, a place given from the waitlist, the reminder the day before, and the lesson cancelled. Queued by
``mastery.services.open_lesson_mail`` from the services in ``mastery.services.open_lessons``; every row is about
one booking."""

from django.conf import settings
from django.urls import reverse

from mastery.enums import BookingStatus, MailKind, OpenLessonStatus
from mastery.models import OpenLessonBooking
from notifications.registry import SEND, Kind, register, skip, topic_describer

BOOKING = "mastery.openlessonbooking"


def _url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


class BookingKind(Kind):
    """A kind of e-mail about one open-lesson booking: loads the bookings with their lesson, school and host."""

    topic_model = BOOKING

    def topic_queryset(self):
        return OpenLessonBooking.objects.select_related(
            "lesson__school", "lesson__specialist__user", "lesson__specialist__hub", "teacher"
        )

    def context(self, batch, row):
        booking = self.topic(batch, row)
        return {
            "booking": booking,
            "lesson": booking.lesson,
            "hub": booking.lesson.specialist.hub,
            "lesson_url": _url("mastery:open_lesson", booking.lesson_id),
            "my_cpd_url": _url("workgroups:my_cpd"),
        }

    def shared_key(self, batch, row):
        return None


class PlaceKind(BookingKind):
    """Sent while the booking still holds its place and the lesson still happens."""

    def decide(self, batch, row):
        booking = self.topic(batch, row)
        if booking is None:
            return skip("the booking no longer exists")
        if booking.lesson.status != OpenLessonStatus.SCHEDULED:
            return skip("the open lesson was cancelled")
        if booking.status != BookingStatus.BOOKED:
            return skip(f"the booking is {booking.get_status_display().lower()}")
        return SEND


@register
class OpenLessonBooked(PlaceKind):
    name = MailKind.OPEN_LESSON_BOOKED
    label = "Open lesson booked"
    template = "mastery/email/open_lesson_booked"


@register
class OpenLessonPlaceFreed(PlaceKind):
    name = MailKind.OPEN_LESSON_PLACE_FREED
    label = "Open lesson: a place from the waitlist"
    template = "mastery/email/open_lesson_place_freed"


@register
class OpenLessonReminder(PlaceKind):
    name = MailKind.OPEN_LESSON_REMINDER
    label = "Open lesson reminder"
    template = "mastery/email/open_lesson_reminder"


@register
class OpenLessonWaitlisted(BookingKind):
    name = MailKind.OPEN_LESSON_WAITLISTED
    label = "Open lesson: on the waitlist"
    template = "mastery/email/open_lesson_waitlisted"

    def decide(self, batch, row):
        booking = self.topic(batch, row)
        if booking is None:
            return skip("the booking no longer exists")
        if booking.status != BookingStatus.WAITLISTED:
            return skip(f"the booking is {booking.get_status_display().lower()} since")
        return SEND


@register
class OpenLessonCancelled(BookingKind):
    name = MailKind.OPEN_LESSON_CANCELLED
    label = "Open lesson cancelled"
    template = "mastery/email/open_lesson_cancelled"


@topic_describer(BOOKING)
def bookings_describe(*, hub, ids) -> dict[int, str]:
    """ "Booking of Ann Smith: open lesson on 3 March 2027 (Year 4, reasoning)" for the hub's bookings."""
    bookings = OpenLessonBooking.objects.filter(pk__in=ids, lesson__specialist__hub=hub).select_related(
        "teacher", "lesson"
    )
    return {
        b.pk: f"Booking of {b.teacher}: open lesson on {b.lesson.starts_at:%-d %B %Y} "
        f"({b.lesson.class_or_year_group}, {b.lesson.focus})"
        for b in bookings
    }
