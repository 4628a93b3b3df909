"""Benchmark the hub dashboard for a hub of 1,500 schools: queries and median time of a full request.

Usage (PostgreSQL, from the repository root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp3 .venv/bin/python benchmarks/hub_dashboard.py

Works in the benchmark database (DATABASE_URL's name + "_bench", shared with gias_import.py,
whose 50,000 schools make a realistic register around the hub). Creates, once, a hub whose two
local authorities hold 1,500 open schools, a third of them engaged this year, then times
requests through Django's test client (middleware, session, permission checks, template) with a
warm connection: the first page, a filtered page, a search and the CSV export, and the profile's
national school search (every open school in the register). Target: < 150 ms median for the first page.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SCHOOLS = 1500
RUNS = 30


def seed():
    from accounts.models import User
    from hubs.enums import HubRole
    from hubs.models import Hub, HubArea, HubMembership
    from schools.enums import EstablishmentStatus, Phase
    from schools.models import LocalAuthority, School, Trust
    from workgroups.enums import RegistrationStatus
    from workgroups.models import AcademicYear, NationalProject, Registration, WorkGroup

    hub, _ = Hub.objects.get_or_create(slug="bench-hub", defaults={"name": "Bench Hub"})
    lead, _ = User.objects.get_or_create(email="bench-lead@example.com", defaults={"full_name": "Bench Lead"})
    HubMembership.objects.get_or_create(hub=hub, user=lead, role=HubRole.LEAD)
    if School.objects.filter(local_authority__hub_area__hub=hub).count() >= SCHOOLS:
        return hub, lead
    las = []
    for code in ("BENCH1", "BENCH2"):
        la, _ = LocalAuthority.objects.get_or_create(code=code, defaults={"name": f"Benchshire {code[-1]}"})
        HubArea.objects.get_or_create(local_authority=la, defaults={"hub": hub})
        las.append(la)
    trusts = [Trust.objects.get_or_create(code=f"BT{n}", defaults={"name": f"Bench Trust {n}"})[0] for n in range(30)]
    phases = [Phase.PRIMARY] * 5 + [Phase.SECONDARY, Phase.NURSERY, Phase.ALL_THROUGH]
    schools = School.objects.bulk_create(
        School(
            urn=9_000_000 + n,
            name=f"Bench School {n:04d}, St Mary's",
            phase=phases[n % len(phases)],
            type_name="Academy converter",
            status=EstablishmentStatus.OPEN,
            local_authority=las[n % 2],
            trust=trusts[n % 30] if n % 3 else None,
            postcode=f"BE{n % 99} {n % 9}AA",
            number_of_pupils=200 + n % 1200,
            percentage_fsm=n % 60 + 0.5,
        )
        for n in range(SCHOOLS)
    )
    year, _ = AcademicYear.objects.get_or_create(start_year=AcademicYear.start_year_for(datetime.date.today()))
    project, _ = NationalProject.objects.get_or_create(
        code="NCP99-01", defaults={"title": "Bench project", "strand": "school_improvement", "academic_year": year}
    )
    work_group, _ = WorkGroup.objects.get_or_create(
        code="BENCH-WG",
        defaults={"hub": hub, "project": project, "academic_year": year, "title": "Bench", "phase": Phase.PRIMARY},
    )
    teachers = User.objects.bulk_create(
        User(email=f"bench-teacher-{n}@example.com", full_name=f"Teacher {n}") for n in range(SCHOOLS // 3)
    )
    Registration.objects.bulk_create(
        Registration(
            work_group=work_group,
            academic_year_id=work_group.academic_year_id,
            teacher=teacher,
            school=schools[n * 3],
            role_in_school="Teacher",
            status=RegistrationStatus.APPROVED,
            headteacher_name="Head",
            headteacher_email="head@example.com",
        )
        for n, teacher in enumerate(teachers)
    )
    return hub, lead


def measure(client, url, params=None, stream=False):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url, params or {})
        if stream:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if stream:
            b"".join(response.streaming_content)
    return statistics.median(times), len(queries)


def main():
    from gias_import import ensure_bench_database

    url = ensure_bench_database()
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="hubs_portal.settings.local", DEBUG="0", SECRET_KEY="benchmark-only"
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=os.environ, check=True)
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from hubs.selectors import hub_schools
    from schools.models import School

    setup_test_environment()
    hub, lead = seed()
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
        cursor.execute("ANALYZE")
    print(f"hub {hub.slug}: {hub_schools(hub=hub).count()} open schools; register {School.objects.count()} schools")
    client = Client()
    client.force_login(lead)
    dashboard = reverse("hubs:dashboard", args=[hub.slug])
    for label, target, params, stream in (
        ("dashboard, first page", dashboard, None, False),
        ("dashboard, page 20", dashboard, {"page": 20}, False),
        ("dashboard, primary + engaged", dashboard, {"phase": "primary", "engaged": "yes"}, False),
        ("dashboard, search 'St Mary'", dashboard, {"q": "St Mary"}, False),
        ("CSV export, 1,500 rows", reverse("hubs:schools_csv", args=[hub.slug]), None, True),
        ("profile school search 'oakfield'", reverse("schools:search"), {"q": "oakfield"}, False),
        ("profile school search 'AB12 3'", reverse("schools:search"), {"q": "AB12 3"}, False),
    ):
        median, queries = measure(client, target, params, stream)
        print(f"{label:<32} median {median:6.1f} ms over {RUNS} requests, {queries} queries")


if __name__ == "__main__":
    main()
