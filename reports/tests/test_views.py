import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from mastery.tests.factories import MasterySpecialistFactory
from reports.models import ImpactSurveyResponse
from schools.tests.factories import SchoolFactory, TrustFactory
from workgroups import services
from workgroups.enums import AttendanceStatus, RegistrationStatus
from workgroups.models import Attendance, Evaluation
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ncetm(client):
    client.force_login(UserFactory(is_ncetm_staff=True))
    return client


@pytest.fixture
def alpha_lead(client, engagement_network):
    user = HubMembershipFactory(hub=engagement_network.alpha, role=HubRole.LEAD).user
    client.force_login(user)
    return client


def _table_rows(response, key):
    """The rows of a report table as {row header: [cells]} from the page's HTML."""
    table = next(t for t in response.context["tables"] if t.key == key)
    return {row[0]: row[1:] for row in table.display_rows()}


def test_network_report_shows_every_hub_side_by_side(ncetm, engagement_network):
    net = engagement_network

    response = ncetm.get(reverse("reports:network"), {"year": net.year.pk})

    assert response.status_code == 200
    rows = _table_rows(response, "engagement_by_hub")
    assert rows["Alpha"][:3] == ["10", "7", "70.0%"]
    assert rows["Beta"][:3] == ["5", "1", "20.0%"]
    content = response.content.decode()
    assert "withdrawn, rejected, waitlisted and unanswered registrations do not count" in content
    assert 'id="chart-data-engagement_by_hub"' in content
    assert "vendor/chart.js/dist/chart.umd.js" in content
    assert "<caption" in content and 'scope="col"' in content


def test_network_report_filters_by_hub_and_phase(ncetm, engagement_network):
    net = engagement_network

    response = ncetm.get(reverse("reports:network"), {"year": net.year.pk, "hub": net.beta.pk})

    rows = _table_rows(response, "engagement_by_hub")
    assert set(rows) == {"Beta", "Network (all hubs in the selection)"}
    assert rows["Network (all hubs in the selection)"][:3] == ["5", "1", "20.0%"]


def test_network_report_rejects_a_project_of_another_year(ncetm, engagement_network):
    net = engagement_network
    old_project = NationalProjectFactory(academic_year=net.last_year)

    response = ncetm.get(reverse("reports:network"), {"year": net.year.pk, "project": old_project.pk})

    assert response.status_code == 200
    assert response.context["tables"] == []
    assert f"{old_project.code} is a project of 2023/24, not 2024/25." in response.content.decode()


@pytest.mark.parametrize("role", [HubRole.LEAD, HubRole.ADMINISTRATOR])
def test_network_report_is_refused_to_hub_staff(client, engagement_network, role):
    client.force_login(HubMembershipFactory(hub=engagement_network.alpha, role=role).user)

    assert client.get(reverse("reports:network")).status_code == 403
    assert client.get(reverse("reports:network_download", args=["trend", "csv"])).status_code == 403
    assert client.get(reverse("reports:network_registrations")).status_code == 403


