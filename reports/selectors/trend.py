"""The trend's figures: participation, evaluations and leads per academic year held, each year's in one row.

The definitions are those of the year's tables (``participation``, ``evaluation_scores``, ``leadership``); only the
grouping differs. Each figure is grouped by year in the database: the Work Groups' kept figures add up per year,
and the distinct teachers and schools, which do not, are the kept per-year counts (``YearParticipation``), so no
Work Group's set of teachers is read.
"""

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from reports.selectors.scope import ReportFilters, in_work_group_scope, rate, work_groups_in_scope
from workgroups.enums import SessionStatus, WorkGroupStatus
from workgroups.models import WorkGroup, YearParticipation


def _year_participation(filters: ReportFilters) -> dict[int, dict]:
    """The kept distinct teachers and schools of each year for the filters' region or hub, phase and project. The
    region and hub filters both given name no Work Group unless the hub is in the region."""
    hub, region = filters.hub, filters.region
    if hub is not None and region is not None and hub.region_id != region.pk:
        return {}
    counts = YearParticipation.objects.filter(
        region=hub.region_id if hub is not None else region,
        hub=hub,
        phase=filters.phase,
        project=filters.project,
    )
    return {row["key"]: row for row in counts.values("teachers", "schools", key=F("academic_year"))}


def participation_by_year(filters: ReportFilters) -> list[dict]:
    """Work Groups run, teachers, schools, attendance, completion and evaluations of each academic year held, for
    the filters' region, hub, phase and project (the academic year ignored). Three queries: the groups' totals
    (``participation_totals_by_year``) and their marks (``marks_by_year``), which the trend reads at once on two
    connections, put together (``with_marks``).

    Rows carry ``key`` (the year's id) and what ``participation`` and ``evaluation_scores`` give for one year:
    ``work_groups``, ``teachers``, ``schools``, ``places``, ``places_in_completed_groups``, ``completions``,
    ``marks``, ``attended``, ``attendance_rate``, ``completion_rate``, ``evaluations``, ``average_overall`` and
    ``average_impact_on_practice``. A year is listed when a Work Group of it in scope ran.
    """
    return with_marks(participation_totals_by_year(filters), marks_by_year(filters))


def participation_totals_by_year(filters: ReportFilters) -> list[dict]:
    """``participation_by_year``'s rows without the marks: the Work Groups' kept figures added up per year, with
    the kept distinct teachers and schools. Two queries."""
    completed = Q(status=WorkGroupStatus.COMPLETED)

    def total(name: str, only=None):
        return Coalesce(Sum(f"figures__{name}", filter=only), 0)

    years = (
        work_groups_in_scope(filters, any_year=True)
        .values(key=F("academic_year"))
        .annotate(
            work_groups=Count("pk"),
            places=total("places"),
            places_in_completed_groups=total("places", completed),
            completions=total("completions", completed),
            evaluations=total("evaluations"),
            overall_total=total("overall_total"),
            impact_total=total("impact_total"),
        )
        .order_by("key")
    )
    distinct = _year_participation(filters)
    rows = []
    for row in years:
        counted = distinct.get(row["key"], {"teachers": 0, "schools": 0})
        n, overall, impact = row["evaluations"], row.pop("overall_total"), row.pop("impact_total")
        rows.append(
            {
                **row,
                "teachers": counted["teachers"],
                "schools": counted["schools"],
                "completion_rate": rate(row["completions"], row["places_in_completed_groups"]),
                "average_overall": round(overall / n, 2) if n else None,
                "average_impact_on_practice": round(impact / n, 2) if n else None,
            }
        )
    return rows


def with_marks(rows: list[dict], marks: dict[int, dict]) -> list[dict]:
    """``participation_totals_by_year``'s rows with each year's ``marks_by_year`` and attendance rate."""
    for row in rows:
        mark = marks.get(row["key"], {"marks": 0, "attended": 0})
        row.update(
            marks=mark["marks"], attended=mark["attended"], attendance_rate=rate(mark["attended"], mark["marks"])
        )
    return rows


def marks_by_year(filters: ReportFilters) -> dict[int, dict]:
    """Year id → participants' register marks and attendances at sessions held (not cancelled, started before
    now) of the Work Groups in scope, any year. One query."""
    # From the Work Groups' side, so the groups in scope are joined once (not once to choose them and again for
    # their year, as a grouping of the registers would): a quarter faster at scale 1.0.
    return {
        row["key"]: row
        for row in work_groups_in_scope(filters, any_year=True)
        .filter(sessions__status=SessionStatus.SCHEDULED, sessions__starts_at__lte=timezone.now())
        .values(key=F("academic_year"))
        .annotate(
            marks=Coalesce(Sum("sessions__register_figures__marks"), 0),
            attended=Coalesce(Sum("sessions__register_figures__attended"), 0),
        )
        .order_by()
    }


def leads_by_year(filters: ReportFilters) -> list[dict]:
    """The distinct Work Group leads of each academic year's Work Groups that ran (``leadership``'s leads), for the
    filters' region, hub, phase and project. One query; a year is listed when one of its groups in scope has a
    lead."""
    return list(
        in_work_group_scope(WorkGroup.leads.through.objects.all(), filters, any_year=True, prefix="workgroup__")
        .values(key=F("workgroup__academic_year"))
        .annotate(leads=Count("user", distinct=True))
        .order_by("key")
    )
