import io

import pytest
from django.core.management import call_command
from django.db.models import F

from mastery.models import MasterySpecialist
from reports.models import ImpactSurveyResponse
from reports.selectors import ReportFilters, engagement
from workgroups.models import AcademicYear, Attendance, Registration, WorkGroup

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (WorkGroup, Registration, Attendance, ImpactSurveyResponse, MasterySpecialist)]


def test_seed_demo_gives_the_reports_figures_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == first
    assert AcademicYear.objects.count() == 3
    last_year = AcademicYear.objects.order_by("-start_year")[1]
    rows = {row["key"]: row for row in engagement(ReportFilters(academic_year=last_year), by="hub")}
    assert all(0 < row["participating_rate"] < 100 for row in rows.values())
    assert ImpactSurveyResponse.objects.filter(academic_year=last_year).exists()
    assert MasterySpecialist.objects.filter(accreditation_status="accredited").exists()
    # The reports read a registration's year from its own copy: every demo registration carries its group's year.
    assert not Registration.objects.exclude(academic_year=F("work_group__academic_year")).exists()
