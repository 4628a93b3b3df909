"""The Mastery Specialists report pages: figures on a known network, scoping, downloads, fixed query counts."""

import csv
import datetime
import io
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from mastery.enums import AccreditationPhase, AccreditationStatus
from mastery.tests.factories import AccreditationFactory, CohortFactory, MasterySpecialistFactory
from reports import selectors
from reports.pages import page_tables
from reports.selectors import ReportFilters
from reports.tables import HUB, NETWORK, Report
from schools.enums import Phase
from schools.tests.factories import RegionFactory
from workgroups.tests.factories import AcademicYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist_network():
    """Selected year 2024/25. Alpha (North): 2023 primary cohort, years 2 and 3; 2024 primary, three in year 1;
    2024 secondary, one in year 1. Beta (South): 2023 primary, one in year 2; 2024 secondary, two in year 1.
    Gamma (North) has none. Not counted: Alpha's specialist of the 2025 cohort (starts after the year).
    Accreditation: see below."""
    year = AcademicYearFactory(start_year=2024)
    years = {start: AcademicYearFactory(start_year=start) for start in (2023, 2025)} | {2024: year}
    north, south = RegionFactory(name="North", slug="north"), RegionFactory(name="South", slug="south")
    alpha = HubFactory(name="Alpha", slug="alpha", region=north)
    beta = HubFactory(name="Beta", slug="beta", region=south)
    gamma = HubFactory(name="Gamma", slug="gamma", region=north)
    cohorts = {
        (start, phase): CohortFactory(academic_year=years[start], phase=phase)
        for start, phase in [(2023, Phase.PRIMARY), (2024, Phase.PRIMARY), (2024, Phase.SECONDARY), (2025, Phase.PRIMARY)]
    }
    made = {}
    for hub, start, phase, programme_years in [
        (alpha, 2023, Phase.PRIMARY, [2, 3]),
        (alpha, 2024, Phase.PRIMARY, [1, 1, 1]),
        (alpha, 2024, Phase.SECONDARY, [1]),
        (alpha, 2025, Phase.PRIMARY, [1]),
        (beta, 2023, Phase.PRIMARY, [2]),
        (beta, 2024, Phase.SECONDARY, [1, 1]),
    ]:
        made[hub.slug, start, phase] = [
            MasterySpecialistFactory(hub=hub, cohort=cohorts[(start, phase)], programme_year=programme_year)
            for programme_year in programme_years
        ]
    # PD Lead standings. Alpha 2023: one accredited (and in progress in a second phase: counted once, accredited),
    # one with re-registration due; Alpha 2024 primary: one in progress, one with a not-started row; Beta 2023:
    # lapsed; the 2025 specialist accredited (not counted: after the year). Everyone else has no row: not started.
    S = AccreditationStatus
    first, second = made["alpha", 2023, Phase.PRIMARY]
    AccreditationFactory(specialist=first, status=S.ACCREDITED, accredited_on=datetime.date(2024, 7, 1))
    AccreditationFactory(specialist=first, phase=AccreditationPhase.SECONDARY, status=S.IN_PROGRESS)
    AccreditationFactory(specialist=second, status=S.REREGISTRATION_DUE, accredited_on=datetime.date(2021, 7, 1))
    AccreditationFactory(specialist=made["alpha", 2024, Phase.PRIMARY][0], status=S.IN_PROGRESS)
    AccreditationFactory(specialist=made["alpha", 2024, Phase.PRIMARY][1], status=S.NOT_STARTED)
    AccreditationFactory(
        specialist=made["beta", 2023, Phase.PRIMARY][0], status=S.LAPSED, accredited_on=datetime.date(2020, 7, 1)
    )
    AccreditationFactory(
        specialist=made["alpha", 2025, Phase.PRIMARY][0], status=S.ACCREDITED, accredited_on=datetime.date(2026, 7, 1)
    )
    return types.SimpleNamespace(year=year, north=north, alpha=alpha, beta=beta, gamma=gamma, cohorts=cohorts)


