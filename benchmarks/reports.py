"""Benchmark of the network reports on five years of network-scale data (DESIGN.md, "Scale to design for").

Generates, with PostgreSQL COPY into a separate benchmark database, ~40 hubs, 24,000 schools and per year ~2,400
Work Groups, ~36,000 registrations, ~14,000 sessions and ~200,000 attendance marks, for five academic years.
Then measures:

- the network dashboard for one year: median of several renders through the full Django stack (test client),
  with the number of queries, and the time each table takes;
- the hub report, and the number of queries of each report page;
- the streaming CSV export of a year's registrations: peak Python memory (tracemalloc) for a normal year and for
  a year four times larger (added in a transaction that is rolled back afterwards).

Usage (the database is created if missing; its name must end in "_bench", it is emptied on --generate):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp6_bench .venv/bin/python benchmarks/reports.py --generate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp6_bench .venv/bin/python benchmarks/reports.py  # measure again
"""

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hubs_portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from hubs.models import Hub, HubArea, HubMembership, SchoolHubOverride  # noqa: E402
from mastery.models import Cohort, MasterySpecialist  # noqa: E402
from reports import exports  # noqa: E402
from reports.models import ImpactSurveyResponse  # noqa: E402
from reports.selectors import ReportFilters  # noqa: E402
from reports.tables import TABLES, Report  # noqa: E402
from schools.models import LocalAuthority, Region, School, Trust  # noqa: E402
from workgroups.models import (  # noqa: E402
    AcademicYear,
    Attendance,
    Evaluation,
    NationalProject,
    Registration,
    Session,
    WorkGroup,
)

YEARS = [2022, 2023, 2024, 2025, 2026]
HUBS, REGIONS, LAS, SCHOOLS, TRUSTS = 40, 9, 152, 24_000, 1_500
GROUPS_PER_HUB, TEACHERS_PER_GROUP, SESSIONS_PER_GROUP, SCHOOLS_PER_GROUP = 60, 15, 6, 8
TEACHER_POOL, LEAD_POOL, PROJECTS_PER_YEAR = 60_000, 3_000, 30
NOW = datetime.datetime.now(datetime.UTC)


# ---------------------------------------------------------------- COPY


def _text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy(model, rows) -> int:
    """COPY ``rows`` (dicts of attnames) into ``model``'s table; unnamed columns get the field's default."""
    fields = [f for f in model._meta.concrete_fields]
    defaults = {}
    for f in fields:
        if f.has_default():
            defaults[f.attname] = f.get_default()
        elif isinstance(f, models.DateTimeField) and not f.null:
            defaults[f.attname] = NOW
        elif f.null:
            defaults[f.attname] = None
        else:
            defaults[f.attname] = ""
    buffer, count = io.StringIO(), 0
    for row in rows:
        buffer.write("\t".join(_text(row.get(f.attname, defaults[f.attname])) for f in fields))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN', buffer)
    return count


