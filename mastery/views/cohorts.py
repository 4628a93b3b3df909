"""NCETM staff's cohorts: the list with a form to make one, and one cohort's specialists across the network."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from mastery import selectors
from mastery.forms import CohortForm
from mastery.models import Cohort
from mastery.services import cohort_create
from mastery.services.specialists import current_start_year
from workgroups.views.access import add_errors


def _network_only(request) -> None:
    if not request.user.has_perm("mastery.manage_cohorts"):
        raise PermissionDenied("Only NCETM staff keep the Mastery Specialist cohorts.")


@login_required
def cohort_list(request):
    _network_only(request)
    form = CohortForm(request.POST or None, current_start_year=current_start_year())
    if request.method == "POST" and form.is_valid():
        try:
            cohort = cohort_create(
                start_year=form.cleaned_data["start_year"], phase=form.cleaned_data["phase"], actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The {cohort} is made: hub leads can nominate teachers to it.")
            return redirect("mastery:cohorts")
    return render(request, "mastery/cohort_list.html", {"form": form, "cohorts": list(selectors.cohorts_with_counts())})


@login_required
def cohort_detail(request, pk):
    _network_only(request)
    cohort = get_object_or_404(Cohort.objects.select_related("academic_year"), pk=pk)
    return render(
        request,
        "mastery/cohort_detail.html",
        {"cohort": cohort, "specialists": list(selectors.cohort_specialists(cohort=cohort))},
    )
