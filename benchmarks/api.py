"""Benchmark of the REST API's lists at network scale (DESIGN.md: a list of 100 registrations under 50 ms).

The data are those of ``benchmarks/reports.py`` (five years of ~2,400 Work Groups, ~36,000 registrations and
~200,000 attendance marks a year, written with COPY), generated into the same ``…_bench`` database with
``--generate``. Each list is read through the full Django stack (test client) with a real personal token, so
authentication, permission, filters, the count, the page, serialising and the ETag are all in the figure.
Reported: the median, fastest and slowest of ``--renders`` reads after one warm-up, and the number of queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp_api_bench .venv/bin/python benchmarks/api.py --generate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp_api_bench .venv/bin/python benchmarks/api.py  # measure again
"""

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hubs_portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.test")

# The reports benchmark's generator (a script, not a package: loaded from its file; it sets Django up).
_spec = importlib.util.spec_from_file_location("reports_benchmark", HERE / "reports.py")
data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(data)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from api.enums import TokenScope  # noqa: E402
from api.models import ApiToken  # noqa: E402
from api.services import api_token_create  # noqa: E402
from workgroups.models import Registration, WorkGroup  # noqa: E402


def client_for(email: str) -> Client:
    user = User.objects.get(email=email)
    ApiToken.objects.filter(user=user).delete()
    secret = api_token_create(user=user, name="Benchmark", scope=TokenScope.READ, lifetime_days=30).secret
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


def timed(client: Client, url: str, renders: int, **headers) -> tuple[float, float, float, int, int]:
    first = client.get(url, **headers)
    assert first.status_code in (200, 304), (url, first.status_code, first.content[:300])
    times, queries = [], 0
    for _ in range(renders):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    rows = len(response.json()["results"]) if response.status_code == 200 and response.content else 0
    return statistics.median(times), min(times), max(times), queries, rows


def measure(renders: int) -> dict:
    year = data.YEARS[-2]
    lead, ncetm = client_for("hublead@bench.example"), client_for("ncetm@bench.example")
    base = "/api/v1/registrations/?page_size=100"
    etag = ncetm.get(f"{base}&academic_year={year}")["ETag"]
    since = timezone.now().isoformat().replace("+00:00", "Z")
    return {
        "hub_lead_registrations_100": timed(lead, base, renders),
        "hub_lead_registrations_100_of_a_year": timed(lead, f"{base}&academic_year={year}", renders),
        "ncetm_registrations_100_of_a_year": timed(ncetm, f"{base}&academic_year={year}", renders),
        "ncetm_registrations_100_all_years": timed(ncetm, base, renders),
        "ncetm_registrations_100_page_1000": timed(ncetm, f"{base}&page=1000", renders),
        "ncetm_registrations_modified_since_now": timed(ncetm, f"{base}&modified_since={since}", renders),
        "ncetm_registrations_304": timed(ncetm, f"{base}&academic_year={year}", renders, HTTP_IF_NONE_MATCH=etag),
        "ncetm_work_groups_100_of_a_year": timed(
            ncetm, f"/api/v1/work-groups/?page_size=100&academic_year={year}", renders
        ),
        "hub_lead_attendance_100": timed(lead, "/api/v1/attendance/?page_size=100", renders),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generate", action="store_true", help="empty the benchmark database and generate data")
    parser.add_argument("--renders", type=int, default=15, help="reads per list (the median is reported)")
    args = parser.parse_args()
    data.ensure_database()
    if args.generate:
        data.empty_database()
    call_command("migrate", verbosity=0)
    if args.generate or not WorkGroup.objects.exists():
        data.empty_database()
        with transaction.atomic():
            counts = data.generate(random.Random(2026))
        print("generated:", json.dumps(counts))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    settings.API_THROTTLE_RATES = {"user": "100000/hour", "anon": "100000/hour"}
    print("load average before measuring:", os.getloadavg())
    print("registrations:", Registration.objects.count(), "work groups:", WorkGroup.objects.count())
    for name, (median, fastest, slowest, queries, rows) in measure(args.renders).items():
        print(
            f"{name:<42} median {median:7.1f} ms  (min {fastest:.1f}, max {slowest:.1f})  {queries} queries, {rows} rows"
        )
    print("load average after measuring:", os.getloadavg())


if __name__ == "__main__":
    main()
