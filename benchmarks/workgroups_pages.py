"""Work Group pages at the scale of a network year: query counts and times.

A network year (DESIGN.md): 40 hubs × 60 Work Groups × 15 teachers × 6 sessions, so ~2,400 Work
Groups, ~36,000 registrations, ~14,400 sessions, plus attendance for half of the sessions.

Run against a scratch database (created if missing, filled once):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp4_bench REDIS_URL=redis://127.0.0.1:6379/4 \\
      .venv/bin/python benchmarks/workgroups_pages.py

Prints, per page, the number of queries and the median of 5 timed requests (Django test client,
in-process: template and ORM cost, no HTTP server).
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hp4_bench")


def ensure_database():
    import psycopg2
    from environ import Env

    config = Env.db_url_config(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"], host=config["HOST"], port=config["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from hubs.models import Hub, HubArea  # noqa: E402
from schools.enums import EstablishmentStatus, Phase  # noqa: E402
from schools.models import LocalAuthority, Region, School  # noqa: E402
from workgroups import services  # noqa: E402
from workgroups.enums import RegistrationStatus, Strand, WorkGroupStatus  # noqa: E402
from workgroups.models import (  # noqa: E402
    AcademicYear,
    Attendance,
    NationalProject,
    Registration,
    Session,
    WorkGroup,
)

HUBS, GROUPS_PER_HUB, TEACHERS_PER_GROUP, SESSIONS = 40, 60, 15, 6


def populate():
    if WorkGroup.objects.count() >= HUBS * GROUPS_PER_HUB:
        return
    print("Filling the database with a network year (about a minute)…", flush=True)
    now = timezone.now()
    year, _ = AcademicYear.objects.get_or_create(start_year=AcademicYear.start_year_for(timezone.localdate()))
    region, _ = Region.objects.get_or_create(slug="bench", defaults={"name": "Bench region"})
    projects = [
        NationalProject.objects.get_or_create(
            code=f"NCP{year.start_year % 100:02d}-{n:02d}",
            defaults={
                "title": f"Project {n}",
                "phases": [Phase.PRIMARY],
                "strand": Strand.SCHOOL_IMPROVEMENT,
                "academic_year": year,
            },
        )[0]
        for n in range(1, 21)
    ]
    hubs = Hub.objects.bulk_create([Hub(name=f"Bench hub {h}", slug=f"bench-{h}", region=region) for h in range(HUBS)])
    las = LocalAuthority.objects.bulk_create(
        [LocalAuthority(code=f"B{h:03d}", name=f"Bench LA {h}", region=region) for h in range(HUBS)]
    )
    HubArea.objects.bulk_create([HubArea(hub=hub, local_authority=la) for hub, la in zip(hubs, las, strict=True)])
    schools = School.objects.bulk_create(
        [
            School(
                urn=800000 + i,
                name=f"Bench school {i}",
                phase=Phase.PRIMARY,
                status=EstablishmentStatus.OPEN,
                local_authority=las[i % HUBS],
            )
            for i in range(HUBS * 50)
        ]
    )
    groups = WorkGroup.objects.bulk_create(
        [
            WorkGroup(
                hub=hub,
                project=projects[g % 20],
                academic_year=year,
                code=f"BENCH-{h:02d}-{g:02d}",
                title=f"Bench group {h}-{g}",
                phase=Phase.PRIMARY,
                venue=f"Venue {g}",
                status=WorkGroupStatus.OPEN if g % 3 else WorkGroupStatus.RUNNING,
            )
            for h, hub in enumerate(hubs)
            for g in range(GROUPS_PER_HUB)
        ]
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                work_group=group,
                number=n,
                starts_at=now + datetime.timedelta(weeks=6 * n - 12),
                ends_at=now + datetime.timedelta(weeks=6 * n - 12, hours=2),
                venue=group.venue,
                task="Task",
            )
            for group in groups
            for n in range(1, SESSIONS + 1)
        ],
        batch_size=5000,
    )
    teachers = User.objects.bulk_create(
        [
            User(email=f"bench{i}@school.example", full_name=f"Bench Teacher {i}", password="!")
            for i in range(len(groups) * TEACHERS_PER_GROUP)
        ],
        batch_size=5000,
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                work_group=group,
                academic_year_id=group.academic_year_id,
                teacher=teachers[g * TEACHERS_PER_GROUP + t],
                school=schools[(g * 7 + t) % len(schools)],
                role_in_school="Teacher",
                headteacher_name="Head",
                headteacher_email="head@school.example",
                status=RegistrationStatus.APPROVED,
            )
            for g, group in enumerate(groups)
            for t in range(TEACHERS_PER_GROUP)
        ],
        batch_size=5000,
    )
    by_group = {}
    for session in sessions:
        by_group.setdefault(session.work_group_id, []).append(session)
    Attendance.objects.bulk_create(
        [
            Attendance(
                registration=r, session=s, status="present" if (r.pk + s.number) % 5 else "absent", recorded_at=now
            )
            for r in registrations
            for s in by_group[r.work_group_id][:3]
        ],
        batch_size=10000,
    )
    # One teacher in three groups, for My CPD.
    busy = teachers[0]
    for group in groups[1:3]:
        Registration.objects.create(
            work_group=group,
            academic_year_id=group.academic_year_id,
            teacher=busy,
            school=schools[0],
            role_in_school="Teacher",
            headteacher_name="Head",
            headteacher_email="head@school.example",
            status=RegistrationStatus.APPROVED,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(label, func, runs=5):
    func()  # warm
    with CaptureQueriesContext(connection) as ctx:
        func()
    queries = len(ctx)  # now: the next request resets the connection's query log
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<52} {queries:>4} queries {statistics.median(times):>8.1f} ms")


def main():
    setup_test_environment()
    # Keep one connection for the run, as production does with CONN_MAX_AGE (and so the query log survives).
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    populate()
    print(
        f"Work Groups {WorkGroup.objects.count()}, registrations {Registration.objects.count()}, "
        f"sessions {Session.objects.count()}, attendance {Attendance.objects.count()}"
    )
    client = Client()
    teacher = User.objects.get(email="bench0@school.example")
    group = WorkGroup.objects.get(code="BENCH-00-00")
    lead = User.objects.get(email="bench1@school.example")
    group.leads.add(lead)
    session = group.sessions.get(number=2)
    hub = group.hub
    from hubs.models import HubMembership

    manager = User.objects.get(email="bench2@school.example")
    HubMembership.objects.get_or_create(hub=hub, user=manager, role="lead")

    client.force_login(teacher)
    measure("find: first page, no filter", lambda: client.get(reverse("workgroups:find")))
    measure(
        "find: search 'group 1', page 2", lambda: client.get(reverse("workgroups:find"), {"q": "group 1", "page": 2})
    )
    measure("find: hub filter", lambda: client.get(reverse("workgroups:find"), {"hub": hub.pk}))
    measure("My CPD (3 Work Groups)", lambda: client.get(reverse("workgroups:my_cpd")))
    client.force_login(lead)
    measure("register page (15 participants)", lambda: client.get(reverse("workgroups:register", args=[session.pk])))
    participants = list(group.registrations.values_list("pk", flat=True))
    flip = {"n": 0}

    def save_register():
        flip["n"] += 1
        status = "present" if flip["n"] % 2 else "late"
        client.post(reverse("workgroups:register", args=[session.pk]), {f"r{pk}": status for pk in participants})

    measure(f"register save ({len(participants)} participants, all corrected)", save_register)
    client.force_login(manager)
    measure("hub Work Groups list (60 groups)", lambda: client.get(reverse("workgroups:hub_list", args=[hub.slug])))
    measure(
        "Work Group manage page (15 registrations)", lambda: client.get(reverse("workgroups:manage", args=[group.pk]))
    )

    start = time.perf_counter()
    done = services.registrations_evaluate_completion(work_group=WorkGroup.objects.get(code="BENCH-00-01"))
    print(
        f"{'completion of one group (15 participants)':<52} {'':>4}         {(time.perf_counter() - start) * 1000:>8.1f} ms ({done} completed)"
    )


if __name__ == "__main__":
    main()
