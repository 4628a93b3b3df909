from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from hubs_portal.uploads import upload_limit, upload_refusal
from schools.forms import MAX_UPLOAD_MB, GiasUploadForm
from schools.models import GiasImportRun
from schools.selectors import gias_import_runs_recent, schools_search
from schools.services import ImportAlreadyRunning, gias_import_run_create


@login_required
@permission_required("schools.import_gias", raise_exception=True)
@upload_limit(MAX_UPLOAD_MB * 1024 * 1024)
def gias_import(request):
    form = GiasUploadForm(request.POST or None, request.FILES or None)
    valid = request.method == "POST" and form.is_valid()
    if upload_refusal(request):  # the file was stopped on its way in ("required" would be the wrong message)
        form.errors.pop("extract", None)
        form.add_error("extract", upload_refusal(request))
        valid = False
    if valid:
        try:
            run = gias_import_run_create(
                uploaded_file=form.cleaned_data["extract"], user=request.user, partial=form.cleaned_data["partial"]
            )
        except ImportAlreadyRunning as busy:
            form.add_error(None, str(busy))
        else:
            return redirect("schools:import_run", pk=run.pk)
    return render(request, "schools/gias_import_form.html", {"form": form, "runs": gias_import_runs_recent()})


@login_required
@permission_required("schools.import_gias", raise_exception=True)
def gias_import_run(request, pk):
    run = get_object_or_404(GiasImportRun.objects.select_related("uploaded_by"), pk=pk)
    return render(request, "schools/gias_import_run_detail.html", {"run": run})


@login_required
@permission_required("schools.import_gias", raise_exception=True)
def gias_import_run_status(request, pk):
    """The run's progress as JSON, for the page's polling."""
    run = get_object_or_404(GiasImportRun, pk=pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_display": run.get_status_display(),
            "finished": run.is_finished,
            "percent": run.percent_done,
            "rows_done": run.rows_done,
            "rows_total": run.rows_total,
            "message": run.message,
        }
    )


@login_required
@permission_required("schools.import_gias", raise_exception=True)
def gias_import_run_rejects(request, pk):
    """Download the run's reject report (a CSV kept under var/)."""
    run = get_object_or_404(GiasImportRun, pk=pk)
    if not run.reject_report:
        raise Http404("This import rejected no rows.")
    path = Path(run.reject_report)
    # Only ever serve a report from the portal's own reports directory.
    if path.parent.resolve() != (Path(settings.VAR_DIR) / "gias-rejects").resolve() or not path.exists():
        raise Http404("The reject report is no longer available.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"gias-import-{run.pk}-rejects.csv")  # noqa: SIM115


@login_required
@require_GET
def school_search(request):
    """Open schools by name, URN or postcode, for the profile's school picker (at most 20)."""
    schools = schools_search(query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "id": school.pk,
                    "urn": school.urn,
                    "name": school.name,
                    "postcode": school.postcode,
                    "local_authority": school.local_authority.name if school.local_authority else "",
                    "label": school_label(school),
                }
                for school in schools
            ]
        }
    )


def school_label(school) -> str:
    parts = [school.name, f"URN {school.urn}"]
    if school.postcode:
        parts.append(school.postcode)
    return ", ".join(parts)
