"""Benchmark of the REST API's lists at network scale (DESIGN.md: a list of 100 registrations under 50 ms).

The data are ``seed_network --scale S`` (scale 1.0: the real network's size, five academic years of ~2,400 Work
Groups, ~36,000 registrations and ~200,000 attendance marks each), written into a ``…_bench`` database with
``--generate``. Each list is read through the full Django stack (test client) with a real personal token, so
authentication, the rules, filters, the count, the page, serialising and the ETag are all in the figure.
Reported: the median, fastest and slowest of ``--renders`` reads after one warm-up, and the number of queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp_api_bench .venv/bin/python benchmarks/api.py --generate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp_api_bench .venv/bin/python benchmarks/api.py  # measure again
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hubs_portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.test")

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from api.enums import TokenScope  # noqa: E402
from api.models import ApiToken  # noqa: E402
from api.services import api_token_create  # noqa: E402
from hubs.enums import HubRole  # noqa: E402
from hubs.models import HubMembership  # noqa: E402
from workgroups.models import AcademicYear, Registration, WorkGroup  # noqa: E402


def recreate_database() -> None:
    """Drop and create the benchmark database (its name must end in _bench), then migrate it."""
    params = settings.DATABASES["default"]
    name = params["NAME"]
    if not name.endswith("_bench"):
        sys.exit(f"Refusing to use database {name!r}: a benchmark database's name ends in _bench.")
    connection.close()
    admin = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
        password=params["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    call_command("migrate", verbosity=0)


def client_for(user: User) -> Client:
    ApiToken.objects.filter(user=user, name="Benchmark").delete()
    secret = api_token_create(user=user, name="Benchmark", scope=TokenScope.READ, lifetime_days=30).secret
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


def timed(client: Client, url: str, renders: int, **headers) -> tuple[float, float, float, float, int, int]:
    """Median, fastest and slowest wall-clock ms; the median ms of this process's own CPU (the Python side alone:
    on a machine shared with other work the wall clock also counts the waits for a core); queries; rows."""
    first = client.get(url, **headers)
    assert first.status_code in (200, 304), (url, first.status_code, first.content[:300])
    times, cpu, queries = [], [], 0
    for _ in range(renders):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries = len(captured)
    rows = len(response.json()["results"]) if response.status_code == 200 else 0
    return statistics.median(times), min(times), max(times), statistics.median(cpu), queries, rows


def measure(renders: int) -> dict:
    year = AcademicYear.objects.filter(work_groups__isnull=False).order_by("-start_year").first().start_year - 1
    lead_membership = (
        HubMembership.objects.filter(role=HubRole.LEAD).select_related("user", "hub").order_by("hub__name").first()
    )
    ncetm, _ = User.objects.get_or_create(
        email="ncetm@bench.example", defaults={"full_name": "NCETM staff", "is_ncetm_staff": True}
    )
    lead, network = client_for(lead_membership.user), client_for(ncetm)
    base = "/api/v1/registrations/?page_size=100"
    etag = network.get(f"{base}&academic_year={year}")["ETag"]
    since = timezone.now().isoformat().replace("+00:00", "Z")
    print(f"hub lead of {lead_membership.hub.name}; academic year {year}")
    return {
        "hub_lead_registrations_100": timed(lead, base, renders),
        "hub_lead_registrations_100_of_a_year": timed(lead, f"{base}&academic_year={year}", renders),
        "ncetm_registrations_100_of_a_year": timed(network, f"{base}&academic_year={year}", renders),
        "ncetm_registrations_100_all_years": timed(network, base, renders),
        "ncetm_registrations_100_page_1000": timed(network, f"{base}&page=1000", renders),
        "ncetm_registrations_modified_since_now": timed(network, f"{base}&modified_since={since}", renders),
        "ncetm_registrations_304": timed(network, f"{base}&academic_year={year}", renders, HTTP_IF_NONE_MATCH=etag),
        "ncetm_work_groups_100_of_a_year": timed(
            network, f"/api/v1/work-groups/?page_size=100&academic_year={year}", renders
        ),
        "hub_lead_attendance_100": timed(lead, "/api/v1/attendance/?page_size=100", renders),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generate", action="store_true", help="recreate the benchmark database and seed it")
    parser.add_argument("--scale", type=float, default=1.0, help="seed_network's scale (1.0: the real network)")
    parser.add_argument("--renders", type=int, default=15, help="reads per list (the median is reported)")
    args = parser.parse_args()
    if args.generate:
        recreate_database()
        started = time.perf_counter()
        call_command("seed_network", scale=args.scale, seed=1)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    settings.API_THROTTLE_RATES = {"user": "1000000/hour", "anon": "1000000/hour"}
    print("load average before measuring:", os.getloadavg())
    print("registrations:", Registration.objects.count(), "work groups:", WorkGroup.objects.count())
    for name, (median, fastest, slowest, cpu, queries, rows) in measure(args.renders).items():
        print(
            f"{name:<42} median {median:7.1f} ms  (min {fastest:.1f}, max {slowest:.1f}; Python CPU {cpu:.1f})"
            f"  {queries} queries, {rows} rows"
        )
    print("load average after measuring:", os.getloadavg())


if __name__ == "__main__":
    main()
