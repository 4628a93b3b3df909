"""The find page's reads: open Work Groups filtered, nearest a teacher's school first, online ones apart."""

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from hubs.models import served_hub
from schools.grid import GridPoint, grid_point_of
from schools.models import School
from workgroups.enums import Format, WorkGroupStatus
from workgroups.models import WorkGroup
from workgroups.selectors.distance import workgroups_with_distance
from workgroups.selectors.lists import workgroups_with_place_counts

ONLINE_SHOWN = 10  # online groups listed apart, under the ones near you; "see all" filters by format


@dataclass
class FindFilters:
    hub: object = None
    phase: str = ""
    project: object = None
    format: str = ""
    q: str = ""
    within_km: int | None = None


@dataclass
class FindResults:
    """What the find page lists: ``work_groups`` (a queryset the view pages), and, when they are shown apart,
    the first online groups (``online``, at most ``ONLINE_SHOWN``) and whether there are more."""

    work_groups: QuerySet
    near: GridPoint | None = None
    online: list = field(default_factory=list)
    online_more: bool = False
    online_apart: bool = False


def teacher_school_for_find(*, user) -> School | None:
    """The signed-in teacher's school with ``served_hub_id`` (the hub serving it), or None (one query, none
    for a visitor or a teacher without a school)."""
    if not getattr(user, "is_authenticated", False) or not user.school_id:
        return None
    return (
        School.objects.filter(pk=user.school_id)
        .annotate(served_hub_id=served_hub())
        .only("pk", "name", "phase", "easting", "northing")
        .first()
    )


def _open_filtered(filters: FindFilters) -> QuerySet:
    today = timezone.localdate()
    queryset = (
        WorkGroup.objects.filter(status=WorkGroupStatus.OPEN)
        .filter(Q(registration_deadline__isnull=True) | Q(registration_deadline__gte=today))
        .select_related("hub", "project", "venue_school")
    )
    if filters.hub:
        queryset = queryset.filter(hub=filters.hub)
    if filters.phase:
        queryset = queryset.filter(phase=filters.phase)
    if filters.project:
        queryset = queryset.filter(project=filters.project)
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    if filters.q:
        q = filters.q
        queryset = queryset.filter(
            Q(title__icontains=q)
            | Q(code__icontains=q)
            | Q(venue__icontains=q)
            | Q(venue_postcode__icontains=q)
            | Q(project__title__icontains=q)
            | Q(hub__name__icontains=q)
        )
    return queryset


def workgroups_find(*, filters: FindFilters, school: School | None = None) -> FindResults:
    """Work Groups open for registration (deadline not passed) matching ``filters``, with place counts.

    With a ``school`` that has a grid reference, the groups that meet somewhere come nearest first, each with
    ``distance_m`` (metres from the school), ``within_km`` keeps those that close, and online groups (no
    distance) are listed apart, unless the filters ask for online groups only. Otherwise, as ever: first
    session first. A fixed number of queries: the view's count and page of ``work_groups``, and one for the
    online groups.
    """
    point = grid_point_of(school) if school is not None else None
    queryset = _open_filtered(filters)
    if point is None or filters.format == Format.ONLINE:
        return FindResults(
            work_groups=workgroups_with_place_counts(work_groups=queryset).order_by("first_session", "code")
        )
    placed = workgroups_with_distance(
        queryset.exclude(format=Format.ONLINE), easting=point.easting, northing=point.northing
    )
    if filters.within_km:
        placed = placed.filter(distance_m__lte=filters.within_km * 1000)
    results = FindResults(
        work_groups=workgroups_with_place_counts(work_groups=placed).order_by(
            F("distance_m").asc(nulls_last=True), "first_session", "code"
        ),
        near=point,
        online_apart=not filters.format,
    )
    if results.online_apart:
        online = list(
            workgroups_with_place_counts(work_groups=queryset.filter(format=Format.ONLINE)).order_by(
                "first_session", "code"
            )[: ONLINE_SHOWN + 1]
        )
        results.online, results.online_more = online[:ONLINE_SHOWN], len(online) > ONLINE_SHOWN
    return results


def workgroups_open_search(*, hub=None, phase="", project=None, format="", q=""):
    """Work Groups open for registration (deadline not passed), filtered, first session first, with place counts."""
    filters = FindFilters(hub=hub, phase=phase, project=project, format=format, q=q)
    return workgroups_find(filters=filters).work_groups
