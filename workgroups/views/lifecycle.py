"""Hub managers: a Work Group's status moves and completion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from workgroups import services
from workgroups.views.access import managed_work_group


@login_required
@require_POST
def workgroup_transition(request, pk):
    work_group = managed_work_group(request, pk)
    try:
        work_group = services.workgroup_transition(
            work_group=work_group, to_status=request.POST.get("to", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{work_group.code} is now {work_group.get_status_display().lower()}.")
    return redirect("workgroups:manage", pk=pk)


@login_required
@require_POST
def workgroup_evaluate_completion(request, pk):
    work_group = managed_work_group(request, pk)
    count = services.registrations_evaluate_completion(work_group=work_group, actor=request.user)
    messages.success(request, f"{count} more participant(s) completed.")
    return redirect("workgroups:manage", pk=pk)
