import datetime
import hashlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q

from hubs.models import Hub
from hubs.seeding import seed_network
from mastery.enums import HOLDS_ACCREDITATION, AccreditationKind, AccreditationStatus
from mastery.models import Accreditation, MasterySpecialist
from reports.models import ImpactSurveyResponse
from reports.selectors import ReportFilters, engagement
from schools.models import LocalAuthority, School
from workgroups.enums import Format, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import AcademicYear, Attendance, Registration, Session, WorkGroup

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


def _fingerprint() -> str:
    """The seeded network by natural keys (ids differ between runs: sequences move on)."""
    digest = hashlib.sha256()
    for row in School.objects.order_by("urn").values_list("urn", "name", "phase", "status", "local_authority__code"):
        digest.update(repr(row).encode())
    for row in Registration.objects.order_by("work_group__code", "teacher__email").values_list(
        "work_group__code", "teacher__email", "school__urn", "status"
    ):
        digest.update(repr(row).encode())
    for row in Attendance.objects.values_list("status").annotate(n=Count("pk")).order_by("status"):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _seed_and_forget(seed: int) -> str:
    with transaction.atomic():
        seed_network(scale=0.02, seed=seed, now=NOW)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_seed_network_is_deterministic_for_a_seed():
    first, again, other = _seed_and_forget(7), _seed_and_forget(7), _seed_and_forget(8)

    assert first == again
    assert first != other


@pytest.fixture
def network():
    return seed_network(scale=0.1, seed=1, now=NOW)


def test_seed_network_engagement_is_near_the_published_figures(network):
    rates = {}
    for start_year in (2023, 2024):
        (row,) = engagement(ReportFilters(academic_year=AcademicYear.objects.get(start_year=start_year)), by=None)
        rates[start_year] = row

    # 58 % in 2023/24 and 61 % in 2024/25 (the programme's annual report); completions a little lower (the DfE).
    assert 55 <= rates[2023]["participating_rate"] <= 61
    assert 58 <= rates[2024]["participating_rate"] <= 64
    assert rates[2023]["participating_rate"] < rates[2024]["participating_rate"]
    assert rates[2024]["participating_rate"] - 6 <= rates[2024]["completed_rate"] < rates[2024]["participating_rate"]
    hubs = engagement(ReportFilters(academic_year=AcademicYear.objects.get(start_year=2024)), by="hub")
    assert len(hubs) == Hub.objects.count() == 38
    assert all(row["open_schools"] > 0 and 25 <= row["participating_rate"] <= 85 for row in hubs)


def test_seed_network_has_the_size_and_shape_of_the_network_at_its_scale(network):
    assert 2_300 <= School.objects.open().count() <= 2_500  # 24,000 at scale 1.0
    assert School.objects.exclude(pk__in=School.objects.open()).exists()  # closed ones too
    assert AcademicYear.objects.count() == 5
    last_year = AcademicYear.objects.get(start_year=2025)
    assert (
        200 <= WorkGroup.objects.filter(academic_year=last_year).count() <= 320
    )  # ~2,400 at scale 1.0 (small scales: more, smaller groups)
    assert 3_000 <= Registration.objects.filter(academic_year=last_year).count() <= 4_200  # ~36,000
    assert 1_000 <= Session.objects.filter(work_group__academic_year=last_year).count() <= 1_600  # ~14,000
    assert 14_000 <= Attendance.objects.filter(registration__academic_year=last_year).count() <= 22_000  # ~200,000
    assert 80 <= MasterySpecialist.objects.filter(cohort__academic_year__start_year__gte=2024).count() <= 140  # ~1,000
    responses = ImpactSurveyResponse.objects.filter(academic_year=last_year)
    assert 0.95 <= responses.filter(positive_impact=True).count() / responses.count() <= 1  # about 98 %


def test_seed_network_gives_specialists_accreditations_shaped_by_their_cohorts_age(network):
    specialists = MasterySpecialist.objects.count()
    pd_lead = Accreditation.objects.filter(kind=AccreditationKind.PD_LEAD)
    # One PD Lead accreditation each, in the cohort's phase; a few School Development Leads (no phase).
    assert pd_lead.count() == specialists
    assert not pd_lead.exclude(phase=F("specialist__cohort__phase")).exists()  # primary, secondary: the same values
    sdl = Accreditation.objects.filter(kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD)
    assert 0 < sdl.count() < specialists * 0.15 and not sdl.filter(phase__isnull=False).exists()
    # No one is accredited in year 1 (training); the cohort two years old has begun to be; every status is there.
    by_year = dict(
        pd_lead.values_list("specialist__cohort__academic_year__start_year")
        .annotate(n=Count("pk", filter=Q(status__in=HOLDS_ACCREDITATION)))
        .order_by()
    )
    assert by_year[2026] == by_year[2025] == 0 and 0 < by_year[2024] <= by_year[2023]
    assert set(Accreditation.objects.values_list("status", flat=True)) == set(AccreditationStatus.values)
    # Each accreditation's history ends at its status; each accredited one is due three years on.
    for accreditation in Accreditation.objects.prefetch_related("events"):
        events = list(accreditation.events.all())
        assert (events[-1].to_status if events else AccreditationStatus.NOT_STARTED) == accreditation.status
        assert all(e.on <= NOW.date() for e in events)
        if accreditation.accredited_on:
            assert accreditation.reregistration_due_on == accreditation.accredited_on.replace(
                year=accreditation.accredited_on.year + 3
            )


