"""Outbox pages: a hub's e-mails (hub managers), those about one thing, resend; unsubscribe and preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from hubs_portal.caching import personal_data
from notifications import selectors, services
from notifications.forms import OutboxFilterForm, PreferencesForm
from notifications.models import OutboxMessage
from notifications.registry import kind_get
from notifications.unsubscribe import unsubscribe_token_read

PAGE_SIZE = 50
# The tenant model the outbox is scoped by (hubs.Hub), reached through the row's own foreign key so
# this app imports no domain app.
Hub = OutboxMessage._meta.get_field("hub").related_model


def _hub_or_404(request, slug: str):
    hub = get_object_or_404(Hub, slug=slug)
    if not request.user.has_perm("notifications.view_hub_outbox", hub):
        raise Http404  # another hub's outbox does not exist, as far as this user knows
    return hub


def _outbox_page(request, hub, *, topic=None, about=""):
    form = OutboxFilterForm(request.GET or None)
    kind = status = ""
    if form.is_valid():
        kind, status = form.cleaned_data["kind"], form.cleaned_data["status"]
    rows = selectors.hub_outbox_messages(hub=hub, kind=kind, status=status, topic=topic)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox_hub.html",
        {
            "hub": hub,
            "form": form,
            "page": page,
            "rows": selectors.rows_describe(hub=hub, rows=page.object_list, known={topic: about} if topic else None),
            "counts": selectors.hub_outbox_counts(hub=hub, kind=kind, topic=topic),
            "topic": topic,
            "about": about,
            "filters": request.GET.copy(),
        },
    )


@login_required
@require_safe
def hub_outbox(request, hub_slug: str):
    return _outbox_page(request, _hub_or_404(request, hub_slug))


@login_required
@require_safe
def topic_outbox(request, hub_slug: str, topic_type: str, topic_id: int):
    hub = _hub_or_404(request, hub_slug)
    about = selectors.topic_describe(hub=hub, topic_type=topic_type, topic_id=topic_id)
    if about is None:
        raise Http404  # not this hub's, or nothing the portal e-mails about
    return _outbox_page(request, hub, topic=(topic_type, topic_id), about=about)


@login_required
@require_POST
def message_resend(request, pk: int):
    message = get_object_or_404(OutboxMessage.objects.select_related("hub"), pk=pk)
    if not request.user.has_perm("notifications.resend_message", message):
        raise Http404
    try:
        services.message_resend(message=message)
    except services.ResendRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The e-mail to {message.to_address} is queued to be sent again.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("notifications:hub_outbox", hub_slug=message.hub.slug)


# One-click unsubscribe (RFC 8058): a mail provider POSTs "List-Unsubscribe=One-Click" to this URL
# with no cookies and no CSRF token; the signed token is the authority, so CSRF does not apply.
@csrf_exempt
@personal_data
def unsubscribe(request, token: str):
    try:
        kind, recipient_key = unsubscribe_token_read(token)
    except signing.BadSignature as exc:
        raise Http404 from exc
    context = {"kind_label": kind_get(kind).label, "address": _recipient_label(recipient_key), "token": token}
    if request.method == "POST":
        services.opt_out_record(kind=kind, recipient_key=recipient_key)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe_confirm.html", context)


def _recipient_label(recipient_key: str) -> str:
    kind, _, value = recipient_key.partition(":")
    if kind == "email":
        return value
    user = OutboxMessage._meta.get_field("recipient").related_model.objects.filter(pk=value).only("email").first()
    return user.email if user else "this address"


@login_required
def preferences(request):
    choices = [(kind.name, kind.label) for kind in selectors.preference_kinds()]
    if request.method == "POST":
        form = PreferencesForm(request.POST, choices=choices)
        if form.is_valid():
            services.preferences_set(user=request.user, wanted=form.cleaned_data["kinds"])
            messages.success(request, "Your e-mail choices have been saved.")
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(
            choices=choices, initial={"kinds": sorted(selectors.preferences_wanted(user=request.user))}
        )
    return render(request, "notifications/preferences.html", {"form": form})
