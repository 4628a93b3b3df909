"""Invitations to a role: sent by e-mail with a signed link (``hubs.invitation_links``), sent again, withdrawn,
accepted. Who may invite to which role is asked by the caller (``hubs.grant_role``, ``hubs.rules``); these
functions keep the rules of the data, record each step in the audit trail and queue each e-mail in the outbox.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.audit import audit_record
from hubs.enums import HUB_LEADS_MAX, HubRole, InvitationStatus, PersonRole
from hubs.invitation_links import InvitationLinkError, invitation_from_token
from hubs.mail import invitation_email_queue
from hubs.models import Hub, HubMembership, Invitation
from hubs.people_selectors import work_group_finished
from hubs.services.people import hub_role_grant, ncetm_staff_grant, work_group_lead_add


class InvitationRefused(ValidationError):
    """The invitation cannot be sent, sent again, withdrawn or accepted (the message says why)."""


def _holds(*, email: str, role: str, hub, work_group) -> bool:
    """Whether the person with this e-mail (if they have an account) already holds the role."""
    if role == PersonRole.NCETM_STAFF:
        return get_user_model().objects.filter(email=email, is_ncetm_staff=True).exists()
    if role == PersonRole.WORK_GROUP_LEAD:
        return work_group.leads.filter(email=email).exists()
    return HubMembership.objects.filter(hub=hub, role=role, user__email=email).exists()


def _check_place(*, role: str, hub, work_group) -> None:
    if role == PersonRole.NCETM_STAFF:
        if hub is not None or work_group is not None:
            raise InvitationRefused("NCETM staff are invited to the network, not to a hub.")
        return
    if hub is None:
        raise InvitationRefused("Choose the hub.")
    if role == PersonRole.WORK_GROUP_LEAD:
        if work_group is None or work_group.hub_id != hub.pk:
            raise InvitationRefused({"work_group": "Choose one of the hub's Work Groups."})
        if work_group_finished(work_group):
            raise InvitationRefused(
                {"work_group": f"{work_group.code} is {work_group.get_status_display().lower()}: it takes no leads."}
            )
    elif work_group is not None:
        raise InvitationRefused({"work_group": "Only a Work Group lead is invited to a Work Group."})


def _lead_places_left(*, hub, excluding=None) -> int:
    """Hub lead places not taken by a lead or reserved by a live (pending, unexpired) invitation."""
    live = [
        invitation
        for invitation in Invitation.objects.filter(hub=hub, role=PersonRole.LEAD, status=InvitationStatus.PENDING)
        if not invitation.is_expired and invitation != excluding
    ]
    return HUB_LEADS_MAX - HubMembership.objects.filter(hub=hub, role=HubRole.LEAD).count() - len(live)


@transaction.atomic
def invitation_create(
    *, email: str, role: str, hub=None, work_group=None, name: str = "", title: str = "", actor
) -> Invitation:
    """Invite ``email`` to ``role`` (in ``hub``; of ``work_group`` for a Work Group lead) and e-mail the link.

    Raises ``InvitationRefused`` when the place does not fit the role (a Work Group of another hub, a completed
    or cancelled one), when the person already holds the role or has a pending invitation to it, or when the
    hub's lead places (``HUB_LEADS_MAX``, counting live invitations) are taken. Records "invitation.sent".
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationRefused({"email": "Enter a valid e-mail address."}) from None
    _check_place(role=role, hub=hub, work_group=work_group)
    if _holds(email=email, role=role, hub=hub, work_group=work_group):
        place = Invitation(role=role, hub=hub, work_group=work_group).place
        raise InvitationRefused({"email": f"{email} is already {PersonRole(role).label} of {place}."})
    if role == PersonRole.LEAD:
        Hub.objects.select_for_update().get(pk=hub.pk)  # lead places are counted one invitation at a time
        if _lead_places_left(hub=hub) <= 0:
            raise InvitationRefused(
                f"{hub} has its {HUB_LEADS_MAX} hub leads (or invitations to be one): remove one or withdraw an "
                "invitation first."
            )
    pending = Invitation.objects.filter(
        email=email, role=role, hub=hub, work_group=work_group, status=InvitationStatus.PENDING
    ).first()
    if pending:
        sent = date_format(timezone.localtime(pending.sent_at), "j F Y")
        raise InvitationRefused(
            {
                "email": f"{email} was already invited on {sent}: send it again from the invitations waiting for an answer."
            }
        )
    invitation = Invitation.objects.create(
        email=email,
        name=name.strip(),
        role=role,
        hub=hub,
        work_group=work_group,
        title=title.strip(),
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="invitation.sent",
        target=invitation,
        hub=hub,
        after={"email": email, "role": role, "work_group": getattr(work_group, "code", None)},
    )
    invitation_email_queue(invitation=invitation)
    return invitation


