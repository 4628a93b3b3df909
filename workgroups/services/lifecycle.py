"""A Work Group's status moves, and the two that end it: cancellation and completion.

Every move locks the Work Group's row first and goes through ``WORKGROUP_TRANSITIONS``; each is recorded in
the audit trail. Cancelling and completing have their own functions because they do more than change a status.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from workgroups.enums import RUN_STATUSES, WORKGROUP_TRANSITIONS, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import Registration, Session, WorkGroup
from workgroups.selectors import workgroup_cancellation_impact, workgroup_completion_check
from workgroups.services.completion import registrations_evaluate_completion
from workgroups.services.figures import school_participations_ran_refresh, work_group_participation_regroup
from workgroups.services.notify_endings import tell_workgroup_cancelled
from workgroups.services.places import registration_offers_expire
from workgroups.services.school_years import school_years_of_work_groups, school_years_refresh

RS = RegistrationStatus


def check_move(work_group: WorkGroup, to_status: str) -> None:
    """Raise ValidationError unless ``WORKGROUP_TRANSITIONS`` lets the Work Group move to ``to_status``."""
    if to_status not in WORKGROUP_TRANSITIONS[WorkGroupStatus(work_group.status)]:
        raise ValidationError(
            f"A Work Group that is {work_group.get_status_display().lower()} cannot become "
            f"{WorkGroupStatus(to_status).label.lower() if to_status in WorkGroupStatus.values else to_status}."
        )


def status_change(locked: WorkGroup, to_status: str, *, actor=None) -> WorkGroup:
    """Move a locked Work Group to ``to_status`` if ``WORKGROUP_TRANSITIONS`` allows it, and record it."""
    check_move(locked, to_status)
    if to_status == WorkGroupStatus.OPEN and not locked.sessions.exists():
        raise ValidationError("Plan at least one session before publishing the Work Group.")
    before = locked.status
    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == WorkGroupStatus.CANCELLED:
        locked.cancelled_at = timezone.now()
        fields.append("cancelled_at")
    locked.save(update_fields=fields)
    if (before in RUN_STATUSES) != (to_status in RUN_STATUSES):  # it starts or stops counting as engagement
        school_participations_ran_refresh(work_group=locked)
    audit_record(
        actor=actor,
        action="workgroup.status_changed",
        target=locked,
        before={"status": before},
        after={"status": to_status},
    )
    if before == WorkGroupStatus.OPEN:
        registration_offers_expire(work_group=locked)  # offers cannot be taken up once registration closes
    if (before in RUN_STATUSES) != (to_status in RUN_STATUSES):  # its schools' years count it, or stop counting it
        school_years_refresh(schools_by_year=school_years_of_work_groups([locked.pk]))
    return locked


def cancel_locked(locked: WorkGroup, *, actor=None) -> WorkGroup:
    """Cancel a locked Work Group (see ``workgroup_cancel``)."""
    check_move(locked, WorkGroupStatus.CANCELLED)
    impact = workgroup_cancellation_impact(work_group=locked)
    status_before = locked.status
    status_change(locked, WorkGroupStatus.CANCELLED, actor=actor)
    now = timezone.now()
    for session in impact.sessions:
        session.status = SessionStatus.CANCELLED
        session.sequence += 1
        session.updated_at = now
    Session.objects.bulk_update(impact.sessions, ["status", "sequence", "updated_at"])
    ended = impact.ended
    before = {registration.pk: registration.status for registration in ended}
    for registration in ended:
        registration.status = RS.CANCELLED
        registration.decided_at = now
        registration.offer_expires_at = None
    Registration.objects.bulk_update(ended, ["status", "decided_at", "offer_expires_at"])
    work_group_participation_regroup(work_group=locked, status=status_before, phase=locked.phase)
    for registration in ended:
        audit_record(
            actor=actor,
            action="registration.cancelled_with_work_group",
            target=registration,
            hub=locked.hub_id,
            subject=registration.teacher_id,
            before={"status": before[registration.pk]},
            after={"status": RS.CANCELLED},
        )
    tell_workgroup_cancelled(work_group=locked, impact=impact)
    return locked


@transaction.atomic
def workgroup_cancel(*, work_group: WorkGroup, actor=None) -> WorkGroup:
    """Cancel a Work Group (from draft, open, closed or running).

    Guarantees, in one transaction: its sessions still to be held are cancelled (their calendar events stay,
    marked CANCELLED, with a raised SEQUENCE, so subscribed calendars drop them); every registration holding,
    offered or waiting for a place ends as "Work Group cancelled" (its place freed; none is offered on); the
    group and its registrations leave the engagement and participation figures (``workgroups.engagement``);
    My CPD shows "Cancelled on …" with no next session or join link; its participants, waitlisted teachers,
    leads and the headteachers still to answer are e-mailed (``workgroup_cancelled``, once each). Raises
    ValidationError when the group is completed or cancelled already.
    """
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    return cancel_locked(locked, actor=actor)


def complete_locked(locked: WorkGroup, *, actor=None, missing_registers_confirmed: bool = False) -> WorkGroup:
    """Complete a locked Work Group (see ``workgroup_complete``)."""
    check_move(locked, WorkGroupStatus.COMPLETED)
    check = workgroup_completion_check(work_group=locked)
    if not check.can_complete:
        raise ValidationError(f"{locked.code} cannot be completed yet. {check.refusal}", code="too_early")
    if check.missing_registers and not missing_registers_confirmed:
        sessions = ", ".join(f"session {m.session.number}" for m in check.missing_registers)
        raise ValidationError(
            f"Registers are missing for {sessions}. Confirm that you want to complete the Work Group anyway: "
            "participants without a mark count as not attending.",
            code="missing_registers",
        )
    status_change(locked, WorkGroupStatus.COMPLETED, actor=actor)
    registrations_evaluate_completion(work_group=locked, actor=actor)
    return locked


@transaction.atomic
def workgroup_complete(*, work_group: WorkGroup, actor=None, missing_registers_confirmed: bool = False) -> WorkGroup:
    """Complete a running Work Group and work out which participants completed it.

    Refused (ValidationError) before its last planned session has started, and, while registers of held
    sessions are missing, unless ``missing_registers_confirmed`` (the hub lead saw the list and confirmed).
    Participants who attended the required share of held sessions become "Completed" and can download their
    certificate.
    """
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    return complete_locked(locked, actor=actor, missing_registers_confirmed=missing_registers_confirmed)
