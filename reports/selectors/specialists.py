"""Mastery Specialists in figures: how many, by cohort, programme year, PD Lead accreditation status and hub; and
one specialist's Work Groups.

The counts are the specialists of the cohorts that started up to the selected year (the same selection as the
year's "Mastery Specialists by cohort" table), narrowed by region and hub (the specialist's hub) and by phase (the
cohort's). A specialist's programme year is the one their hub recorded last: the portal keeps no history of it.
Their accreditation status is their PD Lead standing as ``mastery.selectors.pd_lead_status_expression`` gives it
(their best-standing PD Lead accreditation; none counts as not started): one answer, shared with the cohorts page
and the year's table.
"""

from django.db.models import Count, F, QuerySet

from mastery import selectors as mastery_selectors
from mastery.enums import HOLDS_ACCREDITATION, AccreditationStatus, ProgrammeYear
from mastery.models import MasterySpecialist
from reports.selectors.impact import evaluation_scores
from reports.selectors.places import figures_of_work_groups
from reports.selectors.scope import ReportFilters, in_hub_scope, rate, rollup
from workgroups.enums import RUN_STATUSES

# Each programme year's and each accreditation status's count is a column of its own, so one rollup adds up the
# total, the three years and the five statuses.
PROGRAMME_YEAR_COUNTS = {year: f"year_{year}" for year in ProgrammeYear.values}
STATUS_COUNTS = {status: f"pd_lead_{status}" for status in AccreditationStatus.values}
SPECIALIST_COUNTS = ("specialists", *PROGRAMME_YEAR_COUNTS.values(), *STATUS_COUNTS.values())
SPECIALIST_DIMENSIONS = ("hub", "cohort", "programme_year")


def specialists_in_scope(filters: ReportFilters) -> QuerySet[MasterySpecialist]:
    """Specialists of cohorts that started up to the selected year, narrowed by region, hub and cohort phase."""
    specialists = MasterySpecialist.objects.filter(
        cohort__academic_year__start_year__lte=filters.academic_year.start_year
    )
    return in_hub_scope(specialists, filters, phase="cohort__phase")


def specialist_grid(filters: ReportFilters) -> list[dict]:
    """Specialists counted per (hub, cohort, programme year, PD Lead status), in one query; every table adds up
    from it.

    Rows carry ``hub``, ``cohort``, ``programme_year``, ``pd_lead_status``, the cohort's ``start_year`` and
    ``cohort_phase`` (for its name, without another query), ``specialists``, ``year_1`` … ``year_3`` and
    ``pd_lead_<status>`` (the same count in its year's and its status's column, zero in the others).
    """
    rows = list(
        specialists_in_scope(filters)
        .values(
            *SPECIALIST_DIMENSIONS,
            start_year=F("cohort__academic_year__start_year"),
            cohort_phase=F("cohort__phase"),
            pd_lead_status=mastery_selectors.pd_lead_status_expression(),
        )
        .annotate(specialists=Count("pk"))
        .order_by()
    )
    for row in rows:
        for year, column in PROGRAMME_YEAR_COUNTS.items():
            row[column] = row["specialists"] if row["programme_year"] == year else 0
        for status, column in STATUS_COUNTS.items():
            row[column] = row["specialists"] if row["pd_lead_status"] == status else 0
    return rows


def specialist_counts(grid: list[dict], by: str | None) -> list[dict]:
    """``specialist_grid`` added up by ``hub``, ``cohort``, ``programme_year`` or ``pd_lead_status`` (rows with
    ``key``), or to one total row (``by=None``); each with ``accredited_rate``, the share holding PD Lead
    accreditation (accredited, or re-registration due: ``HOLDS_ACCREDITATION``). Cohort rows also carry
    ``start_year`` and ``cohort_phase``, and come oldest first."""
    rows = rollup(grid, by, SPECIALIST_COUNTS)
    for row in rows:
        holding = sum(row[STATUS_COUNTS[status]] for status in HOLDS_ACCREDITATION)
        row["accredited_rate"] = rate(holding, row["specialists"])
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