def _locked_pending(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",)).select_related("hub", "work_group").get(pk=invitation.pk)
    )
    if locked.status != InvitationStatus.PENDING:
        raise InvitationRefused(f"This invitation has already been {locked.get_status_display().lower()}.")
    return locked


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor) -> Invitation:
    """E-mail a pending invitation again with a new link, valid ``INVITATION_DAYS`` from now; the old link is void.

    Raises ``InvitationRefused`` unless pending, or for a hub lead when the hub's lead places have been taken
    meanwhile. Records "invitation.resent"."""
    locked = _locked_pending(invitation)
    if (
        locked.role == PersonRole.LEAD
        and locked.is_expired
        and _lead_places_left(hub=locked.hub, excluding=locked) <= 0
    ):
        raise InvitationRefused(f"{locked.hub} has its {HUB_LEADS_MAX} hub leads meanwhile: withdraw this invitation.")
    locked.sends += 1
    locked.sent_at = timezone.now()
    locked.save(update_fields=["sends", "sent_at"])
    audit_record(
        actor=actor, action="invitation.resent", target=locked, hub=locked.hub_id, after={"sends": locked.sends}
    )
    invitation_email_queue(invitation=locked)
    return locked


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Withdraw a pending invitation: its link grants nothing from now on. Records "invitation.revoked"."""
    locked = _locked_pending(invitation)
    locked.status = InvitationStatus.REVOKED
    locked.closed_at = timezone.now()
    locked.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    audit_record(actor=actor, action="invitation.revoked", target=locked, hub=locked.hub_id)
    return locked


@transaction.atomic
def invitation_accept(*, token: str, user) -> Invitation:
    """Give ``user`` (signed in) the role a valid link invites to, and close the invitation as accepted.

    The role is recorded as given by the person who invited ("hub.role_granted" / "network.role_granted"),
    the acceptance by ``user`` ("invitation.accepted"). Raises ``InvitationLinkError`` for a link that grants
    nothing, ``InvitationRefused`` when the place has gone meanwhile (the Work Group completed or cancelled,
    the hub's lead places taken), and ``RoleRefused`` from the role's own rules.
    """
    invitation = invitation_from_token(token=token)
    locked = _locked_pending(invitation)
    if locked.sends != invitation.sends:
        raise InvitationLinkError("A newer invitation has been sent to you: use the link in the latest e-mail.")
    giver = locked.invited_by
    if locked.role == PersonRole.NCETM_STAFF:
        ncetm_staff_grant(user=user, actor=giver)
    elif locked.role == PersonRole.WORK_GROUP_LEAD:
        if work_group_finished(locked.work_group):
            raise InvitationRefused(
                f"{locked.work_group} has been {locked.work_group.get_status_display().lower()}: it takes no leads."
            )
        work_group_lead_add(work_group=locked.work_group, user=user, actor=giver)
    else:
        hub_role_grant(hub=locked.hub, user=user, role=locked.role, title=locked.title, actor=giver)
    locked.status = InvitationStatus.ACCEPTED
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    audit_record(
        actor=user,
        action="invitation.accepted",
        target=locked,
        hub=locked.hub_id,
        subject=user,
        after={"email": locked.email, "role": locked.role},
    )
    return locked
