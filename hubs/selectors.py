"""Reads of the hubs network: the public list, and a hub's schools with their engagement."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from hubs.models import Hub, HubArea, HubMembership, school_in_hub_q
from schools.models import LocalAuthority, School, Trust
from schools.selectors import school_search_q
from workgroups.enums import RegistrationStatus
from workgroups.models import AcademicYear, Registration

ENGAGED_STATUSES = (RegistrationStatus.APPROVED, RegistrationStatus.COMPLETED)


def hubs_for_list() -> QuerySet[Hub]:
    """Every hub with its region, lead schools and area, in three queries whatever the number of hubs."""
    return Hub.objects.select_related("region").prefetch_related(
        Prefetch("lead_schools", queryset=School.objects.only("pk", "name", "urn").order_by("name")),
        Prefetch(
            "area",
            queryset=HubArea.objects.select_related("local_authority").order_by("local_authority__name"),
        ),
    )


def hub_visible_to(*, slug: str, user) -> Hub | None:
    """The hub with this slug if ``user`` may see its dashboard, else None (the view answers 404)."""
    hub = Hub.objects.select_related("region").filter(slug=slug).first()
    if hub is None or not user.has_perm("hubs.view_hub_dashboard", hub):
        return None
    return hub


def hub_leadership(*, hub: Hub) -> list[HubMembership]:
    return list(hub.memberships.select_related("user").order_by("role", "user__full_name"))


def current_academic_start_year() -> int:
    return AcademicYear.start_year_for(timezone.localdate())


def engaged_q_exists(*, start_year: int) -> Exists:
    """A school is engaged in a year when a teacher from it is approved in, or completed, a Work Group of that year."""
    return Exists(
        Registration.objects.filter(
            school=OuterRef("pk"),
            status__in=ENGAGED_STATUSES,
            work_group__academic_year__start_year=start_year,
        )
    )


@dataclass(frozen=True)
class SchoolFilters:
    phase: str = ""
    local_authority: int | None = None
    trust: int | None = None
    engaged: bool | None = None
    query: str = ""


def hub_schools(*, hub: Hub, filters: SchoolFilters = SchoolFilters(), start_year: int | None = None) -> QuerySet:
    """The open schools ``hub`` serves (its area, with overrides), annotated ``engaged``, filtered, by name.

    One query for any number of schools (local authority and trust joined in).
    """
    start_year = start_year or current_academic_start_year()
    schools = (
        School.objects.open()
        .filter(school_in_hub_q(hub))
        .annotate(engaged=engaged_q_exists(start_year=start_year))
        .select_related("local_authority", "trust")
        .order_by("name", "urn")
    )
    if filters.phase:
        schools = schools.filter(phase=filters.phase)
    if filters.local_authority:
        schools = schools.filter(local_authority_id=filters.local_authority)
    if filters.trust:
        schools = schools.filter(trust_id=filters.trust)
    if filters.engaged is not None:
        schools = schools.filter(engaged=filters.engaged)
    if filters.query:
        schools = schools.filter(school_search_q(filters.query))
    return schools


def hub_engagement(*, hub: Hub, start_year: int | None = None) -> dict:
    """Open schools in the hub's area and how many are engaged this year, in one query."""
    start_year = start_year or current_academic_start_year()
    schools, engaged = _engagement_counts(hub, start_year)
    return {
        "schools": schools,
        "engaged": engaged,
        "percent": round(100 * engaged / schools) if schools else 0,
        "year": f"{start_year}/{(start_year + 1) % 100:02d}",
    }


def _engagement_counts(hub: Hub, start_year: int) -> tuple[int, int]:
    row = (
        School.objects.open()
        .filter(school_in_hub_q(hub))
        .annotate(is_engaged=engaged_q_exists(start_year=start_year))
        .aggregate(schools=Count("pk"), engaged=Count("pk", filter=Q(is_engaged=True)))
    )
    return row["schools"], row["engaged"]


def hub_filter_choices(*, hub: Hub) -> tuple[list[LocalAuthority], list[Trust]]:
    """The local authorities of the hub's area and the trusts of its open schools, for the filters (two queries)."""
    local_authorities = list(
        LocalAuthority.objects.filter(Q(hub_area__hub=hub) | Q(schools__hub_override__hub=hub))
        .distinct()
        .order_by("name")
    )
    trusts = list(
        Trust.objects.filter(pk__in=School.objects.open().filter(school_in_hub_q(hub)).values("trust_id"))
        .order_by("name")
        .only("pk", "name")
    )
    return local_authorities, trusts


def hub_area_local_authorities(*, hub: Hub) -> list[LocalAuthority]:
    return list(LocalAuthority.objects.filter(hub_area__hub=hub).order_by("name"))
