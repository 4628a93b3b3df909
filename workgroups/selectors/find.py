"""The find page's reads: open Work Groups filtered, nearest a teacher's school first, online ones apart."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, FloatField, Q, QuerySet, Value, Window
from django.utils import timezone

from hubs.models import served_hub
from schools.grid import GridPoint, grid_point_of
from schools.models import School
from workgroups.enums import Format, WorkGroupStatus
from workgroups.models import WorkGroup
from workgroups.selectors.distance import workgroups_with_distance
from workgroups.selectors.lists import workgroups_with_place_counts, workgroups_with_places_taken

ONLINE_SHOWN = 10  # online groups listed apart, under the ones near you; "see all" filters by format
FIND_PER_PAGE = 20
FIRST_SESSION_FIRST = ("first_session", "code")

# What the find page shows of each Work Group: its rows are named tuples of these, not model instances (a
# page of them, with their hub and project, is read and built in a fraction of the time).
FIND_ROW_FIELDS = (
    "pk",
    "code",
    "title",
    "phase",
    "format",
    "capacity",
    "places_taken",
    "first_session",
    "venue",
    "registration_deadline",
    "distance_m",
    "hub_name",
    "project_code",
    "project_title",
)


@dataclass
class FindFilters:
    """``hub`` and ``project``: a Hub and a NationalProject, or their ids."""

    hub: object = None
    phase: str = ""
    project: object = None
    format: str = ""
    q: str = ""
    within_km: int | None = None


@dataclass
class FindResults:
    """What the find page lists: ``work_groups`` (every match, a queryset), the ``page`` of them asked for, and,
    when they are shown apart, the first online groups (``online``, at most ``ONLINE_SHOWN``) and whether there
    are more. Each row is a named tuple of ``FIND_ROW_FIELDS`` (``distance_m`` None without a distance)."""

    work_groups: QuerySet
    page: Page | None = None
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
    queryset = WorkGroup.objects.filter(status=WorkGroupStatus.OPEN).filter(
        Q(registration_deadline__isnull=True) | Q(registration_deadline__gte=today)
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


def _with_find_columns(queryset: QuerySet) -> QuerySet:
    """What a row shows beyond the Work Group's own fields: places taken, first session, hub and project."""
    return workgroups_with_places_taken(work_groups=queryset).annotate(
        hub_name=F("hub__name"), project_code=F("project__code"), project_title=F("project__title")
    )


def _rows(queryset: QuerySet, *order, counted: bool = False) -> QuerySet:
    """Rows of ``FIND_ROW_FIELDS`` in ``order``; ``counted``: each with ``found``, how many rows there are."""
    if counted:
        queryset = queryset.annotate(found=Window(Count("*")))
    return queryset.values_list(*FIND_ROW_FIELDS, *(("found",) if counted else ()), named=True).order_by(*order)


class _CountedPaginator(Paginator):
    """A paginator told how many rows there are, so it reads no count of its own."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # over the cached property


def _page_number(number) -> int | None:
    """``Paginator.get_page``'s reading of the page asked for: anything not a whole number is the first page; a
    number under 1 the last (None)."""
    try:
        number = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else None


def _page_of(rows: QuerySet, number, *, per_page: int) -> Page:
    """The page of ``rows`` (counted: each has ``found``) that ``Paginator.get_page(number)`` would give, its rows and
    their count in one query (``COUNT(*) OVER ()`` is counted before the limit); a page past the last costs a
    count and the last page, as the paginator's would."""
    page_number = _page_number(number)
    if page_number is not None:
        start = (page_number - 1) * per_page
        page_rows = list(rows[start : start + per_page])
        if page_rows or page_number == 1:
            paginator = _CountedPaginator(page_rows, per_page, count=page_rows[0].found if page_rows else 0)
            return Page(page_rows, page_number, paginator)
    return Paginator(rows, per_page).get_page(number)


def workgroups_find(
    *, filters: FindFilters, school: School | None = None, page=None, per_page: int = FIND_PER_PAGE
) -> FindResults:
    """Work Groups open for registration (deadline not passed) matching ``filters``, with places taken and first
    session, as rows of ``FIND_ROW_FIELDS``: all of them (``work_groups``) and the page ``page`` of them (read as
    ``Paginator.get_page`` reads it).

    With a ``school`` that has a grid reference, the groups that meet somewhere come nearest first, each with
    ``distance_m`` (metres from the school), ``within_km`` keeps those that close, and online groups (no
    distance) are listed apart, unless the filters ask for online groups only. Otherwise, as ever: first
    session first. Two queries: the page with the count of every row, and the online groups.
    """
    point = grid_point_of(school) if school is not None else None
    found = _with_find_columns(_open_filtered(filters))  # built once: the page's rows and the online ones
    no_distance = Value(None, output_field=FloatField())
    if point is None or filters.format == Format.ONLINE:
        rows = _rows(found.annotate(distance_m=no_distance), *FIRST_SESSION_FIRST, counted=True)
        results = FindResults(work_groups=rows)
    else:
        placed = workgroups_with_distance(
            found.exclude(format=Format.ONLINE), easting=point.easting, northing=point.northing, in_person_only=True
        )
        if filters.within_km:
            placed = placed.filter(distance_m__lte=filters.within_km * 1000)
        order = (F("distance_m").asc(nulls_last=True), *FIRST_SESSION_FIRST)
        rows = _rows(placed, *order, counted=True)
        results = FindResults(work_groups=rows, near=point, online_apart=not filters.format)
    results.page = _page_of(rows, page, per_page=per_page)
    if results.online_apart:
        online = _rows(found.filter(format=Format.ONLINE).annotate(distance_m=no_distance), *FIRST_SESSION_FIRST)
        online = list(online[: ONLINE_SHOWN + 1])
        results.online, results.online_more = online[:ONLINE_SHOWN], len(online) > ONLINE_SHOWN
    return results


def workgroups_open_search(*, hub=None, phase="", project=None, format="", q=""):
    """Work Groups open for registration (deadline not passed), filtered, first session first, with place counts,
    hub, project and venue school."""
    filters = FindFilters(hub=hub, phase=phase, project=project, format=format, q=q)
    return (
        workgroups_with_place_counts(work_groups=_open_filtered(filters))
        .select_related("hub", "project", "venue_school")
        .order_by("first_session", "code")
    )
