"""Hub managers (and a Work Group's leads, for edits): planning, editing and cancelling sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from hubs_portal.feedback import message_at, redirect_to_section
from workgroups import selectors, services
from workgroups.enums import SessionStatus
from workgroups.forms import (
    SessionForm,
)
from workgroups.models import (
    Session,
)
from workgroups.views.access import add_errors, managed_work_group, map_time_errors
from workgroups.views.confirm import Confirmation, count_of, is_confirmed, render_confirmation


@login_required
def session_create(request, pk):
    work_group = managed_work_group(request, pk)
    form = SessionForm(request.POST or None, initial={"venue": work_group.venue})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(work_group=work_group, actor=request.user, **form.service_values())
        except ValidationError as error:
            add_errors(form, map_time_errors(error))
        else:
            message_at(request, "sessions", f"Session {session.number} is planned.")
            return redirect_to_section("workgroups:manage", pk, section="sessions")
    return render(
        request,
        "workgroups/session_form.html",
        {"form": form, "work_group": work_group, "session": None, "back": reverse("workgroups:manage", args=[pk])},
    )


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
            services.session_update(session=session, actor=request.user, **form.service_values())
        except ValidationError as error:
            add_errors(form, map_time_errors(error))
        else:
            # On the manage page the message shows in its Sessions section; the lead's page shows it at the top.
            message_at(request, "sessions", f"Session {session.number} is saved.")
            return redirect(back)
    return render(
        request,
        "workgroups/session_form.html",
        {"form": form, "work_group": work_group, "session": session, "back": back, "can_manage": can_manage},
    )


@login_required
def session_cancel(request, pk):
    """Cancel a session, through a page that says what happens and who is told."""
    session = get_object_or_404(Session, pk=pk)
    work_group = managed_work_group(request, session.work_group_id)
    if is_confirmed(request):
        try:
            services.session_cancel(session=session, actor=request.user)
        except ValidationError as error:
            message_at(request, "sessions", " ".join(error.messages), level=messages.ERROR)
        else:
            message_at(request, "sessions", f"Session {session.number} is cancelled; participants are being told.")
        return redirect_to_section("workgroups:manage", work_group.pk, section="sessions")
    return render_confirmation(request, _session_cancellation(session, work_group))


def _session_cancellation(session, work_group) -> Confirmation:
    holders = selectors.session_change_recipients(session=session)
    when = timezone.localtime(session.starts_at)
    refusal = "This session is already cancelled." if session.status == SessionStatus.CANCELLED else ""
    return Confirmation(
        title=f"Cancel session {session.number} of {work_group.code}?",
        action=reverse("workgroups:session_cancel", args=[session.pk]),
        back=reverse("workgroups:manage", args=[work_group.pk]) + "#sessions",
        back_label=work_group.code,
        button="Cancel the session",
        happens=[
            f"Session {session.number} on {when:%-d %B %Y at %H:%M} is cancelled. It stays in the list, struck "
            "through, and in calendars marked as cancelled.",
            "Its reminders are not sent, and it no longer counts towards completion.",
        ],
        told=[
            f"The {count_of(len(holders), 'teacher')} holding a place, by e-mail (“session {session.number} is "
            "cancelled”); their calendar feeds update."
        ],
        refusal=refusal,
    )
