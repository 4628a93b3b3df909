"""Keeping the school years' counts (``workgroups.models.SchoolYearCount``) current, in the transaction of every
change to the school years themselves (``workgroups.services.school_years``):

- the years of some schools (``school_years_refresh``) recount the hubs those schools are in, every counted year
  from the first changed on (a year's change moves the stages and the reach of the years after it);
- the register's answers, or every year (``school_years_register_refresh``, ``school_years_rebuild``), recount
  everything, and mark every academic year held as counted.

A year created since the last full count has no counts: the reports read it from the school years (slower, the
same figures) until the next full count (the next change to the register, or a rebuild).

Two changes to one hub's counts at once are counted one after the other (PostgreSQL advisory locks held to the end
of the transaction: a full count takes the counts' lock alone, a hub's count shares it and takes the hub's), so the
second reads the first's school years once it has committed and the counts always match them as committed.
"""

from collections.abc import Iterable

from django.db import connection

from workgroups.enums import REACH_YEARS
from workgroups.models import AcademicYear, SchoolYear, SchoolYearCount, SchoolYearCounted

_LOCKS = 70_211  # the advisory locks' first key: (this, 0) for every count, (this, hub id) for a hub's

_COLUMNS = (
    *("academic_year_id", "hub_id", "phase", "disadvantaged", "stage"),  # the cell
    *("schools", "participating", "completed", "reached", "moved_on"),  # its counts
)


def _count_sql(school_years: str, years: str, where: str) -> str:
    """Each school with a kept year up to each counted year folded into one row (its furthest stage by then, and
    whether it took part, completed, was reached and moved on that year), then counted per cell."""
    return f"""
        SELECT p.year_id, p.hub_id, p.phase, p.disadvantaged, p.through,
               COUNT(*), SUM(p.engaged), SUM(p.completed), SUM(p.reached),
               SUM(CASE WHEN p.in_year > p.earlier THEN 1 ELSE 0 END)
        FROM (
            SELECT y.id AS year_id, sy.school_id, sy.hub_id, sy.phase, sy.disadvantaged,
                   MAX(CASE WHEN a.start_year = y.start_year THEN 1 ELSE 0 END) AS engaged,
                   MAX(CASE WHEN a.start_year = y.start_year AND sy.completed THEN 1 ELSE 0 END) AS completed,
                   MAX(CASE WHEN a.start_year > y.start_year - %s THEN 1 ELSE 0 END) AS reached,
                   MAX(sy.completed_rank) AS through,
                   MAX(CASE WHEN a.start_year = y.start_year THEN sy.completed_rank ELSE 0 END) AS in_year,
                   MAX(CASE WHEN a.start_year < y.start_year THEN sy.completed_rank ELSE 0 END) AS earlier
            FROM {school_years} sy
            JOIN {years} a ON a.id = sy.academic_year_id
            JOIN {years} y ON a.start_year <= y.start_year
            WHERE sy.hub_id IS NOT NULL AND {where}
            GROUP BY y.id, sy.school_id, sy.hub_id, sy.phase, sy.disadvantaged
        ) p
        GROUP BY p.year_id, p.hub_id, p.phase, p.disadvantaged, p.through
    """


def _insert(count_model, school_year_model, year_model, year_ids: list[int], hub_ids: list[int] | None) -> None:
    if not year_ids:
        return
    where = f"y.id IN ({', '.join(['%s'] * len(year_ids))})"
    params = [REACH_YEARS, *year_ids]
    if hub_ids is not None:
        where += f" AND sy.hub_id IN ({', '.join(['%s'] * len(hub_ids))})"
        params += hub_ids
    quote = connection.ops.quote_name
    select = _count_sql(quote(school_year_model._meta.db_table), quote(year_model._meta.db_table), where)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(count_model._meta.db_table)} ({', '.join(_COLUMNS)}) {select}", params)


def _lock(*keys: int, shared_first: bool = False) -> None:
    if connection.vendor != "postgresql":  # SQLite writes one transaction at a time
        return
    with connection.cursor() as cursor:
        if shared_first:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, 0)", [_LOCKS])
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCKS, key])


def school_year_counts_rebuild(
    *,
    count_model=SchoolYearCount,
    counted_model=SchoolYearCounted,
    school_year_model=SchoolYear,
    year_model=AcademicYear,
) -> None:
    """Count every academic year held for every hub from the kept school years, and mark them counted. Call it
    inside the transaction of the change, after the school years. Four queries and the lock. The models may be a
    migration's own."""
    _lock(0)
    count_model.objects.all().delete()
    counted_model.objects.all().delete()
    year_ids = list(year_model.objects.order_by("pk").values_list("pk", flat=True))
    counted_model.objects.bulk_create(counted_model(academic_year_id=year) for year in year_ids)
    _insert(count_model, school_year_model, year_model, year_ids, None)


def school_year_counts_refresh(*, hub_ids: Iterable[int | None], academic_year_ids: Iterable[int]) -> None:
    """Count again these hubs' counted years from the first of these academic years on (a year's change moves the
    stages and the reach of the years after it), from the kept school years. Call it inside the transaction of the
    change, after the school years. Four queries and the locks; none when no hub or year is named."""
    hubs = sorted({hub for hub in hub_ids if hub is not None})
    changed = list(academic_year_ids)
    if not hubs or not changed:
        return
    _lock(*hubs, shared_first=True)
    first = min(AcademicYear.objects.filter(pk__in=changed).values_list("start_year", flat=True), default=None)
    if first is None:
        return
    year_ids = list(
        SchoolYearCounted.objects.filter(academic_year__start_year__gte=first)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    SchoolYearCount.objects.filter(academic_year_id__in=year_ids, hub_id__in=hubs).delete()
    _insert(SchoolYearCount, SchoolYear, AcademicYear, year_ids, hubs)

