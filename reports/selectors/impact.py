"""Impact: headteachers' answers to the positive-impact question, and participants' evaluations."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from reports.models import ImpactSurveyResponse
from reports.selectors.places import work_group_rows
from reports.selectors.scope import ReportFilters, in_school_scope, rate, rollup
from workgroups.engagement import engaged_participations

EVALUATION_COUNTS = ("evaluations", "overall_total", "impact_total")


def _responses(filters: ReportFilters, *, any_year: bool = False) -> QuerySet[ImpactSurveyResponse]:
    # The responses' own schools, not a pass over every school in scope: a year has a few thousand responses.
    responses = in_school_scope(ImpactSurveyResponse.objects.all(), filters, prefix="school__")
    if not any_year:
        responses = responses.filter(academic_year=filters.academic_year)
    if filters.project is not None:
        responses = responses.filter(
            Exists(engaged_participations().filter(school=OuterRef("school"), work_group__project=filters.project))
        )
    return responses


def headteacher_impact(filters: ReportFilters, *, by: str | None, any_year: bool = False) -> list[dict]:
    """Share of headteachers answering yes to "positive impact", with the number of responses. One query.

    ``by``: "hub" (the school's hub), "year", or ``None`` for the network.
    """
    responses = _responses(filters, any_year=any_year)
    aggregates = {"responses": Count("pk"), "positive": Count("pk", filter=Q(positive_impact=True))}
    if by is None:
        rows = [responses.aggregate(**aggregates)]
    else:
        key = {"hub": F("served_hub"), "year": F("academic_year")}[by]
        rows = list(responses.values(key=key).annotate(**aggregates).order_by("key"))
    for row in rows:
        row["positive_rate"] = rate(row["positive"], row["responses"])
    return rows


def evaluation_scores(
    filters: ReportFilters | None, *, by: str | None, any_year: bool = False, grid: list[dict] | None = None
) -> list[dict]:
    """Participants' end-of-group evaluations: number and average scores (1-5), per hub or year, or overall.

    ``grid``: the Work Group rows (``work_group_rows``, or ``figures_of_work_groups`` for chosen groups, with
    ``by="pk"`` for each group's own) when the caller has them already; each carries its evaluations and their
    score totals, so the averages add up from them. ``filters`` is only read when there is no ``grid``.
    """
    if grid is None:
        grid = work_group_rows(filters, any_year=any_year)
    rows = rollup(grid, by, EVALUATION_COUNTS)
    for row in rows:
        n = row["evaluations"]
        row["average_overall"] = round(row.pop("overall_total") / n, 2) if n else None
        row["average_impact_on_practice"] = round(row.pop("impact_total") / n, 2) if n else None
    return rows
