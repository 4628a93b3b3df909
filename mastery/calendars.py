"""Open lessons in people's calendar feeds (``workgroups.calendars.calendar_feed_source``, registered by
``MasteryConfig.ready``)."""

from django.conf import settings
from django.urls import reverse
from icalendar import Event

from mastery.enums import OpenLessonStatus
from mastery.selectors import open_lessons_for_calendar


def open_lesson_uid(lesson) -> str:
    # Stable for the life of the lesson, so a cancellation replaces the event instead of adding one.
    return f"open-lesson-{lesson.pk}@mathshubs-portal"


def open_lesson_event(lesson) -> Event:
    """The lesson as an iCalendar event; the caller loads its school, host and hub."""
    event = Event()
    event.add("uid", open_lesson_uid(lesson))
    event.add("dtstamp", lesson.updated_at)
    event.add("last-modified", lesson.updated_at)
    event.add("dtstart", lesson.starts_at)
    event.add("dtend", lesson.ends_at)
    event.add("sequence", lesson.sequence)
    event.add("summary", f"Open lesson: {lesson.focus} ({lesson.class_or_year_group})")
    school = lesson.school
    event.add("location", ", ".join(part for part in (school.name, school.postcode) if part))
    description = [
        f"Hosted by {lesson.specialist.user.full_name}, Mastery Specialist, {lesson.specialist.hub.name} Maths Hub."
    ]
    if lesson.details:
        description.append(lesson.details)
    event.add("description", "\n\n".join(description))
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("mastery:open_lesson", args=[lesson.pk]))
    event.add("status", "CANCELLED" if lesson.status == OpenLessonStatus.CANCELLED else "CONFIRMED")
    return event


def open_lesson_feed_events(user) -> list[Event]:
    """The feed source: the open lessons the person has a place at or hosts."""
    return [open_lesson_event(lesson) for lesson in open_lessons_for_calendar(user=user)]