def _rows(table) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table.display_rows()}


def _tables(filters, scope=NETWORK) -> dict:
    tables, _ = page_tables(Report(filters, scope=scope), "specialists")
    return {table.key: table for table in tables}


def test_network_tables_count_specialists_by_cohort_programme_year_and_hub(specialist_network):
    tables = _tables(ReportFilters(specialist_network.year))

    assert _rows(tables["specialists_by_cohort"]) == {
        "2023/24 Primary": ["3", "0", "2", "1", "66.7%"],
        "2024/25 Primary": ["3", "3", "0", "0", "0.0%"],
        "2024/25 Secondary": ["3", "3", "0", "0", "0.0%"],
        "All cohorts": ["9", "6", "2", "1", "22.2%"],
    }
    assert _rows(tables["specialists_by_programme_year"]) == {
        "Year 1 (training)": ["6", "66.7%"],
        "Year 2 (leading a Work Group)": ["2", "22.2%"],
        "Year 3 (sustaining)": ["1", "11.1%"],
        "All programme years": ["9", "100.0%"],
    }
    assert _rows(tables["specialists_by_hub"]) == {
        "Alpha": ["6", "4", "1", "1", "33.3%"],
        "Beta": ["3", "2", "1", "0", "0.0%"],
        "Gamma": ["0", "0", "0", "0", "–"],
        "Network (all hubs in the selection)": ["9", "6", "2", "1", "22.2%"],
    }
    assert _rows(tables["specialists_by_accreditation"]) == {
        "Not started": ["5", "55.6%"],
        "In progress": ["1", "11.1%"],
        "Accredited": ["1", "11.1%"],
        "Re-registration due": ["1", "11.1%"],
        "Lapsed": ["1", "11.1%"],
        "All specialists": ["9", "100.0%"],
    }


def test_network_tables_follow_the_region_and_phase_filters(specialist_network):
    net = specialist_network
    north = _tables(ReportFilters(net.year, region=net.north))
    secondary = _tables(ReportFilters(net.year, phase=Phase.SECONDARY))

    assert list(_rows(north["specialists_by_hub"])) == ["Alpha", "Gamma", "Network (all hubs in the selection)"]
    assert _rows(north["specialists_by_hub"])["Network (all hubs in the selection)"] == ["6", "4", "1", "1", "33.3%"]
    assert _rows(secondary["specialists_by_cohort"]) == {
        "2024/25 Secondary": ["3", "3", "0", "0", "0.0%"],
        "All cohorts": ["3", "3", "0", "0", "0.0%"],
    }


def test_an_earlier_year_counts_only_the_cohorts_started_by_then(specialist_network):
    tables = _tables(ReportFilters(specialist_network.cohorts[(2023, Phase.PRIMARY)].academic_year))

    assert list(_rows(tables["specialists_by_cohort"])) == ["2023/24 Primary", "All cohorts"]


def test_hub_tables_show_the_hub_beside_the_network(specialist_network):
    net = specialist_network
    tables = _tables(ReportFilters(net.year, hub=net.alpha), scope=HUB)

    assert _rows(tables["specialists_by_hub"]) == {
        "Alpha": ["6", "4", "1", "1", "33.3%"],
        "Network": ["9", "6", "2", "1", "22.2%"],
    }
    assert _rows(tables["specialists_by_accreditation"])["Not started"] == ["3", "50.0%", "5", "55.6%"]
    assert _rows(tables["specialists_by_accreditation"])["Lapsed"] == ["0", "0.0%", "1", "11.1%"]
    assert _rows(tables["specialists_by_programme_year"])["Year 1 (training)"] == ["4", "66.7%", "6", "66.7%"]
    assert _rows(tables["specialists_by_programme_year"])["All programme years"] == ["6", "100.0%", "9", "100.0%"]
    assert "2023/24 Primary" in _rows(tables["specialists_by_cohort"])
    assert _rows(tables["specialists_by_cohort"])["All cohorts"] == ["6", "4", "1", "1", "33.3%"]