def test_seed_network_places_schools_and_venues_on_the_grid_near_their_hub(network):
    assert not School.objects.filter(Q(easting__isnull=True) | Q(northing__isnull=True)).exists()
    placed = WorkGroup.objects.exclude(format=Format.ONLINE)
    assert placed.exists() and not placed.filter(venue_school__isnull=True).exists()
    assert not WorkGroup.objects.filter(format=Format.ONLINE, venue_school__isnull=False).exists()
    spread = School.objects.aggregate(east=Max("easting") - Min("easting"))["east"]
    assert 200_000 <= spread <= 450_000


def test_seed_network_work_groups_are_shaped_like_their_projects(network):
    engaged = Q(registrations__status__in=(RegistrationStatus.APPROVED, RegistrationStatus.COMPLETED))
    groups = (
        WorkGroup.objects.exclude(status__in=(WorkGroupStatus.DRAFT, WorkGroupStatus.CANCELLED))
        .annotate(
            schools=Count("registrations__school", filter=engaged, distinct=True),
            places=Count("registrations", filter=engaged, distinct=True),
            sessions_held=Count("sessions", distinct=True),
        )
        .values("project__title", "project__is_teaching_for_mastery", "schools", "places", "sessions_held")
    )
    tfm = [g for g in groups if g["project__is_teaching_for_mastery"]]
    mastering_number = [g for g in groups if g["project__title"].startswith("Mastering Number")]
    assert tfm and mastering_number
    # Teaching for Mastery: 6-7 schools × 2 teachers, meeting half-termly (a hub's schools do not always divide
    # into sevens, and a small hub's group is smaller).
    sizes = sorted(g["schools"] for g in tfm)
    assert sizes[len(sizes) // 2] in (6, 7)
    assert sum(1 for size in sizes if 5 <= size <= 8) >= 0.9 * len(sizes)
    assert all(g["sessions_held"] == 6 and g["places"] <= 2 * g["schools"] for g in tfm)
    # Mastering Number: up to 40 schools × 3 teachers.
    assert all(g["schools"] <= 40 and g["places"] <= 3 * g["schools"] for g in mastering_number)
    assert all(3 <= g["sessions_held"] <= 7 for g in groups)
    statuses = set(WorkGroup.objects.values_list("status", flat=True))
    assert {WorkGroupStatus.OPEN, WorkGroupStatus.RUNNING, WorkGroupStatus.COMPLETED} <= statuses
    assert Session.objects.filter(status=SessionStatus.CANCELLED).exists()


def test_seed_network_leaves_a_seeded_database_as_it_is():
    seed_network(scale=0.02, seed=3, now=NOW)
    counts = [m.objects.count() for m in (School, LocalAuthority, Registration, Attendance)]
    out = StringIO()

    call_command("seed_network", "--scale", "0.1", stdout=out)

    assert [m.objects.count() for m in (School, LocalAuthority, Registration, Attendance)] == counts
    assert "already seeded" in out.getvalue()


def test_seed_network_refuses_a_scale_out_of_range():
    with pytest.raises(CommandError, match="scale"):
        call_command("seed_network", "--scale", "0", stdout=StringIO())
    assert not School.objects.exists()


def test_demo_network_loads_on_sqlite(tmp_path):
    """``make run``'s path: SQLite, no Redis, the demo logins then the demo network; every hub gets figures."""
    root = Path(__file__).resolve().parents[2]
    env = {
        key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
    }
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", PORTAL_VAR_DIR=str(tmp_path / "var"))
    manage = [sys.executable, str(root / "manage.py")]
    for command in (["migrate", "-v0"], ["seed_demo"], ["seed_network", "--demo"]):
        subprocess.run(manage + command, cwd=root, env=env, check=True, capture_output=True, text=True, timeout=600)
    check = (
        "from reports.selectors import ReportFilters, engagement; from workgroups.models import AcademicYear; "
        "year = AcademicYear.objects.order_by('-start_year')[1]; "
        "rows = engagement(ReportFilters(academic_year=year), by='hub'); "
        "print(len(rows), sum(1 for r in rows if r['open_schools'] and r['participating_schools']))"
    )
    out = subprocess.run(manage + ["shell", "-c", check], cwd=root, env=env, check=True, capture_output=True, text=True)

    assert out.stdout.strip().splitlines()[-1].split() == ["38", "38"]
