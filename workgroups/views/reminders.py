"""The hub's schedule of session reminders (hub managers). The reminders themselves, like every
e-mail, are on the hub's outbox page (``notifications``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from workgroups import services
from workgroups.forms import ReminderScheduleForm
from workgroups.mail_kinds.session_reminders import hub_offsets
from workgroups.models import HubReminderSettings
from workgroups.views.access import managed_hub


@login_required
def hub_reminder_schedule(request, slug: str):
    hub = managed_hub(request, slug)
    current = HubReminderSettings.objects.filter(hub=hub).first()
    initial = current.session_offset_days if current else ",".join(str(d) for d in hub_offsets()[1])
    form = ReminderScheduleForm(request.POST or None, initial={"session_offset_days": initial})
    if request.method == "POST" and form.is_valid():
        services.hub_reminder_settings_set(hub=hub, session_offset_days=form.cleaned_data["session_offset_days"])
        messages.success(request, "The reminder schedule has been saved. It applies from the next sweep.")
        return redirect("workgroups:reminder_schedule", slug=hub.slug)
    return render(
        request,
        "workgroups/hub_reminder_schedule.html",
        {"hub": hub, "form": form},
        status=400 if request.method == "POST" else 200,
    )
