"""Invitations: who may invite to what, the signed link (tampering, expiry, resend, withdrawal), acceptance."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEntry, User
from accounts.tests.factories import UserFactory
from hubs.enums import HubRole, InvitationStatus, PersonRole
from hubs.invitation_links import InvitationLinkError, invitation_from_token, invitation_token
from hubs.models import HubMembership, Invitation
from hubs.services import InvitationRefused, RoleRefused, invitation_accept, invitation_create, invitation_resend
from hubs.tests.factories import HubMembershipFactory
from workgroups.enums import WorkGroupStatus
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db

P = PersonRole
PASSWORD = "a-long-good-passphrase-42"


def invite(w, *, email="new@school.example", role=P.WORK_GROUP_LEAD, actor=None, **place):
    if role == P.WORK_GROUP_LEAD:
        place.setdefault("work_group", w.work_group)
    if role != P.NCETM_STAFF:
        place.setdefault("hub", w.hub)
    return invitation_create(email=email, role=role, actor=actor or w.lead, **place)


def link(invitation) -> str:
    return reverse("hubs:invitation", args=[invitation_token(invitation=invitation)])


# ---------------------------------------------------------------------------------------------- inviting


def test_hub_lead_invites_a_work_group_lead_from_the_people_page(client, people_world):
    w = people_world
    client.force_login(w.lead)
    url = reverse("hubs:invite", args=["matrix"])

    page = client.get(url + f"?work_group={w.work_group.pk}")
    assert page.context["form"]["role"].value() == P.WORK_GROUP_LEAD
    response = client.post(
        url,
        {
            "email": " Nadia@School.example ",
            "name": "Nadia New",
            "role": P.WORK_GROUP_LEAD,
            "work_group": w.work_group.pk,
        },
        follow=True,
    )

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.name, invitation.status) == ("nadia@school.example", "Nadia New", "pending")
    assert (invitation.hub, invitation.work_group, invitation.invited_by) == (w.hub, w.work_group, w.lead)
    assert response.redirect_chain[-1][0] == reverse("hubs:people", args=["matrix"])
    body = response.content.decode()
    assert "Invitation sent to nadia@school.example" in body
    assert 'data-invitation="nadia@school.example"' in body
    entry = AuditEntry.objects.get(action="invitation.sent")
    assert (entry.actor, entry.hub, entry.after["role"]) == (w.lead, w.hub, "work_group_lead")


def test_work_group_shows_its_invited_lead(client, people_world):
    w = people_world
    invite(w, email="nadia@school.example")
    client.force_login(w.lead)

    body = client.get(reverse("workgroups:manage", args=[w.work_group.pk])).content.decode()

    assert re.search(r"nadia@school.example\) <span class=\"badge[^\"]*\">invited</span>", body)
    assert "Invite a lead" in body


def test_hub_administrator_is_not_offered_the_administrator_role(client, people_world):
    w = people_world
    client.force_login(w.admin)

    response = client.post(
        reverse("hubs:invite", args=["matrix"]), {"email": "x@school.example", "role": P.ADMINISTRATOR}
    )

    assert response.status_code == 200
    assert [value for value, _ in response.context["form"].fields["role"].choices] == [
        P.LEADERSHIP_TEAM,
        P.WORK_GROUP_LEAD,
    ]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["other_lead", "team", "wg_lead", "ncetm"])
def test_invite_page_answers_404_to_those_who_do_not_run_the_hub(client, people_world, who):
    w = people_world
    client.force_login(getattr(w, who))

    url = reverse("hubs:invite", args=["matrix"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@school.example", "role": P.LEADERSHIP_TEAM}).status_code == 404
    assert not Invitation.objects.exists()


def test_another_hubs_work_group_is_not_offered(client, people_world):
    w = people_world
    client.force_login(w.lead)

    response = client.post(
        reverse("hubs:invite", args=["matrix"]),
        {"email": "x@school.example", "role": P.WORK_GROUP_LEAD, "work_group": w.other_work_group.pk},
    )

    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()
    with pytest.raises(InvitationRefused, match="one of the hub's Work Groups"):
        invite(w, work_group=w.other_work_group)


def test_invitation_to_a_finished_work_group_is_refused(people_world):
    w = people_world
    w.work_group.status = WorkGroupStatus.COMPLETED
    w.work_group.save()

    with pytest.raises(InvitationRefused, match="takes no leads"):
        invite(w)


def test_invitation_twice_or_to_a_role_held_is_refused(people_world):
    w = people_world
    invite(w, email="nadia@school.example")

    with pytest.raises(InvitationRefused, match="already invited"):
        invite(w, email="NADIA@school.example")
    with pytest.raises(InvitationRefused, match="is already Work Group lead"):
        invite(w, email=w.wg_lead.email)
    with pytest.raises(InvitationRefused, match="is already Hub administrator"):
        invite(w, email=w.admin.email, role=P.ADMINISTRATOR)
    assert Invitation.objects.count() == 1


def test_hub_lead_invitations_keep_to_two_leads(people_world):
    w = people_world
    invite(w, email="second@school.example", role=P.LEAD, actor=w.ncetm)

    with pytest.raises(InvitationRefused, match="has its 2 hub leads"):
        invite(w, email="third@school.example", role=P.LEAD, actor=w.ncetm)


def test_ncetm_staff_invite_a_hub_lead_from_the_network_page(client, people_world):
    w = people_world
    client.force_login(w.ncetm)

    response = client.post(
        reverse("hubs:network_invite"), {"email": "lead2@school.example", "role": P.LEAD, "hub": w.other_hub.pk}
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.hub, invitation.work_group) == (P.LEAD, w.other_hub, None)
    body = client.get(reverse("hubs:network_people")).content.decode()
    assert 'data-invitation="lead2@school.example"' in body


def test_network_invite_is_refused_to_hub_leads(client, people_world):
    client.force_login(people_world.lead)

    response = client.post(reverse("hubs:network_invite"), {"email": "x@school.example", "role": P.NCETM_STAFF})

    assert response.status_code == 403
    assert not Invitation.objects.exists()


# ---------------------------------------------------------------------------------------------- the link


def test_link_altered_grants_nothing(client, people_world):
    w = people_world
    invitation = invite(w)
    token = invitation_token(invitation=invitation)
    altered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    other_salt = signing.Signer(salt="someone-else").sign_object({"i": invitation.pk, "v": 1})
    other_invitation = signing.Signer(salt="hubs.invitation").sign_object({"i": invitation.pk + 99, "v": 1})
    client.force_login(w.nobody)

    for bad in (altered, other_salt, "not-a-token", other_invitation):
        response = client.post(reverse("hubs:invitation", args=[bad]))
        assert response.status_code == 200
        assert "This invitation link cannot be used" in response.content.decode()

    assert not w.nobody.led_work_groups.exists()
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_link_expires_after_invitation_days(client, people_world, time_machine, settings):
    w = people_world
    settings.INVITATION_DAYS = 3
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    invitation = invite(w)
    client.force_login(w.nobody)

    time_machine.move_to(datetime.datetime(2026, 11, 5, 8, 59, tzinfo=datetime.UTC), tick=False)
    assert invitation_from_token(token=invitation_token(invitation=invitation)) == invitation

    time_machine.move_to(datetime.datetime(2026, 11, 5, 9, 0, tzinfo=datetime.UTC), tick=False)
    response = client.post(link(invitation))

    assert "This invitation expired on 5 November 2026" in response.content.decode()
    assert not w.nobody.led_work_groups.exists()
    client.force_login(w.lead)  # the hub lead sees it expired, to send again
    assert "Expired</span> on 5 November 2026" in client.get(reverse("hubs:people", args=["matrix"])).content.decode()


def test_resend_gives_a_new_link_and_voids_the_old_one(client, people_world, time_machine):
    w = people_world
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    invitation = invite(w)
    old = link(invitation)
    time_machine.move_to(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False)  # expired
    client.force_login(w.lead)

    client.post(reverse("hubs:invitation_resend", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert (invitation.sends, invitation.is_expired) == (2, False)
    assert invitation.expires_at == datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    client.force_login(w.nobody)
    assert "A newer invitation has been sent" in client.get(old).content.decode()
    client.post(link(invitation))
    assert list(w.nobody.led_work_groups.all()) == [w.work_group]
    assert AuditEntry.objects.filter(action="invitation.resent", actor=w.lead).count() == 1


def test_withdrawn_invitation_grants_nothing(client, people_world):
    w = people_world
    invitation = invite(w)
    client.force_login(w.lead)

    client.post(reverse("hubs:invitation_revoke", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert (invitation.status, invitation.closed_by) == (InvitationStatus.REVOKED, w.lead)
    client.force_login(w.nobody)
    response = client.post(link(invitation))
    assert "This invitation has been withdrawn." in response.content.decode()
    assert not w.nobody.led_work_groups.exists()
    assert AuditEntry.objects.filter(action="invitation.revoked", actor=w.lead).exists()


def test_another_hubs_lead_cannot_resend_or_withdraw(client, people_world):
    w = people_world
    invitation = invite(w)
    client.force_login(w.other_lead)

    assert client.post(reverse("hubs:invitation_resend", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("hubs:invitation_revoke", args=[invitation.pk])).status_code == 404

    invitation.refresh_from_db()
    assert (invitation.sends, invitation.status) == (1, InvitationStatus.PENDING)


def test_hub_lead_cannot_withdraw_a_hub_lead_invitation(client, people_world):
    w = people_world
    invitation = invite(w, email="second@school.example", role=P.LEAD, actor=w.ncetm)
    client.force_login(w.lead)

    assert client.post(reverse("hubs:invitation_revoke", args=[invitation.pk])).status_code == 404
    body = client.get(reverse("hubs:people", args=["matrix"])).content.decode()
    assert 'data-invitation="second@school.example"' in body  # listed, without the buttons
    assert f"/invitations/{invitation.pk}/withdraw/" not in body


# ---------------------------------------------------------------------------------------------- accepting


def test_signed_in_person_accepts_and_lands_on_their_work_group(client, people_world):
    w = people_world
    invitation = invite(w, email=w.nobody.email)
    client.force_login(w.nobody)

    page = client.get(link(invitation))
    assert "You are invited to be Work Group lead of NCP26-11-MAT-01" in page.content.decode()
    response = client.post(link(invitation))

    assert response["Location"] == reverse("workgroups:led") + f"#wg-{w.work_group.pk}"
    assert list(w.nobody.led_work_groups.all()) == [w.work_group]
    invitation.refresh_from_db()
    assert (invitation.status, invitation.closed_by) == (InvitationStatus.ACCEPTED, w.nobody)
    granted = AuditEntry.objects.get(action="hub.role_granted")
    assert (granted.actor, granted.subject, granted.hub) == (w.lead, w.nobody, w.hub)
    accepted = AuditEntry.objects.get(action="invitation.accepted")
    assert (accepted.actor, accepted.subject) == (w.nobody, w.nobody)
    again = client.post(link(invitation))
    assert "This invitation has already been accepted." in again.content.decode()


def test_accepting_a_hub_role_gives_it_with_its_title(people_world):
    w = people_world
    invitation = invite(w, email="x@school.example", role=P.LEADERSHIP_TEAM, title="Secondary lead")

    invitation_accept(token=invitation_token(invitation=invitation), user=w.nobody)

    membership = HubMembership.objects.get(user=w.nobody)
    assert (membership.hub, membership.role, membership.title) == (w.hub, HubRole.LEADERSHIP_TEAM, "Secondary lead")


def test_accepting_ncetm_staff_makes_ncetm_staff(people_world):
    w = people_world
    invitation = invite(w, email="colleague@ncetm.example", role=P.NCETM_STAFF, actor=w.ncetm)

    invitation_accept(token=invitation_token(invitation=invitation), user=w.nobody)

    w.nobody.refresh_from_db()
    assert w.nobody.is_ncetm_staff
    assert AuditEntry.objects.get(action="network.role_granted").actor == w.ncetm


def test_accepting_once_the_work_group_is_cancelled_is_refused(client, people_world):
    w = people_world
    invitation = invite(w)
    w.work_group.status = WorkGroupStatus.CANCELLED
    w.work_group.save()
    client.force_login(w.nobody)

    response = client.post(link(invitation))

    assert "has been cancelled: it takes no leads" in response.content.decode()
    assert not w.nobody.led_work_groups.exists()
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_accepting_a_third_hub_lead_is_refused(people_world):
    w = people_world
    invitation = invite(w, email="second@school.example", role=P.LEAD, actor=w.ncetm)
    HubMembershipFactory(hub=w.hub, role=HubRole.LEAD)  # given meanwhile in the admin

    with pytest.raises(RoleRefused, match="already has 2 hub leads"):
        invitation_accept(token=invitation_token(invitation=invitation), user=w.nobody)

    assert not HubMembership.objects.filter(user=w.nobody).exists()


def test_accept_with_a_stale_send_is_refused(people_world):
    w = people_world
    invitation = invite(w)
    token = invitation_token(invitation=invitation)
    invitation_resend(invitation=invitation, actor=w.lead)

    with pytest.raises(InvitationLinkError, match="newer invitation"):
        invitation_accept(token=token, user=w.nobody)


def test_signed_out_invitee_signs_up_with_the_address_filled_in_and_accepts(client, people_world):
    w = people_world
    invitation = invite(w, email="nadia@school.example")

    page = client.get(link(invitation))
    body = page.content.decode()
    assert "Create your account" in body
    signup = client.get(page.context["signup_url"])
    assert 'value="nadia@school.example"' in signup.content.decode()
    response = client.post(
        page.context["signup_url"],
        {"full_name": "Nadia New", "email": "nadia@school.example", "password1": PASSWORD, "password2": PASSWORD},
    )

    # The link reached the address: it is verified, the person is signed in and back on the invitation.
    user = User.objects.get(email="nadia@school.example")
    assert EmailAddress.objects.get(user=user).verified
    assert response["Location"] == link(invitation)
    assert client.session["_auth_user_id"] == str(user.pk)
    accepted = client.post(link(invitation))
    assert accepted["Location"] == reverse("workgroups:led") + f"#wg-{w.work_group.pk}"
    assert list(user.led_work_groups.all()) == [w.work_group]


def test_sign_up_with_another_address_still_needs_verification(client, people_world):
    w = people_world
    invitation = invite(w, email="nadia@school.example")
    page = client.get(link(invitation))

    client.post(
        page.context["signup_url"],
        {"full_name": "Nadia New", "email": "nadia@home.example", "password1": PASSWORD, "password2": PASSWORD},
    )

    user = User.objects.get(email="nadia@home.example")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session
    assert not user.led_work_groups.exists()


def test_signed_out_accept_asks_to_log_in_and_grants_nothing(client, people_world):
    w = people_world
    invitation = invite(w)

    response = client.post(link(invitation))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_people_page_queries_do_not_grow_with_invitations(client, people_world):
    w = people_world
    client.force_login(w.lead)
    url = reverse("hubs:people", args=["matrix"])

    def add(n):
        for _ in range(n):
            invite(w, email=UserFactory.build().email, role=P.LEADERSHIP_TEAM)
            invite(w, email=UserFactory.build().email, work_group=WorkGroupFactory(hub=w.hub))

    add(1)
    small = len_queries(client, url)
    add(15)
    assert len_queries(client, url) == small


def len_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
