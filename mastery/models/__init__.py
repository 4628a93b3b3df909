"""The Mastery Specialist programme's models, one module per concern."""

from mastery.models.cohorts import Cohort
from mastery.models.specialists import MasterySpecialist

__all__ = ["Cohort", "MasterySpecialist"]
