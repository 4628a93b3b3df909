"""Reads of the Mastery Specialist programme: cohorts, a hub's specialists, one specialist's progress."""

from mastery.selectors.specialists import (
    cohort_specialists,
    cohorts_with_counts,
    hub_specialists,
    hub_teacher_by_email,
    specialisms_of,
    specialist_for_page,
    work_groups_led_by,
)

__all__ = [
    "cohort_specialists",
    "cohorts_with_counts",
    "hub_specialists",
    "hub_teacher_by_email",
    "specialisms_of",
    "specialist_for_page",
    "work_groups_led_by",
]
