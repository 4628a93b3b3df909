"""Hub managers: a Work Group's status moves; cancelling and completing it through their confirmation pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from hubs_portal.feedback import message_at, redirect_to_section
from workgroups import selectors, services
from workgroups.enums import WorkGroupStatus
from workgroups.forms import WorkGroupCompleteForm
from workgroups.views.access import managed_work_group
from workgroups.views.confirm import Confirmation, count_of, is_confirmed, render_confirmation

SECTION = "status"


@login_required
@require_POST
def workgroup_transition(request, pk):
    """Publish, close, reopen, start running. Cancelling and completing have their own confirmation pages."""
    work_group = managed_work_group(request, pk)
    to_status = request.POST.get("to", "")
    if to_status == WorkGroupStatus.CANCELLED:
        return redirect("workgroups:cancel", pk=pk)
    if to_status == WorkGroupStatus.COMPLETED:
        return redirect("workgroups:complete", pk=pk)
    try:
        work_group = services.workgroup_transition(work_group=work_group, to_status=to_status, actor=request.user)
    except ValidationError as error:
        message_at(request, SECTION, " ".join(error.messages), level=messages.ERROR)
    else:
        message_at(request, SECTION, f"{work_group.code} is now {work_group.get_status_display().lower()}.")
    return redirect_to_section("workgroups:manage", pk, section=SECTION)


@login_required
def workgroup_cancel(request, pk):
    """Cancel the Work Group, through a page that says what happens and who is told."""
    work_group = managed_work_group(request, pk)
    if is_confirmed(request):
        try:
            services.workgroup_cancel(work_group=work_group, actor=request.user)
        except ValidationError as error:
            message_at(request, SECTION, " ".join(error.messages), level=messages.ERROR)
        else:
            message_at(request, SECTION, f"{work_group.code} is cancelled.")
        return redirect_to_section("workgroups:manage", pk, section=SECTION)
    return render_confirmation(request, _cancellation(work_group))


def _cancellation(work_group) -> Confirmation:
    impact = selectors.workgroup_cancellation_impact(work_group=work_group)
    happens = [
        f"Its {count_of(len(impact.sessions), 'session')} still to come "
        f"{'is' if len(impact.sessions) == 1 else 'are'} cancelled; calendars show "
        f"{'it' if len(impact.sessions) == 1 else 'them'} as cancelled.",
        f"The registrations of {count_of(len(impact.participants), 'participant')} and "
        f"{count_of(len(impact.waitlisted), 'waitlisted teacher')} end as “Work Group cancelled”; their places are "
        "freed and the waitlist is closed. My CPD shows the date it was cancelled.",
        "It leaves the hub's and the network's engagement and participation figures.",
        "This cannot be undone.",
    ]
    told = [
        f"{capfirst(count_of(len(impact.participants), 'participant'))} and "
        f"{count_of(len(impact.waitlisted), 'waitlisted teacher')}, by e-mail (“{work_group.code} is cancelled”, "
        "with a link to My CPD); they see it in My CPD, and its sessions are marked cancelled in their calendar feeds.",
    ]
    if impact.leads:
        names = ", ".join(lead.full_name or lead.email for lead in impact.leads)
        told.append(f"The Work Group's leads ({names}), by e-mail.")
    headteachers = {r.headteacher_email.strip().lower() for r in impact.awaiting_headteachers}
    if headteachers:
        told.append(
            f"{count_of(len(headteachers), 'headteacher')} who {'has' if len(headteachers) == 1 else 'have'} not "
            "answered yet, by e-mail: they need not answer now."
        )
    refusal = ""
    if WorkGroupStatus.CANCELLED not in services.legal_transitions(work_group):
        refusal = f"{work_group.code} is {work_group.get_status_display().lower()}; it cannot be cancelled."
    return Confirmation(
        title=f"Cancel {work_group.code} {work_group.title}?",
        action=reverse("workgroups:cancel", args=[work_group.pk]),
        back=reverse("workgroups:manage", args=[work_group.pk]) + f"#{SECTION}",
        back_label=work_group.code,
        button="Cancel the Work Group",
        happens=happens,
        told=told,
        refusal=refusal,
    )


@login_required
def workgroup_complete(request, pk):
    """Mark the Work Group completed: refused before its last session has started; missing registers are listed
    and the hub lead confirms them."""
    work_group = managed_work_group(request, pk)
    check = selectors.workgroup_completion_check(work_group=work_group)
    form = WorkGroupCompleteForm(request.POST or None) if check.missing_registers else None
    if is_confirmed(request) and (form is None or form.is_valid()):
        try:
            services.workgroup_complete(
                work_group=work_group, actor=request.user, missing_registers_confirmed=form is not None
            )
        except ValidationError as error:
            message_at(request, SECTION, " ".join(error.messages), level=messages.ERROR)
        else:
            message_at(
                request,
                SECTION,
                f"{work_group.code} is completed. Participants who attended enough can download their certificate.",
            )
        return redirect_to_section("workgroups:manage", pk, section=SECTION)
    return render_confirmation(request, _completion(work_group, check), form=form)


def _completion(work_group, check) -> Confirmation:
    standing = selectors.workgroup_completion_standing(work_group=work_group)
    refusal = ""
    if WorkGroupStatus.COMPLETED not in services.legal_transitions(work_group):
        refusal = f"{work_group.code} is {work_group.get_status_display().lower()}: only a running Work Group can be completed."
    elif not check.can_complete:
        refusal = f"{work_group.code} cannot be completed yet. {check.refusal}"
    happens = [
        f"{work_group.code} becomes completed; no sessions can be added and registration stays closed.",
        f"Participants who attended at least {work_group.required_attendance_percent}% of the "
        f"{count_of(standing.held, 'session')} held complete it: {standing.completing} of "
        f"{count_of(len(standing.attended), 'participant')} so far. They can download a certificate listing the "
        "sessions they attended, and evaluate the Work Group.",
    ]
    items = []
    if check.missing_registers:
        happens.append(
            "Registers are missing for the sessions below: participants with no mark count as not attending."
        )
        items = [
            f"Session {m.session.number}, {m.session.starts_at:%-d %B %Y}: {m.unmarked} of {m.participants} "
            "participants have no mark"
            for m in check.missing_registers
        ]
    return Confirmation(
        title=f"Mark {work_group.code} completed?",
        action=reverse("workgroups:complete", args=[work_group.pk]),
        back=reverse("workgroups:manage", args=[work_group.pk]) + f"#{SECTION}",
        back_label=work_group.code,
        button="Mark completed",
        happens=happens,
        told=[
            "Each participant who completes, by e-mail with the link to their certificate.",
            "Participants see their completion and certificate in My CPD.",
        ],
        items_heading="Registers missing",
        items=items,
        refusal=refusal,
    )


@login_required
@require_POST
def workgroup_evaluate_completion(request, pk):
    """After a register correction: work out completion again for a completed Work Group."""
    work_group = managed_work_group(request, pk)
    try:
        count = services.registrations_evaluate_completion(work_group=work_group, actor=request.user)
    except ValidationError as error:
        message_at(request, SECTION, " ".join(error.messages), level=messages.ERROR)
    else:
        message_at(request, SECTION, f"{count_of(count, 'more participant')} completed.")
    return redirect_to_section("workgroups:manage", pk, section=SECTION)
