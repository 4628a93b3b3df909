"""Engagement: schools participating (and completing) ÷ open schools, by hub, region, phase and year.

Participation is read from the kept figures (``workgroups.engagement.engaged_participations``: a row per school
and Work Group), a year's few thousand rows, instead of the year's registrations.
"""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, IntegerField, Max, Q, Sum, Value
from django.db.models.functions import Cast

from reports.selectors.scope import (
    ReportFilters,
    counted_year_ids,
    disadvantaged_threshold,
    fetch,
    in_hub_scope,
    in_school_scope,
    open_school_counts,
    rate,
    rollup,
    schools_in_scope,
)
from workgroups.engagement import engaged_participations
from workgroups.models import AcademicYear, SchoolYear, SchoolYearCount

ENGAGEMENT_COUNTS = (
    "open_schools",
    "participating_schools",
    "completed_schools",
    "disadvantaged_schools",
    "disadvantaged_participating",
)


def _participations(filters: ReportFilters, *, any_year: bool = False):
    """Schools' participations in Work Groups that ran in the year (any year), narrowed to the project filter.
    The hub, region and phase filters narrow the schools, not the Work Groups: a school engaged by another hub's
    group counts for its own hub."""
    rows = engaged_participations(academic_year=None if any_year else filters.academic_year)
    if filters.project is not None:
        rows = rows.filter(work_group__project=filters.project)
    return rows


def _schools_taking_part_in_scope(filters: ReportFilters, threshold: float | None, *, any_year: bool = False):
    """One row per open school in scope (and year, for ``any_year``) taking part: ``school_id``, ``hub``,
    ``region``, ``school_phase``, ``disadvantaged`` (above the threshold), [``year``,] ``completed`` (1 or 0)."""
    if threshold is None:  # with no FSM figures at all there are no "most disadvantaged" schools
        disadvantaged = Value(False)
    else:
        disadvantaged = ExpressionWrapper(Q(school__percentage_fsm__gt=threshold), output_field=BooleanField())
    keys = {"year": F("work_group__academic_year")} if any_year else {}
    return (
        in_school_scope(_participations(filters, any_year=any_year), filters, prefix="school__")
        .values(
            "school_id",
            hub=F("served_hub"),
            region=F("served_region"),
            school_phase=F("school__phase"),
            disadvantaged=disadvantaged,
            **keys,
        )
        .annotate(completed=Max(Cast("completed", IntegerField())))
        .order_by()
    )


def _taking_part_counts(filters: ReportFilters, threshold: float | None, counted: set[int]) -> list[tuple]:
    """(hub, region, phase, most disadvantaged, participating, completed) schools of the year in scope. One query.

    Without a project filter, the kept counts of the school years (``workgroups.models.SchoolYearCount``, a few
    hundred rows a year) when the year is ``counted``, else the kept school years themselves (a row per school
    engaged in the year, with its serving hub, phase and "most disadvantaged" as the register and the kept
    threshold say). With one, the year's participations in that project's Work Groups, each school folded into one
    row and joined to the register (with ``threshold``).
    """
    if filters.project is None:
        cells = ("hub", "hub__region", "phase", "disadvantaged")
        if filters.academic_year.pk in counted:
            return _from_counts(SchoolYearCount.objects.filter(academic_year=filters.academic_year), filters, cells)
        return _from_school_years(SchoolYear.objects.filter(academic_year=filters.academic_year), filters, cells)
    taking_part_sql, params = _schools_taking_part_in_scope(filters, threshold).query.sql_with_params()
    return fetch(
        f"""
        SELECT p.hub, p.region, p.school_phase, p.disadvantaged, COUNT(*), COALESCE(SUM(p.completed), 0)
        FROM ({taking_part_sql}) p
        GROUP BY p.hub, p.region, p.school_phase, p.disadvantaged
        """,
        params,
    )


def _from_counts(counts, filters: ReportFilters, keys: tuple[str, ...]) -> list[tuple]:
    """(*keys, participating, completed) schools, from these kept counts of school years in scope."""
    return list(
        in_hub_scope(counts, filters)
        .values_list(*keys)
        .annotate(participating=Sum("participating"), completed=Sum("completed"))
        .filter(participating__gt=0)
        .order_by()
    )


def _from_school_years(years, filters: ReportFilters, keys: tuple[str, ...]) -> list[tuple]:
    """(*keys, participating, completed) schools, from these kept school years in scope (a row a school engaged
    in a year, served by a hub while open)."""
    return list(
        in_hub_scope(years.filter(hub__isnull=False), filters)
        .values_list(*keys)
        .annotate(participating=Count("pk"), completed=Count("pk", filter=Q(completed=True)))
        .order_by()
    )


