"""The hub's calendar page: its Work Groups' sessions and its open lessons, month by month."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from hubs.selectors import hub_visible_to
from mastery import selectors
from mastery.forms import MonthForm


@login_required
def hub_calendar(request, slug):
    hub = hub_visible_to(slug=slug, user=request.user)
    if hub is None:
        raise Http404("No hub here.")
    month = MonthForm(request.GET).month_start()
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "mastery/hub_calendar.html",
        {
            "hub": hub,
            "month": month,
            "previous": previous,
            "following": following,
            "items": selectors.hub_calendar(hub=hub, month=month),
            "can_plan": request.user.has_perm("mastery.plan_open_lesson", hub),
        },
    )
