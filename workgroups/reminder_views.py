"""Reminder pages: a hub's outbox per session (hub managers), resend, unsubscribe, preferences."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import User
from hubs.models import Hub
from hubs_portal.caching import personal_data
from workgroups import reminder_selectors, reminders
from workgroups.models import Session
from workgroups.models.outbox import (
    ACCOUNT_REMINDER_KINDS,
    HubReminderSettings,
    OutboxMessage,
    OutboxStatus,
    ReminderKind,
    validate_offset_days,
)


def _hub_or_404(request, slug: str) -> Hub:
    hub = get_object_or_404(Hub, slug=slug)
    if not request.user.has_perm("hubs.manage_hub", hub):
        raise Http404  # another hub's outbox does not exist, as far as this user knows
    return hub


def _session_or_404(request, session_id: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("work_group__hub"), pk=session_id)
    if not request.user.has_perm("workgroups.manage_workgroup", session.work_group):
        raise Http404
    return session


class ScheduleForm(forms.Form):
    session_offset_days = forms.CharField(
        label="Remind participants and leads this many days before each session",
        max_length=40,
        help_text="Whole days separated by commas, e.g. 7,1.",
    )

    def clean_session_offset_days(self):
        value = self.cleaned_data["session_offset_days"]
        validate_offset_days(value)
        return value


@login_required
def hub_outbox(request, hub_slug: str):
    hub = _hub_or_404(request, hub_slug)
    current = HubReminderSettings.objects.filter(hub=hub).first()
    initial = current.session_offset_days if current else ",".join(str(d) for d in reminders.hub_offsets()[1])
    form = ScheduleForm(request.POST or None, initial={"session_offset_days": initial})
    if request.method == "POST" and form.is_valid():
        reminders.hub_reminder_settings_set(hub=hub, session_offset_days=form.cleaned_data["session_offset_days"])
        messages.success(request, "The reminder schedule has been saved. It applies from the next sweep.")
        return redirect("reminders:hub_outbox", hub_slug=hub.slug)
    return render(
        request,
        "workgroups/reminders/outbox_hub.html",
        {
            "hub": hub,
            "form": form,
            "sessions": reminder_selectors.hub_sessions_with_outbox(hub=hub),
            "digests": reminder_selectors.hub_digest_messages(hub=hub),
            "statuses": OutboxStatus,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_outbox(request, session_id: int):
    session = _session_or_404(request, session_id)
    return render(
        request,
        "workgroups/reminders/outbox_session.html",
        {
            "session": session,
            "work_group": session.work_group,
            "hub": session.work_group.hub,
            "rows": reminder_selectors.session_outbox(session=session),
        },
    )


@login_required
@require_POST
def outbox_resend(request, pk: int):
    message = get_object_or_404(OutboxMessage.objects.select_related("hub", "session__work_group"), pk=pk)
    allowed = (
        request.user.has_perm("workgroups.manage_workgroup", message.session.work_group)
        if message.session_id
        else request.user.has_perm("hubs.manage_hub", message.hub)
    )
    if not allowed:
        raise Http404
    try:
        reminders.outbox_message_resend(message=message)
    except reminders.ResendRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The reminder is queued to be sent again.")
    if message.session_id:
        return redirect("reminders:session_outbox", session_id=message.session_id)
    return redirect("reminders:hub_outbox", hub_slug=message.hub.slug)


def _recipient_label(recipient_key: str) -> str:
    kind, _, value = recipient_key.partition(":")
    if kind == "email":
        return value
    user = User.objects.filter(pk=value).only("email").first()
    return user.email if user else "this address"


# One-click unsubscribe (RFC 8058): a mail provider POSTs "List-Unsubscribe=One-Click" to this URL
# with no cookies and no CSRF token; the signed token is the authority, so CSRF does not apply.
@csrf_exempt
@personal_data
def unsubscribe(request, token: str):
    try:
        kind, recipient_key = reminders.unsubscribe_token_read(token)
    except signing.BadSignature as exc:
        raise Http404 from exc
    context = {"kind_label": ReminderKind(kind).label, "address": _recipient_label(recipient_key), "token": token}
    if request.method == "POST":
        reminders.reminder_unsubscribe(kind=kind, recipient_key=recipient_key)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        return render(request, "workgroups/reminders/unsubscribe_done.html", context)
    return render(request, "workgroups/reminders/unsubscribe_confirm.html", context)


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me these e-mails",
        choices=[(kind.value, kind.label) for kind in ACCOUNT_REMINDER_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick a kind to stop it. Reminders already queued for it are not sent.",
    )


@login_required
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            reminders.reminder_preferences_set(user=request.user, wanted=form.cleaned_data["kinds"])
            messages.success(request, "Your reminder choices have been saved.")
            return redirect("reminders:preferences")
    else:
        form = PreferencesForm(initial={"kinds": sorted(reminders.reminder_kinds_wanted(user=request.user))})
    return render(request, "workgroups/reminders/preferences.html", {"form": form})
