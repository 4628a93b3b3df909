"""Completion of a Work Group's participants and their end-of-group evaluation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from workgroups.enums import (
    PARTICIPANT_STATUSES,
    RegistrationStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Evaluation,
    Registration,
    WorkGroup,
)
from workgroups.selectors import workgroup_completion_standing
from workgroups.services.figures import work_group_figures_refresh
from workgroups.services.notify_endings import tell_completed

RS = RegistrationStatus


@transaction.atomic
def registrations_evaluate_completion(*, work_group: WorkGroup, actor=None) -> int:
    """Mark as completed every approved participant who attended the required share of held sessions.

    Share = held sessions attended (present or late) ÷ sessions held (not cancelled, started). Returns how
    many completed; each is e-mailed the link to their certificate (``registration_completed``). Safe to run
    again: completed participants stay completed and are not e-mailed twice (run it again after a register
    correction). Only for a completed Work Group (``workgroup_complete`` runs it): before that, a participant
    could "complete" with sessions still to come. Raises ValidationError otherwise.
    """
    if work_group.status != WorkGroupStatus.COMPLETED:
        raise ValidationError(f"{work_group.code} is not completed yet: completion is worked out when it is.")
    standing = workgroup_completion_standing(work_group=work_group)
    now = timezone.now()
    done = list(work_group.registrations.filter(pk__in=[pk for pk in standing.attended if standing.completes(pk)]))
    for registration in done:
        registration.status = RS.COMPLETED
        registration.completed_at = now
    Registration.objects.bulk_update(done, ["status", "completed_at"])
    if done:
        work_group_figures_refresh(work_group=work_group)
    for registration in done:
        audit_record(
            actor=actor,
            action="registration.completed",
            target=registration,
            hub=work_group.hub_id,
            subject=registration.teacher_id,
            before={"status": RS.APPROVED},
            after={"status": RS.COMPLETED},
        )
    tell_completed(registrations=done)
    return len(done)


@transaction.atomic
def evaluation_submit(
    *, registration: Registration, overall: int, impact_on_practice: int, comments: str = ""
) -> Evaluation:
    """A participant's end-of-group evaluation, once the Work Group is completed. One each; resubmitting edits it."""
    if registration.work_group.status != WorkGroupStatus.COMPLETED or registration.status not in PARTICIPANT_STATUSES:
        raise ValidationError("The evaluation opens when your Work Group is completed.")
    evaluation, _ = Evaluation.objects.update_or_create(
        registration=registration,
        defaults={"overall": overall, "impact_on_practice": impact_on_practice, "comments": comments},
    )
    evaluation.full_clean()
    work_group_figures_refresh(work_group=registration.work_group_id)
    return evaluation
