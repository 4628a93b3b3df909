"""Participants: My CPD, withdrawing, offers, apologies, reflections, evaluation, certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hubs_portal.downloads import attachment
from hubs_portal.feedback import message_at, redirect_to_section
from hubs_portal.uploads import upload_limit, upload_refusal
from workgroups import selectors, services
from workgroups.certificates import certificate_pdf
from workgroups.enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from workgroups.forms import (
    EvaluationForm,
    TaskResponseForm,
)
from workgroups.models import (
    Evaluation,
    Session,
    TaskResponse,
)
from workgroups.views.access import add_errors, own_registration
from workgroups.views.confirm import Confirmation, is_confirmed, render_confirmation

RS = RegistrationStatus


@login_required
def my_cpd(request):
    entries = selectors.my_cpd(user=request.user)
    return render(request, "workgroups/my_cpd.html", {"entries": entries, "now": timezone.now()})


@login_required
def registration_withdraw(request, pk):
    """The teacher withdraws, through a page that says what happens and who is told."""
    registration = own_registration(request, pk)
    section = f"registration-{registration.pk}"
    if is_confirmed(request):
        try:
            services.registration_withdraw(registration=registration)
        except ValidationError as error:
            message_at(request, section, " ".join(error.messages), level=messages.ERROR)
        else:
            message_at(request, section, f"You have withdrawn from {registration.work_group.code}.")
        return redirect_to_section("workgroups:my_cpd", section=section)
    back = reverse("workgroups:my_cpd") + f"#{section}"
    return render_confirmation(request, withdrawal_confirmation(registration, back=back))


def withdrawal_confirmation(registration, *, back: str) -> Confirmation:
    work_group = registration.work_group
    holding = registration.status in PLACE_HOLDING_STATUSES
    happens = [
        f"Your registration for {work_group.code} {work_group.title} ends. It stays in My CPD under "
        "“Past and withdrawn”.",
        "You will not be sent its reminders, and its sessions leave your calendar.",
    ]
    told = [
        "You, by e-mail: a confirmation.",
        "The hub's leads and administrators, and the Work Group's leads, by e-mail.",
    ]
    if holding:
        happens.append("Your place is offered to the next teacher on the waitlist.")
        told.append("The next teacher on the waitlist, if there is one, is offered your place by e-mail.")
    if work_group.registration_is_open:
        happens.append("You can register again while registration is open.")
    refusal = ""
    if registration.status not in (RS.APPLIED, RS.APPROVED, RS.WAITLISTED, RS.OFFERED):
        refusal = f"This registration is {registration.get_status_display().lower()}; there is nothing to withdraw."
    return Confirmation(
        title=f"Withdraw from {work_group.code}?",
        action=reverse("workgroups:withdraw", args=[registration.pk]),
        back=back,
        back_label="My CPD",
        button="Withdraw",
        happens=happens,
        told=told,
        refusal=refusal,
    )


@login_required
@require_POST
def registration_accept_offer(request, pk):
    registration = own_registration(request, pk)
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
    registration = own_registration(request, pk)
    session = get_object_or_404(Session, pk=session_pk, work_group_id=registration.work_group_id)
    try:
        services.attendance_send_apologies(registration=registration, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Your apologies for session {session.number} are sent to your Work Group lead.")
    return redirect("workgroups:my_cpd")


@login_required
@upload_limit(services.TASK_FILE_MAX_BYTES)
def task_response(request, pk, session_pk):
    registration = own_registration(request, pk)
    session = get_object_or_404(Session, pk=session_pk, work_group_id=registration.work_group_id)
    existing = TaskResponse.objects.filter(registration=registration, session=session).first()
    form = TaskResponseForm(
        request.POST or None, request.FILES or None, initial={"reflection": existing.reflection if existing else ""}
    )
    valid = request.method == "POST" and form.is_valid()
    if upload_refusal(request):  # the file was stopped on its way in: say so, keep what was typed
        form.errors.pop("file", None)
        form.add_error("file", upload_refusal(request))
        valid = False
    if valid:
        try:
            services.task_response_submit(
                registration=registration,
                session=session,
                reflection=form.cleaned_data["reflection"],
                upload=form.cleaned_data.get("file") or None,
            )
        except ValidationError as error:
            add_errors(form, error)
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
    registration = own_registration(request, pk)
    instance = Evaluation.objects.filter(registration=registration).first()
    form = EvaluationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(registration=registration, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you for your evaluation.")
            return redirect("workgroups:my_cpd")
    return render(request, "workgroups/evaluation_form.html", {"form": form, "registration": registration})


@login_required
def certificate(request, pk):
    registration = own_registration(request, pk)
    if registration.status != RS.COMPLETED:
        raise Http404("Certificates are for participants who completed the Work Group.")
    sessions = list(selectors.certificate_sessions(registration=registration))
    pdf = certificate_pdf(registration=registration, sessions=sessions)
    response = HttpResponse(pdf, content_type="application/pdf")
    return attachment(response, f"certificate-{registration.work_group.code}.pdf")
