"""How the report pages present their figures: headline figures first, folded sections, per-hub tables without
empty hubs, per-hub charts naming every hub in order of value."""

import json
import re

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from schools.tests.factories import LocalAuthorityFactory, SchoolFactory
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ncetm(client):
    client.force_login(UserFactory(is_ncetm_staff=True))
    return client


@pytest.fixture
def more_hubs(engagement_network):
    """Beside Alpha (7 of 10 open schools participating) and Beta (1 of 5): Aardvark serves 2 open schools and
    has no participants; Visitor serves no school but runs a Work Group a Beta school's teacher is approved in;
    Empty serves no school and has nothing."""
    net = engagement_network
    aardvark = HubFactory(name="Aardvark")
    area = HubAreaFactory(hub=aardvark, local_authority=LocalAuthorityFactory())
    SchoolFactory.create_batch(2, local_authority=area.local_authority)
    visitor = HubFactory(name="Visitor")
    group = WorkGroupFactory(hub=visitor, academic_year=net.year, status=WorkGroupStatus.RUNNING)
    RegistrationFactory(work_group=group, school=net.beta_schools[1], status=RegistrationStatus.APPROVED)
    HubFactory(name="Empty")
    work_group_figures_rebuild()  # the reports' kept figures and open-school counts, after these factory-made rows
    open_school_counts_rebuild()
    return net


def _table(response, key):
    return next(t for t in response.context["tables"] if t.key == key)


def test_network_report_opens_with_the_years_headline_figures_linking_to_their_sections(ncetm, engagement_network):
    net = engagement_network

    response = ncetm.get(reverse("reports:network"), {"year": net.year.pk})

    found = {h.label: (h.value, h.detail, h.section) for h in response.context["headlines"]}
    assert found["Schools participating"] == ("53.3%", "8 of 15 open schools", "engagement_by_hub")
    assert found["Schools completing a project"] == (
        "20.0%",
        "3 of 15 open schools (the DfE's count)",
        "engagement_by_hub",
    )
    assert [h.label for h in response.context["headlines"]] == [
        "Schools participating",
        "Schools completing a project",
        "Work Groups run",
        "Teachers",
        "Schools",
        "Attendance",
        "Completion",
        "Positive impact",
    ]
    page = response.content.decode()
    assert "The network in 2024/25 at a glance" in page
    assert page.index('data-testid="headlines"') < page.index('data-testid="report-filters"')
    assert page.index('data-testid="headlines"') < page.index('id="engagement_by_hub"')
    assert '<a class="headline" href="#engagement_by_hub">' in page


def test_hub_report_headlines_are_the_hubs_own_figures(client, engagement_network):
    net = engagement_network
    client.force_login(HubMembershipFactory(hub=net.alpha, role=HubRole.LEAD).user)

    response = client.get(reverse("reports:hub", args=[net.alpha.slug]), {"year": net.year.pk})

    found = {h.label: (h.value, h.detail) for h in response.context["headlines"]}
    assert found["Schools participating"] == ("70.0%", "7 of 10 open schools")
    assert "Alpha in 2024/25 at a glance" in response.content.decode()


def test_per_hub_tables_leave_out_hubs_with_no_open_school_and_no_figures(ncetm, more_hubs):
    response = ncetm.get(reverse("reports:network"), {"year": more_hubs.year.pk})

    engagement = _table(response, "engagement_by_hub")
    assert [row["name"] for row in engagement.rows] == [
        "Aardvark",
        "Alpha",
        "Beta",
        "Network (all hubs in the selection)",
    ]
    assert engagement.hubs_left_out == ["Empty", "Visitor"]
    # A hub with figures stays, open schools or not.
    participation = _table(response, "participation_by_hub")
    assert "Visitor" in [row["name"] for row in participation.rows]
    assert participation.hubs_left_out == ["Empty"]
    page = response.content.decode()
    assert "Not listed: 2 hubs with no open school in this selection and no figures (Empty, Visitor)." in page


def test_per_hub_chart_names_every_hub_biggest_first_without_the_total(ncetm, more_hubs):
    response = ncetm.get(reverse("reports:network"), {"year": more_hubs.year.pk})

    page = response.content.decode()
    spec = json.loads(
        re.search(r'<script id="chart-data-engagement_by_hub" type="application/json">(.*?)</script>', page).group(1)
    )
    assert spec["per_hub"] is True
    assert spec["labels"] == ["Alpha", "Beta", "Aardvark"]
    assert spec["datasets"][0]["label"] == "Participating (%)"
    assert spec["datasets"][0]["data"] == [70.0, 40.0, 0.0]  # Beta: 2 of 5 with the Visitor group's teacher


def test_report_sections_fold_but_the_trend_page_opens_its_only_table(ncetm, engagement_network):
    net = engagement_network

    year_page = ncetm.get(reverse("reports:network"), {"year": net.year.pk}).content.decode()
    trend_page = ncetm.get(reverse("reports:network_trend"), {"year": net.year.pk}).content.decode()

    assert year_page.count('<details class="report-details">') == 11
    assert "<summary>Chart and table" in year_page
    assert trend_page.count('<details class="report-details" open>') == 1
    assert 'data-testid="headlines"' not in trend_page