def reset_sequences(*models_):
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE((SELECT MAX(id) FROM \"{table}\"), 1))"
            )


# ---------------------------------------------------------------- data


def generate(rng: random.Random) -> dict:
    counts = {}
    started = time.perf_counter()
    counts["regions"] = copy(
        Region, ({"id": i, "name": f"Region {i}", "slug": f"region-{i}"} for i in range(1, REGIONS + 1))
    )
    counts["local_authorities"] = copy(
        LocalAuthority,
        (
            {"id": i, "code": str(800 + i), "name": f"Council {i}", "region_id": i % REGIONS + 1}
            for i in range(1, LAS + 1)
        ),
    )
    counts["trusts"] = copy(
        Trust, ({"id": i, "code": f"TR{i:05d}", "name": f"Trust {i}"} for i in range(1, TRUSTS + 1))
    )
    counts["hubs"] = copy(
        Hub,
        ({"id": h, "name": f"Hub {h}", "slug": f"hub-{h}", "region_id": h % REGIONS + 1} for h in range(1, HUBS + 1)),
    )
    la_hub = {la: (la - 1) % HUBS + 1 for la in range(1, LAS + 1)}
    copy(HubArea, ({"id": la, "hub_id": la_hub[la], "local_authority_id": la} for la in range(1, LAS + 1)))
    phases = ["primary"] * 14 + ["secondary"] * 3 + ["all_through", "nursery", "16_plus"]
    schools = []
    for s in range(1, SCHOOLS + 1):
        schools.append(
            {
                "id": s,
                "urn": 100000 + s,
                "name": f"School {s}",
                "phase": phases[s % len(phases)],
                "status": "closed" if s % 20 == 0 else "open",
                "local_authority_id": (s - 1) % LAS + 1,
                "trust_id": rng.randint(1, TRUSTS) if s % 5 < 2 else None,
                "percentage_fsm": round(rng.uniform(0, 60), 2),
                "number_of_pupils": rng.randint(50, 1500),
            }
        )
    counts["schools"] = copy(School, schools)
    overrides = [
        {"id": i, "school_id": s, "hub_id": rng.randint(1, HUBS)} for i, s in enumerate(range(7, SCHOOLS, 120), 1)
    ]
    copy(SchoolHubOverride, overrides)
    served = {s["id"]: la_hub[s["local_authority_id"]] for s in schools}
    served.update({o["school_id"]: o["hub_id"] for o in overrides})
    hub_schools: dict[int, list[int]] = {h: [] for h in range(1, HUBS + 1)}
    for s in schools:
        if s["status"] == "open":
            hub_schools[served[s["id"]]].append(s["id"])

    users = [
        {
            "id": u,
            "email": f"teacher{u}@bench.example",
            "full_name": f"Teacher {u}",
            "password": "!",
            "school_id": rng.randint(1, SCHOOLS),
        }
        for u in range(1, TEACHER_POOL + LEAD_POOL + 1)
    ]
    users.append(
        {
            "id": TEACHER_POOL + LEAD_POOL + 1,
            "email": "ncetm@bench.example",
            "full_name": "NCETM reader",
            "password": "!",
            "is_ncetm_staff": True,
        }
    )
    users.append(
        {"id": TEACHER_POOL + LEAD_POOL + 2, "email": "hublead@bench.example", "full_name": "Hub lead", "password": "!"}
    )
    counts["users"] = copy(User, users)
    copy(HubMembership, [{"id": 1, "hub_id": 1, "user_id": TEACHER_POOL + LEAD_POOL + 2, "role": "lead"}])
    counts["years"] = copy(AcademicYear, ({"id": i, "start_year": y} for i, y in enumerate(YEARS, 1)))

    projects, groups, leads, sessions, registrations, marks, evaluations, responses = [], [], [], [], [], [], [], []
    ids = {
        "project": 0,
        "group": 0,
        "lead": 0,
        "session": 0,
        "registration": 0,
        "mark": 0,
        "evaluation": 0,
        "response": 0,
    }
    statuses = ["present"] * 82 + ["late"] * 5 + ["absent"] * 6 + ["apologies"] * 7
    for year_id, start in enumerate(YEARS, 1):
        current = start == YEARS[-1]
        year_projects = []
        for n in range(1, PROJECTS_PER_YEAR + 1):
            ids["project"] += 1
            year_projects.append((ids["project"], "primary" if n % 3 else "secondary"))
            projects.append(
                {
                    "id": ids["project"],
                    "code": f"NCP{start % 100:02d}-{n:02d}",
                    "title": f"Project {n}",
                    "phases": ["primary"],
                    "strand": "school_improvement",
                    "academic_year_id": year_id,
                }
            )
        responded = set()
        for hub in range(1, HUBS + 1):
            for g in range(GROUPS_PER_HUB):
                ids["group"] += 1
                group = ids["group"]
                project_id, phase = year_projects[(hub + g) % PROJECTS_PER_YEAR]
                cancelled = g == GROUPS_PER_HUB - 1 and hub % 3 == 0
                status = "cancelled" if cancelled else ("running" if current else "completed")
                groups.append(
                    {
                        "id": group,
                        "code": f"WG{start}-{hub:02d}-{g:03d}",
                        "title": f"Work Group {g}",
                        "phase": phase,
                        "status": status,
                        "hub_id": hub,
                        "project_id": project_id,
                        "academic_year_id": year_id,
                    }
                )
                for k in range(1 + g % 2):
                    ids["lead"] += 1
                    leads.append(
                        {
                            "id": ids["lead"],
                            "workgroup_id": group,
                            "user_id": TEACHER_POOL + 1 + (group * 2 + k) % LEAD_POOL,
                        }
                    )
                group_sessions = []
                for number in range(1, SESSIONS_PER_GROUP + 1):
                    ids["session"] += 1
                    starts = datetime.datetime(start, 9, 20, 13, 30, tzinfo=datetime.UTC) + datetime.timedelta(
                        weeks=6 * number
                    )
                    held = starts <= NOW and not cancelled
                    sessions.append(
                        {
                            "id": ids["session"],
                            "work_group_id": group,
                            "number": number,
                            "starts_at": starts,
                            "ends_at": starts + datetime.timedelta(hours=2),
                            "status": "cancelled" if cancelled else "scheduled",
                        }
                    )
                    if held:
                        group_sessions.append(ids["session"])
                pool = hub_schools[hub]
                group_schools = [pool[rng.randrange(len(pool))] for _ in range(SCHOOLS_PER_GROUP)]
                for t in range(TEACHERS_PER_GROUP):
                    ids["registration"] += 1
                    registration = ids["registration"]
                    roll = rng.random()
                    if roll < 0.05:
                        reg_status = "withdrawn"
                    elif roll < 0.08:
                        reg_status = "waitlisted"
                    elif current or roll < 0.2:
                        reg_status = "approved"
                    else:
                        reg_status = "completed"
                    school = group_schools[t % SCHOOLS_PER_GROUP]
                    registrations.append(
                        {
                            "id": registration,
                            "work_group_id": group,
                            "academic_year_id": year_id,
                            "teacher_id": 1 + (group * TEACHERS_PER_GROUP + t) % TEACHER_POOL,
                            "school_id": school,
                            "role_in_school": "Class teacher",
                            "status": reg_status,
                            "headteacher_name": f"Head of {school}",
                            "headteacher_email": f"head{school}@bench.example",
                            "created_at": datetime.datetime(start, 7, 1, tzinfo=datetime.UTC),
                            "decided_at": datetime.datetime(start, 7, 15, tzinfo=datetime.UTC),
                        }
                    )
                    if reg_status in ("approved", "completed"):
                        for session in group_sessions:
                            ids["mark"] += 1
                            marks.append(
                                {
                                    "id": ids["mark"],
                                    "registration_id": registration,
                                    "session_id": session,
                                    "status": statuses[rng.randrange(100)],
                                }
                            )
                    if reg_status == "completed" and rng.random() < 0.6:
                        ids["evaluation"] += 1
                        evaluations.append(
                            {
                                "id": ids["evaluation"],
                                "registration_id": registration,
                                "overall": rng.randint(2, 5),
                                "impact_on_practice": rng.randint(2, 5),
                            }
                        )
                    if (
                        not current
                        and reg_status in ("approved", "completed")
                        and school not in responded
                        and rng.random() < 0.4
                    ):
                        responded.add(school)
                        ids["response"] += 1
                        responses.append(
                            {
                                "id": ids["response"],
                                "school_id": school,
                                "academic_year_id": year_id,
                                "positive_impact": rng.random() < 0.97,
                                "respondent_name": "Head",
                            }
                        )
    counts["projects"] = copy(NationalProject, projects)
    counts["work_groups"] = copy(WorkGroup, groups)
    counts["work_group_leads"] = copy(WorkGroup.leads.through, leads)
    counts["sessions"] = copy(Session, sessions)
    counts["registrations"] = copy(Registration, registrations)
    counts["attendance_marks"] = copy(Attendance, marks)
    counts["evaluations"] = copy(Evaluation, evaluations)
    counts["survey_responses"] = copy(ImpactSurveyResponse, responses)
    cohorts = {
        (year_id, phase): Cohort.objects.create(academic_year_id=year_id, phase=phase).pk
        for year_id in range(1, len(YEARS) + 1)
        for phase in ("primary", "secondary")
    }
    specialists = []
    for i in range(1, 1000 * len(YEARS) + 1):
        year_id = (i - 1) // 1000 + 1
        status = ["not_started", "in_progress", "accredited"][i % 3] if year_id < len(YEARS) else "not_started"
        specialists.append(
            {
                "id": i,
                "user_id": TEACHER_POOL + 1 + i % LEAD_POOL if i <= LEAD_POOL else 1 + i,
                "hub_id": i % HUBS + 1,
                "cohort_id": cohorts[(year_id, "primary" if i % 3 else "secondary")],
                "programme_year": min(3, len(YEARS) - year_id + 1),
                "accreditation_status": status,
                "accredited_on": datetime.date(YEARS[year_id - 1] + 2, 7, 1) if status == "accredited" else None,
            }
        )
    counts["mastery_specialists"] = copy(MasterySpecialist, specialists)
    reset_sequences(
        Region,
        LocalAuthority,
        Trust,
        Hub,
        HubArea,
        SchoolHubOverride,
        School,
        User,
        HubMembership,
        AcademicYear,
        NationalProject,
        WorkGroup,
        WorkGroup.leads.through,
        Session,
        Registration,
        Attendance,
        Evaluation,
        ImpactSurveyResponse,
        MasterySpecialist,
    )
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def empty_database():
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("django_migrations")]
        if tables:  # a database just created has none yet
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


