"""Schools by their Teaching for Mastery stage, and how many moved on a stage in the year (``mastery.journey``)."""

from django.db.models import Count, Exists, F, Max, OuterRef, Q

from hubs.models import Hub
from mastery.journey import RANK
from mastery.models import SchoolJourneyOverride
from reports.selectors.scope import (
    ReportFilters,
    fetch,
    in_hub_scope,
    in_school_scope,
    open_school_counts,
    rollup,
)
from workgroups.models import SchoolYear

STAGES = tuple(str(stage) for stage in RANK)
STAGE_COUNTS = ("open_schools", "not_started", *STAGES, "moved_on")


def journey_grid(filters: ReportFilters, counts: list[dict] | None = None) -> list[dict]:
    """Open schools in scope by stage at the end of the selected year, per (``hub``, ``region``), and how many
    moved on a stage that year. Three queries (two with ``counts``), none a pass over the register: the stages are
    read from the kept school years (``workgroups.models.SchoolYear``), the recorded stages live.

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
    # The kept school years with a stage completed up to the year (``workgroups.models.SchoolYear``), folded per
    # school: a few years' rows of the schools in scope, each already carrying its serving hub.
    years = in_hub_scope(
        SchoolYear.objects.filter(completed_rank__gt=0, academic_year__start_year__lte=year, hub__isnull=False),
        filters,
    )
    per_school = (
        years.values("school_id", "hub")
        .annotate(
            through=Max("completed_rank"),
            in_year=Max("completed_rank", filter=Q(academic_year__start_year=year)),
            before=Max("completed_rank", filter=Q(academic_year__start_year__lt=year)),
        )
        .order_by()
    )
    per_school_sql, per_school_params = per_school.query.sql_with_params()
    # The recorded stage (``mastery.journey.recorded_rank``: 0 for "not started"), joined to the few schools folded.
    recorded_sql = "CASE " + " ".join("WHEN o.stage = %s THEN %s" for _ in RANK) + " ELSE 0 END"
    recorded_params = [value for stage, n in RANK.items() for value in (str(stage), n)]
    # Grouped by stage too, and the stages spread into columns here: a sum per stage repeated the stage's
    # expression once per stage for every school.
    names = dict(zip(RANK.values(), STAGES, strict=True))
    for hub, region, rank, schools, moved_on in fetch(
        f"""
        SELECT c.hub, h.region_id, CASE WHEN o.id IS NULL THEN COALESCE(c.through, 0) ELSE {recorded_sql} END,
               COUNT(*), SUM(CASE WHEN COALESCE(c.in_year, 0) > COALESCE(c.before, 0) THEN 1 ELSE 0 END)
        FROM ({per_school_sql}) c
        JOIN {Hub._meta.db_table} h ON h.id = c.hub
        LEFT JOIN {SchoolJourneyOverride._meta.db_table} o ON o.school_id = c.school_id
        GROUP BY 1, 2, 3
        """,
        [*recorded_params, *per_school_params],
    ):
        counted = cell(hub, region)
        counted["moved_on"] += moved_on
        if rank in names:
            counted[names[rank]] += schools
    # A recorded stage of a school with nothing completed by then (the rows above have every other one).
    recorded = (
        in_school_scope(SchoolJourneyOverride.objects.all(), filters, prefix="school__")
        .exclude(
            Exists(
                SchoolYear.objects.filter(
                    school=OuterRef("school"), completed_rank__gt=0, academic_year__start_year__lte=year
                )
            )
        )
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
