"""How far a Work Group meets from a place: its venue's grid reference and the distance, in the database."""

from django.db.models import Case, F, FloatField, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from schools.grid import GridPoint, grid_distance, grid_distance_from, grid_point_of
from workgroups.enums import Format, WorkGroupStatus
from workgroups.models import WorkGroup


def _venue_coordinate(name: str, *, in_person_only: bool = False):
    """The venue's easting or northing: a venue school's from GIAS, else the one the hub typed; NULL online.
    ``in_person_only``: the rows are none of them online, so the format need not be asked."""
    typed = Coalesce(f"venue_school__{name}", f"venue_{name}", output_field=IntegerField())
    if in_person_only:
        return typed
    return Case(When(format=Format.ONLINE, then=None), default=typed, output_field=IntegerField())


def _open_for_registration():
    today = timezone.localdate()
    return WorkGroup.objects.filter(status=WorkGroupStatus.OPEN).filter(
        Q(registration_deadline__isnull=True) | Q(registration_deadline__gte=today)
    )


def nearest_open_work_group_distance():
    """For a queryset of schools: metres to the nearest Work Group open for registration (any hub) of the
    school's phase that meets somewhere, as a subquery; NULL when there is none or a grid reference is missing."""
    nearest = (
        _open_for_registration()
        .filter(phase=OuterRef("phase"))
        .exclude(format=Format.ONLINE)
        .annotate(
            distance=grid_distance(
                OuterRef("easting"), OuterRef("northing"), _venue_coordinate("easting"), _venue_coordinate("northing")
            )
        )
        .filter(distance__isnull=False)
        .order_by("distance")
        .values("distance")[:1]
    )
    return Subquery(nearest, output_field=FloatField())


def workgroups_with_distance(queryset, *, easting: int, northing: int, in_person_only: bool = False):
    """``queryset`` of Work Groups, each annotated with ``distance_m``: metres in a straight line on the grid
    from (``easting``, ``northing``) to where it meets.

    ``distance_m`` is NULL for online groups and for venues without a grid reference, so order with
    ``F("distance_m").asc(nulls_last=True)``. Adds a join to the venue school, never a query. ``in_person_only``
    says ``queryset`` has no online group (a simpler expression, the same distances).
    """
    point = GridPoint(easting, northing)
    easting_at, northing_at = (
        _venue_coordinate(name, in_person_only=in_person_only) for name in ("easting", "northing")
    )
    return queryset.annotate(distance_m=grid_distance_from(point, easting_at, northing_at))


def workgroups_open_near_school(*, school, limit: int | None = None) -> list[WorkGroup]:
    """Work Groups open for registration to the school's phase, nearest the school first, online ones after
    the rest (no distance), each with ``distance_m`` (None when unknown), hub and project (one query).

    A school without a grid reference gets them all with ``distance_m`` None, in first-deadline order.
    """
    queryset = _open_for_registration().filter(phase=school.phase).select_related("hub", "project", "venue_school")
    point = grid_point_of(school)
    if point is None:
        rows = queryset.order_by(F("registration_deadline").asc(nulls_last=True), "code")
        rows = list(rows[:limit] if limit else rows)
        for work_group in rows:
            work_group.distance_m = None
        return rows
    rows = workgroups_with_distance(queryset, easting=point.easting, northing=point.northing).order_by(
        F("distance_m").asc(nulls_last=True), "code"
    )
    return list(rows[:limit] if limit else rows)
