"""Reads of the schools register."""

from django.db.models import Q, QuerySet

from schools.models import GiasImportRun, School

SEARCH_LIMIT = 20


def gias_import_runs_recent(*, limit: int = 20) -> QuerySet[GiasImportRun]:
    return GiasImportRun.objects.select_related("uploaded_by").order_by("-created_at")[:limit]


def schools_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[School]:
    """Open schools matching ``query`` by URN (exact), postcode (prefix) or name (contains); at most ``limit``.

    Returns an empty list for a query under two characters (a single letter matches half the country).
    """
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    condition = Q(name__icontains=query) | Q(postcode__istartswith=query)
    if query.isdigit():
        condition |= Q(urn=int(query))
    return list(
        School.objects.open()
        .filter(condition)
        .select_related("local_authority")
        .only("urn", "name", "postcode", "local_authority__name")
        .order_by("name", "urn")[:limit]
    )
