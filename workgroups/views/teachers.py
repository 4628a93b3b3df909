"""Teachers find a Work Group and register; headteachers answer the consent link (no account)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hubs_portal.caching import personal_data
from workgroups import selectors, services
from workgroups.enums import (
    ACTIVE_REGISTRATION_STATUSES,
    AWAITING_CONSENT_STATUSES,
    Format,
    RegistrationStatus,
    WorkGroupStatus,
)
from workgroups.forms import (
    FindForm,
    RegistrationForm,
)
from workgroups.models import (
    WorkGroup,
)
from workgroups.views.access import add_errors

RS = RegistrationStatus


def find(request):
    """Open Work Groups. A teacher with a school starts from their school's phase and hub, nearest first."""
    school = selectors.teacher_school_for_find(user=request.user)
    data = request.GET
    defaults_applied = False
    if school is not None and not any(name in data for name in FindForm.FILTER_NAMES):
        # First visit: the school's phase and hub, which the form shows and the teacher can clear.
        data = data.copy()
        data.update(FindForm.defaults_for(school))
        defaults_applied = True
    form = FindForm(data or None, near=school is not None and school.has_grid_reference)
    results = selectors.workgroups_find(filters=form.filters(), school=school, page=request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    online_query = query.copy()
    online_query["format"] = Format.ONLINE
    online_query.pop("within", None)
    return render(
        request,
        "workgroups/workgroup_find.html",
        {
            "form": form,
            "page": results.page,
            "results": results,
            "school": school,
            "defaults_applied": defaults_applied,
            "query": query.urlencode(),
            "online_query": online_query.urlencode(),
        },
    )


def workgroup_detail(request, pk):
    work_group = get_object_or_404(
        selectors.workgroups_with_place_counts().select_related("hub", "project", "venue_school"), pk=pk
    )
    registration = None
    if request.user.is_authenticated:
        registration = selectors.teacher_registration_in(work_group=work_group, teacher=request.user)
    if not request.user.has_perm("workgroups.view_workgroup", work_group):
        raise Http404
    sessions = list(work_group.sessions.order_by("starts_at"))
    selectors.annotate_half_terms(sessions, work_group.hub)
    return render(
        request,
        "workgroups/workgroup_detail.html",
        {
            "work_group": work_group,
            "sessions": sessions,
            "registration": registration,
            "active_statuses": ACTIVE_REGISTRATION_STATUSES,
            "leads": list(work_group.leads.all()),
            "can_manage": request.user.has_perm("workgroups.manage_workgroup", work_group),
        },
    )


@login_required
def workgroup_register(request, pk):
    work_group = get_object_or_404(WorkGroup.objects.select_related("hub"), pk=pk, status=WorkGroupStatus.OPEN)
    existing = selectors.teacher_registration_in(work_group=work_group, teacher=request.user)
    if existing and existing.status in ACTIVE_REGISTRATION_STATUSES:
        messages.info(request, "You have already registered for this Work Group.")
        return redirect(reverse("workgroups:my_cpd") + f"#registration-{existing.pk}")
    form = RegistrationForm(request.POST or None, work_group=work_group, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                work_group=work_group, teacher=request.user, **form.service_values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if registration.status == RS.WAITLISTED:
                messages.warning(request, "The group (or your school's places) is full: you are on the waitlist.")
            else:
                messages.success(
                    request, "You are registered. We have e-mailed your headteacher to confirm your place."
                )
            return redirect("workgroups:my_cpd")
    return render(request, "workgroups/registration_form.html", {"form": form, "work_group": work_group})


@personal_data
def consent(request, token):
    """The headteacher's page, reached from the e-mailed link; no account needed."""
    try:
        registration = services.consent_registration_from_token(token=token)
    except services.ConsentLinkError as error:
        return render(request, "workgroups/consent.html", {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "decline"):
            return render(
                request,
                "workgroups/consent.html",
                {"registration": registration, "error": "Choose to confirm or decline."},
                status=400,
            )
        try:
            registration = services.consent_decide(token=token, confirm=answer == "confirm")
        except ValidationError as error:
            return render(
                request, "workgroups/consent.html", {"registration": registration, "error": error.messages[0]}
            )
        return render(request, "workgroups/consent.html", {"registration": registration, "done": True})
    ended = registration.status not in AWAITING_CONSENT_STATUSES
    return render(request, "workgroups/consent.html", {"registration": registration, "ended": ended})
