from enum import StrEnum

from django.db import models

from schools.enums import Phase


class AccreditationKind(models.TextChoices):
    """NCETM accreditations a specialist works towards: PD Lead (by phase) and School Development Lead."""

    PD_LEAD = "pd_lead", "PD Lead"
    SCHOOL_DEVELOPMENT_LEAD = "school_development_lead", "School Development Lead"


class AccreditationPhase(models.TextChoices):
    """The phases of PD Lead accreditation (the NCETM's, not the schools' phases). School Development Lead has none."""

    EARLY_YEARS = "early_years", "Early Years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    CORE_MATHS_LEVEL_3 = "core_maths_level_3", "Core Maths & Level 3"


class AccreditationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACCREDITED = "accredited", "Accredited"
    REREGISTRATION_DUE = "reregistration_due", "Re-registration due"
    LAPSED = "lapsed", "Lapsed"


_AS = AccreditationStatus
# The moves NCETM staff may record, from each status (``mastery.services.accreditation_move`` refuses any other).
ACCREDITATION_MOVES: dict[str, tuple[str, ...]] = {
    _AS.NOT_STARTED: (_AS.IN_PROGRESS,),
    _AS.IN_PROGRESS: (_AS.ACCREDITED, _AS.NOT_STARTED),
    _AS.ACCREDITED: (_AS.REREGISTRATION_DUE,),
    _AS.REREGISTRATION_DUE: (_AS.ACCREDITED, _AS.LAPSED),
    _AS.LAPSED: (_AS.IN_PROGRESS,),
}
# Holding the accreditation: accredited, and accredited with re-registration due (it is valid until it lapses).
HOLDS_ACCREDITATION = (_AS.ACCREDITED, _AS.REREGISTRATION_DUE)
# Statuses that only an accreditation that was once granted can have: they carry the date it was (last) granted.
ONCE_ACCREDITED_STATUSES = (_AS.ACCREDITED, _AS.REREGISTRATION_DUE, _AS.LAPSED)
# An accreditation is granted for this many years; re-registration is due then.
REREGISTRATION_YEARS = 3
# Which of a specialist's PD Lead accreditations stands for them when there are several (phases): the best standing.
PD_LEAD_STANDING = {
    _AS.ACCREDITED: 5,
    _AS.REREGISTRATION_DUE: 4,
    _AS.IN_PROGRESS: 3,
    _AS.LAPSED: 2,
    _AS.NOT_STARTED: 1,
}


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
# The PD Lead accreditation a cohort's specialists work towards (a post-16 cohort: Core Maths & Level 3).
COHORT_PD_LEAD_PHASE = {
    Phase.PRIMARY: AccreditationPhase.PRIMARY,
    Phase.SECONDARY: AccreditationPhase.SECONDARY,
    Phase.SIXTEEN_PLUS: AccreditationPhase.CORE_MATHS_LEVEL_3,
}


class LaunchAttendee(models.TextChoices):
    """Who from the specialist's school came to the launch of their training year."""

    HEADTEACHER = "headteacher", "Headteacher"
    SENIOR_LEADER = "senior_leader", "Another senior leader"
