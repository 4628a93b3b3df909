"""Work Group pages for each role. Thin: parse, check permission (wrong hub → 404), call a service or selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hubs.models import Hub
from workgroups import selectors, services
from workgroups.calendars import calendar_for_sessions
from workgroups.certificates import certificate_pdf
from workgroups.enums import PLACE_HOLDING_STATUSES, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.forms import (
    EvaluationForm,
    FindForm,
    HubHalfTermsForm,
    NationalProjectForm,
    RegisterForm,
    RegistrationForm,
    SessionForm,
    TaskResponseForm,
    WorkGroupCreateForm,
    WorkGroupForm,
)
from workgroups.models import (
    AcademicYear,
    CalendarFeed,
    Evaluation,
    HalfTerm,
    NationalProject,
    Registration,
    Session,
    TaskResponse,
    WorkGroup,
)

RS = RegistrationStatus


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where it names a field the form has."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


def _managed_work_group(request, pk, **select) -> WorkGroup:
    work_group = get_object_or_404(WorkGroup.objects.select_related("hub", "project", "academic_year"), pk=pk)
    if not request.user.has_perm("workgroups.manage_workgroup", work_group):
        raise Http404("No Work Group here.")
    return work_group


def _managed_hub(request, slug) -> Hub:
    hub = get_object_or_404(Hub, slug=slug)
    if not request.user.has_perm("hubs.manage_hub", hub):
        raise Http404("No hub here.")
    return hub


# --------------------------------------------------------------------------- NCETM: project catalogue


@login_required
def project_list(request):
    if not request.user.has_perm("workgroups.manage_projects"):
        raise Http404
    return render(request, "workgroups/project_list.html", {"projects": selectors.projects_list()})


@login_required
def project_edit(request, pk=None):
    if not request.user.has_perm("workgroups.manage_projects"):
        raise Http404
    project = get_object_or_404(NationalProject, pk=pk) if pk else None
    form = NationalProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        project = services.project_save(project=project, **form.cleaned_data)
        messages.success(request, f"{project.code} {project.title} is saved.")
        return redirect("workgroups:project_list")
    return render(request, "workgroups/project_form.html", {"form": form, "project": project})


# --------------------------------------------------------------------------- hub managers


@login_required
def hub_workgroups(request, slug):
    hub = _managed_hub(request, slug)
    work_groups = selectors.workgroups_of_hub(hub=hub)
    projects = NationalProject.objects.order_by("-academic_year__start_year", "code")
    return render(
        request, "workgroups/workgroup_hub_list.html", {"hub": hub, "work_groups": work_groups, "projects": projects}
    )


@login_required
def hub_half_terms(request, slug):
    """The hub's own half-term dates for a year (sessions take their half-term from these)."""
    hub = _managed_hub(request, slug)
    current = AcademicYear.start_year_for(timezone.localdate())
    year_param = request.GET.get("year", "")
    start_year = int(year_param) if year_param.isdigit() and abs(int(year_param) - current) <= 5 else current
    rows = HalfTerm.objects.filter(academic_year__start_year=start_year).filter(Q(hub=hub) | Q(hub__isnull=True))
    network = {h.number: h for h in rows if h.hub_id is None}
    own = {h.number: (h.starts_on, h.ends_on) for h in rows if h.hub_id == hub.pk}
    form = HubHalfTermsForm(request.POST or None, network=network, own=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.half_terms_set_for_hub(hub=hub, start_year=start_year, dates=form.dates())
        except ValidationError as error:
            _add_errors(form, error)
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
    hub = _managed_hub(request, slug)
    initial = {}
    project_id = request.GET.get("project")
    if project_id and project_id.isdigit():
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
                leads=form.cleaned_data["lead_emails"],
                **form.service_values(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"Draft Work Group {work_group.code} created. Plan its sessions, then publish it."
            )
            return redirect("workgroups:manage", pk=work_group.pk)
    return render(request, "workgroups/workgroup_form.html", {"form": form, "hub": hub, "work_group": None})


@login_required
def workgroup_edit(request, pk):
    work_group = _managed_work_group(request, pk)
    form = WorkGroupForm(request.POST or None, instance=work_group)
    if request.method == "POST" and form.is_valid():
        try:
            services.workgroup_update(
                work_group=work_group, leads=form.cleaned_data["lead_emails"], **form.service_values()
            )
        except ValidationError as error:
            _add_errors(form, error)
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
    work_group = _managed_work_group(request, pk)
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
        },
    )


