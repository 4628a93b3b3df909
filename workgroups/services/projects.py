"""The national project catalogue (the NCETM's): the one way a project is added or changed."""

from django.db import transaction

from accounts.audit import audit_changes, audit_record, audit_values
from workgroups.models import NationalProject
from workgroups.models.projects import project_code_normalise

PROJECT_FIELDS = (
    "code",
    "title",
    "phases",
    "strand",
    "academic_year",
    "description",
    "default_sessions",
    "default_capacity",
    "default_min_schools",
    "default_teachers_per_school",
    "is_teaching_for_mastery",
)


@transaction.atomic
def project_save(*, project: NationalProject | None = None, actor=None, **values) -> NationalProject:
    """Add a national project, or change ``project``, with ``values`` among ``PROJECT_FIELDS``.

    The code is written the network's way ("ncp24-14B" is stored as "NCP24-14b"). Every value is checked by the
    model, the code's pattern and uniqueness included, before anything is saved; the audit trail records who
    added or changed what. Raises ValidationError (with field messages) on a bad value and ValueError on a field
    that is not a project's.
    """
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown national project fields: {', '.join(sorted(unknown))}")
    created = project is None or project.pk is None
    if created:
        project = project if project is not None else NationalProject()
        before = {}
    else:
        project = NationalProject.objects.select_for_update().get(pk=project.pk)
        before = audit_values(project, *PROJECT_FIELDS)
    if "code" in values:
        values["code"] = project_code_normalise(values["code"])
    for name, value in values.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    after = audit_values(project, *PROJECT_FIELDS)
    if created:
        audit_record(actor=actor, action="project.created", target=project, after=after)
    else:
        changed_before, changed_after = audit_changes(before, after)
        if changed_before or changed_after:
            audit_record(
                actor=actor, action="project.updated", target=project, before=changed_before, after=changed_after
            )
    return project
