"""A Mastery Specialist's profile: the Work Groups they led with the reports' figures, who may read it, its links,
and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from mastery.enums import AccreditationStatus
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory
from reports import selectors
from reports.selectors import ReportFilters
from schools.tests.factories import SchoolFactory
from workgroups.enums import WorkGroupStatus
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist(participation_network):
    """A specialist of hub Alpha who leads its finished and running Work Groups (participation_network's known
    figures), a cancelled one and a draft; and a group of another hub they lead too (not on their profile)."""
    net = participation_network
    person = UserFactory(full_name="Sam Specialist", school=SchoolFactory())
    specialist = MasterySpecialistFactory(hub=net.hub, user=person, first_work_group=net.finished)
    for work_group in (net.finished, net.running):
        work_group.leads.add(person)
    for status in (WorkGroupStatus.CANCELLED, WorkGroupStatus.DRAFT):
        WorkGroupFactory(hub=net.hub, academic_year=net.year, status=status).leads.add(person)
    WorkGroupFactory(hub=HubFactory(), academic_year=net.year, code="ELSEWHERE-01").leads.add(person)
    WorkGroupFactory(hub=net.hub, academic_year=net.year)  # led by someone else
    return specialist


def test_work_groups_led_have_the_reports_figures(specialist, participation_network):
    net = participation_network

    rows = {row["code"]: row for row in selectors.specialist_work_groups(specialist=specialist)}

    assert set(rows) == {net.finished.code, net.running.code}
    finished, running = rows[net.finished.code], rows[net.running.code]
    assert (finished["teachers"], finished["schools"]) == (4, 2)
    assert (finished["attendance_rate"], finished["completion_rate"]) == (75.0, 75.0)
    assert (finished["evaluations"], finished["average_overall"], finished["average_impact_on_practice"]) == (3, 4.0, 4.0)
    assert (running["attendance_rate"], running["completion_rate"], running["evaluations"]) == (50.0, None, 0)
    assert running["average_overall"] is None


def test_work_groups_led_agree_with_the_hubs_report(specialist, participation_network):
    net = participation_network
    report = {row["pk"]: row for row in selectors.work_group_figures(ReportFilters(net.year, hub=net.hub))}
    (evaluated,) = selectors.evaluation_scores(ReportFilters(net.year, hub=net.hub, project=net.primary_project), by=None)

    for row in selectors.specialist_work_groups(specialist=specialist):
        for key in ("teachers", "schools", "attendance_rate", "completion_rate"):
            assert row[key] == report[row["pk"]][key], key
    finished = next(r for r in selectors.specialist_work_groups(specialist=specialist) if r["pk"] == net.finished.pk)
    assert finished["average_overall"] == evaluated["average_overall"]


def test_profile_shows_the_work_groups_and_milestones_to_the_specialist(client, specialist, participation_network):
    net = participation_network
    client.force_login(specialist.user)

    response = client.get(reverse("reports:specialist_profile", args=[specialist.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = {row[0]: row[1:] for row in response.context["table"].display_rows()}
    assert rows[f"{net.finished.code} {net.finished.title}"] == [
        "2024/25",
        "Completed",
        "4",
        "2",
        "75.0%",
        "75.0%",
        "3",
        "4.00",
        "4.00",
    ]
    assert rows[f"{net.running.code} {net.running.title}"][4:] == ["50.0%", "–", "0", "–", "–"]
    body = response.content.decode()
    assert "Your Mastery Specialist profile" in body
    assert "ELSEWHERE-01" not in body
    assert f"{net.finished.code} {net.finished.title}" in body.split('data-testid="milestones"')[1]


def test_profile_shows_the_pd_lead_standing(client, specialist):
    AccreditationFactory(specialist=specialist, status=AccreditationStatus.ACCREDITED, accredited_on=datetime.date(2024, 7, 1))
    client.force_login(specialist.user)

    body = client.get(reverse("reports:specialist_profile", args=[specialist.pk])).content.decode()

    assert 'data-testid="pd-lead">Accredited (Primary), 1 July 2024</dd>' in body


@pytest.mark.parametrize("role", ["lead", "administrator", "ncetm"])
def test_profile_is_open_to_the_hubs_managers_and_ncetm_staff(client, specialist, role):
    if role == "ncetm":
        user = UserFactory(is_ncetm_staff=True)
    else:
        user = HubMembershipFactory(hub=specialist.hub, role=role).user
    client.force_login(user)

    response = client.get(reverse("reports:specialist_profile", args=[specialist.pk]))

    assert response.status_code == 200
    assert "Sam Specialist: Mastery Specialist profile" in response.content.decode()


def test_another_hubs_lead_gets_404_on_a_profile(client, specialist):
    client.force_login(HubMembershipFactory(hub=HubFactory(), role=HubRole.LEAD).user)

    assert client.get(reverse("reports:specialist_profile", args=[specialist.pk])).status_code == 404
    assert client.get(reverse("reports:specialist_profile", args=[specialist.pk + 1000])).status_code == 404


def test_another_specialist_and_a_teacher_get_404_on_a_profile(client, specialist):
    for user in (MasterySpecialistFactory(hub=specialist.hub).user, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("reports:specialist_profile", args=[specialist.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, specialist):
    response = client.get(reverse("reports:specialist_profile", args=[specialist.pk]))

    assert response.status_code == 302 and "login" in response.url


def test_profile_is_linked_from_the_hubs_specialists_the_cohort_and_the_progress_page(client, specialist):
    profile = reverse("reports:specialist_profile", args=[specialist.pk])
    client.force_login(HubMembershipFactory(hub=specialist.hub, role=HubRole.LEAD).user)
    hub_page = client.get(reverse("mastery:hub_specialists", args=[specialist.hub.slug])).content.decode()
    progress = client.get(reverse("mastery:specialist", args=[specialist.pk])).content.decode()
    client.force_login(UserFactory(is_ncetm_staff=True))
    cohort_page = client.get(reverse("mastery:cohort", args=[specialist.cohort_id])).content.decode()

    assert profile in hub_page and profile in cohort_page and profile in progress


@pytest.mark.parametrize("groups", [1, 4])
def test_profile_runs_a_fixed_number_of_queries(client, specialist, participation_network, django_assert_num_queries, groups):
    for _ in range(groups):
        WorkGroupFactory(hub=specialist.hub, academic_year=participation_network.year).leads.add(specialist.user)
    work_group_figures_rebuild()
    client.force_login(HubMembershipFactory(hub=specialist.hub, role=HubRole.LEAD).user)
    url = reverse("reports:specialist_profile", args=[specialist.pk])
    client.get(url)  # the session's first read

    # Session, user, specialist, the hub roles asked, the groups with their figures, their register marks; then
    # the menu's own look-ups.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
