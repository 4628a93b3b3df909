"""Hub managers: decisions on registrations and the headteacher's consent link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from hubs_portal.feedback import message_at, redirect_to_section
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
        message_at(request, "registrations", "Choose at least one registration and an action.", level=messages.ERROR)
        return redirect_to_section("workgroups:manage", pk, section="registrations")
    result = services.registrations_decide_bulk(
        work_group=work_group, registration_ids=ids, action=action, actor=request.user
    )
    verb = {"approve": "approved", "reject": "rejected", "waitlist": "waitlisted"}[action]
    if result.done:
        message_at(request, "registrations", f"{len(result.done)} registration(s) {verb}.")
    for message in result.refused:
        message_at(request, "registrations", message, level=messages.ERROR)
    return redirect_to_section("workgroups:manage", pk, section="registrations")


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
