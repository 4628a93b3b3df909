"""The year at a glance: the headline figures a report page opens with, each linking to the section it comes from.

They are read from the tables the page already has (the selection's total row, or the hub's own row on a hub's
report), so they cost no query and always agree with the tables below them.
"""

from dataclasses import dataclass

from reports.tables import Table


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    detail: str
    section: str


def _engagement(table: Table, row: dict) -> list[Headline]:
    of_open = f"of {table.cell(row, 'open_schools')} open schools"
    return [
        Headline(
            "Schools participating",
            table.cell(row, "participating_rate"),
            f"{table.cell(row, 'participating_schools')} {of_open}",
            table.key,
        ),
        Headline(
            "Schools completing a project",
            table.cell(row, "completed_rate"),
            f"{table.cell(row, 'completed_schools')} {of_open} (the DfE's count)",
            table.key,
        ),
    ]


def _participation(table: Table, row: dict) -> list[Headline]:
    return [
        Headline("Work Groups run", table.cell(row, "work_groups"), "published, not cancelled", table.key),
        Headline("Teachers", table.cell(row, "teachers"), "approved or completed", table.key),
        Headline("Schools", table.cell(row, "schools"), "with a teacher taking part", table.key),
        Headline("Attendance", table.cell(row, "attendance_rate"), "present or late at sessions held", table.key),
        Headline("Completion", table.cell(row, "completion_rate"), "in Work Groups that have finished", table.key),
    ]


def _impact(table: Table, row: dict) -> list[Headline]:
    answers = row.get("responses") or 0
    return [
        Headline(
            "Positive impact",
            table.cell(row, "positive_rate"),
            f"{table.cell(row, 'responses')} headteacher{'' if answers == 1 else 's'} answered",
            table.key,
        )
    ]


SOURCES = {"engagement_by_hub": _engagement, "participation_by_hub": _participation, "impact_by_hub": _impact}


def headlines(tables: list[Table]) -> list[Headline]:
    """Engagement (participating, completed), Work Groups, teachers, schools, attendance, completion and positive
    impact, for the selection (or the hub), in that order; none when the page has no such tables (the trend)."""
    found = []
    for table in tables:
        build = SOURCES.get(table.key)
        row = table.summary_row() if build else None
        if row is not None:
            found.extend(build(table, row))
    return found
