"""Hub managers: decisions on registrations and the headteacher's consent link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from hubs_portal.feedback import message_at, redirect_to_section
from hubs_portal.input_guard import ascii_int
from workgroups import selectors, services
from workgroups.enums import PLACE_HOLDING_STATUSES
from workgroups.models import (
    Registration,
)
from workgroups.views.access import managed_work_group
from workgroups.views.confirm import Confirmation, count_of, is_confirmed, render_confirmation


@login_required
@require_POST
def registrations_decide(request, pk):
    """Approve, waitlist or reject the ticked registrations; rejecting goes through a confirmation page first."""
    work_group = managed_work_group(request, pk)
    action = request.POST.get("action", "")
    ids = [n for n in (ascii_int(i) for i in request.POST.getlist("registration")) if n is not None]
    if action not in ("approve", "reject", "waitlist") or not ids:
        message_at(request, "registrations", "Choose at least one registration and an action.", level=messages.ERROR)
        return redirect_to_section("workgroups:manage", pk, section="registrations")
    if action == "reject" and not is_confirmed(request):
        return render_confirmation(request, _rejection_confirmation(work_group, ids))
    result = services.registrations_decide_bulk(
        work_group=work_group,
        registration_ids=ids,
        action=action,
        actor=request.user,
        override_reason=request.POST.get("override_reason", ""),
    )
    verb = {"approve": "approved", "reject": "rejected", "waitlist": "waitlisted"}[action]
    if result.done:
        message_at(request, "registrations", f"{len(result.done)} registration(s) {verb}.")
    for message in result.refused:
        message_at(request, "registrations", message, level=messages.ERROR)
    return redirect_to_section("workgroups:manage", pk, section="registrations")


def _rejection_confirmation(work_group, ids) -> Confirmation:
    registrations = list(selectors.workgroup_registrations(work_group=work_group).filter(pk__in=ids))
    holding = sum(1 for r in registrations if r.status in PLACE_HOLDING_STATUSES)
    happens = [f"{count_of(len(registrations), 'registration')} rejected: they stay on the list as “Rejected”."]
    told = ["Each teacher rejected, by e-mail (“Your registration for " + work_group.code + "”)."]
    if holding:
        happens.append(f"The {count_of(holding, 'place')} they held go to the waitlist, first come first served.")
        told.append("The teachers offered those places, by e-mail.")
    return Confirmation(
        title=f"Reject {count_of(len(registrations), 'registration')} for {work_group.code}?",
        action=reverse("workgroups:decide", args=[work_group.pk]),
        back=reverse("workgroups:manage", args=[work_group.pk]) + "#registrations",
        back_label=work_group.code,
        button="Reject",
        happens=happens,
        told=told,
        items_heading="Registrations to reject",
        items=[f"{r.teacher.full_name}, {r.school.name} ({r.get_status_display().lower()})" for r in registrations],
        hidden=[("action", "reject"), *(("registration", str(r.pk)) for r in registrations)],
    )


@login_required
@require_POST
def consent_resend(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("work_group__hub"), pk=pk)
    managed_work_group(request, registration.work_group_id)
    try:
        services.consent_request_resend(registration=registration, actor=request.user)
    except ValidationError as error:
        message_at(request, "registrations", " ".join(error.messages), level=messages.ERROR)
    else:
        message_at(
            request, "registrations", f"A new confirmation link is on its way to {registration.headteacher_email}."
        )
    return redirect_to_section("workgroups:manage", registration.work_group_id, section="registrations")
