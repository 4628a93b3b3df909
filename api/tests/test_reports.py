"""The report figures as JSON: the same tables, filters and permissions as the report pages."""

import pytest
from django.urls import reverse

from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory
from schools.tests.factories import SchoolFactory
from workgroups.enums import RegistrationStatus
from workgroups.services import work_group_figures_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(network):
    """Alpha serves four open schools, one of which took part (an approved teacher) this year."""
    area = HubAreaFactory(hub=network.alpha)
    schools = SchoolFactory.create_batch(4, local_authority=area.local_authority)
    registration = network.alpha_registration
    registration.school = schools[0]
    registration.status = RegistrationStatus.APPROVED
    registration.save()
    # Built around the services: the kept figures are computed once, as after a bulk load.
    work_group_figures_rebuild()
    open_school_counts_rebuild()
    return network


def table(body, key):
    return next(t for t in body["tables"] if t["key"] == key)


def test_network_report_gives_each_hubs_figures(figures, api_as):
    year = figures.alpha_group.academic_year
    response = api_as(figures.ncetm).get("/api/v1/reports/network/", {"year": year.name})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scope"] == "network" and body["filters"]["academic_year"] == year.name
    engagement = {row["name"]: row for row in table(body, "engagement_by_hub")["rows"]}
    assert engagement["Alpha"]["open_schools"] == 4
    assert engagement["Alpha"]["participating_schools"] == 1
    assert engagement["Alpha"]["participating_rate"] == 25.0
    assert table(body, "trend")["rows"][-1]["name"] == year.name


def test_network_report_json_matches_the_report_page(figures, api_as, client):
    year = figures.alpha_group.academic_year
    body = api_as(figures.ncetm).get("/api/v1/reports/network/", {"year": str(year.start_year)}).json()
    client.force_login(figures.ncetm)
    page_tables = client.get(reverse("reports:network"), {"year": year.pk}).context["tables"]
    for page_table in page_tables:
        rows = table(body, page_table.key)["rows"]
        assert [[row[c.key] for c in page_table.columns] for row in rows] == page_table.values()


def test_network_report_filters_by_hub_slug_and_refuses_a_bad_year(figures, api_as):
    client = api_as(figures.ncetm)
    body = client.get("/api/v1/reports/network/", {"hub": "alpha"}).json()
    assert [row["name"] for row in table(body, "engagement_by_hub")["rows"]][0] == "Alpha"
    response = client.get("/api/v1/reports/network/", {"year": "1999/00", "phase": "reception"})
    assert response.status_code == 400
    assert set(response.json()) == {"year", "phase"}


def test_hub_report_is_the_hubs_own_beside_the_network(figures, api_as):
    body = api_as(figures.alpha_lead).get("/api/v1/reports/hubs/alpha/").json()
    assert body["scope"] == "hub" and body["filters"]["hub"] == "alpha"
    assert [row["name"] for row in table(body, "engagement_by_hub")["rows"]] == ["Alpha", "Network"]
    assert "engagement_by_region" not in {t["key"] for t in body["tables"]}


def test_network_report_refused_to_hub_leads_and_teachers(figures, api_as):
    for user in (figures.alpha_lead, figures.teacher):
        assert api_as(user).get("/api/v1/reports/network/").status_code == 403
    assert api_as(figures.teacher).get("/api/v1/reports/hubs/alpha/").status_code == 404
