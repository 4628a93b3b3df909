"""Work Group leads: their groups, the register, participants' reflections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from hubs_portal.downloads import attachment, csv_lines
from workgroups import selectors, services
from workgroups.enums import AttendanceStatus, SessionStatus
from workgroups.forms import (
    RegisterForm,
)
from workgroups.models import (
    Session,
    TaskResponse,
    WorkGroup,
)
from workgroups.views.access import add_errors


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
    is_open = services.register_is_open(session)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.attendance_record(session=session, marks=form.marks(), recorded_by=request.user)
        except ValidationError as error:
            add_errors(form, error)
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
            "is_open": is_open,
            "opens_message": "" if is_open else services.register_opens_message(session),
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


@login_required
def workgroup_attendance(request, pk):
    """A Work Group's attendance grid (participant × session, with rates), for its leads and hub managers; CSV too."""
    work_group = get_object_or_404(WorkGroup.objects.select_related("hub"), pk=pk)
    if not request.user.has_perm("workgroups.view_workgroup_people", work_group):
        raise Http404
    grid = selectors.workgroup_attendance_grid(work_group=work_group)
    if request.GET.get("format") == "csv":
        return _attendance_csv(grid)
    return render(
        request,
        "workgroups/workgroup_attendance.html",
        {
            "work_group": work_group,
            "grid": grid,
            "can_manage": request.user.has_perm("workgroups.manage_workgroup", work_group),
        },
    )


def _attendance_csv(grid):
    labels = dict(AttendanceStatus.choices)

    def lines():
        yield [
            "Participant",
            "E-mail",
            "School",
            *(
                f"Session {c.session.number} ({timezone.localdate(c.session.starts_at):%Y-%m-%d})"
                for c in grid.sessions
            ),
            "Sessions held",
            "Attended",
            "Absent",
            "Apologies",
            "Attendance %",
        ]
        for row in grid.rows:
            teacher = row.registration.teacher
            yield [
                teacher.full_name,
                teacher.email,
                row.registration.school.name if row.registration.school else "",
                *(labels.get(mark, "") for mark in row.marks),
                row.held,
                row.attended,
                row.absent,
                row.apologies,
                "" if row.rate is None else row.rate,
            ]

    def stream():
        yield "\ufeff"  # BOM: spreadsheet programs then read the accents in names correctly
        yield from csv_lines(lines())

    return attachment(
        StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8"),
        f"{grid.work_group.code}-attendance.csv",
    )
