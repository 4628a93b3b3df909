"""Engagement: schools participating (and completing) ÷ open schools, by hub, region, phase and year.

Participation is read from the kept figures (``workgroups.engagement.engaged_participations``: a row per school
and Work Group), a year's few thousand rows, instead of the year's registrations.
"""

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, IntegerField, Max, Q, Value
from django.db.models.functions import Cast

from reports.selectors.scope import ReportFilters, disadvantaged_threshold, rate, rollup, schools_in_scope
from workgroups.engagement import engaged_participations

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


def _schools_taking_part(filters: ReportFilters, *, any_year: bool = False):
    """One row per school (and year, for ``any_year``) taking part: ``school_id``, [``year``,] ``completed`` (1 or 0)."""
    keys = {"year": F("work_group__academic_year")} if any_year else {}
    return (
        _participations(filters, any_year=any_year)
        .values("school_id", **keys)
        .annotate(completed=Max(Cast("completed", IntegerField())))
        .order_by()
    )


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def engagement_grid(filters: ReportFilters, threshold: float | None) -> list[dict]:
    """Open, participating, completed and most disadvantaged schools per (hub, region, phase). One query.

    One pass over the open schools in scope, each joined once to its row among the schools taking part that year
    (a school's participations folded into one row first). Both halves are the ORM's own queries (the served hub's
    rule, ``workgroups.engagement``'s definition), put side by side in SQL: a join the ORM cannot write, twice as
    fast as probing two sets of schools per school.
    """
    # Above the threshold: with no FSM figures at all there are no "most disadvantaged" schools.
    if threshold is None:
        disadvantaged = Value(False)
    else:
        disadvantaged = ExpressionWrapper(Q(percentage_fsm__gt=threshold), output_field=BooleanField())
    schools = schools_in_scope(filters).values(
        school=F("pk"),
        hub=F("served_hub"), region=F("served_region"), school_phase=F("phase"), disadvantaged=disadvantaged
    )
    schools_sql, schools_params = schools.query.sql_with_params()
    taking_part_sql, taking_part_params = _schools_taking_part(filters).query.sql_with_params()
    rows = _fetch(
        f"""
        SELECT s.hub, s.region, s.school_phase, s.disadvantaged,
               COUNT(*), COUNT(p.school_id), COALESCE(SUM(p.completed), 0)
        FROM ({schools_sql}) s
        LEFT JOIN ({taking_part_sql}) p ON p.school_id = s.school
        GROUP BY s.hub, s.region, s.school_phase, s.disadvantaged
        """,
        [*schools_params, *taking_part_params],
    )
    grid: dict = {}
    for hub, region, phase, is_disadvantaged, open_schools, participating, completed in rows:
        cell = grid.setdefault(
            (hub, region, phase),
            {"hub": hub, "region": region, "school_phase": phase} | dict.fromkeys(ENGAGEMENT_COUNTS, 0),
        )
        cell["open_schools"] += open_schools
        cell["participating_schools"] += participating
        cell["completed_schools"] += completed
        if is_disadvantaged:
            cell["disadvantaged_schools"] += open_schools
            cell["disadvantaged_participating"] += participating
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

    Two queries. The denominator is today's register: GIAS gives no history of openings and closures.
    """
    schools = schools_in_scope(filters)
    open_schools = schools.count()
    schools_sql, schools_params = schools.values(school=F("pk")).query.sql_with_params()
    taking_part_sql, taking_part_params = _schools_taking_part(filters, any_year=True).query.sql_with_params()
    rows = _fetch(
        f"""
        SELECT p.year, COUNT(*), SUM(p.completed)
        FROM ({taking_part_sql}) p
        JOIN ({schools_sql}) s ON s.school = p.school_id
        GROUP BY p.year ORDER BY p.year
        """,
        [*taking_part_params, *schools_params],
    )
    return [
        {
            "key": year,
            "participating_schools": participating,
            "completed_schools": completed,
            "open_schools": open_schools,
            "participating_rate": rate(participating, open_schools),
            "completed_rate": rate(completed, open_schools),
        }
        for year, participating, completed in rows
    ]
