"""Schools by their Teaching for Mastery stage, and how many moved on a stage in the year (``mastery.journey``)."""

from django.db.models import Count, F, IntegerField, Q, Value
from django.db.models.functions import Coalesce

from mastery.journey import RANK, derived_rank_subquery, journey_rank_expression
from reports.selectors.scope import ReportFilters, schools_in_scope

STAGE_COUNTS = ("not_started", *(str(stage) for stage in RANK), "moved_on")


def journey_stages(filters: ReportFilters, *, by: str | None) -> list[dict]:
    """Open schools in scope by stage at the end of the selected year (a hub lead's recorded stage, else the
    furthest stage completed up to that year), and how many moved on a stage that year. One query; ``by``: "hub",
    "region" or None (one total row). The project filter does not apply (a stage is the school's, not a group's).
    """
    year = filters.academic_year.start_year
    schools = schools_in_scope(filters).annotate(
        journey_rank=journey_rank_expression(through_year=year),
        rank_in_year=Coalesce(derived_rank_subquery(in_year=year), Value(0), output_field=IntegerField()),
        rank_before=Coalesce(derived_rank_subquery(before_year=year), Value(0), output_field=IntegerField()),
    )
    key = {"hub": F("served_hub"), "region": F("served_region"), None: Value(0)}[by]
    rows = list(
        schools.values(key=key)
        .annotate(
            open_schools=Count("pk"),
            not_started=Count("pk", filter=Q(journey_rank=0)),
            **{str(stage): Count("pk", filter=Q(journey_rank=rank)) for stage, rank in RANK.items()},
            moved_on=Count("pk", filter=Q(rank_in_year__gt=F("rank_before"))),
        )
        .order_by("key")
    )
    if by is None:
        total = rows[0] if rows else {"open_schools": 0, **{name: 0 for name in STAGE_COUNTS}}
        total.pop("key", None)
        return [total]
    return rows
