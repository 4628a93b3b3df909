"""Open lessons: a Mastery Specialist plans one at their school; teachers of the schools the hub serves book a
place; the host or the hub cancels.

Concurrency: everything that counts places (a booking, a cancelled booking and the waitlist's move up) first locks
the open lesson's row with ``select_for_update()``, so two bookings of the last place are served one after the other
and the count each reads is the truth. The waitlist works as a Work Group's, first come first served, but a freed
place goes straight to the first teacher waiting (no offer to accept): a lesson visit needs no approval, and the
teacher is e-mailed and may cancel if they can no longer come.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from hubs.models import school_in_hub_q
from mastery.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, OpenLessonStatus
from mastery.models import MasterySpecialist, OpenLesson, OpenLessonBooking
from mastery.services.open_lesson_mail import queue_booking_email, queue_lesson_cancelled_emails
from schools.models import School

BS = BookingStatus


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "Choose a date and time still to come."}, code="past")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The lesson must end after it starts."}, code="ends_before_start")
    if ends_at - starts_at > datetime.timedelta(hours=8):
        raise ValidationError({"ends_at": "An open lesson lasts a school day at most."}, code="too_long")


@transaction.atomic
def open_lesson_create(
    *,
    specialist: MasterySpecialist,
    actor,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    class_or_year_group: str,
    focus: str,
    capacity: int,
    details: str = "",
) -> OpenLesson:
    """Plan an open lesson hosted by ``specialist`` at their school (``specialist.user.school``).

    Raises ValidationError: the specialist has no school on their profile (``specialist``), the lesson is not in
    the future, ends before it starts or runs past a school day (``starts_at``/``ends_at``).
    """
    school_id = specialist.user.school_id
    if school_id is None:
        raise ValidationError(
            {"specialist": f"{specialist.user} has no school on their profile: the lesson is held at their school."},
            code="no_school",
        )
    _check_times(starts_at, ends_at)
    lesson = OpenLesson(
        specialist=specialist,
        school_id=school_id,
        starts_at=starts_at,
        ends_at=ends_at,
        class_or_year_group=class_or_year_group.strip(),
        focus=focus.strip(),
        details=details.strip(),
        capacity=capacity,
        created_by=actor,
    )
    lesson.full_clean(exclude=["specialist", "school", "created_by"])
    lesson.save()
    audit_record(
        actor=actor,
        action="open_lesson.created",
        target=lesson,
        hub=specialist.hub_id,
        subject=specialist.user_id,
        after={
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "school": school_id,
            "capacity": capacity,
            "focus": lesson.focus,
        },
    )
    return lesson


def _locked_lesson(lesson_id: int) -> OpenLesson:
    return OpenLesson.objects.select_for_update(of=("self",)).select_related("specialist").get(pk=lesson_id)


def _booked_count(lesson: OpenLesson) -> int:
    return lesson.bookings.filter(status=BS.BOOKED).count()


def school_served_by_lessons_hub(*, lesson: OpenLesson, school) -> bool:
    """Is ``school`` one the open lesson's hub serves (``hubs.models.school_in_hub_q``)?"""
    return School.objects.filter(pk=school.pk).filter(school_in_hub_q(lesson.specialist.hub_id)).exists()


def open_lesson_book(*, lesson: OpenLesson, teacher) -> OpenLessonBooking:
    """Book ``teacher`` a place at the open lesson, for their school, or put them on its waitlist when it is full.

    Guarantees, even under concurrent bookings: never more booked places than the capacity (the lesson's row lock),
    one live booking per teacher per lesson (a database constraint; a teacher who cancelled may book again).
    E-mails the teacher (booked or waitlisted) and, with a place, queues the reminder for the day before.

    Raises ValidationError: the lesson is cancelled or has started; the teacher has no school on their profile, or
    their school is not one the lesson's hub serves; the teacher hosts it; they have booked it already.
    """
    with transaction.atomic():
        locked = _locked_lesson(lesson.pk)
        if locked.status != OpenLessonStatus.SCHEDULED:
            raise ValidationError("This open lesson is cancelled.", code="cancelled")
        if locked.starts_at <= timezone.now():
            raise ValidationError("This open lesson has started: it can no longer be booked.", code="started")
        if teacher.school_id is None:
            raise ValidationError(
                "Add your school to your profile first: places go to teachers of the schools the hub serves.",
                code="no_school",
            )
        if not school_served_by_lessons_hub(lesson=locked, school=teacher.school):
            raise ValidationError(
                f"Open lessons of the {locked.specialist.hub.name} hub are for teachers of the schools it serves; "
                f"{teacher.school.name} is served by another hub.",
                code="other_hub",
            )
        if locked.specialist.user_id == teacher.pk:
            raise ValidationError("You host this open lesson.", code="host")
        if locked.bookings.filter(teacher=teacher, status__in=ACTIVE_BOOKING_STATUSES).exists():
            raise ValidationError("You have already booked this open lesson.", code="duplicate")
        room = _booked_count(locked) < locked.capacity
        now = timezone.now()
        booking = OpenLessonBooking.objects.create(
            lesson=locked,
            teacher=teacher,
            school_id=teacher.school_id,
            status=BS.BOOKED if room else BS.WAITLISTED,
            waitlisted_at=None if room else now,
        )
        audit_record(
            actor=teacher,
            action="open_lesson.booked" if room else "open_lesson.waitlisted",
            target=booking,
            hub=locked.specialist.hub_id,
            subject=teacher,
            after={"status": booking.status, "lesson": locked.pk, "school": teacher.school_id},
        )
        queue_booking_email(booking, "booked" if room else "waitlisted", hub_id=locked.specialist.hub_id)
    return booking


