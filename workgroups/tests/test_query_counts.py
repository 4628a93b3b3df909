"""Every list page runs the same number of queries whatever its size (two sizes compared)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from workgroups import services
from workgroups.enums import RegistrationStatus
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_led_page_fixed_queries(client, wg_lead):
    client.force_login(wg_lead)

    def lead_one():
        group = WorkGroupFactory()
        group.leads.add(wg_lead)
        for n in (1, 2, 3):
            SessionFactory(work_group=group, number=n)
        RegistrationFactory(work_group=group)

    lead_one()
    small = queries(client, reverse("workgroups:led"))
    for _ in range(4):
        lead_one()
    assert queries(client, reverse("workgroups:led")) == small


def test_project_list_fixed_queries(client):
    client.force_login(UserFactory(is_ncetm_staff=True))
    NationalProjectFactory()
    small = queries(client, reverse("workgroups:project_list"))
    for _ in range(5):
        WorkGroupFactory(project=NationalProjectFactory())
    assert queries(client, reverse("workgroups:project_list")) == small


def test_manage_page_fixed_queries(client, work_group, hub_lead):
    client.force_login(hub_lead)
    url = reverse("workgroups:manage", args=[work_group.pk])
    RegistrationFactory(work_group=work_group)
    small = queries(client, url)
    for _ in range(8):
        RegistrationFactory(work_group=work_group, consent_status="pending")
    SessionFactory(work_group=work_group, number=3)
    assert queries(client, url) == small


def test_reflections_page_fixed_queries(client, work_group, wg_lead):
    client.force_login(wg_lead)
    url = reverse("workgroups:reflections", args=[work_group.pk])
    sessions = list(work_group.sessions.all())

    def reflect():
        registration = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
        for session in sessions:
            services.task_response_submit(registration=registration, session=session, reflection="Fine")

    reflect()
    small = queries(client, url)
    for _ in range(5):
        reflect()
    assert queries(client, url) == small


def test_calendar_feed_fixed_queries(client):
    teacher = UserFactory()
    feed = services.calendar_feed_get_or_create(user=teacher)
    url = reverse("workgroups:calendar_feed", args=[feed.token])

    def join():
        group = WorkGroupFactory()
        for n in (1, 2):
            SessionFactory(work_group=group, number=n)
        RegistrationFactory(work_group=group, teacher=teacher, status=RegistrationStatus.APPROVED)

    join()
    small = queries(client, url)
    for _ in range(4):
        join()
    assert queries(client, url) == small
