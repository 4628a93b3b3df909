"""People pages: a hub's People page (its managers), the network's hub leads and NCETM staff (NCETM staff), and
taking a role away with confirmation. Who may give or take which role: ``hubs.rules.GRANTED_BY``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hubs.enums import PersonRole
from hubs.models import Hub, HubMembership
from hubs.people_selectors import hub_people, invitations_pending, ncetm_staff, network_hub_leads
from hubs.rules import NETWORK_ROLES, RoleGrant, roles_grantable_by
from hubs.services import (
    RoleRefused,
    hub_role_remove,
    ncetm_staff_remove,
    work_group_lead_remove,
)
from workgroups.models import WorkGroup


def people_hub(request, slug) -> Hub:
    hub = get_object_or_404(Hub, slug=slug)
    if not request.user.has_perm("hubs.manage_hub_people", hub):
        raise Http404("No hub here.")
    return hub


def back_to_people(request, hub) -> str:
    """Where a change on people returns to: the hub's People page, else the network's (NCETM staff)."""
    if hub is not None and request.user.has_perm("hubs.manage_hub_people", hub):
        return reverse("hubs:people", args=[hub.slug])
    return reverse("hubs:network_people")


@login_required
def people(request, slug):
    hub = people_hub(request, slug)
    user = request.user
    everyone = hub_people(hub=hub)
    leads = sum(1 for person in everyone for m in person.memberships if m.role == PersonRole.LEAD)
    for person in everyone:
        for membership in person.memberships:
            membership.removable = user.has_perm("hubs.remove_role", RoleGrant.of(membership))
            membership.last_lead = membership.role == PersonRole.LEAD and leads <= 1
    return render(
        request,
        "hubs/hub_people.html",
        {
            "hub": hub,
            "people": everyone,
            "may_remove_leads": user.has_perm("hubs.remove_role", RoleGrant(PersonRole.WORK_GROUP_LEAD, hub)),
            "may_invite": any(role not in NETWORK_ROLES for role in roles_grantable_by(user, hub)),
            "invitations": _manageable(user, invitations_pending(hub=hub)),
        },
    )


def _manageable(user, invitations) -> list:
    """The invitations, each marked with whether ``user`` may send it again or withdraw it."""
    invitations = list(invitations)
    for invitation in invitations:
        invitation.manageable = user.has_perm("hubs.grant_role", RoleGrant.of(invitation))
    return invitations


def _confirm(request, *, hub, what: str, person, back: str):
    return render(
        request,
        "hubs/role_remove_confirm.html",
        {"hub": hub, "what": what, "person": person, "back": back},
    )


@login_required
def role_remove(request, slug, pk):
    """Take a hub role away, after a confirmation page. Another hub's, or a role one may not take: 404."""
    membership = get_object_or_404(HubMembership.objects.select_related("hub", "user"), pk=pk, hub__slug=slug)
    if not request.user.has_perm("hubs.remove_role", RoleGrant.of(membership)):
        raise Http404("No such role here.")
    what = f"{membership.get_role_display()} of {membership.hub}"
    back = back_to_people(request, membership.hub)
    if request.method == "POST":
        try:
            hub_role_remove(membership=membership, actor=request.user)
        except RoleRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"{membership.user} is no longer {what}.")
        return redirect(back)
    return _confirm(request, hub=membership.hub, what=what, person=membership.user, back=back)


@login_required
def lead_remove(request, slug, work_group_pk, user_pk):
    """Take a Work Group's lead off it, after a confirmation page."""
    work_group = get_object_or_404(WorkGroup.objects.select_related("hub"), pk=work_group_pk, hub__slug=slug)
    if not request.user.has_perm("hubs.remove_role", RoleGrant(PersonRole.WORK_GROUP_LEAD, work_group.hub)):
        raise Http404("No such Work Group here.")
    lead = get_object_or_404(work_group.leads, pk=user_pk)
    what = f"a lead of {work_group}"
    back = back_to_people(request, work_group.hub)
    if request.method == "POST":
        work_group_lead_remove(work_group=work_group, user=lead, actor=request.user)
        messages.success(request, f"{lead} is no longer {what}.")
        return redirect(back)
    return _confirm(request, hub=work_group.hub, what=what, person=lead, back=back)


@login_required
def network_people(request):
    if not request.user.has_perm("hubs.manage_network_people"):
        raise PermissionDenied("Only NCETM staff appoint hub leads and NCETM staff.")
    hubs = network_hub_leads()
    for hub in hubs:
        for membership in hub.leads:
            membership.last_lead = len(hub.leads) <= 1
    invitations = _manageable(request.user, invitations_pending(roles=NETWORK_ROLES))
    return render(
        request, "hubs/network_people.html", {"hubs": hubs, "staff": list(ncetm_staff()), "invitations": invitations}
    )


@login_required
def staff_remove(request, user_pk):
    if not request.user.has_perm("hubs.remove_role", RoleGrant(PersonRole.NCETM_STAFF)):
        raise PermissionDenied("Only NCETM staff take the NCETM staff role away.")
    person = get_object_or_404(get_user_model(), pk=user_pk, is_ncetm_staff=True)
    back = reverse("hubs:network_people")
    if request.method == "POST":
        ncetm_staff_remove(user=person, actor=request.user)
        messages.success(request, f"{person} is no longer NCETM staff.")
        return redirect(back)
    return _confirm(request, hub=None, what="NCETM staff", person=person, back=back)
