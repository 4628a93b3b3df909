"""The e-mails about people's roles, through the outbox: the invitation with its link, sent again, a role taken away."""

import re

import pytest
from django.conf import settings
from django.core import mail

from hubs.enums import HubRole, MailKind, PersonRole
from hubs.invitation_links import invitation_from_token
from hubs.services import (
    hub_role_remove,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    work_group_lead_remove,
)
from hubs.tests.factories import HubMembershipFactory
from notifications.delivery import outbox_deliver
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _link_token(message) -> str:
    url = re.search(r"https?://\S+/hubs/invitations/(\S+)/", message.body)
    assert url, message.body
    return url.group(1)


def _invite(w, email="nadia@school.example"):
    return invitation_create(
        email=email, name="Nadia New", role=PersonRole.WORK_GROUP_LEAD, hub=w.hub, work_group=w.work_group, actor=w.lead
    )


def test_invitation_e_mail_carries_the_link_and_who_invites(people_world, django_capture_on_commit_callbacks):
    w = people_world

    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(w)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@school.example"]
    assert message.subject.endswith("You are invited to be Work Group lead of NCP26-11-MAT-01 Primary TfM Development")
    assert "Dear Nadia New," in message.body
    assert "Helen Lead invites you" in message.body
    assert settings.SITE_URL.rstrip("/") + "/hubs/invitations/" in message.body
    assert invitation_from_token(token=_link_token(message)) == invitation
    row = OutboxMessage.objects.get()
    assert (row.kind, row.hub_id, row.status) == (MailKind.INVITATION, w.hub.pk, "sent")


def test_invitation_sent_again_e_mails_a_new_link(people_world, django_capture_on_commit_callbacks):
    w = people_world
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(w)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=invitation, actor=w.lead)

    first, second = mail.outbox
    assert _link_token(first) != _link_token(second)
    assert invitation_from_token(token=_link_token(second)) == invitation


def test_invitation_e_mail_not_yet_sent_is_skipped_once_withdrawn(people_world):
    w = people_world
    invitation = _invite(w)  # queued; its delivery would run after commit, which never comes in this test
    invitation_revoke(invitation=invitation, actor=w.lead)

    outbox_deliver(outbox_ids=list(OutboxMessage.objects.values_list("pk", flat=True)))

    assert mail.outbox == []
    row = OutboxMessage.objects.get()
    assert (row.status, row.skip_reason) == ("skipped", "the invitation has been withdrawn")


def test_role_taken_away_is_e_mailed_to_its_holder(people_world, django_capture_on_commit_callbacks):
    w = people_world
    with django_capture_on_commit_callbacks(execute=True):
        hub_role_remove(membership=w.admin_membership, actor=w.lead)
        work_group_lead_remove(work_group=w.work_group, user=w.wg_lead, actor=w.lead)

    by_person = {message.to[0]: message for message in mail.outbox}
    assert by_person[w.admin.email].subject.endswith("You are no longer Hub administrator of Matrix Maths Hub")
    assert (
        "Helen Lead has taken away your role as Hub administrator of Matrix Maths Hub" in by_person[w.admin.email].body
    )
    assert by_person[w.wg_lead.email].subject.endswith(
        "You are no longer Work Group lead of NCP26-11-MAT-01 Primary TfM Development"
    )


def test_role_taken_twice_is_e_mailed_twice(people_world, django_capture_on_commit_callbacks):
    w = people_world
    for _ in range(2):
        membership = HubMembershipFactory(hub=w.hub, user=w.nobody, role=HubRole.LEADERSHIP_TEAM)
        with django_capture_on_commit_callbacks(execute=True):
            hub_role_remove(membership=membership, actor=w.lead)

    assert [m.to for m in mail.outbox] == [[w.nobody.email], [w.nobody.email]]
