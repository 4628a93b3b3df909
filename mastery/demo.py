"""Demo open lessons, so each demo role can try its part right after ``make run``.

- wglead@ (Wendy Lead) is a Mastery Specialist of the Matrix hub (year 2) and hosts its open lessons: one in ten
  days that is full (teacher@ and three participants booked, participant4@ on the waitlist), one in three weeks
  with places free, one last month that took place, and one cancelled.
- teacher@ sees the booking in My CPD and can book the second lesson; hublead@ sees both in the hub's calendar.

Keyed by natural keys (the host and the lesson's focus): seeding twice changes nothing. Rows are written directly
(not through the services) because the demo needs a lesson in the past and must not send e-mails.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from mastery.enums import AccreditationStatus, BookingStatus, OpenLessonStatus, ProgrammeYear
from mastery.models import MasterySpecialist, OpenLesson, OpenLessonBooking
from schools.enums import Phase
from workgroups.models import AcademicYear

DEMO = "@demo.mathshubs.test"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def demo_specialist(hubs) -> MasterySpecialist:
    """wglead@ as a Mastery Specialist of the Matrix hub, in the cohort that started last year."""
    host = User.objects.get(email=f"wglead{DEMO}")
    start_year = AcademicYear.start_year_for(timezone.localdate()) - 1
    cohort, _ = AcademicYear.objects.get_or_create(start_year=start_year)
    specialist, _ = MasterySpecialist.objects.get_or_create(
        user=host,
        cohort_year=cohort,
        defaults={
            "hub": hubs["matrix"],
            "phase": Phase.PRIMARY,
            "programme_year": ProgrammeYear.LEADING,
            "accreditation_status": AccreditationStatus.IN_PROGRESS,
        },
    )
    return specialist


def _lesson(specialist, focus, *, days, **fields) -> tuple[OpenLesson, bool]:
    starts = _at(days, 9, 30)
    return OpenLesson.objects.get_or_create(
        specialist=specialist,
        focus=focus,
        defaults={
            "school_id": specialist.user.school_id,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=1, minutes=30),
            "details": "Sign in at the main office; the discussion follows in the staff room.",
            **fields,
        },
    )


def _book(lesson, email, status, *, minutes_after=0) -> None:
    teacher = User.objects.get(email=email)
    OpenLessonBooking.objects.get_or_create(
        lesson=lesson,
        teacher=teacher,
        defaults={
            "school_id": teacher.school_id,
            "status": status,
            "waitlisted_at": timezone.now() + datetime.timedelta(minutes=minutes_after)
            if status == BookingStatus.WAITLISTED
            else None,
        },
    )


def seed(hubs) -> None:
    specialist = demo_specialist(hubs)
    if specialist.user.school_id is None:
        return
    full, created = _lesson(specialist, "Reasoning with fractions", days=10, class_or_year_group="Year 4", capacity=4)
    if created:
        for email in (f"teacher{DEMO}", f"participant1{DEMO}", f"participant2{DEMO}", f"participant3{DEMO}"):
            _book(full, email, BookingStatus.BOOKED)
        _book(full, f"participant4{DEMO}", BookingStatus.WAITLISTED)
    _lesson(specialist, "Fluency in number bonds", days=21, class_or_year_group="Year 1", capacity=8)
    past, created = _lesson(specialist, "Bar models for word problems", days=-30, class_or_year_group="Year 6")
    if created:
        _book(past, f"teacher{DEMO}", BookingStatus.BOOKED)
        _book(past, f"participant5{DEMO}", BookingStatus.BOOKED)
    _lesson(
        specialist,
        "Place value with Dienes",
        days=14,
        class_or_year_group="Year 2",
        status=OpenLessonStatus.CANCELLED,
        cancelled_reason="The class is on a school trip that day.",
        sequence=1,
    )
