"""NCETM staff: the national project catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from workgroups import selectors, services
from workgroups.forms import (
    NationalProjectForm,
)
from workgroups.models import (
    NationalProject,
)
from workgroups.views.access import add_errors


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
        try:
            project = services.project_save(
                project=form.save(commit=False), start_year=form.cleaned_data["start_year"], actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{project.code} {project.title} is saved.")
            return redirect("workgroups:project_list")
    return render(request, "workgroups/project_form.html", {"form": form, "project": project})