def test_the_charts_carry_the_tables_figures(specialist_network):
    tables = _tables(ReportFilters(specialist_network.year))
    chart = tables["specialists_by_hub"].chart()
    by_cohort = tables["specialists_by_cohort"].chart()
    by_year = tables["specialists_by_programme_year"].chart()

    # The rows that add up the others are in the tables, not the charts.
    assert by_cohort["labels"] == ["2023/24 Primary", "2024/25 Primary", "2024/25 Secondary"]
    assert by_cohort["datasets"][1]["data"] == [2, 0, 0]
    assert by_year["labels"] == ["Year 1 (training)", "Year 2 (leading a Work Group)", "Year 3 (sustaining)"]

    assert chart["stacked"] and chart["per_hub"]
    assert chart["labels"] == ["Alpha", "Beta", "Gamma"]
    assert [d["label"] for d in chart["datasets"]] == [
        "Year 1 (training)",
        "Year 2 (leading a Work Group)",
        "Year 3 (sustaining)",
    ]
    assert chart["datasets"][0]["data"] == [4, 2, 0]


def test_network_page_shows_the_tables_and_is_linked_from_the_reports_navigation(client, specialist_network):
    client.force_login(UserFactory(is_ncetm_staff=True))

    page = client.get(reverse("reports:network_specialists"), {"year": specialist_network.year.pk})
    year_page = client.get(reverse("reports:network"), {"year": specialist_network.year.pk}).content.decode()

    assert page.status_code == 200
    assert [t.key for t in page.context["tables"]] == [
        "specialists_by_cohort",
        "specialists_by_programme_year",
        "specialists_by_accreditation",
        "specialists_by_hub",
    ]
    body = page.content.decode()
    assert 'aria-current="page" href="/reports/specialists/' in body
    assert "chart-data-specialists_by_hub" in body
    assert reverse("reports:network_specialists") in year_page


def test_hub_page_is_for_the_hubs_own_staff(client, specialist_network):
    net = specialist_network
    client.force_login(HubMembershipFactory(hub=net.alpha, role=HubRole.LEADERSHIP_TEAM).user)

    own = client.get(reverse("reports:hub_specialists", args=["alpha"]), {"year": net.year.pk})
    other = client.get(reverse("reports:hub_specialists", args=["beta"]), {"year": net.year.pk})
    other_download = client.get(reverse("reports:hub_download", args=["beta", "specialists_by_hub", "csv"]))
    network = client.get(reverse("reports:network_specialists"))

    assert own.status_code == 200
    assert _rows(next(t for t in own.context["tables"] if t.key == "specialists_by_hub"))["Alpha"][0] == "6"
    assert other.status_code == 404 and other_download.status_code == 404
    assert network.status_code == 403


def test_another_hubs_lead_gets_404_and_no_figures(client, specialist_network):
    client.force_login(HubMembershipFactory(hub=specialist_network.beta, role=HubRole.LEAD).user)

    assert client.get(reverse("reports:hub_specialists", args=["alpha"])).status_code == 404
    assert client.get(reverse("reports:hub_download", args=["alpha", "specialists_by_cohort", "xlsx"])).status_code == 404


def test_specialists_table_downloads_as_csv(client, specialist_network):
    client.force_login(UserFactory(is_ncetm_staff=True))
    url = reverse("reports:network_download", args=["specialists_by_cohort", "csv"])

    response = client.get(url, {"year": specialist_network.year.pk})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="specialists-by-cohort-network-2024.csv"' in response["Content-Disposition"]
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        [
            "Cohort",
            "Mastery Specialists",
            "Year 1 (training)",
            "Year 2 (leading a Work Group)",
            "Year 3 (sustaining)",
            "Holding PD Lead accreditation (%)",
        ],
        ["2023/24 Primary", "3", "0", "2", "1", "66.7"],
        ["2024/25 Primary", "3", "3", "0", "0", "0.0"],
        ["2024/25 Secondary", "3", "3", "0", "0", "0.0"],
        ["All cohorts", "9", "6", "2", "1", "22.2"],
    ]


