"""The key pages on a seeded network: median and p95 server time and query count of each, as the right role.

    DATABASE_URL=postgres://…/x_bench_1_0 python -m benchmarks.pages --scale 1.0 --out pages.json

Seeds the (empty, migrated) database with ``seed_network --scale S --seed 1`` and times the seeding, then reads
each page through the whole Django stack in this process (the test client: middleware, session, permissions,
template; no HTTP server) on one kept connection, as production keeps them (``CONN_MAX_AGE``). Every page is
read once to warm up, then ``--renders`` times; the query count is that of the last read.

The people are picked from the seeded network the same way at every scale, so that a page shows as much at
each and its growth measures the network's size: a typical current-year Work Group (of 12 participants, lowest
id), its lead, its hub's lead, the teacher with the most registrations up to 7 among those whose find page lists
a group, the hub with the most open schools, and an NCETM reader added for the run.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from api.enums import TokenScope  # noqa: E402
from api.services import api_token_create  # noqa: E402
from hubs.enums import HubRole  # noqa: E402
from hubs.models import Hub, HubMembership  # noqa: E402
from hubs.seeding import seed_network  # noqa: E402
from hubs.selectors import hub_schools  # noqa: E402
from workgroups.enums import PARTICIPANT_STATUSES, WorkGroupStatus  # noqa: E402
from workgroups.forms import FindForm  # noqa: E402
from workgroups.models import AcademicYear, Attendance, Registration, Session, WorkGroup  # noqa: E402
from workgroups.selectors.find import teacher_school_for_find, workgroups_find  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 20 reads: the 19th fastest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


TYPICAL_GROUP_SIZE = 12  # participants: a Teaching for Mastery group of six schools, two teachers each
TEACHER_REGISTRATIONS = 7  # the busiest teacher's at scale 0.1

_queries = [0]
_queries_lock = threading.Lock()


def _count_query(execute, sql, params, many, context):
    with _queries_lock:
        _queries[0] += 1
    return execute(sql, params, many, context)


def _count_queries_of(sender, connection, **kwargs) -> None:
    """Every connection's queries are counted, a report's second connection's too (``reports.alongside``)."""
    if _count_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count_query)


connection_created.connect(_count_queries_of)


def read(client: Client, url: str, *, cold: bool = False, **headers) -> tuple[float, int]:
    """One read of ``url``: milliseconds (the whole body, streamed or not) and queries (on every connection)."""
    if cold:
        connection.close()
        cache.clear()
    connection.ensure_connection()
    counted = _queries[0]
    started = time.perf_counter()
    response = client.get(url, **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 - the body is part of the answer
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content[:500]!r}")
    return elapsed, _queries[0] - counted


def measure(client: Client, url: str, renders: int, *, cold: bool = False, **headers) -> dict:
    read(client, url, **headers)
    times, queries = [], 0
    for _ in range(renders):
        elapsed, queries = read(client, url, cold=cold, **headers)
        times.append(elapsed)
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "queries": queries,
    }


def cast(now) -> dict:
    """Who reads which page, picked from the seeded network the same way at every scale."""
    current = AcademicYear.objects.get(start_year=AcademicYear.start_year_for(timezone.localtime(now).date()))
    last = AcademicYear.objects.get(start_year=current.start_year - 1)
    groups = (
        WorkGroup.objects.filter(academic_year=current, status__in=[WorkGroupStatus.OPEN, WorkGroupStatus.RUNNING])
        .annotate(size=Count("registrations", filter=Q(registrations__status__in=PARTICIPANT_STATUSES)))
        .filter(size__gt=0, leads__isnull=False)
        .order_by("pk")
        .distinct()
    )
    sizes = Counter(group.size for group in groups)
    # The same size at every scale, so a page that lists a group's participants shows as many rows at each: the
    # most common size at scale 0.1 is a near tie (8, 14 and 12 participants in 24, 23 and 22 groups), and at 1.0
    # 12, which made the register and manage pages' growth measure 8 → 12 rows rather than the network's size.
    typical = TYPICAL_GROUP_SIZE if sizes[TYPICAL_GROUP_SIZE] else max(sizes, key=lambda size: (sizes[size], -size))
    group = next(g for g in groups if g.size == typical)
    session = (
        Session.objects.filter(work_group=group, starts_at__lte=now).order_by("-starts_at").first()
        or Session.objects.filter(work_group=group).order_by("starts_at").first()
    )
    teacher_id = busiest_teacher_finding_groups()
    busiest = max(Hub.objects.order_by("pk"), key=lambda hub: hub_schools(hub=hub).count())
    ncetm, _ = User.objects.get_or_create(
        email="ncetm.reader@bench.example", defaults={"full_name": "NCETM reader", "is_ncetm_staff": True}
    )
    return {
        "current": current,
        "last": last,
        "group": group,
        "session": session,
        "teacher": User.objects.get(pk=teacher_id),
        "lead": group.leads.order_by("pk").first(),
        "group_hub_lead": HubMembership.objects.filter(hub=group.hub, role=HubRole.LEAD).order_by("pk")[0].user,
        "hub": busiest,
        "hub_lead": HubMembership.objects.filter(hub=busiest, role=HubRole.LEAD).order_by("pk")[0].user,
        "ncetm": ncetm,
    }