def test_network_report_asks_anonymous_to_log_in(client):
    response = client.get(reverse("reports:network"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_hub_report_shows_own_hub_beside_the_network_only(alpha_lead, engagement_network):
    net = engagement_network

    response = alpha_lead.get(reverse("reports:hub", args=[net.alpha.slug]), {"year": net.year.pk})

    assert response.status_code == 200
    rows = _table_rows(response, "engagement_by_hub")
    assert rows == {
        "Alpha": ["10", "7", "70.0%", "3", "30.0%", "2", "1", "50.0%"],
        "Network": ["15", "8", "53.3%", "3", "20.0%", "2", "1", "50.0%"],
    }
    assert "Beta" not in response.content.decode()
    assert "engagement_by_region" not in {t.key for t in response.context["tables"]}


def test_trend_page_gives_every_year_held(ncetm, engagement_network):
    net = engagement_network

    response = ncetm.get(reverse("reports:network_trend"), {"year": net.year.pk})

    assert [t.key for t in response.context["tables"]] == ["trend"]
    rows = _table_rows(response, "trend")
    assert rows["2023/24"][0] == "13.3%"  # 2 of 15 open schools
    assert rows["2024/25"][0] == "53.3%"


def test_hub_report_lists_its_own_work_groups_with_their_figures(client, participation_network):
    net = participation_network
    client.force_login(HubMembershipFactory(hub=net.hub, role=HubRole.LEAD).user)
    other_hubs_group = WorkGroupFactory(academic_year=net.year, project=net.primary_project)

    response = client.get(reverse("reports:hub", args=[net.hub.slug]), {"year": net.year.pk})

    rows = _table_rows(response, "work_groups")
    finished = f"{net.finished.code} {net.finished.title}"
    assert rows[finished][2:] == ["4", "2", "75.0%", "75.0%"]
    assert rows[f"{net.running.code} {net.running.title}"][2:] == ["2", "2", "50.0%", "–"]
    assert not any(other_hubs_group.code in name for name in rows)


def test_network_report_has_no_single_hubs_work_groups(ncetm, engagement_network):
    response = ncetm.get(reverse("reports:network"), {"year": engagement_network.year.pk})

    assert "work_groups" not in {t.key for t in response.context["tables"]}
    assert ncetm.get(reverse("reports:network_download", args=["work_groups", "csv"])).status_code == 404


def test_hub_report_of_another_hub_is_not_found(alpha_lead, engagement_network):
    beta = engagement_network.beta

    assert alpha_lead.get(reverse("reports:hub", args=[beta.slug])).status_code == 404
    assert alpha_lead.get(reverse("reports:hub_download", args=[beta.slug, "trend", "csv"])).status_code == 404
    assert alpha_lead.get(reverse("reports:hub_registrations", args=[beta.slug])).status_code == 404
    assert alpha_lead.get(reverse("reports:hub_trend", args=[beta.slug])).status_code == 404
    assert alpha_lead.get(reverse("reports:hub", args=["no-such-hub"])).status_code == 404


def test_hub_report_is_open_to_national_readers(ncetm, engagement_network):
    response = ncetm.get(reverse("reports:hub", args=[engagement_network.beta.slug]))

    assert response.status_code == 200


def test_table_downloads_as_csv_with_the_figures(ncetm, engagement_network):
    net = engagement_network

    response = ncetm.get(reverse("reports:network_download", args=["engagement_by_hub", "csv"]), {"year": net.year.pk})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="engagement-by-hub-network-2024.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Hub", "Open schools", "Participating schools", "Participating (%)"]
    assert rows[1][:4] == ["Alpha", "10", "7", "70.0"]
    assert rows[-1][:4] == ["Network (all hubs in the selection)", "15", "8", "53.3"]


def test_table_downloads_as_xlsx_with_the_figures(ncetm, engagement_network):
    net = engagement_network

    response = ncetm.get(reverse("reports:network_download", args=["engagement_by_hub", "xlsx"]), {"year": net.year.pk})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Hub", "Open schools", "Participating schools")
    assert values[1][:4] == ("Alpha", 10, 7, 70.0)


def test_unknown_table_download_is_not_found(ncetm, engagement_network):
    response = ncetm.get(reverse("reports:network_download", args=["no_such_table", "csv"]))

    assert response.status_code == 404


def test_hub_download_leaves_out_the_region_table(alpha_lead, engagement_network):
    url = reverse("reports:hub_download", args=[engagement_network.alpha.slug, "engagement_by_region", "csv"])

    assert alpha_lead.get(url).status_code == 404


def _streamed_rows(response):
    assert response.streaming
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_registrations_export_streams_the_years_registrations_without_names(ncetm, engagement_network):
    net = engagement_network

    response = ncetm.get(reverse("reports:network_registrations"), {"year": net.year.pk})

    rows = _streamed_rows(response)
    assert rows[0][:3] == ["Academic year (start)", "Hub", "Work Group"]
    assert "Teacher e-mail" not in rows[0]
    # 2024/25 registrations of groups that ran: 14 in Alpha's and Beta's groups, not the draft's nor 2023/24's.
    assert len(rows) - 1 == 14
    assert {row[rows[0].index("Status")] for row in rows[1:]} >= {"approved", "withdrawn", "completed"}


def test_hub_registrations_export_names_its_own_people(alpha_lead, engagement_network):
    net = engagement_network

    response = alpha_lead.get(reverse("reports:hub_registrations", args=[net.alpha.slug]), {"year": net.year.pk})

    rows = _streamed_rows(response)
    assert "Teacher e-mail" in rows[0]
    assert {row[1] for row in rows[1:]} == {"Alpha"}
    assert len(rows) - 1 == 11


def test_registrations_export_defuses_spreadsheet_formulas(ncetm, engagement_network):
    net = engagement_network
    school = SchoolFactory(name="=HYPERLINK(evil)")
    RegistrationFactory(work_group=net.alpha.work_groups.first(), school=school, status=RegistrationStatus.APPROVED)

    rows = _streamed_rows(ncetm.get(reverse("reports:network_registrations"), {"year": net.year.pk}))

    assert "'=HYPERLINK(evil)" in {row[6] for row in rows}


# ---------------------------------------------------------------- query-count guards


def _grow(net, size: int):
    """Add ``size`` more hubs, each with schools, a Work Group, registrations, marks, evaluations, leads,
    survey answers and Mastery Specialists, to show each page's query count does not grow with the data."""
    for index in range(size):
        hub = net.alpha if index == 0 else HubFactory(region=net.north)
        area = HubAreaFactory(hub=hub)  # the first grows Alpha itself: its report must not run more queries
        project = NationalProjectFactory(academic_year=net.year)
        work_group = WorkGroupFactory(hub=hub, project=project, academic_year=net.year)
        session = SessionFactory(work_group=work_group, number=1, starts_at=work_group.created_at)
        work_group.leads.add(UserFactory(school=SchoolFactory(trust=TrustFactory())))
        for _ in range(3):
            school = SchoolFactory(local_authority=area.local_authority, percentage_fsm=40)
            registration = RegistrationFactory(
                work_group=work_group, school=school, status=RegistrationStatus.COMPLETED
            )
            Attendance.objects.create(registration=registration, session=session, status=AttendanceStatus.PRESENT)
            Evaluation.objects.create(registration=registration, overall=4, impact_on_practice=4)
            ImpactSurveyResponse.objects.create(
                school=school, academic_year=net.year, positive_impact=True, respondent_name="Head"
            )
        MasterySpecialistFactory(hub=hub, cohort__academic_year=net.year)
    work_group_figures_rebuild()
    open_school_counts_rebuild()


def _count_queries(client, url, params, consume=False):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if consume:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url_name", "hub_scoped", "streaming"),
    [
        ("reports:network", False, False),
        ("reports:hub", True, False),
        ("reports:network_trend", False, False),
        ("reports:hub_trend", True, False),
        ("reports:network_registrations", False, True),
        ("reports:hub_registrations", True, True),
    ],
)
def test_report_pages_run_a_fixed_number_of_queries(client, engagement_network, url_name, hub_scoped, streaming):
    net = engagement_network
    user = UserFactory(is_ncetm_staff=True)
    HubMembershipFactory(hub=net.alpha, user=user, role=HubRole.LEAD)
    client.force_login(user)
    url = reverse(url_name, args=[net.alpha.slug] if hub_scoped else [])
    params = {"year": net.year.pk}

    small = _count_queries(client, url, params, consume=streaming)
    _grow(net, 4)
    large = _count_queries(client, url, params, consume=streaming)

    assert small == large
    assert large <= 45