def _move_up_waitlist(lesson: OpenLesson) -> list[OpenLessonBooking]:
    """Give each free place to the first teacher waiting; the caller holds the lesson's lock."""
    if lesson.status != OpenLessonStatus.SCHEDULED or lesson.starts_at <= timezone.now():
        return []
    free = lesson.capacity - _booked_count(lesson)
    if free <= 0:
        return []
    moved = list(
        lesson.bookings.filter(status=BS.WAITLISTED)
        .select_related("teacher")
        .order_by("waitlisted_at", "created_at", "pk")[:free]
    )
    for booking in moved:
        booking.status = BS.BOOKED
        booking.save(update_fields=["status"])
        booking.lesson = lesson
        audit_record(
            actor=None,
            action="open_lesson.place_given",
            target=booking,
            hub=lesson.specialist.hub_id,
            subject=booking.teacher_id,
            before={"status": BS.WAITLISTED},
            after={"status": BS.BOOKED},
        )
        queue_booking_email(booking, "place_freed", hub_id=lesson.specialist.hub_id)
    return moved


@transaction.atomic
def open_lesson_booking_cancel(*, booking: OpenLessonBooking, actor) -> OpenLessonBooking:
    """The teacher gives up their place (or leaves the waitlist); a freed place goes to the first teacher waiting.

    Raises ValidationError when the booking has ended already or the lesson has started.
    """
    locked_lesson = _locked_lesson(booking.lesson_id)
    locked = OpenLessonBooking.objects.get(pk=booking.pk)
    if locked.status not in ACTIVE_BOOKING_STATUSES:
        raise ValidationError(f"This booking is {locked.get_status_display().lower()}: nothing to cancel.")
    if locked_lesson.starts_at <= timezone.now():
        raise ValidationError("The open lesson has started: the booking can no longer be cancelled.")
    before = locked.status
    locked.status = BS.CANCELLED
    locked.ended_at = timezone.now()
    locked.save(update_fields=["status", "ended_at"])
    audit_record(
        actor=actor,
        action="open_lesson.booking_cancelled",
        target=locked,
        hub=locked_lesson.specialist.hub_id,
        subject=locked.teacher_id,
        before={"status": before},
        after={"status": BS.CANCELLED},
    )
    if before == BS.BOOKED:
        _move_up_waitlist(locked_lesson)
    return locked


@transaction.atomic
def open_lesson_cancel(*, lesson: OpenLesson, actor, reason: str) -> OpenLesson:
    """Cancel the open lesson: every live booking ends ("Open lesson cancelled") and its teacher is e-mailed; the
    lesson stays, marked cancelled, so calendars drop the event (its sequence rises).

    Raises ValidationError: cancelled already, started already, or no reason given (``reason``).
    """
    locked = _locked_lesson(lesson.pk)
    if locked.status == OpenLessonStatus.CANCELLED:
        raise ValidationError("This open lesson is cancelled already.")
    if locked.starts_at <= timezone.now():
        raise ValidationError("This open lesson has started: it can no longer be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why: the teachers who booked read it."}, code="reason")
    locked.status = OpenLessonStatus.CANCELLED
    locked.cancelled_reason = reason.strip()[:255]
    locked.sequence += 1
    locked.save(update_fields=["status", "cancelled_reason", "sequence", "updated_at"])
    ended = list(locked.bookings.filter(status__in=ACTIVE_BOOKING_STATUSES).select_related("teacher"))
    now = timezone.now()
    for booking in ended:
        booking.status = BS.LESSON_CANCELLED
        booking.ended_at = now
    OpenLessonBooking.objects.bulk_update(ended, ["status", "ended_at"])
    audit_record(
        actor=actor,
        action="open_lesson.cancelled",
        target=locked,
        hub=locked.specialist.hub_id,
        subject=locked.specialist.user_id,
        before={"status": OpenLessonStatus.SCHEDULED},
        after={"status": OpenLessonStatus.CANCELLED, "bookings_ended": len(ended)},
        reason=locked.cancelled_reason,
    )
    queue_lesson_cancelled_emails(locked, ended, hub_id=locked.specialist.hub_id)
    return locked
