from workgroups.models.calendar import AcademicYear, HalfTerm
from workgroups.models.feeds import CalendarFeed
from workgroups.models.figures import (
    SchoolParticipation,
    SchoolYear,
    SchoolYearCount,
    SchoolYearCounted,
    SessionRegister,
    WorkGroupFigures,
    YearParticipation,
)
from workgroups.models.projects import NationalProject
from workgroups.models.registrations import Attendance, AttendanceChange, Evaluation, Registration, TaskResponse
from workgroups.models.reminder_settings import HubReminderSettings
from workgroups.models.workgroups import Session, WorkGroup

__all__ = [
    "AcademicYear",
    "Attendance",
    "AttendanceChange",
    "CalendarFeed",
    "Evaluation",
    "HalfTerm",
    "HubReminderSettings",
    "NationalProject",
    "Registration",
    "SchoolParticipation",
    "SchoolYear",
    "SchoolYearCount",
    "SchoolYearCounted",
    "Session",
    "SessionRegister",
    "TaskResponse",
    "WorkGroup",
    "WorkGroupFigures",
    "YearParticipation",
]
