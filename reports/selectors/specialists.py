"""Mastery Specialists in figures: how many, by cohort, programme year and hub; and one specialist's Work Groups.

The counts are the specialists of the cohorts that started up to the selected year (the same selection as the
year's "Mastery Specialists by cohort" table), narrowed by region and hub (the specialist's hub) and by phase (the
cohort's). A specialist's programme year is the one their hub recorded last: the portal keeps no history of it.
"""

from django.db.models import Count, F, QuerySet

from mastery import selectors as mastery_selectors
from mastery.enums import ProgrammeYear
from mastery.models import MasterySpecialist
from reports.selectors.impact import evaluation_scores
from reports.selectors.places import figures_of_work_groups
from reports.selectors.scope import ReportFilters, rollup
from workgroups.enums import RUN_STATUSES

# Each programme year's count is a column of its own, so one rollup adds up the total and the three years.
PROGRAMME_YEAR_COUNTS = {year: f"year_{year}" for year in ProgrammeYear.values}
SPECIALIST_COUNTS = ("specialists", *PROGRAMME_YEAR_COUNTS.values())
SPECIALIST_DIMENSIONS = ("hub", "cohort", "programme_year")


def specialists_in_scope(filters: ReportFilters) -> QuerySet[MasterySpecialist]:
    """Specialists of cohorts that started up to the selected year, narrowed by region, hub and cohort phase."""
    specialists = MasterySpecialist.objects.filter(
        cohort__academic_year__start_year__lte=filters.academic_year.start_year
    )
    if filters.hub is not None:
        specialists = specialists.filter(hub=filters.hub)
    if filters.region is not None:
        specialists = specialists.filter(hub__region=filters.region)
    if filters.phase:
        specialists = specialists.filter(cohort__phase=filters.phase)
    return specialists


def specialist_grid(filters: ReportFilters) -> list[dict]:
    """Specialists counted per (hub, cohort, programme year), in one query; every table adds up from it.

    Rows carry ``hub``, ``cohort``, ``programme_year``, the cohort's ``start_year`` and ``cohort_phase`` (for its
    name, without another query), ``specialists`` and ``year_1`` … ``year_3`` (the same count in its year's
    column, zero in the others).
    """
    rows = list(
        specialists_in_scope(filters)
        .values(
            *SPECIALIST_DIMENSIONS, start_year=F("cohort__academic_year__start_year"), cohort_phase=F("cohort__phase")
        )
        .annotate(specialists=Count("pk"))
        .order_by()
    )
    for row in rows:
        for year, column in PROGRAMME_YEAR_COUNTS.items():
            row[column] = row["specialists"] if row["programme_year"] == year else 0
    return rows


def specialist_counts(grid: list[dict], by: str | None) -> list[dict]:
    """``specialist_grid`` added up by ``hub``, ``cohort`` or ``programme_year`` (rows with ``key``), or to one
    total row (``by=None``). Cohort rows also carry ``start_year`` and ``cohort_phase``, and come oldest first."""
    rows = rollup(grid, by, SPECIALIST_COUNTS)
    if by == "cohort":
        cohorts = {row["cohort"]: (row["start_year"], row["cohort_phase"]) for row in grid}
        for row in rows:
            row["start_year"], row["cohort_phase"] = cohorts[row["key"]]
        rows.sort(key=lambda row: (row["start_year"], row["cohort_phase"]))
    return rows


def specialist_work_groups(*, specialist: MasterySpecialist) -> list[dict]:
    """The Work Groups of the specialist's hub that they led (as a Work Group lead) and that ran (not drafts, not
    cancelled), oldest year first, each with the reports' figures: teachers, schools, attendance and completion
    rates (``figures_of_work_groups``) and evaluations with their average scores (``evaluation_scores``). Two
    queries whatever the number of groups."""
    work_groups = mastery_selectors.work_groups_led_by(specialist=specialist).filter(status__in=RUN_STATUSES)
    rows = figures_of_work_groups(work_groups)
    scores = {row["key"]: row for row in evaluation_scores(None, by="pk", grid=rows)}
    for row in rows:
        score = scores[row["pk"]]
        row["average_overall"] = score["average_overall"]
        row["average_impact_on_practice"] = score["average_impact_on_practice"]
    rows.sort(key=lambda row: (row["start_year"], row["code"]))
    return rows
