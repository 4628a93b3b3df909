"""A Mastery Specialist's profile: their place on the programme, milestones and progress, and the Work Groups they
led with the reports' figures for each. For the specialist, their hub's managers and NCETM staff
(``mastery.view_specialist``); anyone else gets 404, so ids do not leak."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from hubs_portal.caching import personal_data
from mastery import selectors as mastery_selectors
from reports import selectors
from reports.specialist_tables import work_groups_led


@personal_data
@login_required
def specialist_profile(request, pk):
    specialist = mastery_selectors.specialist_for_page(pk=pk)
    user = request.user
    if specialist is None or not user.has_perm("mastery.view_specialist", specialist):
        raise Http404("No such Mastery Specialist.")
    return render(
        request,
        "reports/specialist_profile.html",
        {
            "specialist": specialist,
            "own": specialist.user_id == user.pk,
            "table": work_groups_led(selectors.specialist_work_groups(specialist=specialist)),
            "may_see_hub": user.has_perm("mastery.view_hub_specialists", specialist.hub),
        },
    )
