import io

import pytest
from django.core.management import call_command
from django.db.models import F

from hubs.models import Hub
from mastery.enums import AccreditationStatus
from mastery.models import Accreditation, MasterySpecialist
from reports.models import ImpactSurveyQuestion, ImpactSurveyResponse
from reports.selectors import ReportFilters, engagement, participation
from workgroups.models import AcademicYear, Attendance, Registration, WorkGroup

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (WorkGroup, Registration, Attendance, ImpactSurveyResponse, MasterySpecialist, Accreditation)
    ]


def _demo():
    """What ``make run`` loads."""
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_network", "--demo", stdout=io.StringIO())


def test_demo_gives_every_hub_open_schools_and_figures_and_is_idempotent():
    _demo()
    first = _counts()
    _demo()

    assert _counts() == first
    assert AcademicYear.objects.count() == 5
    current, last_year = AcademicYear.objects.order_by("-start_year")[:2]
    hubs = set(Hub.objects.values_list("pk", flat=True))
    assert len(hubs) == 38
    for year in (last_year, current):
        by_hub = {row["key"]: row for row in engagement(ReportFilters(academic_year=year), by="hub")}
        assert set(by_hub) == hubs
        assert all(row["open_schools"] > 0 and 0 < row["participating_rate"] < 100 for row in by_hub.values())
        groups = {row["key"]: row for row in participation(ReportFilters(academic_year=year), by="hub")}
        assert set(groups) == hubs
        assert all(row["work_groups"] > 0 and row["teachers"] > 0 for row in groups.values())
    assert ImpactSurveyResponse.objects.filter(academic_year=last_year).exists()
    assert ImpactSurveyQuestion.objects.filter(academic_year=current).exists()
    # Every specialist has a PD Lead accreditation; the statuses a pair of NCETM staff's decisions lead to are there.
    assert not MasterySpecialist.objects.filter(accreditations__isnull=True).exists()
    statuses = set(Accreditation.objects.values_list("status", flat=True))
    assert {
        AccreditationStatus.NOT_STARTED,
        AccreditationStatus.IN_PROGRESS,
        AccreditationStatus.ACCREDITED,
    } <= statuses
    # The reports read a registration's year from its own copy: every demo registration carries its group's year.
    assert not Registration.objects.exclude(academic_year=F("work_group__academic_year")).exists()