def test_table_download_runs_a_fixed_number_of_queries(ncetm, engagement_network):
    net = engagement_network
    url = reverse("reports:network_download", args=["participation_by_hub", "xlsx"])

    small = _count_queries(ncetm, url, {"year": net.year.pk})
    _grow(net, 3)
    large = _count_queries(ncetm, url, {"year": net.year.pk})

    assert small == large


def test_report_figures_move_at_once_when_a_registration_changes(ncetm, engagement_network):
    net = engagement_network
    url, params = reverse("reports:network"), {"year": net.year.pk}
    assert _table_rows(ncetm.get(url, params), "engagement_by_hub")["Alpha"][:3] == ["10", "7", "70.0%"]
    # Alpha's school 5 has one approved teacher: withdrawing takes the school out; approving another's brings one in.
    withdrawn = net.alpha_schools[5].registrations.get()
    services.registration_withdraw(registration=withdrawn)

    assert _table_rows(ncetm.get(url, params), "engagement_by_hub")["Alpha"][:3] == ["10", "6", "60.0%"]
    applied = net.alpha_schools[6].registrations.get(status=RegistrationStatus.APPLIED)
    services.registration_approve(registration=applied, actor=UserFactory(), override_reason="Head on leave")

    rows = _table_rows(ncetm.get(url, params), "engagement_by_hub")
    assert rows["Alpha"][:3] == ["10", "7", "70.0%"]
    assert "Figures calculated at" in ncetm.get(url, params).content.decode()


def test_report_figures_move_at_once_when_a_register_mark_changes(ncetm, participation_network):
    net = participation_network
    held = net.running.sessions.get(number=3)  # one present, one absent
    url, params = reverse("reports:network"), {"year": net.year.pk}
    assert _table_rows(ncetm.get(url, params), "participation_by_phase")["Secondary"][3] == "50.0%"
    marks = {r.pk: "present" for r in net.running.registrations.filter(status=RegistrationStatus.APPROVED)}

    services.attendance_record(session=held, marks=marks, recorded_by=UserFactory())

    assert _table_rows(ncetm.get(url, params), "participation_by_phase")["Secondary"][3] == "100.0%"
