"""Writes to people's roles: hub roles, Work Group leads, NCETM staff. Each change is in the audit trail; a role
taken away is e-mailed to its holder (through the outbox).

Who may give or take which role is decided by the caller through ``hubs.grant_role`` / ``hubs.remove_role``
(``hubs.rules``); these functions keep the rules of the data whatever the caller: a hub has at most
``HUB_LEADS_MAX`` hub leads, and never loses its last one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_record
from accounts.models import AuditEntry
from hubs.enums import HUB_LEADS_MAX, HubRole, PersonRole
from hubs.mail import role_removed_email_queue
from hubs.models import Hub, HubMembership
from hubs.services.network import hub_membership_record


class RoleRefused(ValidationError):
    """The change would break a rule of the hub's people (its last lead, too many leads)."""


def _lock_hub(hub: Hub) -> Hub:
    # Every change of a hub's leads takes the hub's row first, so two at once are decided one after the other.
    return Hub.objects.select_for_update().get(pk=hub.pk)


def hub_leads_count(*, hub: Hub) -> int:
    return HubMembership.objects.filter(hub=hub, role=HubRole.LEAD).count()


@transaction.atomic
def hub_role_grant(*, hub: Hub, user, role: str, title: str = "", actor) -> tuple[HubMembership, bool]:
    """Give ``user`` the hub role ``role`` in ``hub``; return the membership and whether it is new.

    Idempotent: a role already held is returned unchanged (and not recorded again). A hub lead beyond
    ``HUB_LEADS_MAX`` raises ``RoleRefused``. Records "hub.role_granted".
    """
    if role == HubRole.LEAD:
        _lock_hub(hub)
    existing = HubMembership.objects.filter(hub=hub, user=user, role=role).first()
    if existing:
        return existing, False
    if role == HubRole.LEAD and hub_leads_count(hub=hub) >= HUB_LEADS_MAX:
        raise RoleRefused(f"{hub} already has {HUB_LEADS_MAX} hub leads: remove one first.", code="too_many_leads")
    membership = HubMembership.objects.create(hub=hub, user=user, role=role, title=title)
    hub_membership_record(membership=membership, actor=actor, granted=True)
    return membership, True


@transaction.atomic
def hub_role_remove(*, membership: HubMembership, actor) -> None:
    """Take a hub role away. The hub's last lead cannot be removed (``RoleRefused``). Records "hub.role_revoked"."""
    hub = membership.hub
    if membership.role == HubRole.LEAD:
        _lock_hub(hub)
    locked = HubMembership.objects.select_for_update(of=("self",)).filter(pk=membership.pk).order_by().first()
    if locked is None:
        return  # removed meanwhile: nothing left to do
    if locked.role == HubRole.LEAD and hub_leads_count(hub=hub) <= 1:
        raise RoleRefused(
            f"{locked.user} is the only hub lead of {hub}: appoint another hub lead first.", code="last_lead"
        )
    entry = hub_membership_record(membership=locked, actor=actor, granted=False)
    role_removed_email_queue(
        user=locked.user, role=locked.get_role_display(), place=str(hub), hub=hub, actor=actor, event=entry.pk
    )
    locked.delete()


def _lead_record(*, work_group, user, actor, granted: bool) -> AuditEntry:
    values = {"role": PersonRole.WORK_GROUP_LEAD, "work_group": work_group.code}
    return audit_record(
        actor=actor,
        action="hub.role_granted" if granted else "hub.role_revoked",
        target=work_group,
        hub=work_group.hub_id,
        subject=user,
        after=values if granted else None,
        before=None if granted else values,
    )


@transaction.atomic
def work_group_lead_add(*, work_group, user, actor) -> bool:
    """Make ``user`` a lead of ``work_group``; return whether they were not one already. Records "hub.role_granted"."""
    if work_group.leads.filter(pk=user.pk).exists():
        return False
    work_group.leads.add(user)
    _lead_record(work_group=work_group, user=user, actor=actor, granted=True)
    return True


@transaction.atomic
def work_group_lead_remove(*, work_group, user, actor) -> bool:
    """Take ``user`` off ``work_group``'s leads; return whether they were one. Records "hub.role_revoked"."""
    if not work_group.leads.filter(pk=user.pk).exists():
        return False
    work_group.leads.remove(user)
    entry = _lead_record(work_group=work_group, user=user, actor=actor, granted=False)
    role_removed_email_queue(
        user=user,
        role=PersonRole.WORK_GROUP_LEAD.label,
        place=str(work_group),
        hub=work_group.hub_id,
        actor=actor,
        event=entry.pk,
    )
    return True


def _staff_record(*, user, actor, granted: bool) -> AuditEntry:
    values = {"role": PersonRole.NCETM_STAFF}
    return audit_record(
        actor=actor,
        action="network.role_granted" if granted else "network.role_revoked",
        target=user,
        subject=user,
        after=values if granted else None,
        before=None if granted else values,
    )


@transaction.atomic
def ncetm_staff_grant(*, user, actor) -> bool:
    """Make ``user`` NCETM staff; return whether they were not already. Records "network.role_granted"."""
    if user.is_ncetm_staff:
        return False
    user.is_ncetm_staff = True
    user.save(update_fields=["is_ncetm_staff"])
    _staff_record(user=user, actor=actor, granted=True)
    return True


@transaction.atomic
def ncetm_staff_remove(*, user, actor) -> bool:
    """Take the NCETM staff role away; return whether they had it. Records "network.role_revoked"."""
    if not user.is_ncetm_staff:
        return False
    user.is_ncetm_staff = False
    user.save(update_fields=["is_ncetm_staff"])
    entry = _staff_record(user=user, actor=actor, granted=False)
    role_removed_email_queue(
        user=user, role=PersonRole.NCETM_STAFF.label, place="the NCETM", hub=None, actor=actor, event=entry.pk
    )
    return True
