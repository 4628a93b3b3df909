"""Calendars: the private iCal feed and one session's .ics file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hubs_portal.caching import personal_data
from hubs_portal.downloads import attachment
from workgroups import selectors, services
from workgroups.calendars import calendar_feed_extra_events, calendar_for_sessions
from workgroups.enums import CALENDAR_REGISTRATION_STATUSES
from workgroups.models import (
    CalendarFeed,
    Session,
)


@login_required
def calendar_settings(request):
    feed = services.calendar_feed_get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(reverse("workgroups:calendar_feed", args=[feed.token]))
    return render(request, "workgroups/calendar.html", {"feed_url": feed_url})


@login_required
@require_POST
def calendar_regenerate(request):
    services.calendar_feed_regenerate(user=request.user)
    messages.success(request, "Your calendar address is new; the old one no longer works.")
    return redirect("workgroups:calendar")


@personal_data
def calendar_feed(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    sessions = selectors.sessions_for_calendar(user=feed.user)
    body = calendar_for_sessions(
        sessions, name=f"Maths Hubs: {feed.user.full_name}", extra_events=calendar_feed_extra_events(feed.user)
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def session_ics(request, pk):
    session = get_object_or_404(Session.objects.select_related("work_group__hub"), pk=pk)
    work_group = session.work_group
    takes_part = work_group.registrations.filter(
        teacher=request.user, status__in=CALENDAR_REGISTRATION_STATUSES
    ).exists()
    if not (takes_part or request.user.has_perm("workgroups.lead_workgroup", work_group)):
        raise Http404
    response = HttpResponse(calendar_for_sessions([session]), content_type="text/calendar; charset=utf-8")
    return attachment(response, f"{work_group.code}-session-{session.number}.ics")
