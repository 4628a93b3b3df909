"""The tables of participation: Work Groups run, their teachers and schools, attendance and completion."""

from reports import definitions, selectors
from reports.tables.figures import NETWORK, ReportFigures
from reports.tables.table import PERCENT, TEXT, Column, Table
from workgroups.enums import WorkGroupStatus

PARTICIPATION_COLUMNS = [
    Column("work_groups", "Work Groups run"),
    Column("teachers", "Teachers"),
    Column("schools", "Schools"),
    Column("attendance_rate", "Attendance (%)", PERCENT),
    Column("completion_rate", "Completion (%)", PERCENT),
]
EMPTY_PARTICIPATION = {"work_groups": 0, "teachers": 0, "schools": 0, "attendance_rate": None, "completion_rate": None}


def participation_by_hub(report: ReportFigures) -> Table:
    rows, left_out = report.by_hub(report.participation, EMPTY_PARTICIPATION)
    return Table(
        key="participation_by_hub",
        title="Participation by hub",
        definition=definitions.PARTICIPATION,
        columns=[Column("name", "Hub", TEXT), *PARTICIPATION_COLUMNS],
        rows=rows,
        hubs_left_out=left_out,
        per_hub=report.scope == NETWORK,
        chart_series=["teachers", "schools"],
    )


def participation_by_project(report: ReportFigures) -> Table:
    rows = report.participation(report.filters, "project")
    names = report.project_names(row["key"] for row in rows)
    return Table(
        key="participation_by_project",
        title="Participation by national project",
        definition=definitions.PARTICIPATION,
        columns=[Column("name", "National project", TEXT), *PARTICIPATION_COLUMNS],
        rows=[{"name": names.get(row["key"], "–"), **row} for row in rows],
        chart_series=["teachers", "schools"],
    )


def participation_by_phase(report: ReportFigures) -> Table:
    rows = report.participation(report.filters, "phase")
    return Table(
        key="participation_by_phase",
        title="Participation by phase of Work Group",
        definition=definitions.PARTICIPATION,
        columns=[Column("name", "Phase", TEXT), *PARTICIPATION_COLUMNS],
        rows=[{"name": selectors.phase_label(row["key"]), **row} for row in rows],
        chart_series=["attendance_rate", "completion_rate"],
    )


def work_groups_of_hub(report: ReportFigures) -> Table:
    rows = selectors.work_group_figures(report.filters)
    return Table(
        key="work_groups",
        title="Work Groups of the hub",
        definition=definitions.PARTICIPATION,
        columns=[
            Column("name", "Work Group", TEXT),
            Column("project_code", "National project", TEXT),
            Column("status_label", "Status", TEXT),
            Column("teachers", "Teachers"),
            Column("schools", "Schools"),
            Column("attendance_rate", "Attendance (%)", PERCENT),
            Column("completion_rate", "Completion (%)", PERCENT),
        ],
        rows=[
            {"name": f"{row['code']} {row['title']}", "status_label": WorkGroupStatus(row["status"]).label, **row}
            for row in rows
        ],
        chart_series=["attendance_rate", "completion_rate"],
    )
