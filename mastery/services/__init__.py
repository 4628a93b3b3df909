"""Writes of the Mastery Specialist programme, each audited: cohorts and specialists (``specialists``)."""

from mastery.services.specialists import (
    MasteryRefused,
    cohort_create,
    specialist_milestones_record,
    specialist_nominate,
    specialist_place,
)

__all__ = [
    "MasteryRefused",
    "cohort_create",
    "specialist_milestones_record",
    "specialist_nominate",
    "specialist_place",
]
