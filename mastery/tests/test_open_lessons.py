"""Open lessons' services: planning, booking (capacity, waitlist, the hub's schools), cancelling, their e-mails."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from mastery import services
from mastery.enums import BookingStatus, MailKind, OpenLessonStatus
from mastery.tests.factories import OpenLessonFactory
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
BS = BookingStatus


def _kinds(user) -> list[str]:
    return sorted(OutboxMessage.objects.filter(recipient=user).values_list("kind", flat=True))


def test_open_lesson_create_holds_it_at_the_specialists_school_and_audits(hub_world):
    starts = timezone.now() + datetime.timedelta(days=3)
    lesson = services.open_lesson_create(
        specialist=hub_world.specialist,
        actor=hub_world.lead,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        class_or_year_group=" Year 5 ",
        focus="Fractions",
        capacity=6,
    )
    assert lesson.school == hub_world.host_school
    assert lesson.class_or_year_group == "Year 5"
    entry = AuditEntry.objects.get(action="open_lesson.created")
    assert entry.actor == hub_world.lead and entry.hub_id == hub_world.hub.pk


@pytest.mark.parametrize(
    ("start_days", "hours", "field"), [(-1, 1, "starts_at"), (2, -1, "ends_at"), (2, 9, "ends_at")]
)
def test_open_lesson_create_refuses_bad_times(hub_world, start_days, hours, field):
    starts = timezone.now() + datetime.timedelta(days=start_days)
    with pytest.raises(ValidationError) as error:
        services.open_lesson_create(
            specialist=hub_world.specialist,
            actor=hub_world.lead,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            class_or_year_group="Year 5",
            focus="Fractions",
            capacity=6,
        )
    assert field in error.value.error_dict


def test_open_lesson_create_refuses_a_specialist_without_school(hub_world):
    hub_world.specialist.user.school = None
    hub_world.specialist.user.save()
    starts = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="no school"):
        services.open_lesson_create(
            specialist=hub_world.specialist,
            actor=hub_world.lead,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            class_or_year_group="Year 5",
            focus="Fractions",
            capacity=6,
        )


def test_open_lesson_book_gives_a_place_emails_and_queues_the_reminder(hub_world):
    booking = services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    assert booking.status == BS.BOOKED and booking.school == hub_world.school
    assert _kinds(hub_world.teacher) == [MailKind.OPEN_LESSON_BOOKED, MailKind.OPEN_LESSON_REMINDER]
    reminder = OutboxMessage.objects.get(kind=MailKind.OPEN_LESSON_REMINDER)
    assert reminder.due_at == hub_world.lesson.starts_at - datetime.timedelta(days=1)
    assert AuditEntry.objects.filter(action="open_lesson.booked", subject_id=hub_world.teacher.pk).exists()


def test_open_lesson_book_within_a_day_queues_no_reminder(hub_world):
    with time_machine.travel(hub_world.lesson.starts_at - datetime.timedelta(hours=5)):
        services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    assert _kinds(hub_world.teacher) == [MailKind.OPEN_LESSON_BOOKED]


def test_open_lesson_book_when_full_waitlists(hub_world):
    lesson = OpenLessonFactory(specialist=hub_world.specialist, capacity=1)
    services.open_lesson_book(lesson=lesson, teacher=hub_world.teacher)
    second = services.open_lesson_book(lesson=lesson, teacher=UserFactory(school=hub_world.school2))
    assert second.status == BS.WAITLISTED and second.waitlisted_at is not None
    assert _kinds(second.teacher) == [MailKind.OPEN_LESSON_WAITLISTED]


@pytest.mark.parametrize("case", ["other_hub", "no_school", "host", "duplicate", "cancelled", "started"])
def test_open_lesson_book_refuses(hub_world, case):
    lesson, teacher = hub_world.lesson, hub_world.teacher
    if case == "other_hub":
        teacher = hub_world.other_teacher
    elif case == "no_school":
        teacher = UserFactory()
    elif case == "host":
        teacher = hub_world.specialist.user
    elif case == "duplicate":
        services.open_lesson_book(lesson=lesson, teacher=teacher)
    elif case == "cancelled":
        services.open_lesson_cancel(lesson=lesson, actor=hub_world.lead, reason="Trip")
    with time_machine.travel(lesson.starts_at + datetime.timedelta(minutes=1) if case == "started" else timezone.now()):
        with pytest.raises(ValidationError) as error:
            services.open_lesson_book(lesson=lesson, teacher=teacher)
    assert error.value.code == case


def test_open_lesson_booking_cancel_moves_the_first_waiting_teacher_up(hub_world):
    lesson = OpenLessonFactory(specialist=hub_world.specialist, capacity=1)
    booked = services.open_lesson_book(lesson=lesson, teacher=hub_world.teacher)
    first = services.open_lesson_book(lesson=lesson, teacher=UserFactory(school=hub_world.school2))
    second = services.open_lesson_book(lesson=lesson, teacher=UserFactory(school=hub_world.school2))

    services.open_lesson_booking_cancel(booking=booked, actor=hub_world.teacher)

    statuses = {b.pk: b.status for b in lesson.bookings.all()}
    assert statuses == {booked.pk: BS.CANCELLED, first.pk: BS.BOOKED, second.pk: BS.WAITLISTED}
    assert MailKind.OPEN_LESSON_PLACE_FREED in _kinds(first.teacher)
    assert AuditEntry.objects.filter(action="open_lesson.place_given", subject_id=first.teacher_id).exists()


def test_open_lesson_booking_cancel_then_book_again(hub_world):
    booking = services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    services.open_lesson_booking_cancel(booking=booking, actor=hub_world.teacher)
    again = services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    assert again.pk != booking.pk and again.status == BS.BOOKED
    with pytest.raises(ValidationError, match="nothing to cancel"):
        services.open_lesson_booking_cancel(booking=booking, actor=hub_world.teacher)


def test_open_lesson_cancel_ends_bookings_and_emails_each_teacher(hub_world):
    lesson = OpenLessonFactory(specialist=hub_world.specialist, capacity=1)
    booked = services.open_lesson_book(lesson=lesson, teacher=hub_world.teacher)
    waiting = services.open_lesson_book(lesson=lesson, teacher=UserFactory(school=hub_world.school2))

    services.open_lesson_cancel(lesson=lesson, actor=hub_world.specialist.user, reason="The class is on a trip")

    lesson.refresh_from_db()
    assert lesson.status == OpenLessonStatus.CANCELLED and lesson.sequence == 1
    assert set(lesson.bookings.values_list("status", flat=True)) == {BS.LESSON_CANCELLED}
    for booking in (booked, waiting):
        assert MailKind.OPEN_LESSON_CANCELLED in _kinds(booking.teacher)
    entry = AuditEntry.objects.get(action="open_lesson.cancelled")
    assert entry.reason == "The class is on a trip"


def test_open_lesson_cancel_needs_a_reason(hub_world):
    with pytest.raises(ValidationError) as error:
        services.open_lesson_cancel(lesson=hub_world.lesson, actor=hub_world.lead, reason="  ")
    assert "reason" in error.value.error_dict