def busiest_teacher_finding_groups() -> int:
    """The teacher with the most registrations, up to ``TEACHER_REGISTRATIONS`` (so My CPD lists as many at every
    scale: the busiest teacher of the larger network has more), among those whose find page, as it opens (their
    school's hub and phase, nearest first), lists at least one group: a page with nothing to list reads one query
    fewer, so a teacher who finds nothing at one scale would make the find page's query count differ between
    scales."""
    ranked = (
        Registration.objects.values("teacher_id")
        .annotate(n=Count("pk"))
        .filter(n__lte=TEACHER_REGISTRATIONS)
        .order_by("-n", "teacher_id")
    )
    for row in ranked[:200]:
        teacher = User.objects.get(pk=row["teacher_id"])
        school = teacher_school_for_find(user=teacher)
        if school is None:
            continue
        form = FindForm(FindForm.defaults_for(school), near=school.has_grid_reference)
        if workgroups_find(filters=form.filters(), school=school).work_groups.exists():
            return teacher.pk
    return ranked[0]["teacher_id"]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def optional_url(name: str, *args) -> str | None:
    """A page that another issue may not have brought to main yet (the attendance grid)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def pages(people: dict) -> list[tuple[str, str, Client, str, dict]]:
    """(key, label, client, url, options) of every key page."""
    group, hub, last, current = people["group"], people["hub"], people["last"], people["current"]
    teacher, lead = signed_in(people["teacher"]), signed_in(people["lead"])
    group_manager, hub_lead, ncetm = (
        signed_in(people["group_hub_lead"]),
        signed_in(people["hub_lead"]),
        signed_in(people["ncetm"]),
    )
    token = api_token_create(user=people["hub_lead"], name="Benchmark", scope=TokenScope.READ, lifetime_days=30)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.secret}")
    network, year = reverse("reports:network"), f"?year={last.pk}"
    listed = [
        ("find", "Find a Work Group (teacher, first page)", teacher, reverse("workgroups:find"), {}),
        ("work_group", "Work Group page (teacher)", teacher, reverse("workgroups:detail", args=[group.pk]), {}),
        ("my_cpd", "My CPD (a teacher with 7 registrations)", teacher, reverse("workgroups:my_cpd"), {}),
        (
            "register",
            "Session register (Work Group lead)",
            lead,
            reverse("workgroups:register", args=[people["session"].pk]),
            {},
        ),
        (
            "manage",
            "Work Group manage page (hub lead)",
            group_manager,
            reverse("workgroups:manage", args=[group.pk]),
            {},
        ),
    ]
    grid = optional_url("workgroups:attendance_grid", group.pk)
    if grid:
        listed.append(("attendance_grid", "Attendance grid (hub lead)", group_manager, grid, {}))
    listed += [
        (
            "hub_dashboard",
            "Hub dashboard (hub lead, largest hub)",
            hub_lead,
            reverse("hubs:dashboard", args=[hub.slug]),
            {},
        ),
        (
            "hub_schools",
            "Hub school list: primary, engaged, page 2 (hub lead)",
            hub_lead,
            reverse("hubs:dashboard", args=[hub.slug]) + "?phase=primary&engaged=yes&page=2",
            {},
        ),
        (
            "hub_work_groups",
            "Hub Work Groups (hub lead)",
            hub_lead,
            reverse("workgroups:hub_list", args=[hub.slug]),
            {},
        ),
        ("network_report_cold", "Network report, last year, cold (NCETM)", ncetm, network + year, {"cold": True}),
        ("network_report_warm", "Network report, last year, warm (NCETM)", ncetm, network + year, {}),
        (
            "network_report_current",
            "Network report, current year, cold (NCETM)",
            ncetm,
            f"{network}?year={current.pk}",
            {"cold": True},
        ),
        (
            "hub_report",
            "Hub report, last year, cold (hub lead)",
            hub_lead,
            reverse("reports:hub", args=[hub.slug]) + year,
            {"cold": True},
        ),
        (
            "hub_report_warm",
            "Hub report, last year, warm (hub lead)",
            hub_lead,
            reverse("reports:hub", args=[hub.slug]) + year,
            {},
        ),
        ("trend", "Trend over the years, cold (NCETM)", ncetm, reverse("reports:network_trend") + year, {"cold": True}),
        (
            "csv_export",
            "CSV export: engagement by hub (NCETM)",
            ncetm,
            reverse("reports:network_download", args=["engagement_by_hub", "csv"]) + year,
            {},
        ),
        (
            "xlsx_export",
            "XLSX export: engagement by hub (NCETM)",
            ncetm,
            reverse("reports:network_download", args=["engagement_by_hub", "xlsx"]) + year,
            {},
        ),
        (
            "api_registrations",
            "API: 100 registrations (hub lead's token)",
            api,
            "/api/v1/registrations/?page_size=100",
            {},
        ),
    ]
    return listed


def sizes(people: dict) -> dict:
    return {
        "open_schools_served": sum(hub_schools(hub=hub).count() for hub in Hub.objects.all()),
        "work_groups_a_year": WorkGroup.objects.filter(academic_year=people["last"]).count(),
        "registrations": Registration.objects.count(),
        "attendance_marks": Attendance.objects.count(),
        "largest_hub_open_schools": hub_schools(hub=people["hub"]).count(),
        "typical_work_group_participants": people["group"].size,
    }


def near_me(people: dict, renders: int) -> dict | None:
    """Find near me, measured by ``benchmarks.find_near`` when that module is on main."""
    try:
        from benchmarks import find_near  # noqa: PLC0415 - optional: another issue's benchmark
    except ImportError:
        return None
    return find_near.measure(teacher=people["teacher"], renders=renders)


def vacuum() -> float:
    """``VACUUM (ANALYZE)`` the whole database, as autovacuum does to a deployment's database soon after a load: the
    pages are timed on a network in its steady state (planner statistics and visibility maps current: without the
    maps no index-only scan is possible), not one just written. Autovacuum may be off on a benchmark machine.
    Returns the seconds it took (not part of the seeding's time)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return round(time.perf_counter() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--seeded", action="store_true", help="the database already holds the network: time the pages only"
    )
    parser.add_argument("--only", default="", help="comma-separated page keys to time (default: every page)")
    args = parser.parse_args()
    setup_test_environment()  # the test client's response attributes; keeps settings as they are
    results = {"scale": args.scale, "pages": {}}
    if not args.seeded:
        started = time.perf_counter()
        seeded = seed_network(scale=args.scale, seed=1)
        results.update(seed_seconds=round(time.perf_counter() - started, 1), counts=seeded.counts)
        print(f"  {seeded.summary()}", flush=True)
        results["vacuum_seconds"] = vacuum()
    people = cast(timezone.now())
    only = {key for key in args.only.split(",") if key}
    for key, label, client, url, options in pages(people):
        if only and key not in only:
            continue
        figures = measure(client, url, args.renders, **options)
        results["pages"][key] = {"label": label, **figures}
        print(
            f"  {label:<56} {figures['median_ms']:>8.1f} ms  p95 {figures['p95_ms']:>8.1f}  {figures['queries']:>3} q",
            flush=True,
        )
    near = near_me(people, args.renders) if not only or "find_near" in only else None
    if near:
        results["pages"]["find_near"] = near
    results["sizes"] = sizes(people)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    sys.exit(main())
