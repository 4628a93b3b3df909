"""Writes of the Mastery programme, one module per concern; callers write ``from mastery import services``."""

from mastery.services.accreditation import accreditation_move, accreditation_move_check, accreditation_start
from mastery.services.journey import school_stage_record
from mastery.services.open_lessons import (
    open_lesson_book,
    open_lesson_booking_cancel,
    open_lesson_cancel,
    open_lesson_create,
    school_served_by_lessons_hub,
)
from mastery.services.specialists import (
    MasteryRefused,
    cohort_create,
    specialist_milestones_record,
    specialist_nominate,
    specialist_place,
)

__all__ = [
    "accreditation_move",
    "accreditation_move_check",
    "accreditation_start",
    "open_lesson_book",
    "open_lesson_booking_cancel",
    "open_lesson_cancel",
    "open_lesson_create",
    "school_served_by_lessons_hub",
    "school_stage_record",
    "MasteryRefused",
    "cohort_create",
    "specialist_milestones_record",
    "specialist_nominate",
    "specialist_place",
]
