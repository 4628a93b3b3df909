"""Schools by their Teaching for Mastery stage, and how many moved on a stage in the year (``mastery.journey``)."""

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum

from hubs.models import Hub
from mastery.journey import RANK
from mastery.models import SchoolJourneyOverride
from reports.selectors.scope import (
    ReportFilters,
    counted_year_ids,
    fetch,
    in_hub_scope,
    in_school_scope,
    open_school_counts,
    rollup,
)
from workgroups.models import SchoolYear, SchoolYearCount

STAGES = tuple(str(stage) for stage in RANK)
STAGE_COUNTS = ("open_schools", "not_started", *STAGES, "moved_on")


def journey_grid(
    filters: ReportFilters, counts: list[dict] | None = None, counted: set[int] | None = None
) -> list[dict]:
    """Open schools in scope by stage at the end of the selected year, per (``hub``, ``region``), and how many
    moved on a stage that year. Three or four queries (one fewer each with ``counts`` and ``counted``), none a pass
    over the register.

    A school's stage is a hub lead's recorded stage, else the furthest stage completed up to that year; it moved on
    when the furthest stage it completed that year is beyond every one before (derived history only). Only schools
    with a completion or a recorded stage can be anywhere but "not started": the open schools (the kept counts)
    less those are not started. The project filter does not apply (a stage is the school's, not a group's).

    The derived stages are the kept counts of the school years (``workgroups.models.SchoolYearCount``, a few hundred
    rows) when the year is ``counted`` (``counted_year_ids()``), with the few schools whose stage is recorded moved
    to it; else the kept school years folded school by school. ``counts``: the report's
    ``open_school_counts(filters)`` when it has them already.
    """
    year = filters.academic_year.start_year
    grid: dict = {}

    def cell(hub, region) -> dict:
        if (hub, region) not in grid:
            grid[(hub, region)] = {"hub": hub, "region": region} | dict.fromkeys(STAGE_COUNTS, 0)
        return grid[(hub, region)]

    for row in open_school_counts(filters) if counts is None else counts:
        cell(row["hub"], row["region"])["open_schools"] += row["schools"]
    if filters.academic_year.pk in (counted_year_ids() if counted is None else counted):
        _counted_stages(filters, cell)
    else:
        _folded_stages(filters, cell)
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
    for counted_cell in grid.values():
        counted_cell["not_started"] = counted_cell["open_schools"] - sum(counted_cell[name] for name in STAGES)
    return list(grid.values())


_NAMES = dict(zip(RANK.values(), STAGES, strict=True))  # rank → the stage's column


def _counted_stages(filters: ReportFilters, cell) -> None:
    """The derived stages and the moves on, from the year's kept counts; then each school with a completion by the
    year and a recorded stage moved from its derived stage to the recorded one (two queries)."""
    cells = in_hub_scope(SchoolYearCount.objects.filter(academic_year=filters.academic_year), filters)
    for hub, region, stage, schools, moved_on in (
        cells.values_list("hub", "hub__region", "stage")
        .annotate(schools=Sum("schools"), moved_on=Sum("moved_on"))
        .order_by()
    ):
        counted = cell(hub, region)
        counted["moved_on"] += moved_on
        if stage in _NAMES:
            counted[_NAMES[stage]] += schools
    recorded = (
        _completed_by(filters)
        .filter(school__journey_override__isnull=False)
        .values("school_id", "hub", region=F("hub__region"), recorded=F("school__journey_override__stage"))
        .annotate(through=Max("completed_rank"))
        .order_by()
    )
    for row in recorded:
        counted = cell(row["hub"], row["region"])
        counted[_NAMES[row["through"]]] -= 1
        if row["recorded"] in RANK:  # not "not started"
            counted[str(row["recorded"])] += 1


def _completed_by(filters: ReportFilters):
    """The kept school years in scope with a stage completed up to the selected year."""
    return in_hub_scope(
        SchoolYear.objects.filter(
            completed_rank__gt=0, academic_year__start_year__lte=filters.academic_year.start_year, hub__isnull=False
        ),
        filters,
    )


def _folded_stages(filters: ReportFilters, cell) -> None:
    """The stages and the moves on from the kept school years of the schools in scope with a stage completed up to
    the year, folded per school (a few years' rows, each already carrying its serving hub), each school's recorded
    stage joined (one query)."""
    year = filters.academic_year.start_year
    per_school = (
        _completed_by(filters)
        .values("school_id", "hub")
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
        if rank in _NAMES:
            counted[_NAMES[rank]] += schools


def journey_stages(filters: ReportFilters, *, by: str | None, grid: list[dict] | None = None) -> list[dict]:
    """Open schools in scope by stage (``journey_grid``), summed ``by`` "hub", "region" or None (one total row).
    ``grid``: the report's journey grid when it has it already (no query then)."""
    if grid is None:
        grid = journey_grid(filters)
    return rollup(grid, by, STAGE_COUNTS)
