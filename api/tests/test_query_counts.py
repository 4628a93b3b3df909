"""Every list endpoint runs the same number of queries whatever its length (two sizes compared)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubAreaFactory, HubFactory
from mastery.enums import AccreditationKind
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory
from schools.tests.factories import SchoolFactory, TrustFactory
from workgroups import services
from workgroups.enums import RegistrationStatus
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx)


def same_queries(client, url, grow) -> None:
    client.get("/api/v1/me/")  # the token's "last used" is written once a minute: not part of what is measured
    grow()
    small = queries(client, url)
    for _ in range(4):
        grow()
    assert queries(client, url) == small


def group_of(network, **kwargs):
    group = WorkGroupFactory(hub=network.alpha, project=network.alpha_group.project, **kwargs)
    group.leads.add(network.wg_lead)
    return group


def test_hubs_list_fixed_queries(network, api_as):
    def grow():
        hub = HubFactory()
        HubAreaFactory(hub=hub)
        hub.lead_schools.add(SchoolFactory())

    same_queries(api_as(network.ncetm), "/api/v1/hubs/", grow)


def test_schools_list_fixed_queries(network, api_as):
    def grow():
        area = HubAreaFactory(hub=network.alpha)
        SchoolFactory(local_authority=area.local_authority, trust=TrustFactory())

    same_queries(api_as(network.teacher), "/api/v1/schools/?hub=alpha", grow)


def test_projects_list_fixed_queries(network, api_as):
    same_queries(api_as(network.alpha_lead), "/api/v1/projects/", NationalProjectFactory)


def test_work_groups_list_fixed_queries(network, api_as):
    def grow():
        group = group_of(network)
        SessionFactory(work_group=group, number=1)
        RegistrationFactory(work_group=group)

    same_queries(api_as(network.alpha_lead), "/api/v1/work-groups/", grow)


def test_sessions_list_fixed_queries(network, api_as):
    same_queries(api_as(network.teacher), "/api/v1/sessions/", lambda: SessionFactory(work_group=group_of(network)))


def test_registrations_list_fixed_queries(network, api_as):
    same_queries(
        api_as(network.alpha_lead), "/api/v1/registrations/", lambda: RegistrationFactory(work_group=group_of(network))
    )


def test_registrations_list_of_ncetm_fixed_queries(network, api_as):
    same_queries(
        api_as(network.ncetm), "/api/v1/registrations/", lambda: RegistrationFactory(work_group=group_of(network))
    )


def test_attendance_list_fixed_queries(network, api_as):
    session = network.alpha_group.sessions.get()

    def grow():
        registration = RegistrationFactory(work_group=network.alpha_group, status=RegistrationStatus.APPROVED)
        services.attendance_record(session=session, marks={registration.pk: "present"}, recorded_by=network.wg_lead)

    same_queries(api_as(network.wg_lead), "/api/v1/attendance/", grow)


def test_my_cpd_fixed_queries(network, api_as):
    def grow():
        group = group_of(network)
        start = timezone.now() + datetime.timedelta(days=3)
        SessionFactory(work_group=group, number=1, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
        RegistrationFactory(work_group=group, teacher=network.teacher, status=RegistrationStatus.APPROVED)

    same_queries(api_as(network.teacher), "/api/v1/me/cpd/", grow)


def test_mastery_specialists_list_fixed_queries(network, api_as):
    def grow():
        specialist = MasterySpecialistFactory(hub=network.alpha, user=UserFactory(school=SchoolFactory()))
        AccreditationFactory(specialist=specialist)
        AccreditationFactory(specialist=specialist, kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, phase=None)
        MasterySpecialistFactory(hub=network.beta)

    same_queries(api_as(network.ncetm), "/api/v1/mastery-specialists/", grow)
    same_queries(api_as(network.alpha_lead), "/api/v1/mastery-specialists/", grow)
