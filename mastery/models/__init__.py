"""The Mastery Specialist programme's models, one module per concern."""

from mastery.models.journey import SchoolJourneyOverride
from mastery.models.open_lessons import OpenLesson, OpenLessonBooking
from mastery.models.specialists import MasterySpecialist

__all__ = ["MasterySpecialist", "OpenLesson", "OpenLessonBooking", "SchoolJourneyOverride"]
