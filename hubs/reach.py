"""The schools a hub has not reached: open schools of its area with no teacher approved or completing a Work Group
in the last N academic years, with what a hub lead needs to choose whom to approach first."""

from dataclasses import dataclass

from django.db.models import Count, F, QuerySet, Sum

from hubs.models import Hub, OpenSchoolCount
from hubs.selectors import current_academic_start_year, hub_schools_q
from schools.models import School
from workgroups.engagement import reached_school_ids
from workgroups.enums import REACH_YEARS
from workgroups.models import SchoolYear, SchoolYearCount, SchoolYearCounted
from workgroups.selectors.distance import nearest_open_work_group_distance

DEFAULT_YEARS = REACH_YEARS  # the span the network report shows, and the kept counts hold
MAX_YEARS = 10

# Orders of the list: key → (label, ORDER BY). Unknown distances and percentages come last either way.
SORTS = {
    "fsm": ("% free school meals, highest first", (F("percentage_fsm").desc(nulls_last=True), "name", "urn")),
    "distance": (
        "Distance to the nearest open Work Group, farthest first",
        (F("nearest_work_group_m").desc(nulls_last=True), "name", "urn"),
    ),
    "distance_near": (
        "Distance to the nearest open Work Group, nearest first",
        (F("nearest_work_group_m").asc(nulls_last=True), "name", "urn"),
    ),
    "phase": ("Phase", ("phase", "name", "urn")),
    "local_authority": ("Local authority", ("local_authority__name", "name", "urn")),
    "name": ("Name", ("name", "urn")),
}


@dataclass(frozen=True)
class NotReachedFilters:
    years: int = DEFAULT_YEARS
    phase: str = ""
    local_authority: int | None = None
    sort: str = "fsm"


def _years_span(years: int, start_year: int | None) -> tuple[int, int]:
    last = start_year or current_academic_start_year()
    return last - max(1, min(MAX_YEARS, years)) + 1, last


def hub_schools_not_reached(*, hub: Hub, filters: NotReachedFilters = NotReachedFilters(), start_year=None) -> QuerySet:
    """Open schools ``hub`` serves with no registration approved or completed, in a Work Group that ran, in the last
    ``filters.years`` academic years (this one included): "engaged" as ``workgroups.engagement`` says it.

    Each school has ``nearest_work_group_m``: metres to the nearest Work Group open for registration, of any hub,
    of the school's phase, that meets somewhere (None when there is none, or either side has no grid reference).
    Local authority joined; one query for a page, whatever the number of schools.
    """
    first, last = _years_span(filters.years, start_year)
    schools = (
        School.objects.open()
        .filter(hub_schools_q(hub))
        .exclude(pk__in=reached_school_ids(first_start_year=first, last_start_year=last))
        .annotate(nearest_work_group_m=nearest_open_work_group_distance())
        .select_related("local_authority")
    )
    if filters.phase:
        schools = schools.filter(phase=filters.phase)
    if filters.local_authority:
        schools = schools.filter(local_authority_id=filters.local_authority)
    return schools.order_by(*SORTS.get(filters.sort, SORTS["fsm"])[1])


def not_reached_counts_by_hub(*, years: int = DEFAULT_YEARS, start_year=None) -> dict[int, int]:
    """Hub id → how many open schools it serves that it has not reached in the last ``years`` years (for NCETM
    staff's network report). Reads of kept rows, whatever the size of the register: the open schools each hub
    serves (``OpenSchoolCount``) less those of them engaged in a year of the span. Those are the kept counts
    (``SchoolYearCount.reached``) for the span they keep (``REACH_YEARS``) when its last year is counted, else the
    kept school years (``SchoolYear``) counted. The school years' hub is the one serving the school while it is
    open; they and their counts are rewritten in the transaction of every change to the register or to who serves
    whom. The same answer as counting the open schools outside ``reached_school_ids`` (a test holds them equal)."""
    first, last = _years_span(years, start_year)
    served = OpenSchoolCount.objects.values("hub").annotate(n=Sum("schools")).order_by().values_list("hub", "n")
    if years == REACH_YEARS and SchoolYearCounted.objects.filter(academic_year__start_year=last).exists():
        reached_rows = SchoolYearCount.objects.filter(academic_year__start_year=last).values("hub").annotate(
            n=Sum("reached")
        )
    else:
        reached_rows = (
            SchoolYear.objects.filter(
                academic_year__start_year__gte=first, academic_year__start_year__lte=last, hub__isnull=False
            )
            .values("hub")
            .annotate(n=Count("school", distinct=True))
        )
    reached = dict(reached_rows.order_by().values_list("hub", "n"))
    return {hub_id: n - reached.get(hub_id, 0) for hub_id, n in served}


def hubs_not_reached(*, years: int = DEFAULT_YEARS) -> list[tuple[Hub, int]]:
    """Every hub, by name, with how many open schools of its area it has not reached in the last ``years`` years
    (three or four queries; network-wide, for NCETM staff)."""
    counts = not_reached_counts_by_hub(years=years)
    return [(hub, counts.get(hub.pk, 0)) for hub in Hub.objects.order_by("name").only("pk", "name", "slug")]
