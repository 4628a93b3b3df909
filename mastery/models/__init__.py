"""The Mastery Specialist programme's models, one module per concern."""

from mastery.models.accreditation import Accreditation, AccreditationEvent
from mastery.models.cohorts import Cohort
from mastery.models.journey import SchoolJourneyOverride
from mastery.models.open_lessons import OpenLesson, OpenLessonBooking
from mastery.models.specialists import MasterySpecialist

__all__ = [
    "Accreditation",
    "AccreditationEvent",
    "Cohort",
    "MasterySpecialist",
    "OpenLesson",
    "OpenLessonBooking",
    "SchoolJourneyOverride",
]
