"""A hub's specialists (its managers, NCETM staff), nominating one, a specialist's progress page (also theirs),
recording their milestones (the hub's managers) and placing them in another cohort (NCETM staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from hubs.models import Hub
from mastery import selectors
from mastery.forms import MilestonesForm, NominationForm, PlacementForm
from mastery.models import Cohort
from mastery.services import specialist_milestones_record, specialist_nominate, specialist_place
from mastery.services.specialists import current_start_year
from workgroups.views.access import add_errors


def _hub(request, slug, perm: str) -> Hub:
    hub = get_object_or_404(Hub, slug=slug)
    if not request.user.has_perm(perm, hub):
        raise Http404("No hub here.")
    return hub


def _specialist(request, pk, perm: str):
    specialist = selectors.specialist_for_page(pk=pk)
    if specialist is None or not request.user.has_perm(perm, specialist):
        raise Http404("No such Mastery Specialist.")
    return specialist


@login_required
def hub_specialists(request, slug):
    hub = _hub(request, slug, "mastery.view_hub_specialists")
    return render(
        request,
        "mastery/hub_specialists.html",
        {
            "hub": hub,
            "specialists": list(selectors.hub_specialists(hub=hub)),
            "may_nominate": request.user.has_perm("mastery.nominate_specialist", hub),
        },
    )


@login_required
def nominate(request, slug):
    hub = _hub(request, slug, "mastery.nominate_specialist")
    cohorts = Cohort.objects.filter(academic_year__start_year__gte=current_start_year()).select_related("academic_year")
    form = NominationForm(request.POST or None, cohorts=cohorts)
    if request.method == "POST" and form.is_valid():
        teacher = selectors.hub_teacher_by_email(hub=hub, email=form.cleaned_data["email"])
        if teacher is None:
            form.add_error(
                "email",
                f"No account with this address teaches at a school the {hub.name} hub serves. Ask them to sign up "
                "and link themself to their school first.",
            )
        else:
            try:
                specialist = specialist_nominate(
                    hub=hub, user=teacher, cohort=form.cleaned_data["cohort"], actor=request.user
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"{teacher} is nominated to the {specialist.cohort}.")
                return redirect("mastery:specialist", pk=specialist.pk)
    return render(request, "mastery/specialist_nominate.html", {"hub": hub, "form": form, "no_cohort": not cohorts})


@login_required
def specialist_detail(request, pk):
    specialist = _specialist(request, pk, "mastery.view_specialist")
    user = request.user
    return render(
        request,
        "mastery/specialist_detail.html",
        {
            "specialist": specialist,
            "own": specialist.user_id == user.pk,
            "may_record": user.has_perm("mastery.record_milestones", specialist),
            "may_place": user.has_perm("mastery.place_specialist", specialist),
            "may_see_hub": user.has_perm("mastery.view_hub_specialists", specialist.hub),
            # Who may read the specialist reads their accreditations (``mastery.view_accreditation``).
            "accreditations": selectors.accreditations_of(specialist=specialist),
            "may_decide": user.has_perm("mastery.decide_accreditation", specialist),
        },
    )


@login_required
def milestones(request, pk):
    specialist = _specialist(request, pk, "mastery.record_milestones")
    initial = {
        "programme_year": specialist.programme_year,
        "training_days_attended": specialist.training_days_attended,
        "launch_attendee": specialist.launch_attendee,
        "launch_attendee_name": specialist.launch_attendee_name,
        "first_work_group": specialist.first_work_group_id,
    }
    form = MilestonesForm(
        request.POST or None, initial=initial, work_groups=selectors.work_groups_led_by(specialist=specialist)
    )
    if request.method == "POST" and form.is_valid():
        try:
            specialist_milestones_record(specialist=specialist, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{specialist.user}'s milestones are saved.")
            return redirect("mastery:specialist", pk=specialist.pk)
    return render(request, "mastery/specialist_milestones.html", {"specialist": specialist, "form": form})


@login_required
def place(request, pk):
    specialist = _specialist(request, pk, "mastery.place_specialist")
    form = PlacementForm(
        request.POST or None,
        initial={"cohort": specialist.cohort_id},
        cohorts=Cohort.objects.select_related("academic_year"),
    )
    if request.method == "POST" and form.is_valid():
        specialist_place(
            specialist=specialist,
            cohort=form.cleaned_data["cohort"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"{specialist.user} is in the {form.cleaned_data['cohort']}.")
        return redirect("mastery:specialist", pk=specialist.pk)
    return render(request, "mastery/specialist_place.html", {"specialist": specialist, "form": form})
