"""The hub dashboard's engagement, read from the participations' kept copies of their Work Group's year and status,
follows the services that change them, and its count of the list is the list's own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.selectors import SchoolFilters, hub_schools
from hubs.tests.factories import HubAreaFactory, HubMembershipFactory, kept_figures_after_factories
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_with_a_work_group():
    """A hub of three primary schools and one secondary; an open Work Group of this year in which one teacher of
    the first primary school has applied (not yet engaged)."""
    area = HubAreaFactory()
    schools = [SchoolFactory(local_authority=area.local_authority, name=f"Primary {n}") for n in range(3)]
    secondary = SchoolFactory(local_authority=area.local_authority, name="Secondary", phase=Phase.SECONDARY)
    work_group = WorkGroupFactory(hub=area.hub, status=WorkGroupStatus.OPEN, capacity=10)
    SessionFactory(work_group=work_group, number=1, starts_at=timezone.now() - datetime.timedelta(days=3))
    applied = RegistrationFactory(
        work_group=work_group, school=schools[0], status=RegistrationStatus.APPLIED, consent_status="confirmed"
    )
    lead = HubMembershipFactory(hub=area.hub, role=HubRole.LEAD).user
    kept_figures_after_factories()
    return {"hub": area.hub, "schools": schools, "secondary": secondary, "work_group": work_group,
            "registration": applied, "lead": lead}  # fmt: skip


def _dashboard(client, world, **params):
    client.force_login(world["lead"])
    response = client.get(reverse("hubs:dashboard", args=[world["hub"].slug]), params)
    assert response.status_code == 200
    return response


def _engaged(client, world) -> list[str]:
    return [school.name for school in _dashboard(client, world, engaged="yes").context["page"].object_list]


def test_hub_dashboard_engaged_filter_follows_a_decision_and_a_withdrawal(client, hub_with_a_work_group):
    world = hub_with_a_work_group
    assert _engaged(client, world) == []
    assert "0 of 4 open schools engaged" in _dashboard(client, world).content.decode()

    services.registration_approve(registration=world["registration"], actor=UserFactory())

    assert _engaged(client, world) == ["Primary 0"]
    page = _dashboard(client, world, engaged="no", phase="primary")
    assert [school.name for school in page.context["page"].object_list] == ["Primary 1", "Primary 2"]
    assert page.context["page"].paginator.count == 2
    assert "1 of 4 open schools engaged" in _dashboard(client, world).content.decode()

    services.registration_withdraw(registration=world["registration"])

    assert _engaged(client, world) == []
    assert "0 of 4 open schools engaged" in _dashboard(client, world).content.decode()


def test_hub_dashboard_engagement_leaves_with_a_cancelled_work_group(client, hub_with_a_work_group):
    world = hub_with_a_work_group
    services.registration_approve(registration=world["registration"], actor=UserFactory())
    assert _engaged(client, world) == ["Primary 0"]

    services.workgroup_cancel(work_group=world["work_group"], actor=UserFactory())

    assert _engaged(client, world) == []
    assert "0 of 4 open schools engaged" in _dashboard(client, world).content.decode()


@pytest.mark.parametrize(
    "params, filters",
    [
        ({}, SchoolFilters()),
        ({"phase": "primary"}, SchoolFilters(phase="primary")),
        ({"phase": "secondary", "engaged": "yes"}, SchoolFilters(phase="secondary", engaged=True)),
        ({"phase": "primary", "engaged": "yes"}, SchoolFilters(phase="primary", engaged=True)),
        ({"engaged": "no"}, SchoolFilters(engaged=False)),
        ({"phase": "nursery"}, SchoolFilters(phase="nursery")),
        ({"q": "Primary 1"}, SchoolFilters(query="Primary 1")),
    ],
)
def test_hub_dashboard_counts_what_the_list_holds(client, hub_with_a_work_group, params, filters):
    world = hub_with_a_work_group
    services.registration_approve(registration=world["registration"], actor=UserFactory())

    page = _dashboard(client, world, **params).context["page"]

    assert page.paginator.count == hub_schools(hub=world["hub"], filters=filters).count() == len(page.object_list)


def _engaged_page_queries(client, size: int) -> int:
    area = HubAreaFactory()
    work_group = WorkGroupFactory(hub=area.hub, status=WorkGroupStatus.OPEN)
    for school in SchoolFactory.create_batch(size, local_authority=area.local_authority):
        RegistrationFactory(work_group=work_group, school=school, status=RegistrationStatus.APPROVED)
    member = HubMembershipFactory(hub=area.hub, role=HubRole.LEAD).user
    kept_figures_after_factories()
    client.force_login(member)
    url = reverse("hubs:dashboard", args=[area.hub.slug])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"engaged": "yes", "phase": "primary", "page": 2})
    assert response.context["page"].paginator.count == size
    return len(queries)


def test_hub_dashboard_engaged_page_runs_the_same_number_of_queries_for_55_and_110_schools(client):
    assert _engaged_page_queries(client, 55) == _engaged_page_queries(client, 110)
