"""Work Groups: creation from a national project, edits, and their status moves."""

from django.core.exceptions import ValidationError
from django.db import transaction

from workgroups.enums import (
    WORKGROUP_TRANSITIONS,
    WorkGroupStatus,
)
from workgroups.models import (
    NationalProject,
    WorkGroup,
)
from workgroups.services.completion import registrations_evaluate_completion
from workgroups.services.registrations import approved_count, offer_free_places

WORK_GROUP_EDITABLE_FIELDS = (
    "title",
    "description",
    "phase",
    "format",
    "venue",
    "capacity",
    "min_schools",
    "teachers_per_school",
    "registration_deadline",
    "required_attendance_percent",
)


@transaction.atomic
def workgroup_create_from_project(*, hub, project: NationalProject, code: str = "", leads=(), **overrides) -> WorkGroup:
    """Create a draft Work Group of ``hub`` running ``project``, with the project's defaults copied.

    ``overrides`` may set any of ``WORK_GROUP_EDITABLE_FIELDS``. Without a ``code`` one is made from
    the project code and the hub (``NCP24-12-MAT-01``). Raises ValidationError on bad values.
    """
    unknown = set(overrides) - set(WORK_GROUP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown Work Group fields: {', '.join(sorted(unknown))}")
    values = {
        "title": project.title,
        "description": project.description,
        "phase": project.phases[0] if project.phases else "",
        "capacity": project.default_capacity,
        "min_schools": project.default_min_schools,
        "teachers_per_school": project.default_teachers_per_school,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    if not code:
        prefix = f"{project.code}-{''.join(c for c in hub.name if c.isalnum())[:3].upper()}-"
        taken = WorkGroup.objects.filter(code__startswith=prefix).count()
        code = f"{prefix}{taken + 1:02d}"
        while WorkGroup.objects.filter(code=code).exists():
            taken += 1
            code = f"{prefix}{taken + 1:02d}"
    work_group = WorkGroup(hub=hub, project=project, academic_year=project.academic_year, code=code, **values)
    work_group.full_clean()
    work_group.save()
    if leads:
        work_group.leads.set(leads)
    return work_group


@transaction.atomic
def workgroup_update(*, work_group: WorkGroup, leads=None, **values) -> WorkGroup:
    """Change a Work Group's editable fields (and leads). A capacity below current approvals is refused.

    Raising the capacity or the per-school limit offers the freed places to the waitlist.
    """
    unknown = set(values) - set(WORK_GROUP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown Work Group fields: {', '.join(sorted(unknown))}")
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    if "capacity" in values:
        approved = approved_count(locked)
        if values["capacity"] is not None and values["capacity"] < approved:
            raise ValidationError(
                {"capacity": f"{approved} teachers are already approved; the capacity cannot be lower than that."}
            )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    if leads is not None:
        locked.leads.set(leads)
    offer_free_places(locked)
    return locked


@transaction.atomic
def workgroup_transition(*, work_group: WorkGroup, to_status: str) -> WorkGroup:
    """Move a Work Group to ``to_status`` if WORKGROUP_TRANSITIONS allows it; completing it evaluates completion."""
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    allowed = WORKGROUP_TRANSITIONS[WorkGroupStatus(locked.status)]
    if to_status not in allowed:
        raise ValidationError(
            f"A Work Group that is {locked.get_status_display().lower()} cannot become "
            f"{WorkGroupStatus(to_status).label.lower() if to_status in WorkGroupStatus.values else to_status}."
        )
    if to_status == WorkGroupStatus.OPEN and not locked.sessions.exists():
        raise ValidationError("Plan at least one session before publishing the Work Group.")
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    if to_status == WorkGroupStatus.COMPLETED:
        registrations_evaluate_completion(work_group=locked)
    return locked


def legal_transitions(work_group: WorkGroup) -> tuple:
    """The statuses this Work Group may move to next (what the hub lead is offered as buttons)."""
    return WORKGROUP_TRANSITIONS[WorkGroupStatus(work_group.status)]
