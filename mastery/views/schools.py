"""The hub's school page (its teachers and their CPD, its Teaching for Mastery journey, engagement by year) and a
hub lead's record of the school's stage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hubs.models import Hub
from mastery.forms import SchoolStageForm
from mastery.selectors.schools import hub_school, hub_school_page
from mastery.services import school_stage_record


def _school_of_hub(request, slug, urn):
    hub = get_object_or_404(Hub.objects.select_related("region"), slug=slug)
    if not request.user.has_perm("mastery.view_hub_school", hub):
        raise Http404("No hub here.")
    school = hub_school(hub=hub, urn=urn)
    if school is None:
        raise Http404("The hub does not serve this school.")
    return hub, school


def _render(request, hub, school, form, status=200):
    return render(
        request,
        "mastery/hub_school.html",
        {
            "hub": hub,
            "page": hub_school_page(school=school),
            "form": form,
            "can_record_stage": request.user.has_perm("mastery.record_school_stage", hub),
        },
        status=status,
    )


@login_required
def school_page(request, slug, urn):
    hub, school = _school_of_hub(request, slug, urn)
    return _render(request, hub, school, SchoolStageForm())


@login_required
@require_POST
def school_stage(request, slug, urn):
    hub, school = _school_of_hub(request, slug, urn)
    if not request.user.has_perm("mastery.record_school_stage", hub):
        raise Http404("No hub here.")
    form = SchoolStageForm(request.POST)
    if form.is_valid():
        try:
            school_stage_record(
                school=school,
                hub=hub,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    for e in errors:
                        form.add_error(name if name in form.fields else None, e)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"{school.name}'s stage is recorded.")
            return redirect("mastery:hub_school", slug=hub.slug, urn=school.urn)
    return _render(request, hub, school, form)
