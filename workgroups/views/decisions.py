"""Hub managers: decisions on registrations and the headteacher's consent link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from hubs_portal.input_guard import ascii_int
from workgroups import services
from workgroups.models import (
    Registration,
)
from workgroups.views.access import managed_work_group


@login_required
@require_POST
def registrations_decide(request, pk):
    work_group = managed_work_group(request, pk)
    action = request.POST.get("action", "")
    ids = [n for n in (ascii_int(i) for i in request.POST.getlist("registration")) if n is not None]
    if action not in ("approve", "reject", "waitlist") or not ids:
        messages.error(request, "Choose at least one registration and an action.")
        return redirect(reverse("workgroups:manage", args=[pk]) + "#registrations")
    result = services.registrations_decide_bulk(
        work_group=work_group, registration_ids=ids, action=action, actor=request.user
    )
    verb = {"approve": "approved", "reject": "rejected", "waitlist": "waitlisted"}[action]
    if result.done:
        messages.success(request, f"{len(result.done)} registration(s) {verb}.")
    for message in result.refused:
        messages.error(request, message)
    return redirect(reverse("workgroups:manage", args=[pk]) + "#registrations")


@login_required
@require_POST
def consent_resend(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("work_group__hub"), pk=pk)
    managed_work_group(request, registration.work_group_id)
    try:
        services.consent_request_resend(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new confirmation link is on its way to {registration.headteacher_email}.")
    return redirect(reverse("workgroups:manage", args=[registration.work_group_id]) + "#registrations")