def test_hub_specialists_table_downloads_as_xlsx(client, specialist_network):
    client.force_login(HubMembershipFactory(hub=specialist_network.alpha, role=HubRole.LEAD).user)
    url = reverse("reports:hub_download", args=["alpha", "specialists_by_programme_year", "xlsx"])

    response = client.get(url, {"year": specialist_network.year.pk})

    assert response.status_code == 200
    assert 'filename="specialists-by-programme-year-alpha-2024.xlsx"' in response["Content-Disposition"]
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert values[0] == (
        "Programme year",
        "Mastery Specialists",
        "Share (%)",
        "Network: Mastery Specialists",
        "Network: share (%)",
    )
    assert values[1] == ("Year 1 (training)", 4, 66.7, 6, 66.7)
    assert values[4] == ("All programme years", 6, 100.0, 9, 100.0)
    assert values[-1][0].startswith("Definition: Mastery Specialists of the cohorts")


def test_accreditation_table_downloads_as_xlsx(client, specialist_network):
    client.force_login(UserFactory(is_ncetm_staff=True))
    url = reverse("reports:network_download", args=["specialists_by_accreditation", "xlsx"])

    response = client.get(url, {"year": specialist_network.year.pk})

    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert values[:7] == [
        ("PD Lead accreditation", "Mastery Specialists", "Share (%)"),
        ("Not started", 5, 55.6),
        ("In progress", 1, 11.1),
        ("Accredited", 1, 11.1),
        ("Re-registration due", 1, 11.1),
        ("Lapsed", 1, 11.1),
        ("All specialists", 9, 100.0),
    ]


def test_a_hubs_specialist_is_counted_once_however_many_tables(specialist_network):
    grid = selectors.specialist_grid(ReportFilters(specialist_network.year))

    (total,) = selectors.specialist_counts(grid, None)

    assert total == {
        "specialists": 9,
        "year_1": 6,
        "year_2": 2,
        "year_3": 1,
        "pd_lead_not_started": 5,
        "pd_lead_in_progress": 1,
        "pd_lead_accredited": 1,
        "pd_lead_reregistration_due": 1,
        "pd_lead_lapsed": 1,
        "accredited_rate": 22.2,
    }


def _count_queries(client, url, params) -> int:
    client.get(url, params)  # the session's first read
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def _grow(net, n):
    for i in range(n):
        hub = HubFactory(region=net.north)
        for cohort in net.cohorts.values():
            MasterySpecialistFactory(hub=hub, cohort=cohort, programme_year=1 + i % 3)
            AccreditationFactory(
                specialist=MasterySpecialistFactory(hub=net.alpha, cohort=cohort, programme_year=1 + i % 3),
                status=AccreditationStatus.IN_PROGRESS,
            )


@pytest.mark.parametrize(("url_name", "hub_scoped"), [("reports:network_specialists", False), ("reports:hub_specialists", True)])
def test_specialist_pages_run_a_fixed_number_of_queries(client, specialist_network, url_name, hub_scoped):
    net = specialist_network
    user = UserFactory(is_ncetm_staff=True)
    HubMembershipFactory(hub=net.alpha, user=user, role=HubRole.LEAD)
    client.force_login(user)
    url = reverse(url_name, args=["alpha"] if hub_scoped else [])
    params = {"year": net.year.pk}

    small = _count_queries(client, url, params)
    _grow(net, 4)
    large = _count_queries(client, url, params)

    assert small == large
    assert large <= 20


def test_specialist_download_runs_a_fixed_number_of_queries(client, specialist_network):
    client.force_login(UserFactory(is_ncetm_staff=True))
    url = reverse("reports:network_download", args=["specialists_by_hub", "xlsx"])
    params = {"year": specialist_network.year.pk}

    small = _count_queries(client, url, params)
    _grow(specialist_network, 3)
    large = _count_queries(client, url, params)

    assert small == large
