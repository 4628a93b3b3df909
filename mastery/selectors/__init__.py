"""Reads of the Mastery programme, one module per concern; callers write ``from mastery import selectors``."""

from mastery.selectors.calendar import CalendarItem, hub_calendar, month_bounds
from mastery.selectors.open_lessons import (
    BookableLessons,
    MyOpenLessons,
    hub_serving_school_id,
    my_open_lessons,
    open_lesson_bookings,
    open_lessons_bookable_by,
    open_lessons_for_calendar,
    open_lessons_hosted_by,
    open_lessons_with_counts,
    specialists_of_hub,
    teacher_booking_of,
    waitlist_position,
)
from mastery.selectors.specialists import (
    cohort_specialists,
    cohorts_with_counts,
    hub_specialists,
    hub_teacher_by_email,
    specialisms_of,
    specialist_for_page,
    specialists_visible_to,
    work_groups_led_by,
)

__all__ = [
    "BookableLessons",
    "CalendarItem",
    "MyOpenLessons",
    "hub_calendar",
    "hub_serving_school_id",
    "month_bounds",
    "my_open_lessons",
    "open_lesson_bookings",
    "open_lessons_bookable_by",
    "open_lessons_for_calendar",
    "open_lessons_hosted_by",
    "open_lessons_with_counts",
    "specialists_of_hub",
    "teacher_booking_of",
    "waitlist_position",
    "cohort_specialists",
    "cohorts_with_counts",
    "hub_specialists",
    "hub_teacher_by_email",
    "specialisms_of",
    "specialist_for_page",
    "specialists_visible_to",
    "work_groups_led_by",
]