def engagement_grid(
    filters: ReportFilters,
    threshold: float | None,
    counts: list[dict] | None = None,
    counted: set[int] | None = None,
) -> list[dict]:
    """Open, participating, completed and most disadvantaged schools per (hub, region, phase). Two queries.

    The open schools are the kept counts (``open_school_counts``); the participating and completed ones are the
    kept school years (``_taking_part_counts``; with a project filter, a pass over the year's participations in
    that project, not over the register). ``threshold``: ``disadvantaged_threshold()``, the one the kept counts and
    school years were made with; ``counts``: the report's ``open_school_counts(filters)`` when it has them already,
    ``counted``: its ``counted_year_ids()`` (one query fewer each).
    """
    grid: dict = {}

    def cell(hub, region, phase) -> dict:
        found = grid.get((hub, region, phase))
        if found is None:
            found = grid[(hub, region, phase)] = {"hub": hub, "region": region, "school_phase": phase} | dict.fromkeys(
                ENGAGEMENT_COUNTS, 0
            )
        return found

    for row in open_school_counts(filters) if counts is None else counts:
        totals = cell(row["hub"], row["region"], row["school_phase"])
        totals["open_schools"] += row["schools"]
        if row["disadvantaged"]:
            totals["disadvantaged_schools"] += row["schools"]
    rows = _taking_part_counts(filters, threshold, counted_year_ids() if counted is None else counted)
    for hub, region, phase, is_disadvantaged, participating, completed in rows:
        totals = cell(hub, region, phase)
        totals["participating_schools"] += participating
        totals["completed_schools"] += completed
        if is_disadvantaged:
            totals["disadvantaged_participating"] += participating
    return list(grid.values())


def engagement_rates(grid: list[dict], by: str | None) -> list[dict]:
    """``grid`` summed per hub, region or phase (``by``), or for the network (``None``), with its rates."""
    rows = rollup(grid, {"phase": "school_phase"}.get(by, by), ENGAGEMENT_COUNTS)
    for row in rows:
        row["participating_rate"] = rate(row["participating_schools"], row["open_schools"])
        row["completed_rate"] = rate(row["completed_schools"], row["open_schools"])
        row["disadvantaged_rate"] = rate(row["disadvantaged_participating"], row["disadvantaged_schools"])
    return rows


def engagement(filters: ReportFilters, *, by: str | None, threshold: float | None = None) -> list[dict]:
    """Schools participating (and completing) ÷ open schools, per hub, region or phase, or for the network (``by=None``).

    Two queries (plus two for the disadvantaged threshold when not given). Rows carry ``key`` (hub id, region id or
    phase) except the network row.
    """
    if threshold is None:
        threshold = disadvantaged_threshold()
    return engagement_rates(engagement_grid(filters, threshold), by)


def engagement_by_year(filters: ReportFilters) -> list[dict]:
    """Participating and completed schools per academic year held, over today's open schools in scope.

    Four queries without a project filter (the counts kept of the years counted, the school years of any other;
    see ``_taking_part_counts``), two with one (that project's participations). The denominator is today's register
    (the kept counts): GIAS gives no history of openings and closures.
    """
    open_schools = sum(row["schools"] for row in open_school_counts(filters))
    if filters.project is None:
        # The kept counts of the years counted (a few hundred rows each), and the kept school years of any other
        # (one row per school engaged in a year, with its serving hub and phase as today's register says): at
        # network scale a grouping of some 5,000 rows instead of 70,000.
        counted = counted_year_ids()
        rows = _from_counts(SchoolYearCount.objects.filter(academic_year__in=counted), filters, ("academic_year",))
        uncounted = set(AcademicYear.objects.values_list("pk", flat=True)) - counted
        if uncounted:
            years = SchoolYear.objects.filter(academic_year__in=uncounted)
            rows += _from_school_years(years, filters, ("academic_year",))
        rows.sort()
        return [_year_row(year, participating, completed, open_schools) for year, participating, completed in rows]
    # With a project filter: each participation checked against the open schools in scope (a hash of their ids, made once) and the distinct
    # schools counted per year. Measured at scale 1.0 against folding the participations per school and year first
    # and joining those to the schools in scope: 1.2× faster for the network, 1.7× for a phase, 3× for one hub.
    rows = (
        _participations(filters, any_year=True)
        .filter(school__in=schools_in_scope(filters).values("pk").order_by())
        .values_list("work_group__academic_year")
        .annotate(
            participating=Count("school", distinct=True),
            completed=Count("school", distinct=True, filter=Q(completed=True)),
        )
        .order_by("work_group__academic_year")
    )
    return [_year_row(year, participating, completed, open_schools) for year, participating, completed in rows]


def _year_row(year: int, participating: int, completed: int, open_schools: int) -> dict:
    return {
        "key": year,
        "participating_schools": participating,
        "completed_schools": completed,
        "open_schools": open_schools,
        "participating_rate": rate(participating, open_schools),
        "completed_rate": rate(completed, open_schools),
    }
