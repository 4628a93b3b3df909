"""The national project catalogue (NCETM staff)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_record
from workgroups.models import AcademicYear, NationalProject
from workgroups.models.projects import project_code_year_error
from workgroups.services.school_years import school_years_of_work_groups, school_years_refresh


@transaction.atomic
def project_save(*, project: NationalProject, start_year: int, actor=None) -> NationalProject:
    """Save a national project (new or edited) for the academic year starting in ``start_year``, creating that
    year if the portal has none yet (next year's projects are planned before it starts).

    Raises ValidationError when the code's ``yy`` is not the year's (NCP25-… is a 2025/26 project) or a field
    is invalid.
    """
    error = project_code_year_error(project.code, start_year)
    if error:
        raise ValidationError({"code": error})
    project.academic_year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
    created = project.pk is None
    stage_before = (
        None
        if created
        else NationalProject.objects.filter(pk=project.pk).values_list("journey_stage", flat=True).first()
    )
    project.full_clean()
    project.save()
    if not created and stage_before != project.journey_stage:  # the stage its schools completed has moved
        school_years_refresh(
            schools_by_year=school_years_of_work_groups(project.work_groups.values_list("pk", flat=True))
        )
    audit_record(
        actor=actor,
        action="project.created" if created else "project.updated",
        target=project,
        after={"code": project.code, "academic_year": project.academic_year.name},
    )
    return project
