"""Work Groups: creation from a national project, edits, and their status moves."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_changes, audit_record, audit_values
from workgroups.enums import (
    WORKGROUP_TRANSITIONS,
    WorkGroupStatus,
)
from workgroups.models import (
    NationalProject,
    WorkGroup,
)
from workgroups.services.completion import registrations_evaluate_completion
from workgroups.services.places import approved_count, offer_free_places

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
def workgroup_create_from_project(
    *, hub, project: NationalProject, code: str = "", leads=(), actor=None, **overrides
) -> WorkGroup:
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
    audit_record(
        actor=actor,
        action="workgroup.created",
        target=work_group,
        after=audit_values(work_group, "code", "status", *values, "leads"),
    )
    return work_group


@transaction.atomic
def workgroup_update(*, work_group: WorkGroup, leads=None, actor=None, **values) -> WorkGroup:
    """Change a Work Group's editable fields (and leads). A capacity below current approvals is refused.

    Raising the capacity or the per-school limit offers the freed places to the waitlist.
    """
    unknown = set(values) - set(WORK_GROUP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown Work Group fields: {', '.join(sorted(unknown))}")
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    before = audit_values(locked, *values, "leads")
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
    changed_before, changed_after = audit_changes(before, audit_values(locked, *values, "leads"))
    if changed_after:
        audit_record(actor=actor, action="workgroup.updated", target=locked, before=changed_before, after=changed_after)
    offer_free_places(locked)
    return locked


@transaction.atomic
def workgroup_transition(*, work_group: WorkGroup, to_status: str, actor=None) -> WorkGroup:
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
    before = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="workgroup.status_changed",
        target=locked,
        before={"status": before},
        after={"status": to_status},
    )
    if to_status == WorkGroupStatus.COMPLETED:
        registrations_evaluate_completion(work_group=locked, actor=actor)
    return locked


def legal_transitions(work_group: WorkGroup) -> tuple:
    """The statuses this Work Group may move to next (what the hub lead is offered as buttons)."""
    return WORKGROUP_TRANSITIONS[WorkGroupStatus(work_group.status)]
