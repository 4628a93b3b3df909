from enum import StrEnum

from django.db import models

from schools.enums import Phase


class AccreditationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACCREDITED = "accredited", "Accredited"


class ProgrammeYear(models.IntegerChoices):
    TRAINING = 1, "Year 1 (training)"
    LEADING = 2, "Year 2 (leading a Work Group)"
    SUSTAINING = 3, "Year 3 (sustaining)"


class OpenLessonStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITLISTED = "waitlisted", "Waitlisted"
    CANCELLED = "cancelled", "Cancelled by the teacher"
    LESSON_CANCELLED = "lesson_cancelled", "Open lesson cancelled"


# A teacher's live bookings of an open lesson: at most one at a time (a database constraint). The others are history.
ACTIVE_BOOKING_STATUSES = (BookingStatus.BOOKED, BookingStatus.WAITLISTED)
# Bookings whose open lesson is in the teacher's calendar feed: a place held, and a lesson cancelled under them (its
# event stays, marked CANCELLED, so subscribed calendars drop it).
CALENDAR_BOOKING_STATUSES = (BookingStatus.BOOKED, BookingStatus.LESSON_CANCELLED)


class MailKind(StrEnum):
    """The kinds of e-mail the Mastery programme sends (declared in ``mastery.mail_kinds``).

    The values are stored on outbox rows and in unsubscribe links: never change one.
    """

    OPEN_LESSON_BOOKED = "open_lesson_booked"
    OPEN_LESSON_WAITLISTED = "open_lesson_waitlisted"
    OPEN_LESSON_PLACE_FREED = "open_lesson_place_freed"
    OPEN_LESSON_REMINDER = "open_lesson_reminder"
    OPEN_LESSON_CANCELLED = "open_lesson_cancelled"
# A cohort of specialists starts each year in one of these phases (the programme's own: primary, secondary, post-16).
COHORT_PHASES = (Phase.PRIMARY, Phase.SECONDARY, Phase.SIXTEEN_PLUS)
COHORT_PHASE_CHOICES = [
    (phase.value, "Post-16" if phase == Phase.SIXTEEN_PLUS else phase.label) for phase in COHORT_PHASES
]


class LaunchAttendee(models.TextChoices):
    """Who from the specialist's school came to the launch of their training year."""

    HEADTEACHER = "headteacher", "Headteacher"
    SENIOR_LEADER = "senior_leader", "Another senior leader"
