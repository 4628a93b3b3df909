"""Invitations: invite (a hub's managers, NCETM staff), send again, withdraw; the invitee's page behind the link."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from hubs.enums import PersonRole
from hubs.forms import InvitationForm
from hubs.invitation_links import InvitationLinkError, invitation_from_token
from hubs.models import Hub, Invitation
from hubs.people_selectors import work_groups_open_to_leads
from hubs.people_views import back_to_people, people_hub
from hubs.rules import NETWORK_ROLES, RoleGrant, roles_grantable_by
from hubs.services import invitation_accept, invitation_create, invitation_resend, invitation_revoke
from hubs_portal.caching import personal_data
from workgroups.views.access import add_errors


def _create(request, form, *, hub, back: str):
    data = form.cleaned_data
    hub = data.get("hub") or hub
    if not request.user.has_perm("hubs.grant_role", RoleGrant(data["role"], hub)):
        raise Http404("No such role here.")
    try:
        invitation = invitation_create(
            email=data["email"],
            name=data["name"],
            role=data["role"],
            hub=hub if data["role"] != PersonRole.NCETM_STAFF else None,
            work_group=data.get("work_group") if data["role"] == PersonRole.WORK_GROUP_LEAD else None,
            title=data.get("title", ""),
            actor=request.user,
        )
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, f"Invitation sent to {invitation.email}: {invitation}.")
    return redirect(back)


@login_required
def invite(request, slug):
    """Invite someone to a role in the hub: the roles its lead or administrator may give."""
    hub = people_hub(request, slug)
    roles = [role for role in roles_grantable_by(request.user, hub) if role not in NETWORK_ROLES]
    if not roles:
        raise Http404("No role to give here.")
    initial = {}
    chosen = request.GET.get("work_group", "")
    if chosen.isdigit() and PersonRole.WORK_GROUP_LEAD in roles:
        initial = {"role": PersonRole.WORK_GROUP_LEAD, "work_group": int(chosen)}
    form = InvitationForm(
        request.POST or None, initial=initial, roles=roles, work_groups=work_groups_open_to_leads(hub=hub)
    )
    if request.method == "POST" and form.is_valid():
        done = _create(request, form, hub=hub, back=reverse("hubs:people", args=[hub.slug]))
        if done:
            return done
    return render(
        request, "hubs/invitation_form.html", {"form": form, "hub": hub, "invitation_days": settings.INVITATION_DAYS}
    )


@login_required
def network_invite(request):
    """NCETM staff invite a hub's lead or a colleague."""
    if not request.user.has_perm("hubs.manage_network_people"):
        raise PermissionDenied("Only NCETM staff appoint hub leads and NCETM staff.")
    roles = [role for role in NETWORK_ROLES if role in roles_grantable_by(request.user)]
    form = InvitationForm(request.POST or None, roles=roles, hubs=Hub.objects.order_by("name"))
    if request.method == "POST" and form.is_valid():
        done = _create(request, form, hub=None, back=reverse("hubs:network_people"))
        if done:
            return done
    return render(
        request, "hubs/invitation_form.html", {"form": form, "hub": None, "invitation_days": settings.INVITATION_DAYS}
    )


def _managed_invitation(request, pk) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.select_related("hub", "work_group"), pk=pk)
    if not request.user.has_perm("hubs.grant_role", RoleGrant.of(invitation)):
        raise Http404("No such invitation here.")
    return invitation


@login_required
@require_POST
def resend(request, pk):
    invitation = _managed_invitation(request, pk)
    try:
        invitation = invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation sent again to {invitation.email}; the earlier link no longer works.")
    return redirect(back_to_people(request, invitation.hub))


@login_required
@require_POST
def revoke(request, pk):
    invitation = _managed_invitation(request, pk)
    try:
        invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation of {invitation.email} withdrawn: its link no longer works.")
    return redirect(back_to_people(request, invitation.hub))


def landing_url(invitation: Invitation) -> str:
    """Where a person lands once they accepted: their Work Group among those they lead, their hub, the network."""
    if invitation.role == PersonRole.WORK_GROUP_LEAD:
        return reverse("workgroups:led") + f"#wg-{invitation.work_group_id}"
    if invitation.role == PersonRole.NCETM_STAFF:
        return reverse("reports:network")
    return reverse("hubs:dashboard", args=[invitation.hub.slug])


@personal_data
def respond(request, token):
    """The page behind the e-mailed link. Signed out: sign up (the address filled in and, since the link reached
    it, counted as verified) or log in; signed in: accept. A link that grants nothing says why."""
    try:
        invitation = invitation_from_token(token=token)
    except InvitationLinkError as error:
        return render(request, "hubs/invitation_respond.html", {"error": error.message, "code": error.code})
    here = reverse("hubs:invitation", args=[token])
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(reverse("account_login") + "?" + urlencode({"next": here}))
        # The link reached this address: allauth then takes the address as verified if they sign up with it.
        get_adapter(request).stash_verified_email(request, invitation.email)
        return render(
            request,
            "hubs/invitation_respond.html",
            {
                "invitation": invitation,
                "signup_url": reverse("account_signup") + "?" + urlencode({"next": here}),
                "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
            },
        )
    if request.method == "POST":
        try:
            accepted = invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            return render(
                request,
                "hubs/invitation_respond.html",
                {"invitation": invitation, "refused": " ".join(error.messages)},
            )
        messages.success(request, f"Welcome: you are now {accepted.get_role_display()} of {accepted.place}.")
        return redirect(landing_url(accepted))
    return render(request, "hubs/invitation_respond.html", {"invitation": invitation})
