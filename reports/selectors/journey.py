"""Schools by their Teaching for Mastery stage, and how many moved on a stage in the year (``mastery.journey``)."""

from django.db.models import Count, Exists, F, Max, OuterRef, Q

from mastery.journey import RANK, completed_rank, recorded_rank, stage_completions
from mastery.models import SchoolJourneyOverride
from reports.selectors.scope import ReportFilters, fetch, in_school_scope, open_school_counts, rollup
from schools.models import School

STAGES = tuple(str(stage) for stage in RANK)
STAGE_COUNTS = ("open_schools", "not_started", *STAGES, "moved_on")


def journey_grid(filters: ReportFilters, counts: list[dict] | None = None) -> list[dict]:
    """Open schools in scope by stage at the end of the selected year, per (``hub``, ``region``), and how many
    moved on a stage that year. Three queries (two with ``counts``), none a pass over the register.

    A school's stage is a hub lead's recorded stage, else the furthest stage completed up to that year; it moved on
    when the furthest stage it completed that year is beyond every one before (derived history only). Only schools
    with a completion or a recorded stage can be anywhere but "not started": the open schools (the kept counts)
    less those are not started. The project filter does not apply (a stage is the school's, not a group's).
    ``counts``: the report's ``open_school_counts(filters)`` when it has them already (one query fewer).
    """
    year = filters.academic_year.start_year
    grid: dict = {}

    def cell(hub, region) -> dict:
        if (hub, region) not in grid:
            grid[(hub, region)] = {"hub": hub, "region": region} | dict.fromkeys(STAGE_COUNTS, 0)
        return grid[(hub, region)]

    for row in open_school_counts(filters) if counts is None else counts:
        cell(row["hub"], row["region"])["open_schools"] += row["schools"]
    completions = stage_completions().filter(work_group__academic_year__start_year__lte=year)
    rank = completed_rank()
    # Folded per school first (a narrow grouping of a few years' completions), then joined to the open schools in
    # scope with their hub and recorded stage.
    per_school = (
        completions.values("school_id")
        .annotate(
            through=Max(rank),
            in_year=Max(rank, filter=Q(work_group__academic_year__start_year=year)),
            before=Max(rank, filter=Q(work_group__academic_year__start_year__lt=year)),
        )
        .order_by()
    )
    schools = in_school_scope(School.objects.all(), filters).values(
        school=F("pk"), hub=F("served_hub"), region=F("served_region"), recorded=recorded_rank("journey_override")
    )
    completed_sql, completed_params = per_school.query.sql_with_params()
    schools_sql, schools_params = schools.query.sql_with_params()
    stage = "COALESCE(s.recorded, c.through, 0)"
    for hub, region, moved_on, *stages in fetch(
        f"""
        SELECT s.hub, s.region, SUM(CASE WHEN COALESCE(c.in_year, 0) > COALESCE(c.before, 0) THEN 1 ELSE 0 END),
               {", ".join(f"SUM(CASE WHEN {stage} = {n} THEN 1 ELSE 0 END)" for n in RANK.values())}
        FROM ({completed_sql}) c
        JOIN ({schools_sql}) s ON s.school = c.school_id
        GROUP BY s.hub, s.region
        """,
        [*completed_params, *schools_params],
    ):
        counted = cell(hub, region)
        counted["moved_on"] += moved_on
        for name, n in zip(STAGES, stages, strict=True):
            counted[name] += n
    # A recorded stage of a school with nothing completed by then (the rows above have every other one).
    recorded = (
        in_school_scope(SchoolJourneyOverride.objects.all(), filters, prefix="school__")
        .exclude(Exists(completions.filter(school=OuterRef("school"))))
        .values("stage", hub=F("served_hub"), region=F("served_region"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in recorded:
        if row["stage"] in RANK:  # not "not started"
            cell(row["hub"], row["region"])[str(row["stage"])] += row["n"]
    for counted in grid.values():
        counted["not_started"] = counted["open_schools"] - sum(counted[name] for name in STAGES)
    return list(grid.values())


def journey_stages(filters: ReportFilters, *, by: str | None, grid: list[dict] | None = None) -> list[dict]:
    """Open schools in scope by stage (``journey_grid``), summed ``by`` "hub", "region" or None (one total row).
    ``grid``: the report's journey grid when it has it already (no query then)."""
    if grid is None:
        grid = journey_grid(filters)
    return rollup(grid, by, STAGE_COUNTS)
