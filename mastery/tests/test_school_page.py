"""The hub's school page and school list: stage, history, teachers' CPD; a hub lead's record; scoped to the hub."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from mastery import services
from mastery.models import SchoolJourneyOverride
from mastery.tests.test_journey import took_part
from schools.tests.factories import SchoolFactory
from workgroups.enums import JourneyStage

pytestmark = pytest.mark.django_db
JS = JourneyStage


def _url(w, school=None, name="mastery:hub_school"):
    return reverse(name, args=["alpha", (school or w.school).urn])


def test_school_page_shows_stage_history_and_teachers(client, hub_world):
    registration = took_part(hub_world.school, JS.DEVELOPMENT, 2023, teacher=hub_world.teacher)
    services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    client.force_login(hub_world.lead)
    body = client.get(_url(hub_world)).content.decode()
    assert "Stage: <strong>Development</strong>" in body
    assert "2023/24" in body and registration.work_group.code in body
    assert hub_world.teacher.full_name in body and hub_world.lesson.focus in body


@pytest.mark.parametrize("role", ["other_lead", "ncetm", "teacher"])
def test_school_page_is_404_outside_the_hub(client, hub_world, role):
    user = {
        "other_lead": hub_world.other_lead,
        "ncetm": UserFactory(is_ncetm_staff=True),
        "teacher": hub_world.teacher,
    }[role]
    client.force_login(user)
    assert client.get(_url(hub_world)).status_code == 404
    response = client.post(_url(hub_world, name="mastery:hub_school_stage"), {"stage": JS.EMBEDDING, "reason": "x"})
    assert response.status_code == 404
    assert not SchoolJourneyOverride.objects.exists()


def test_school_of_another_hub_is_404_for_the_hubs_lead(client, hub_world):
    client.force_login(hub_world.lead)
    assert client.get(_url(hub_world, hub_world.other_teacher.school)).status_code == 404


def test_hub_lead_records_a_stage_and_the_administrator_may_not(client, hub_world):
    admin = HubMembershipFactory(hub=hub_world.hub, role=HubRole.ADMINISTRATOR).user
    url = _url(hub_world, name="mastery:hub_school_stage")
    client.force_login(admin)
    assert client.get(_url(hub_world)).status_code == 200
    assert client.post(url, {"stage": JS.EMBEDDING, "reason": "Done elsewhere"}).status_code == 404
    client.force_login(hub_world.lead)
    response = client.post(url, {"stage": JS.EMBEDDING, "reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url, {"stage": JS.EMBEDDING, "reason": "Development with another hub in 2019/20"})
    assert response.status_code == 302
    assert SchoolJourneyOverride.objects.get().stage == JS.EMBEDDING
    assert "Stage: <strong>Embedding</strong>" in client.get(_url(hub_world)).content.decode()


def test_hub_school_list_has_a_stage_column_filter_and_links(client, hub_world):
    took_part(hub_world.school, JS.EMBEDDING, 2024)
    client.force_login(hub_world.lead)
    dashboard = reverse("hubs:dashboard", args=["alpha"])
    body = client.get(dashboard, {"stage": JS.EMBEDDING}).content.decode()
    assert hub_world.school.name in body and hub_world.school2.name not in body
    assert _url(hub_world) in body
    body = client.get(dashboard, {"stage": JS.NONE}).content.decode()
    assert hub_world.school.name not in body and hub_world.school2.name in body
    csv = b"".join(client.get(reverse("hubs:schools_csv", args=["alpha"])).streaming_content).decode()
    assert "Embedding" in csv


def _grow(hub_world, n):
    for year in range(n):
        teacher = UserFactory(school=hub_world.school)
        took_part(hub_world.school, JS.READINESS if year == 0 else JS.EMBEDDING, 2020 + year, teacher=teacher)
        services.open_lesson_book(lesson=hub_world.lesson, teacher=teacher)


@pytest.mark.parametrize("years", [1, 4])
def test_school_page_query_count_is_fixed(client, hub_world, django_assert_num_queries, years):
    _grow(hub_world, years)
    SchoolFactory()
    client.force_login(hub_world.lead)
    client.get(_url(hub_world))
    # The session, user and navigation reads are the layout's; the hub, its roles and area, the school and the
    # page's six reads (the journey's two among them) are the page's.
    with django_assert_num_queries(13):
        assert client.get(_url(hub_world)).status_code == 200


@pytest.mark.parametrize("years", [1, 4])
def test_hub_school_list_query_count_is_fixed(client, hub_world, django_assert_num_queries, years):
    _grow(hub_world, years)
    for _ in range(years):
        SchoolFactory(local_authority=hub_world.school.local_authority)
    client.force_login(hub_world.lead)
    dashboard = reverse("hubs:dashboard", args=["alpha"])
    client.get(dashboard)
    with django_assert_num_queries(14):  # "not started": the same schools at both sizes (a page of them is read)
        assert client.get(dashboard, {"stage": JS.NONE}).status_code == 200
