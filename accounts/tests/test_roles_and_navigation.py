import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.context_processors import build_navigation
from accounts.selectors import roles_of
from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    """Two hubs, a person of every role in hub A, and a lead of hub B."""
    hub_a, hub_b = HubFactory(name="Alpha"), HubFactory(name="Beta")
    work_group = WorkGroupFactory(hub=hub_a)
    people = {
        "ncetm": UserFactory(is_ncetm_staff=True),
        "site_admin": UserFactory(is_superuser=True, is_staff=True),
        "hub_lead": HubMembershipFactory(hub=hub_a, role=HubRole.LEAD).user,
        "hub_admin": HubMembershipFactory(hub=hub_a, role=HubRole.ADMINISTRATOR).user,
        "leadership": HubMembershipFactory(hub=hub_a, role=HubRole.LEADERSHIP_TEAM).user,
        "other_lead": HubMembershipFactory(hub=hub_b, role=HubRole.LEAD).user,
        "wg_lead": UserFactory(),
        "teacher": UserFactory(),
    }
    work_group.leads.add(people["wg_lead"])
    return {"hub_a": hub_a, "hub_b": hub_b, "work_group": work_group, **people}


@pytest.mark.parametrize(
    ("person", "dashboard", "manage", "network_view"),
    [
        ("ncetm", True, False, True),
        ("site_admin", True, True, True),  # superusers may do everything
        ("hub_lead", True, True, False),
        ("hub_admin", True, True, False),
        ("leadership", True, False, False),
        ("other_lead", False, False, False),
        ("wg_lead", False, False, False),
        ("teacher", False, False, False),
    ],
)
def test_hub_permissions_answer_per_role(network, person, dashboard, manage, network_view):
    user, hub = network[person], network["hub_a"]

    assert user.has_perm("hubs.view_hub_dashboard", hub) is dashboard
    assert user.has_perm("hubs.manage_hub", hub) is manage
    assert user.has_perm("accounts.view_network") is network_view


@pytest.mark.parametrize(
    ("person", "manage", "lead", "people"),
    [
        ("ncetm", False, False, False),
        ("hub_lead", True, True, True),
        ("hub_admin", True, True, True),
        ("other_lead", False, False, False),
        ("wg_lead", False, True, True),
        ("teacher", False, False, False),
    ],
)
def test_work_group_permissions_answer_per_role(network, person, manage, lead, people):
    user, work_group = network[person], network["work_group"]

    assert user.has_perm("workgroups.manage_workgroup", work_group) is manage
    assert user.has_perm("workgroups.lead_workgroup", work_group) is lead
    assert user.has_perm("workgroups.view_workgroup_people", work_group) is people


def test_anonymous_has_no_permissions(network):
    anonymous = AnonymousUser()

    assert not anonymous.has_perm("hubs.view_hub_dashboard", network["hub_a"])
    assert not anonymous.has_perm("workgroups.lead_workgroup", network["work_group"])
    assert not anonymous.has_perm("accounts.view_network")


def _sections(user):
    return {item.section for item in build_navigation(user)}


def test_navigation_shows_each_role_its_entry_points(network):
    assert "ncetm" in _sections(network["ncetm"])
    assert "admin" in _sections(network["site_admin"])
    assert "hub" in _sections(network["hub_lead"])
    assert "lead" in _sections(network["wg_lead"])
    assert "teacher" in _sections(network["teacher"])
    assert _sections(network["teacher"]).isdisjoint({"ncetm", "hub", "lead", "admin"})
    assert _sections(network["hub_lead"]).isdisjoint({"ncetm", "admin"})


def test_navigation_names_only_the_hubs_of_the_person(network):
    labels = [item.label for item in build_navigation(network["other_lead"])]

    assert "Beta hub" in labels
    assert "Alpha hub" not in labels


@pytest.mark.parametrize("person", ["ncetm", "hub_lead", "wg_lead", "teacher", "site_admin"])
def test_home_page_renders_navigation_for_each_role(client, network, person):
    client.force_login(network[person])

    response = client.get(reverse("home"))

    assert response.status_code == 200
    body = response.content.decode()
    for item in build_navigation(network[person]):
        assert f'href="{item.url}"' in body


@pytest.mark.parametrize("url_name", ["accounts:profile", "workgroups:find"])
def test_a_page_reads_the_roles_once(client, network, url_name):
    """The menu and the page share one reading of the roles (hub memberships, led Work Groups), and the form
    error summary never evaluates them while looking for forms."""
    client.force_login(network["hub_lead"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name))

    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "hubs_hubmembership"' in q["sql"]]
    led = [q["sql"] for q in queries.captured_queries if 'FROM "workgroups_workgroup_leads"' in q["sql"]]
    assert len(reads) == 1 and len(led) == 1


def test_roles_of_reads_hubs_and_led_groups_in_one_query(django_assert_num_queries):
    beta, alpha = HubFactory(name="Beta", contact_email="beta@example.org"), HubFactory(name="Alpha")
    person = UserFactory()
    HubMembershipFactory(hub=beta, user=person, role=HubRole.LEAD)
    HubMembershipFactory(hub=beta, user=person, role=HubRole.LEADERSHIP_TEAM)
    HubMembershipFactory(hub=alpha, user=person, role=HubRole.LEADERSHIP_TEAM)
    WorkGroupFactory().leads.add(person)
    WorkGroupFactory().leads.add(person)

    with django_assert_num_queries(1):
        roles = roles_of(person)
        hubs_read = [(h.pk, h.name, h.slug, h.region_id, h.contact_email) for h in roles.member_hubs]

    assert roles.managed_hubs == [beta] and roles.member_hubs == [alpha, beta] and roles.leads_work_groups
    assert hubs_read == [(h.pk, h.name, h.slug, h.region_id, h.contact_email) for h in (alpha, beta)]


def test_roles_of_a_person_without_hubs_or_groups_holds_none():
    roles = roles_of(UserFactory())

    assert roles.managed_hubs == [] and roles.member_hubs == [] and not roles.leads_work_groups