def ensure_database():
    name = settings.DATABASES["default"]["NAME"]
    if not name.endswith("_bench"):
        sys.exit(f"Refusing to use database {name!r}: a benchmark database's name ends in _bench.")
    import psycopg2

    params = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
        password=params["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


# ---------------------------------------------------------------- measurements


def timed_get(client, url, params=None, renders=7):
    client.get(url, params)  # warm: connection, templates, caches
    times, queries = [], None
    for _ in range(renders):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        times.append(elapsed * 1000)
        queries = len(captured)
    return statistics.median(times), min(times), max(times), queries


def export_memory(filters) -> tuple[int, float, int]:
    """Rows, seconds and peak traced Python memory (KiB) of streaming the year's registrations CSV."""
    tracemalloc.start()
    started = time.perf_counter()
    rows = sum(1 for _ in exports.csv_lines(exports.registration_rows(filters, with_people=False))) - 1
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, elapsed, peak // 1024


def grow_year(year: AcademicYear, factor: int) -> None:
    """Add (factor - 1) more copies of ``year``'s registrations, each in a copy of its Work Groups."""
    groups = list(WorkGroup.objects.filter(academic_year=year).values())
    registrations = list(Registration.objects.filter(work_group__academic_year=year).values())
    next_group = WorkGroup.objects.order_by("-pk").values_list("pk", flat=True)[0]
    next_registration = Registration.objects.order_by("-pk").values_list("pk", flat=True)[0]
    for copy_number in range(1, factor):
        offset = next_group * copy_number
        copy(WorkGroup, ({**g, "id": g["id"] + offset, "code": f"{g['code']}-x{copy_number}"} for g in groups))
        copy(
            Registration,
            (
                {**r, "id": r["id"] + next_registration * copy_number, "work_group_id": r["work_group_id"] + offset}
                for r in registrations
            ),
        )


def measure(renders: int) -> dict:
    results = {}
    year = AcademicYear.objects.get(start_year=YEARS[-2])
    client = Client()
    client.force_login(User.objects.get(email="ncetm@bench.example"))
    url = reverse("reports:network")
    # Cold: every render recalculates every figure (the cache off), the worst case a reader meets.
    settings.REPORTS_CACHE_SECONDS = 0
    results["network_dashboard_ms"] = timed_get(client, url, {"year": year.pk}, renders)
    results["network_dashboard_current_year_ms"] = timed_get(
        client, url, {"year": AcademicYear.objects.get(start_year=YEARS[-1]).pk}, renders
    )
    results["network_dashboard_one_region_ms"] = timed_get(client, url, {"year": year.pk, "region": 1}, renders)
    lead = Client()
    lead.force_login(User.objects.get(email="hublead@bench.example"))
    results["hub_report_ms"] = timed_get(lead, reverse("reports:hub", args=["hub-1"]), {"year": year.pk}, renders)
    results["network_trend_ms"] = timed_get(client, reverse("reports:network_trend"), {"year": year.pk}, renders)
    settings.REPORTS_CACHE_SECONDS = 300
    results["network_dashboard_cached_ms"] = timed_get(client, url, {"year": year.pk}, renders)
    settings.REPORTS_CACHE_SECONDS = 0
    results["table_download_xlsx_ms"] = timed_get(
        client, reverse("reports:network_download", args=["engagement_by_hub", "xlsx"]), {"year": year.pk}, renders
    )
    # Each table alone (selectors and formatting, no template), median of the renders.
    report_filters = ReportFilters(academic_year=year)
    per_table = {}
    for key in (key for key in TABLES if Report(report_filters).shows(key)):
        times = []
        for _ in range(max(3, renders // 2)):
            started = time.perf_counter()
            Report(report_filters).table(key)
            times.append((time.perf_counter() - started) * 1000)
        per_table[key] = round(statistics.median(times), 1)
    results["per_table_ms"] = per_table
    results["export_one_year"] = export_memory(report_filters)
    with transaction.atomic():
        grow_year(year, 4)
        results["export_four_times_the_year"] = export_memory(report_filters)
        transaction.set_rollback(True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generate", action="store_true", help="empty the benchmark database and generate data")
    parser.add_argument("--renders", type=int, default=9, help="renders per page (the median is reported)")
    args = parser.parse_args()
    ensure_database()
    if args.generate:
        empty_database()  # first: a migration adding a required column applies only to empty tables
    call_command("migrate", verbosity=0)
    if args.generate or not WorkGroup.objects.exists():
        empty_database()
        with transaction.atomic():
            counts = generate(random.Random(2026))
        print("generated:", json.dumps(counts))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics (the export measurement adds rows then rolls back)
    print("load average before measuring:", os.getloadavg())
    print(
        "data:",
        json.dumps(
            {
                "schools": School.objects.count(),
                "work_groups_per_year": WorkGroup.objects.filter(academic_year__start_year=YEARS[-2]).count(),
                "registrations_per_year": Registration.objects.filter(
                    work_group__academic_year__start_year=YEARS[-2]
                ).count(),
                "sessions_per_year": Session.objects.filter(work_group__academic_year__start_year=YEARS[-2]).count(),
                "attendance_per_year": Attendance.objects.filter(
                    session__work_group__academic_year__start_year=YEARS[-2]
                ).count(),
                "attendance_total": Attendance.objects.count(),
            }
        ),
    )
    results = measure(args.renders)
    print("load average after measuring:", os.getloadavg())
    for name, value in results.items():
        if name.endswith("_ms") and isinstance(value, tuple):
            median, fastest, slowest, queries = value
            print(f"{name:<40} median {median:7.1f} ms  (min {fastest:.1f}, max {slowest:.1f})  {queries} queries")
        elif name.startswith("export"):
            rows, seconds, peak = value
            print(f"{name:<40} {rows:>7} rows  {seconds:5.2f} s  peak Python memory {peak:,} KiB")
        else:
            print(f"{name:<40} {json.dumps(value)}")


if __name__ == "__main__":
    main()
