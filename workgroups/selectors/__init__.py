"""Reads of Work Groups, each scoped to what the person may see and in a fixed number of queries.

One module per concern; this package names the public selectors in one place, so callers write
``from workgroups import selectors`` and ``selectors.my_cpd(...)``.
"""

from workgroups.selectors.attendance_grid import AttendanceGrid, GridRow, GridSession, workgroup_attendance_grid
from workgroups.selectors.distance import workgroups_open_near_school, workgroups_with_distance
from workgroups.selectors.find import (
    FindFilters,
    FindResults,
    teacher_school_for_find,
    workgroups_find,
    workgroups_open_search,
)
from workgroups.selectors.half_terms import annotate_half_terms, half_term_of, half_terms_for, session_half_term
from workgroups.selectors.lifecycle import (
    CancellationImpact,
    CompletionCheck,
    CompletionStanding,
    MissingRegister,
    workgroup_cancellation_impact,
    workgroup_completion_check,
    workgroup_completion_standing,
)
from workgroups.selectors.lists import (
    RecordedHeadteacher,
    projects_list,
    projects_open_for_work_groups,
    school_recorded_headteacher,
    schools_registered_count,
    session_change_recipients,
    teacher_registration_in,
    workgroup_registrations,
    workgroups_led_by,
    workgroups_of_hub,
    workgroups_with_place_counts,
)
from workgroups.selectors.participants import CpdEntry, MyCpd, certificate_sessions, my_cpd, sessions_for_calendar
from workgroups.selectors.registers import (
    ABSENCES_IN_A_ROW_ALERT,
    AbsenceRun,
    RegisterRow,
    absence_runs_through,
    register_changes,
    register_rows,
)
from workgroups.selectors.tasks import HubTasks, Task, TaskItem, hub_tasks, lead_tasks, teacher_tasks
from workgroups.selectors.visibility import (
    attendance_visible_to,
    registrations_visible_to,
    sessions_visible_to,
    workgroups_visible_to,
)

__all__ = [
    "AttendanceGrid",
    "GridRow",
    "GridSession",
    "workgroup_attendance_grid",
    "FindFilters",
    "FindResults",
    "teacher_school_for_find",
    "workgroups_find",
    "workgroups_open_near_school",
    "workgroups_with_distance",
    "ABSENCES_IN_A_ROW_ALERT",
    "AbsenceRun",
    "absence_runs_through",
    "CancellationImpact",
    "CompletionCheck",
    "CompletionStanding",
    "MissingRegister",
    "workgroup_cancellation_impact",
    "workgroup_completion_check",
    "workgroup_completion_standing",
    "CpdEntry",
    "HubTasks",
    "Task",
    "TaskItem",
    "hub_tasks",
    "lead_tasks",
    "teacher_tasks",
    "MyCpd",
    "RecordedHeadteacher",
    "RegisterRow",
    "annotate_half_terms",
    "attendance_visible_to",
    "certificate_sessions",
    "half_term_of",
    "half_terms_for",
    "my_cpd",
    "projects_list",
    "projects_open_for_work_groups",
    "register_changes",
    "register_rows",
    "registrations_visible_to",
    "school_recorded_headteacher",
    "schools_registered_count",
    "session_change_recipients",
    "session_half_term",
    "teacher_registration_in",
    "sessions_for_calendar",
    "sessions_visible_to",
    "workgroup_registrations",
    "workgroups_led_by",
    "workgroups_of_hub",
    "workgroups_open_search",
    "workgroups_visible_to",
    "workgroups_with_place_counts",
]
