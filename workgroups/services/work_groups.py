"""Work Groups: creation from a national project, edits, and their status moves."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_changes, audit_record, audit_values
from hubs.mail import work_group_leads_email_queue
from workgroups.enums import (
    WORKGROUP_TRANSITIONS,
    WorkGroupStatus,
)
from workgroups.models import (
    AcademicYear,
    NationalProject,
    WorkGroup,
)
from workgroups.services.figures import work_group_participation_regroup
from workgroups.services.lifecycle import cancel_locked, complete_locked, status_change
from workgroups.services.places import approved_count, offer_free_places

WORK_GROUP_EDITABLE_FIELDS = (
    "title",
    "description",
    "phase",
    "format",
    "venue",
    "venue_school",
    "venue_postcode",
    "venue_easting",
    "venue_northing",
    "capacity",
    "min_schools",
    "teachers_per_school",
    "registration_deadline",
    "required_attendance_percent",
)


def _venue_named(values: dict) -> dict:
    """A venue that is a school is called by the school's name unless the hub typed another."""
    school = values.get("venue_school")
    if school is not None and not values.get("venue"):
        values["venue"] = school.name[:255]
    return values


@transaction.atomic
def workgroup_create_from_project(
    *, hub, project: NationalProject, code: str = "", leads=(), actor=None, **overrides
) -> WorkGroup:
    """Create a draft Work Group of ``hub`` running ``project``, with the project's defaults copied.

    ``overrides`` may set any of ``WORK_GROUP_EDITABLE_FIELDS``. Without a ``code`` one is made from
    the project code and the hub (``NCP24-12-MAT-01``). Raises ValidationError on bad values, and for a
    project of neither this academic year nor the next.
    """
    unknown = set(overrides) - set(WORK_GROUP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown Work Group fields: {', '.join(sorted(unknown))}")
    current = AcademicYear.start_year_for(timezone.localdate())
    if project.academic_year.start_year not in (current, current + 1):
        raise ValidationError(
            {
                "project": f"{project.code} is a {project.academic_year} project: Work Groups are made from projects "
                f"of this academic year or the next."
            },
            code="project_year",
        )
    values = {
        "title": project.title,
        "description": project.description,
        "phase": project.phases[0] if project.phases else "",
        "capacity": project.default_capacity,
        "min_schools": project.default_min_schools,
        "teachers_per_school": project.default_teachers_per_school,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    _venue_named(values)
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
    entry = audit_record(
        actor=actor,
        action="workgroup.created",
        target=work_group,
        after=audit_values(work_group, "code", "status", *values, "leads"),
    )
    work_group_leads_email_queue(work_group=work_group, added=leads, removed=(), actor=actor, event=entry.pk)
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
    _venue_named(values)
    before = audit_values(locked, *values, "leads")
    if "capacity" in values:
        approved = approved_count(locked)
        if values["capacity"] is not None and values["capacity"] < approved:
            raise ValidationError(
                {"capacity": f"{approved} teachers are already approved; the capacity cannot be lower than that."}
            )
    phase_before = locked.phase
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    if locked.phase != phase_before:  # its teachers and schools move to the other phase's counts
        work_group_participation_regroup(work_group=locked, status=locked.status, phase=phase_before)
    if leads is not None:
        locked.leads.set(leads)
    changed_before, changed_after = audit_changes(before, audit_values(locked, *values, "leads"))
    if changed_after:
        entry = audit_record(
            actor=actor, action="workgroup.updated", target=locked, before=changed_before, after=changed_after
        )
        if leads is not None:  # the people made leads, or taken off, are told (hubs' role e-mails)
            was, now = set(before["leads"]), {user.pk for user in leads}
            work_group_leads_email_queue(
                work_group=locked,
                added=[user for user in leads if user.pk not in was],
                removed=list(get_user_model().objects.filter(pk__in=was - now)),
                actor=actor,
                event=entry.pk,
            )
    offer_free_places(locked)
    return locked


@transaction.atomic
def workgroup_transition(*, work_group: WorkGroup, to_status: str, actor=None) -> WorkGroup:
    """Move a Work Group to ``to_status`` if WORKGROUP_TRANSITIONS allows it (ValidationError if not).

    Cancelling is ``workgroup_cancel`` and completing ``workgroup_complete`` (without confirming missing
    registers), with all they guarantee.
    """
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    if to_status == WorkGroupStatus.CANCELLED:
        return cancel_locked(locked, actor=actor)
    if to_status == WorkGroupStatus.COMPLETED:
        return complete_locked(locked, actor=actor)
    return status_change(locked, to_status, actor=actor)


def legal_transitions(work_group: WorkGroup) -> tuple:
    """The statuses this Work Group may move to next (what the hub lead is offered as buttons)."""
    return WORKGROUP_TRANSITIONS[WorkGroupStatus(work_group.status)]