@login_required
@require_POST
def workgroup_transition(request, pk):
    work_group = _managed_work_group(request, pk)
    try:
        work_group = services.workgroup_transition(work_group=work_group, to_status=request.POST.get("to", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{work_group.code} is now {work_group.get_status_display().lower()}.")
    return redirect("workgroups:manage", pk=pk)


@login_required
@require_POST
def workgroup_evaluate_completion(request, pk):
    work_group = _managed_work_group(request, pk)
    count = services.registrations_evaluate_completion(work_group=work_group)
    messages.success(request, f"{count} more participant(s) completed.")
    return redirect("workgroups:manage", pk=pk)


@login_required
@require_POST
def registrations_decide(request, pk):
    work_group = _managed_work_group(request, pk)
    action = request.POST.get("action", "")
    ids = [int(i) for i in request.POST.getlist("registration") if i.isdigit()]
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
    _managed_work_group(request, registration.work_group_id)
    try:
        services.consent_request_resend(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new confirmation link is on its way to {registration.headteacher_email}.")
    return redirect(reverse("workgroups:manage", args=[registration.work_group_id]) + "#registrations")


@login_required
def session_create(request, pk):
    work_group = _managed_work_group(request, pk)
    form = SessionForm(request.POST or None, initial={"venue": work_group.venue})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(work_group=work_group, **form.service_values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Session {session.number} is planned.")
            return redirect(reverse("workgroups:manage", args=[pk]) + "#sessions")
    return render(
        request,
        "workgroups/session_form.html",
        {"form": form, "work_group": work_group, "session": None, "back": reverse("workgroups:manage", args=[pk])},
    )


def _map_time_errors(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        mapping = {"starts_at": "date", "ends_at": "end_time"}
        return ValidationError({mapping.get(k, k): v for k, v in error.error_dict.items()})
    return error


@login_required
def session_edit(request, pk):
    """Hub managers and the Work Group's own leads (who set the task between sessions) edit a session."""
    session = get_object_or_404(Session.objects.select_related("work_group__hub", "work_group__project"), pk=pk)
    work_group = session.work_group
    if not request.user.has_perm("workgroups.lead_workgroup", work_group):
        raise Http404
    can_manage = request.user.has_perm("workgroups.manage_workgroup", work_group)
    back = reverse("workgroups:manage", args=[work_group.pk]) + "#sessions" if can_manage else reverse("workgroups:led")
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, **form.service_values())
        except ValidationError as error:
            _add_errors(form, _map_time_errors(error))
        else:
            messages.success(request, f"Session {session.number} is saved.")
            return redirect(back)
    return render(
        request,
        "workgroups/session_form.html",
        {"form": form, "work_group": work_group, "session": session, "back": back, "can_manage": can_manage},
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = get_object_or_404(Session, pk=pk)
    work_group = _managed_work_group(request, session.work_group_id)
    try:
        services.session_cancel(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Session {session.number} is cancelled; participants are being told.")
    return redirect(reverse("workgroups:manage", args=[work_group.pk]) + "#sessions")


# --------------------------------------------------------------------------- teachers: find and register


def find(request):
    form = FindForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    work_groups = selectors.workgroups_open_search(
        hub=filters.get("hub"),
        phase=filters.get("phase", ""),
        project=filters.get("project"),
        format=filters.get("format", ""),
        q=filters.get("q", ""),
    )
    page = Paginator(work_groups, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workgroups/workgroup_find.html", {"form": form, "page": page, "query": query.urlencode()})


def workgroup_detail(request, pk):
    work_group = get_object_or_404(selectors.workgroups_with_place_counts().select_related("hub", "project"), pk=pk)
    registration = None
    if request.user.is_authenticated:
        registration = work_group.registrations.filter(teacher=request.user).first()
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
            "leads": list(work_group.leads.all()),
            "can_manage": request.user.has_perm("workgroups.manage_workgroup", work_group),
        },
    )


@login_required
def workgroup_register(request, pk):
    work_group = get_object_or_404(WorkGroup.objects.select_related("hub"), pk=pk, status=WorkGroupStatus.OPEN)
    existing = work_group.registrations.filter(teacher=request.user).first()
    if existing:
        messages.info(request, "You have already registered for this Work Group.")
        return redirect("workgroups:my_cpd")
    form = RegistrationForm(request.POST or None, work_group=work_group, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                work_group=work_group, teacher=request.user, **form.service_values()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if registration.status == RS.WAITLISTED:
                messages.warning(request, "The group (or your school's places) is full: you are on the waitlist.")
            else:
                messages.success(
                    request, "You are registered. We have e-mailed your headteacher to confirm your place."
                )
            return redirect("workgroups:my_cpd")
    return render(request, "workgroups/registration_form.html", {"form": form, "work_group": work_group})


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
    return render(request, "workgroups/consent.html", {"registration": registration})


# --------------------------------------------------------------------------- participants


@login_required
def my_cpd(request):
    entries = selectors.my_cpd(user=request.user)
    return render(request, "workgroups/my_cpd.html", {"entries": entries, "now": timezone.now()})


def _own_registration(request, pk) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("work_group__hub", "work_group__project", "school"),
        pk=pk,
        teacher=request.user,
    )


@login_required
@require_POST
def registration_withdraw(request, pk):
    registration = _own_registration(request, pk)
    try:
        services.registration_withdraw(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have withdrawn from {registration.work_group.code}.")
    return redirect("workgroups:my_cpd")


@login_required
@require_POST
def registration_accept_offer(request, pk):
    registration = _own_registration(request, pk)
    try:
        services.registration_accept_offer(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have accepted the place; the hub will confirm it.")
    return redirect("workgroups:my_cpd")


@login_required
@require_POST
def send_apologies(request, pk, session_pk):
    registration = _own_registration(request, pk)
    session = get_object_or_404(Session, pk=session_pk, work_group_id=registration.work_group_id)
    try:
        services.attendance_send_apologies(registration=registration, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Your apologies for session {session.number} are sent to your Work Group lead.")
    return redirect("workgroups:my_cpd")


@login_required
def task_response(request, pk, session_pk):
    registration = _own_registration(request, pk)
    session = get_object_or_404(Session, pk=session_pk, work_group_id=registration.work_group_id)
    existing = TaskResponse.objects.filter(registration=registration, session=session).first()
    form = TaskResponseForm(
        request.POST or None, request.FILES or None, initial={"reflection": existing.reflection if existing else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_response_submit(
                registration=registration,
                session=session,
                reflection=form.cleaned_data["reflection"],
                upload=form.cleaned_data.get("file") or None,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your reflection is saved.")
            return redirect("workgroups:my_cpd")
    return render(
        request,
        "workgroups/task_response_form.html",
        {"form": form, "registration": registration, "session": session, "existing": existing},
    )


@login_required
def task_response_file(request, pk):
    """Student work, only to the participant, their Work Group's leads and its hub's managers (others: 404)."""
    response = get_object_or_404(
        TaskResponse.objects.select_related("registration__work_group__hub"), pk=pk, file__gt=""
    )
    if not request.user.has_perm("workgroups.view_registration_work", response.registration):
        raise Http404
    return FileResponse(response.file.open("rb"), as_attachment=True, filename=response.file_name or "student-work")


@login_required
def evaluation(request, pk):
    registration = _own_registration(request, pk)
    instance = Evaluation.objects.filter(registration=registration).first()
    form = EvaluationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(registration=registration, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Thank you for your evaluation.")
            return redirect("workgroups:my_cpd")
    return render(request, "workgroups/evaluation_form.html", {"form": form, "registration": registration})


@login_required
def certificate(request, pk):
    registration = _own_registration(request, pk)
    if registration.status != RS.COMPLETED:
        raise Http404("Certificates are for participants who completed the Work Group.")
    sessions = list(selectors.certificate_sessions(registration=registration))
    pdf = certificate_pdf(registration=registration, sessions=sessions)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{registration.work_group.code}.pdf"'
    return response


# --------------------------------------------------------------------------- Work Group leads


@login_required
def led(request):
    work_groups = selectors.workgroups_led_by(user=request.user)
    return render(request, "workgroups/workgroup_led.html", {"work_groups": work_groups, "now": timezone.now()})


@login_required
def register_take(request, pk):
    session = get_object_or_404(Session.objects.select_related("work_group__hub"), pk=pk)
    work_group = session.work_group
    if not request.user.has_perm("workgroups.lead_workgroup", work_group):
        raise Http404
    rows = selectors.register_rows(session=session)
    form = RegisterForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.attendance_record(session=session, marks=form.marks(), recorded_by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"Register saved: {saved.created} new, {saved.changed} corrected, {saved.unchanged} unchanged."
            )
            return redirect("workgroups:register", pk=session.pk)
    return render(
        request,
        "workgroups/session_register.html",
        {
            "session": session,
            "work_group": work_group,
            "form": form,
            "changes": selectors.register_changes(session=session)[:50],
            "cancelled": session.status == SessionStatus.CANCELLED,
        },
    )


@login_required
def workgroup_reflections(request, pk):
    """A Work Group's reflections and student work, for its leads and hub managers."""
    work_group = get_object_or_404(WorkGroup.objects.select_related("hub"), pk=pk)
    if not request.user.has_perm("workgroups.view_workgroup_people", work_group):
        raise Http404
    sessions = work_group.sessions.order_by("starts_at").prefetch_related(
        Prefetch(
            "task_responses",
            queryset=TaskResponse.objects.select_related("registration__teacher").order_by(
                "registration__teacher__full_name"
            ),
        )
    )
    return render(request, "workgroups/workgroup_reflections.html", {"work_group": work_group, "sessions": sessions})


# --------------------------------------------------------------------------- calendars


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


def calendar_feed(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    sessions = selectors.sessions_for_calendar(user=feed.user)
    body = calendar_for_sessions(sessions, name=f"Maths Hubs: {feed.user.full_name}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def session_ics(request, pk):
    session = get_object_or_404(Session.objects.select_related("work_group__hub"), pk=pk)
    work_group = session.work_group
    takes_part = work_group.registrations.filter(teacher=request.user, status__in=PLACE_HOLDING_STATUSES).exists()
    if not (takes_part or request.user.has_perm("workgroups.lead_workgroup", work_group)):
        raise Http404
    response = HttpResponse(calendar_for_sessions([session]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{work_group.code}-session-{session.number}.ics"'
    return response
