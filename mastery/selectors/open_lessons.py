"""Reads of open lessons, each in a fixed number of queries and scoped to what the person may see."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hubs.models import served_hub
from mastery.enums import ACTIVE_BOOKING_STATUSES, CALENDAR_BOOKING_STATUSES, BookingStatus, OpenLessonStatus
from mastery.models import MasterySpecialist, OpenLesson, OpenLessonBooking
from schools.models import School

BS = BookingStatus


def open_lessons_held_q(prefix: str = "") -> Q:
    """Open lessons that have taken place: not cancelled, and over (ended before now). The "open lessons hosted"
    milestone counts these; ``prefix`` reaches the lesson from another model (``"open_lessons__"``)."""
    return Q(**{f"{prefix}status": OpenLessonStatus.SCHEDULED, f"{prefix}ends_at__lte": timezone.now()})


def open_lessons_with_counts() -> QuerySet[OpenLesson]:
    """Open lessons with their host, hub and school, and ``booked`` and ``waiting`` counts (one query)."""
    return OpenLesson.objects.select_related("specialist__user", "specialist__hub", "school").annotate(
        booked=Count("bookings", filter=Q(bookings__status=BS.BOOKED)),
        waiting=Count("bookings", filter=Q(bookings__status=BS.WAITLISTED)),
    )


def hub_serving_school_id(*, school_id: int | None) -> int | None:
    """The id of the hub serving the school (``hubs.models.served_hub``), or None."""
    if school_id is None:
        return None
    return School.objects.filter(pk=school_id).annotate(hub_id=served_hub()).values_list("hub_id", flat=True).first()


@dataclass
class BookableLessons:
    """The upcoming open lessons a teacher may book (their school's hub), each with ``my_booking`` (or None)."""

    hub_id: int | None
    lessons: list = field(default_factory=list)


def open_lessons_bookable_by(*, user) -> BookableLessons:
    """Upcoming, scheduled open lessons of the hub serving the teacher's school, soonest first, each with the
    teacher's live booking as ``my_booking``; three queries (none of the hub's lessons if the teacher has no
    school)."""
    hub_id = hub_serving_school_id(school_id=user.school_id)
    if hub_id is None:
        return BookableLessons(hub_id=None)
    lessons = list(
        open_lessons_with_counts()
        .filter(specialist__hub_id=hub_id, status=OpenLessonStatus.SCHEDULED, starts_at__gt=timezone.now())
        .order_by("starts_at", "pk")
    )
    mine = {
        b.lesson_id: b
        for b in OpenLessonBooking.objects.filter(
            teacher=user, lesson__in=[lesson.pk for lesson in lessons], status__in=ACTIVE_BOOKING_STATUSES
        )
    }
    for lesson in lessons:
        lesson.my_booking = mine.get(lesson.pk)
    return BookableLessons(hub_id=hub_id, lessons=lessons)


def open_lessons_hosted_by(*, user) -> list[OpenLesson]:
    """The open lessons ``user`` hosts as a Mastery Specialist, newest first (one query)."""
    return list(open_lessons_with_counts().filter(specialist__user=user).order_by("-starts_at", "-pk"))


def open_lesson_bookings(*, lesson: OpenLesson) -> list[OpenLessonBooking]:
    """Every booking of the lesson with its teacher and school, places first, then the waitlist in its order, then
    the ended ones (one query). Personal data: for the host and the hub's managers."""
    order = {BS.BOOKED: 0, BS.WAITLISTED: 1}
    bookings = list(lesson.bookings.select_related("teacher", "school").order_by("waitlisted_at", "created_at", "pk"))
    return sorted(bookings, key=lambda b: order.get(b.status, 2))


def teacher_booking_of(*, lesson: OpenLesson, user) -> OpenLessonBooking | None:
    """The teacher's live booking of the lesson, else their latest ended one, else None (one query)."""
    if not user.is_authenticated:
        return None
    bookings = list(lesson.bookings.filter(teacher=user).order_by("-created_at", "-pk"))
    live = [b for b in bookings if b.status in ACTIVE_BOOKING_STATUSES]
    return (live or bookings or [None])[0]


def waitlist_position(*, booking: OpenLessonBooking) -> int | None:
    """1 for the first teacher waiting (one query), None when not waitlisted."""
    if booking.status != BS.WAITLISTED:
        return None
    ahead = OpenLessonBooking.objects.filter(lesson_id=booking.lesson_id, status=BS.WAITLISTED).filter(
        Q(waitlisted_at__lt=booking.waitlisted_at) | Q(waitlisted_at=booking.waitlisted_at, pk__lt=booking.pk)
    )
    return ahead.count() + 1


@dataclass
class MyOpenLessons:
    current: list = field(default_factory=list)  # live bookings of lessons still to come
    past: list = field(default_factory=list)  # ended bookings and lessons that have happened

    def __bool__(self) -> bool:
        return bool(self.current or self.past)


def my_open_lessons(*, user) -> MyOpenLessons:
    """A teacher's open-lesson bookings for My CPD, in one query: current ones soonest first, then the rest newest
    first."""
    now = timezone.now()
    result = MyOpenLessons()
    bookings = OpenLessonBooking.objects.filter(teacher=user).select_related(
        "lesson__school", "lesson__specialist__user", "lesson__specialist__hub"
    )
    for booking in bookings.order_by("lesson__starts_at", "pk"):
        if booking.status in ACTIVE_BOOKING_STATUSES and booking.lesson.starts_at > now:
            result.current.append(booking)
        else:
            result.past.append(booking)
    result.past.reverse()
    return result


def open_lessons_for_calendar(*, user) -> QuerySet[OpenLesson]:
    """The open lessons in the person's calendar feed: those they have a place at (or had, when the lesson was
    cancelled under them, so calendars drop it) and those they host."""
    booked = OpenLessonBooking.objects.filter(teacher=user, status__in=CALENDAR_BOOKING_STATUSES).values("lesson_id")
    return (
        OpenLesson.objects.filter(Q(pk__in=booked) | Q(specialist__user=user))
        .select_related("school", "specialist__user", "specialist__hub")
        .order_by("starts_at", "pk")
    )


def specialists_of_hub(*, hub) -> QuerySet[MasterySpecialist]:
    """The hub's Mastery Specialists who have a school on their profile (an open lesson is held there), by name."""
    return (
        MasterySpecialist.objects.filter(hub=hub, user__school__isnull=False)
        .select_related("user__school")
        .order_by("user__full_name", "pk")
    )
