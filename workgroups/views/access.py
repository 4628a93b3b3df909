"""Shared by the Work Group pages: who may open a hub's Work Group (others: 404), and service errors on forms."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from hubs.models import Hub
from workgroups.models import (
    Registration,
    WorkGroup,
)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where it names a field the form has."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


def managed_work_group(request, pk) -> WorkGroup:
    work_group = get_object_or_404(WorkGroup.objects.select_related("hub", "project", "academic_year", "venue_school"), pk=pk)
    if not request.user.has_perm("workgroups.manage_workgroup", work_group):
        raise Http404("No Work Group here.")
    return work_group


def managed_hub(request, slug) -> Hub:
    hub = get_object_or_404(Hub, slug=slug)
    if not request.user.has_perm("hubs.manage_hub", hub):
        raise Http404("No hub here.")
    return hub


def own_registration(request, pk) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("work_group__hub", "work_group__project", "school"),
        pk=pk,
        teacher=request.user,
    )


def map_time_errors(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        mapping = {"starts_at": "date", "ends_at": "end_time"}
        return ValidationError({mapping.get(k, k): v for k, v in error.error_dict.items()})
    return error
