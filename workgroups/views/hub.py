"""Hub managers: the hub's Work Groups, half-term dates, creating and editing a Work Group, its manage page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hubs.enums import PersonRole
from hubs.people_selectors import invited_leads, work_group_finished
from hubs.rules import RoleGrant
from hubs_portal.input_guard import ascii_int
from workgroups import selectors, services
from workgroups.enums import PLACE_HOLDING_STATUSES, WorkGroupStatus
from workgroups.forms import (
    HubHalfTermsForm,
    WorkGroupCreateForm,
    WorkGroupForm,
)
from workgroups.models import (
    AcademicYear,
    HalfTerm,
    NationalProject,
)
from workgroups.views.access import add_errors, managed_hub, managed_work_group

WORK_GROUPS_PER_PAGE = 50


@login_required
def hub_workgroups(request, slug):
    hub = managed_hub(request, slug)
    # A page at a time, newest year first: five years of a large hub are several hundred Work Groups, and each
    # row's counts are subqueries PostgreSQL evaluates only for the rows of the page.
    page = Paginator(selectors.workgroups_of_hub(hub=hub), WORK_GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    projects = selectors.projects_open_for_work_groups().order_by("-academic_year__start_year", "code")
    return render(request, "workgroups/workgroup_hub_list.html", {"hub": hub, "page": page, "projects": projects})


@login_required
def hub_half_terms(request, slug):
    """The hub's own half-term dates for a year (sessions take their half-term from these)."""
    hub = managed_hub(request, slug)
    current = AcademicYear.start_year_for(timezone.localdate())
    asked = ascii_int(request.GET.get("year"))
    start_year = asked if asked is not None and abs(asked - current) <= 5 else current
    rows = HalfTerm.objects.filter(academic_year__start_year=start_year).filter(Q(hub=hub) | Q(hub__isnull=True))
    network = {h.number: h for h in rows if h.hub_id is None}
    own = {h.number: (h.starts_on, h.ends_on) for h in rows if h.hub_id == hub.pk}
    form = HubHalfTermsForm(request.POST or None, network=network, own=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.half_terms_set_for_hub(hub=hub, start_year=start_year, dates=form.dates())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"{hub.name}'s half-term dates for {AcademicYear(start_year=start_year)} are saved."
            )
            return redirect(reverse("workgroups:half_terms", args=[hub.slug]) + f"?year={start_year}")
    return render(
        request,
        "workgroups/hub_half_terms.html",
        {
            "hub": hub,
            "form": form,
            "year": AcademicYear(start_year=start_year),
            "years": [AcademicYear(start_year=y) for y in range(current - 1, current + 2)],
        },
    )


@login_required
def workgroup_create(request, slug):
    hub = managed_hub(request, slug)
    initial = {}
    project_id = ascii_int(request.GET.get("project"))
    if project_id is not None:
        project = NationalProject.objects.filter(pk=project_id).first()
        if project:
            initial = {
                "project": project,
                "title": project.title,
                "description": project.description,
                "phase": project.phases[0] if project.phases else "",
                "capacity": project.default_capacity,
                "min_schools": project.default_min_schools,
                "teachers_per_school": project.default_teachers_per_school,
            }
    form = WorkGroupCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            work_group = services.workgroup_create_from_project(
                hub=hub,
                project=form.cleaned_data["project"],
                code=form.cleaned_data["code"],
                actor=request.user,
                leads=form.cleaned_data["lead_emails"],
                **form.service_values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Draft Work Group {work_group.code} created. Plan its sessions, then publish it."
            )
            return redirect("workgroups:manage", pk=work_group.pk)
    return render(request, "workgroups/workgroup_form.html", {"form": form, "hub": hub, "work_group": None})


@login_required
def workgroup_edit(request, pk):
    work_group = managed_work_group(request, pk)
    form = WorkGroupForm(request.POST or None, instance=work_group)
    if request.method == "POST" and form.is_valid():
        try:
            services.workgroup_update(
                work_group=work_group,
                leads=form.cleaned_data["lead_emails"],
                actor=request.user,
                **form.service_values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The Work Group is saved.")
            return redirect("workgroups:manage", pk=work_group.pk)
    if form.is_bound:
        work_group.refresh_from_db()
    return render(
        request, "workgroups/workgroup_form.html", {"form": form, "hub": work_group.hub, "work_group": work_group}
    )


@login_required
def workgroup_manage(request, pk):
    work_group = managed_work_group(request, pk)
    sessions = list(work_group.sessions.order_by("starts_at"))
    selectors.annotate_half_terms(sessions, work_group.hub)
    registrations = list(selectors.workgroup_registrations(work_group=work_group))
    schools = len({r.school_id for r in registrations if r.status in PLACE_HOLDING_STATUSES})
    return render(
        request,
        "workgroups/workgroup_manage.html",
        {
            "work_group": work_group,
            "sessions": sessions,
            "registrations": registrations,
            "schools_registered": schools,
            "too_few_schools": schools < work_group.min_schools,
            "transitions": [WorkGroupStatus(s) for s in services.legal_transitions(work_group)],
            "leads": list(work_group.leads.all()),
            # People invited to lead it who have no account yet or have not accepted (hubs' invitations).
            "invited_leads": invited_leads(work_group=work_group),
            "may_invite_lead": not work_group_finished(work_group)
            and request.user.has_perm("hubs.grant_role", RoleGrant(PersonRole.WORK_GROUP_LEAD, work_group.hub)),
        },
    )
