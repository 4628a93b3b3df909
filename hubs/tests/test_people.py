"""A hub's people: who may give and take which role, the People page, taking roles away, the hub lead's edit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from hubs.enums import HubRole, PersonRole
from hubs.models import HubArea, HubMembership
from hubs.rules import RoleGrant, roles_grantable_by
from hubs.services import RoleRefused, hub_role_grant, hub_role_remove
from hubs.tests.factories import HubAreaFactory, HubMembershipFactory
from mastery.tests.factories import MasterySpecialistFactory
from schools.tests.factories import SchoolFactory
from workgroups.enums import WorkGroupStatus
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db

P = PersonRole


# ---------------------------------------------------------------------------------------------- the grant rules


def test_grant_rules_hub_lead_gives_every_role_of_their_hub_but_hub_lead(people_world):
    w = people_world
    assert roles_grantable_by(w.lead, w.hub) == [P.ADMINISTRATOR, P.LEADERSHIP_TEAM, P.WORK_GROUP_LEAD]


def test_grant_rules_hub_administrator_gives_leadership_team_and_work_group_leads(people_world):
    w = people_world
    assert roles_grantable_by(w.admin, w.hub) == [P.LEADERSHIP_TEAM, P.WORK_GROUP_LEAD]


def test_grant_rules_leadership_team_and_work_group_leads_give_nothing(people_world):
    w = people_world
    assert roles_grantable_by(w.team, w.hub) == []
    assert roles_grantable_by(w.wg_lead, w.hub) == []
    assert roles_grantable_by(w.nobody, w.hub) == []


def test_grant_rules_another_hubs_lead_gives_nothing_in_this_hub(people_world):
    w = people_world
    assert roles_grantable_by(w.other_lead, w.hub) == []
    assert roles_grantable_by(w.other_lead, w.other_hub) == [P.ADMINISTRATOR, P.LEADERSHIP_TEAM, P.WORK_GROUP_LEAD]


def test_grant_rules_ncetm_staff_appoint_hub_leads_and_ncetm_staff_only(people_world):
    w = people_world
    assert roles_grantable_by(w.ncetm, w.hub) == [P.LEAD, P.NCETM_STAFF]
    assert roles_grantable_by(w.ncetm) == [P.LEAD, P.NCETM_STAFF]
    assert roles_grantable_by(w.lead) == []


def test_grant_rules_inactive_person_gives_nothing(people_world):
    w = people_world
    w.lead.is_active = False
    w.lead.save()
    assert roles_grantable_by(w.lead, w.hub) == []


def test_grant_rules_site_administrator_gives_everything(people_world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert roles_grantable_by(admin, people_world.hub) == list(P.values)


# ---------------------------------------------------------------------------------------------- the rules of data


def test_hub_role_remove_refuses_the_last_hub_lead(people_world):
    w = people_world
    membership = w.lead.hub_memberships.get(role=HubRole.LEAD)

    with pytest.raises(RoleRefused, match="only hub lead"):
        hub_role_remove(membership=membership, actor=w.ncetm)

    assert HubMembership.objects.filter(pk=membership.pk).exists()
    assert not AuditEntry.objects.filter(action="hub.role_revoked").exists()


def test_hub_role_remove_takes_one_of_two_hub_leads(people_world):
    w = people_world
    second = HubMembershipFactory(hub=w.hub, role=HubRole.LEAD)

    hub_role_remove(membership=second, actor=w.ncetm)

    assert list(w.hub.memberships.filter(role=HubRole.LEAD).values_list("user", flat=True)) == [w.lead.pk]
    entry = AuditEntry.objects.get(action="hub.role_revoked")
    assert (entry.actor, entry.subject, entry.hub, entry.before["role"]) == (w.ncetm, second.user, w.hub, "lead")


def test_hub_role_grant_refuses_a_third_hub_lead(people_world):
    w = people_world
    hub_role_grant(hub=w.hub, user=UserFactory(), role=HubRole.LEAD, actor=w.ncetm)

    with pytest.raises(RoleRefused, match="already has 2 hub leads"):
        hub_role_grant(hub=w.hub, user=w.nobody, role=HubRole.LEAD, actor=w.ncetm)

    assert w.hub.memberships.filter(role=HubRole.LEAD).count() == 2


def test_hub_role_grant_twice_gives_one_role_and_one_entry(people_world):
    w = people_world
    first, created = hub_role_grant(hub=w.hub, user=w.nobody, role=HubRole.ADMINISTRATOR, actor=w.lead)
    again, created_again = hub_role_grant(hub=w.hub, user=w.nobody, role=HubRole.ADMINISTRATOR, actor=w.lead)

    assert (created, created_again, first.pk) == (True, False, again.pk)
    assert AuditEntry.objects.filter(action="hub.role_granted", subject=w.nobody).count() == 1


# ---------------------------------------------------------------------------------------------- the People page


def test_people_page_lists_members_leads_and_specialists(client, people_world):
    w = people_world
    finished = WorkGroupFactory(hub=w.hub, code="NCP24-11-MAT-01", status=WorkGroupStatus.COMPLETED)
    finished.leads.add(w.wg_lead)
    MasterySpecialistFactory(hub=w.hub, user=w.wg_lead)
    client.force_login(w.lead)

    response = client.get(reverse("hubs:people", args=["matrix"]))

    body = response.content.decode()
    assert response.status_code == 200
    for name in ("Helen Lead", "Adam Admin", "Tess Team", "Wendy Lead"):
        assert name in body
    assert "Olga Other" not in body
    people = {p.user: p for p in response.context["people"]}
    assert [m.role for m in people[w.admin].memberships] == [HubRole.ADMINISTRATOR]
    assert people[w.wg_lead].leads_now == [w.work_group]
    assert people[w.wg_lead].led_before == [finished]
    assert len(people[w.wg_lead].specialisms) == 1
    assert "the hub's only lead" in body


@pytest.mark.parametrize("who", ["team", "wg_lead", "other_lead", "ncetm", "nobody"])
def test_people_page_answers_404_to_anyone_but_the_hubs_managers(client, people_world, who):
    client.force_login(getattr(people_world, who))

    assert client.get(reverse("hubs:people", args=["matrix"])).status_code == 404


def test_people_page_asks_anonymous_visitors_to_log_in(client, people_world):
    response = client.get(reverse("hubs:people", args=["matrix"]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _grow(hub, n):
    for i in range(n):
        HubMembershipFactory(hub=hub, role=HubRole.LEADERSHIP_TEAM)
        work_group = WorkGroupFactory(hub=hub, status=WorkGroupStatus.COMPLETED if i % 2 else WorkGroupStatus.OPEN)
        work_group.leads.add(UserFactory())
        MasterySpecialistFactory(hub=hub)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_people_page_queries_do_not_grow_with_the_people(client, people_world):
    w = people_world
    client.force_login(w.lead)
    url = reverse("hubs:people", args=["matrix"])
    _grow(w.hub, 2)
    small = _queries(client, url)
    _grow(w.hub, 20)

    assert _queries(client, url) == small


# ---------------------------------------------------------------------------------------------- taking roles away


def test_hub_lead_removes_an_administrator_after_confirming(client, people_world):
    w = people_world
    client.force_login(w.lead)
    url = reverse("hubs:role_remove", args=["matrix", w.admin_membership.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove Adam Admin as Hub administrator of Matrix Maths Hub?" in confirm.content.decode()
    assert HubMembership.objects.filter(pk=w.admin_membership.pk).exists()

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("hubs:people", args=["matrix"])
    assert "Adam Admin is no longer Hub administrator of Matrix Maths Hub." in response.content.decode()
    assert not HubMembership.objects.filter(pk=w.admin_membership.pk).exists()
    entry = AuditEntry.objects.get(action="hub.role_revoked")
    assert (entry.actor, entry.subject, entry.hub) == (w.lead, w.admin, w.hub)


def test_hub_administrator_cannot_remove_an_administrator(client, people_world):
    w = people_world
    client.force_login(w.admin)

    response = client.post(reverse("hubs:role_remove", args=["matrix", w.admin_membership.pk]))

    assert response.status_code == 404
    assert HubMembership.objects.filter(pk=w.admin_membership.pk).exists()


def test_hub_administrator_removes_a_leadership_team_member(client, people_world):
    w = people_world
    client.force_login(w.admin)

    response = client.post(reverse("hubs:role_remove", args=["matrix", w.team_membership.pk]))

    assert response.status_code == 302
    assert not HubMembership.objects.filter(pk=w.team_membership.pk).exists()


def test_another_hubs_lead_gets_404_and_removes_nothing(client, people_world):
    w = people_world
    client.force_login(w.other_lead)

    for url in (
        reverse("hubs:role_remove", args=["matrix", w.team_membership.pk]),
        reverse("hubs:role_remove", args=["beta", w.team_membership.pk]),  # their own hub's slug, our role
        reverse("hubs:lead_remove", args=["matrix", w.work_group.pk, w.wg_lead.pk]),
        reverse("hubs:lead_remove", args=["beta", w.work_group.pk, w.wg_lead.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404

    assert HubMembership.objects.filter(pk=w.team_membership.pk).exists()
    assert list(w.work_group.leads.all()) == [w.wg_lead]
    assert not AuditEntry.objects.exists()


def test_hub_lead_cannot_remove_a_hub_lead(client, people_world):
    w = people_world
    second = HubMembershipFactory(hub=w.hub, role=HubRole.LEAD)
    client.force_login(w.lead)

    assert client.post(reverse("hubs:role_remove", args=["matrix", second.pk])).status_code == 404
    assert HubMembership.objects.filter(pk=second.pk).exists()


def test_ncetm_staff_cannot_remove_the_last_hub_lead(client, people_world):
    w = people_world
    membership = w.lead.hub_memberships.get()
    client.force_login(w.ncetm)

    response = client.post(reverse("hubs:role_remove", args=["matrix", membership.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("hubs:network_people")
    assert "Helen Lead is the only hub lead of Matrix Maths Hub: appoint another hub lead first." in (
        response.content.decode()
    )
    assert HubMembership.objects.filter(pk=membership.pk).exists()


def test_hub_lead_removes_a_work_group_lead(client, people_world):
    w = people_world
    client.force_login(w.lead)
    url = reverse("hubs:lead_remove", args=["matrix", w.work_group.pk, w.wg_lead.pk])

    assert "Remove Wendy Lead as a lead of NCP26-11-MAT-01" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    assert not w.work_group.leads.exists()
    entry = AuditEntry.objects.get(action="hub.role_revoked")
    assert (entry.subject, entry.hub, entry.before) == (
        w.wg_lead,
        w.hub,
        {"role": "work_group_lead", "work_group": "NCP26-11-MAT-01"},
    )


def test_lead_remove_of_someone_not_leading_answers_404(client, people_world):
    w = people_world
    client.force_login(w.lead)

    assert client.get(reverse("hubs:lead_remove", args=["matrix", w.work_group.pk, w.nobody.pk])).status_code == 404


# ---------------------------------------------------------------------------------------------- the network's people


def test_network_people_lists_every_hubs_leads_and_the_ncetm_staff(client, people_world):
    w = people_world
    client.force_login(w.ncetm)

    response = client.get(reverse("hubs:network_people"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Helen Lead" in body and "Olga Other" in body and "Nina NCETM" in body
    assert "Adam Admin" not in body  # the hub's own people stay on its People page


@pytest.mark.parametrize("who", ["lead", "admin", "nobody"])
def test_network_people_is_refused_to_hub_people(client, people_world, who):
    client.force_login(getattr(people_world, who))

    assert client.get(reverse("hubs:network_people")).status_code == 403


def test_ncetm_staff_remove_a_colleague(client, people_world):
    w = people_world
    colleague = UserFactory(full_name="Colin Colleague", is_ncetm_staff=True)
    client.force_login(w.ncetm)

    response = client.post(reverse("hubs:staff_remove", args=[colleague.pk]))

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_ncetm_staff
    entry = AuditEntry.objects.get(action="network.role_revoked")
    assert (entry.actor, entry.subject, entry.before) == (w.ncetm, colleague, {"role": "ncetm_staff"})


def test_hub_lead_cannot_remove_ncetm_staff(client, people_world):
    w = people_world
    client.force_login(w.lead)

    assert client.post(reverse("hubs:staff_remove", args=[w.ncetm.pk])).status_code == 403
    w.ncetm.refresh_from_db()
    assert w.ncetm.is_ncetm_staff


# ---------------------------------------------------------------------------------------------- contact, lead schools


def test_hub_lead_edits_contact_and_lead_schools_and_not_the_area(client, people_world):
    w = people_world
    area = HubAreaFactory(hub=w.hub)
    old_school = SchoolFactory(urn=130001, local_authority=area.local_authority)
    new_school = SchoolFactory(urn=130002, name="Histon Academy", local_authority=area.local_authority)
    w.hub.lead_schools.set([old_school])
    client.force_login(w.lead)
    url = reverse("hubs:edit_details", args=["matrix"])
    values = {"contact_email": "hello@matrix.example", "contact_phone": "01223 000000", "website": "matrix.example"}

    page = client.get(url)
    assert "local_authorities" not in page.context["form"].fields

    refused = client.post(url, {**values, "lead_school_urns": "130002", "local_authorities": []})
    assert "Tick the box to confirm" in refused.content.decode()

    response = client.post(url, {**values, "lead_school_urns": "130002", "confirm_removals": "on", "reason": "Moved"})

    assert response.status_code == 302
    w.hub.refresh_from_db()
    assert (w.hub.contact_email, w.hub.website) == ("hello@matrix.example", "https://matrix.example")
    assert list(w.hub.lead_schools.all()) == [new_school]
    assert list(HubArea.objects.filter(hub=w.hub)) == [area]
    entry = AuditEntry.objects.get(action="hub.updated")
    assert (entry.actor, entry.after["lead_schools"], entry.reason) == (w.lead, [130002], "Moved")
    assert "local_authorities" not in entry.after


@pytest.mark.parametrize("who, status", [("admin", 403), ("team", 403), ("other_lead", 404)])
def test_hub_details_edit_is_the_hub_leads(client, people_world, who, status):
    client.force_login(getattr(people_world, who))

    response = client.post(reverse("hubs:edit_details", args=["matrix"]), {"contact_email": "x@example.org"})

    assert response.status_code == status
    people_world.hub.refresh_from_db()
    assert people_world.hub.contact_email == ""


def test_role_grant_object_reads_a_membership(people_world):
    grant = RoleGrant.of(people_world.admin_membership)

    assert (grant.role, grant.hub) == (HubRole.ADMINISTRATOR, people_world.hub)
