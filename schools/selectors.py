"""Reads of the schools register."""

from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from schools.enums import OPEN_STATUSES
from schools.models import GiasImportRun, School

SEARCH_LIMIT = 20


def gias_import_runs_recent(*, limit: int = 20) -> QuerySet[GiasImportRun]:
    return GiasImportRun.objects.select_related("uploaded_by").order_by("-created_at")[:limit]


def school_search_q(query: str) -> Q:
    """The condition "school matches ``query``": URN (exact), postcode (prefix, spaces optional) or name (contains)."""
    query = " ".join(query.split())
    condition = Q(name__icontains=query) | Q(postcode__istartswith=query)
    compact = query.replace(" ", "").upper()
    if 5 <= len(compact) <= 7 and compact.isascii() and compact[:1].isalpha() and compact[-3:-2].isdigit():
        # A full postcode typed without its space: "CB249JB" is "CB24 9JB".
        condition |= Q(postcode__iexact=f"{compact[:-3]} {compact[-3:]}")
    if query.isascii() and query.isdigit() and len(query) <= 9:  # "²²".isdigit() is true; int() refuses it
        condition |= Q(urn=int(query))
    return condition


def schools_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[School]:
    """Open schools matching ``query`` by URN (exact), postcode (prefix) or name (contains); at most ``limit``.

    Returns an empty list for a query under two characters (a single letter matches half the country).
    """
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    return list(
        School.objects.open()
        .filter(school_search_q(query))
        .select_related("local_authority")
        .only("urn", "name", "postcode", "local_authority__name")
        .order_by("name", "urn")[:limit]
    )


def most_disadvantaged_threshold(schools: QuerySet[School] | None = None) -> Decimal | None:
    """The % free school meals above which an open school is in the network's most disadvantaged fifth, counted
    from the register now (the reports read the kept copy, ``hubs.models.SchoolRegisterSummary``).

    The top fifth are the ``n // 5`` open schools (of the ``n`` with a known figure) with the highest % FSM; the
    threshold is the figure of the next school down, so schools tied with it at the boundary are left out.
    ``None`` when fewer than five schools have a figure. One query (a window over the register), on PostgreSQL and
    SQLite alike. ``schools``: the register to count (a migration's historical model's ``objects``).
    """
    schools = School.objects.all() if schools is None else schools
    ranked = (
        schools.filter(status__in=OPEN_STATUSES, percentage_fsm__isnull=False)
        .annotate(
            position=Window(RowNumber(), order_by=[F("percentage_fsm").desc(), F("pk")]),
            total=Window(Count("pk")),
        )
        .filter(position=F("total") / 5 + 1)
        .values_list("percentage_fsm", "total")
    )
    found = ranked.first()
    if found is None or found[1] // 5 == 0:
        return None
    return found[0]
