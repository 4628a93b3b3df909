"""The filters every report figure takes, the scopes they select, and the arithmetic shared by the figures."""

from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import F, QuerySet

from hubs.models import Hub, OpenSchoolCount, SchoolRegisterSummary, served_hub, served_region
from schools.enums import OPEN_STATUSES, Phase
from schools.models import Region, School
from workgroups.enums import RUN_STATUSES
from workgroups.models import AcademicYear, NationalProject, SchoolYearCounted, WorkGroup


@dataclass(frozen=True)
class ReportFilters:
    academic_year: AcademicYear
    region: Region | None = None
    hub: Hub | None = None
    phase: str = ""
    project: NationalProject | None = None

    def network(self) -> "ReportFilters":
        """The same figures for the whole network (for comparison beside one hub)."""
        return replace(self, region=None, hub=None)


def rate(numerator, denominator) -> float | None:
    """A percentage to one decimal place; ``None`` when there is nothing to divide by."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def grouped(rows: list[dict], by: str | None) -> dict:
    """``rows`` by their value of ``by`` (all under ``None`` for ``by=None``), in the order first seen."""
    groups: dict = {}
    for row in rows:
        key = row[by] if by else None
        group = groups.get(key)
        if group is None:
            groups[key] = [row]
        else:
            group.append(row)
    return groups


def rollup(grid: list[dict], by: str | None, counts) -> list[dict]:
    """Sum the additive counts of a grouped result up to one of its keys (or to one total row for ``by=None``).

    Only for counts where each underlying row falls in exactly one group (a school is in one hub and one phase,
    an attendance mark belongs to one Work Group): the database groups once, by every key at once, and the hub,
    region, phase and network figures are the sums of its few dozen rows.
    """
    # The rows are grouped first and each count summed over its group in one call: a third faster than adding
    # every row's counts into its total one by one (the Work Group rows are a few thousand a year).
    totals = {
        key: {name: sum([row[name] or 0 for row in group]) for name in counts}
        for key, group in grouped(grid, by).items()
    }
    if by is None:
        return [totals.get(None, dict.fromkeys(counts, 0))]
    return [{"key": key, **values} for key, values in sorted(totals.items(), key=lambda kv: (kv[0] is None, kv[0]))]


def fetch(sql: str, params) -> list[tuple]:
    """The rows of ``sql``: for the few figures that put the ORM's own queries side by side in SQL (a grouping of a
    grouping, which the ORM cannot write)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def hubs_in_scope(filters: ReportFilters) -> QuerySet[Hub]:
    hubs = Hub.objects.select_related("region").order_by("name")
    if filters.hub is not None:
        hubs = hubs.filter(pk=filters.hub.pk)
    if filters.region is not None:
        hubs = hubs.filter(region=filters.region)
    return hubs


def in_school_scope(queryset: QuerySet, filters: ReportFilters, prefix: str = "") -> QuerySet:
    """``queryset`` narrowed to open schools served by a hub (and the region, hub and phase filters), with
    ``served_hub`` and ``served_region``; ``prefix`` reaches the school from another model (``"school__"``)."""
    queryset = (
        queryset.filter(**{f"{prefix}status__in": OPEN_STATUSES})
        .annotate(served_hub=served_hub(prefix), served_region=served_region(prefix))
        .filter(served_hub__isnull=False)
    )
    if filters.hub is not None:
        queryset = queryset.filter(served_hub=filters.hub.pk)
    if filters.region is not None:
        queryset = queryset.filter(served_region=filters.region.pk)
    if filters.phase:
        queryset = queryset.filter(**{f"{prefix}phase": filters.phase})
    return queryset


def in_hub_scope(queryset: QuerySet, filters: ReportFilters, *, phase: str = "phase", prefix: str = "") -> QuerySet:
    """``queryset``, of rows that name their hub (``hub``), narrowed by the region, hub and phase filters;
    ``phase`` names the field that holds the phase (``"cohort__phase"`` for specialists); ``prefix`` reaches the
    row that names them from another model (``"workgroup__"``)."""
    if filters.hub is not None:
        queryset = queryset.filter(**{f"{prefix}hub": filters.hub})
    if filters.region is not None:
        queryset = queryset.filter(**{f"{prefix}hub__region": filters.region})
    if filters.phase:
        queryset = queryset.filter(**{f"{prefix}{phase}": filters.phase})
    return queryset


def schools_in_scope(filters: ReportFilters) -> QuerySet[School]:
    """Open schools served by a hub, narrowed by the region, hub and phase filters, with ``served_hub``."""
    return in_school_scope(School.objects.all(), filters)


def work_groups_in_scope(filters: ReportFilters, *, any_year: bool = False) -> QuerySet[WorkGroup]:
    """Work Groups that ran (not drafts, not cancelled), narrowed by every filter."""
    return in_work_group_scope(WorkGroup.objects.all(), filters, any_year=any_year)


def in_work_group_scope(queryset: QuerySet, filters: ReportFilters, *, any_year: bool = False, prefix: str = "") -> QuerySet:
    """``queryset`` narrowed to rows of the Work Groups in scope (``work_groups_in_scope``), ``prefix`` reaching the
    Work Group from another model (``"workgroup__"``): the filters joined once, where ``work_group__in=`` a
    queryset of the groups joins the Work Groups a second time (measured at scale 1.0 on the Work Group leads: the
    query in half the time)."""
    queryset = queryset.filter(**{f"{prefix}status__in": RUN_STATUSES})
    if not any_year:
        queryset = queryset.filter(**{f"{prefix}academic_year": filters.academic_year})
    queryset = in_hub_scope(queryset, filters, prefix=prefix)
    if filters.project is not None:
        queryset = queryset.filter(**{f"{prefix}project": filters.project})
    return queryset


def disadvantaged_threshold() -> float | None:
    """The % free school meals above which an open school is in the network's most disadvantaged fifth (the top
    fifth by % FSM of the open schools with a known figure; schools tied at the boundary are left out), as kept with
    the open-school counts (``hubs.models.SchoolRegisterSummary``, counted by
    ``schools.selectors.most_disadvantaged_threshold``). ``None`` when fewer than five schools have a figure. One
    query."""
    found = SchoolRegisterSummary.objects.values_list("disadvantaged_threshold", flat=True).first()
    return None if found is None else float(found)


def open_school_counts(filters: ReportFilters) -> list[dict]:
    """Open schools served by a hub in the region, hub and phase filters, per (``hub``, ``region``,
    ``school_phase``, ``disadvantaged``) with their number (``schools``): the kept counts
    (``hubs.models.OpenSchoolCount``), a few hundred rows. One query."""
    counts = in_hub_scope(OpenSchoolCount.objects.all(), filters)
    return list(
        counts.values("hub", "disadvantaged", "schools", region=F("hub__region"), school_phase=F("phase")).order_by()
    )


def counted_year_ids() -> set[int]:
    """The academic years whose school-year counts are kept for every hub (``workgroups.models.SchoolYearCount``):
    the engagement, journey and reach figures of these years are read from the counts, of any other from the
    school years themselves. One query."""
    return set(SchoolYearCounted.objects.values_list("pk", flat=True))


def years_held() -> list[AcademicYear]:
    return list(AcademicYear.objects.order_by("start_year"))


def phase_label(value: str) -> str:
    return Phase(value).label if value in Phase.values else value
