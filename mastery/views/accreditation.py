"""Accreditations: NCETM staff start one for a specialist and record decisions on it (a confirmation before
lapsing); its evidence document for those who may read the specialist. The list and history are on the
specialist's page (``views.specialists.specialist_detail``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from mastery import selectors
from mastery.enums import AccreditationStatus
from mastery.forms import AccreditationDecisionForm, AccreditationStartForm
from mastery.services import accreditation_move, accreditation_move_check, accreditation_start
from workgroups.views.access import add_errors


def _accreditation(request, pk, perm: str):
    accreditation = selectors.accreditation_for_page(pk=pk)
    if accreditation is None or not request.user.has_perm(perm, accreditation):
        raise Http404("No such accreditation.")
    return accreditation


@login_required
def accreditation_new(request, pk):
    specialist = selectors.specialist_for_page(pk=pk)
    if specialist is None or not request.user.has_perm("mastery.decide_accreditation", specialist):
        raise Http404("No such Mastery Specialist.")
    form = AccreditationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accreditation = accreditation_start(
                specialist=specialist,
                kind=form.cleaned_data["kind"],
                phase=form.cleaned_data["phase"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{specialist.user}'s {accreditation.label} accreditation is started.")
            return redirect("mastery:accreditation_decide", pk=accreditation.pk)
    return render(request, "mastery/accreditation_new.html", {"specialist": specialist, "form": form})


@login_required
def accreditation_decide(request, pk):
    accreditation = _accreditation(request, pk, "mastery.decide_accreditation")
    posted = request.method == "POST"
    form = AccreditationDecisionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        current=accreditation.status,
        initial={"on": timezone.localdate(), "notes": accreditation.evidence_notes},
    )
    confirming = False
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            if data["status"] == AccreditationStatus.LAPSED and not data["confirm"]:
                # Lapsing ends the specialist's accreditation: shown once more, with the reason it may be refused.
                accreditation_move_check(accreditation=accreditation, to_status=data["status"], on=data["on"])
                confirming = True
            else:
                accreditation = accreditation_move(
                    accreditation=accreditation,
                    to_status=data["status"],
                    by=request.user,
                    on=data["on"],
                    notes=data["notes"],
                    document=data["document"] or None,
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if not confirming:
                messages.success(
                    request,
                    f"{accreditation.specialist.user}'s {accreditation.label} accreditation is "
                    f"{accreditation.get_status_display().lower()}.",
                )
                return redirect("mastery:specialist", pk=accreditation.specialist_id)
    return render(
        request,
        "mastery/accreditation_decide.html",
        {
            "accreditation": accreditation,
            "specialist": accreditation.specialist,
            "form": form,
            "confirming": confirming,
            "history": selectors.accreditation_history(accreditation=accreditation),
        },
    )


@login_required
def accreditation_document(request, pk):
    """The evidence document, only to those who may read the accreditation (others: 404), as an attachment."""
    accreditation = _accreditation(request, pk, "mastery.view_accreditation")
    if not accreditation.document:
        raise Http404("No evidence document is kept.")
    return FileResponse(
        accreditation.document.open("rb"), as_attachment=True, filename=accreditation.document_name or "evidence"
    )
