"""Completion of a Work Group's participants and their end-of-group evaluation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.audit import audit_record
from workgroups.enums import (
    ATTENDED_STATUSES,
    PARTICIPANT_STATUSES,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Evaluation,
    Registration,
    WorkGroup,
)

RS = RegistrationStatus


@transaction.atomic
def registrations_evaluate_completion(*, work_group: WorkGroup, actor=None) -> int:
    """Mark as completed every approved participant who attended the required share of sessions.

    Share = sessions attended (present or late) ÷ sessions not cancelled. Returns how many completed.
    Safe to run again: completed participants stay completed.
    """
    held = work_group.sessions.exclude(status=SessionStatus.CANCELLED).count()
    if held == 0:
        return 0
    approved = work_group.registrations.filter(status=RS.APPROVED).annotate(
        attended=Count(
            "attendances",
            filter=Q(attendances__status__in=ATTENDED_STATUSES)
            & ~Q(attendances__session__status=SessionStatus.CANCELLED),
        )
    )
    now = timezone.now()
    done = [r for r in approved if r.attended * 100 >= work_group.required_attendance_percent * held]
    for registration in done:
        registration.status = RS.COMPLETED
        registration.completed_at = now
    Registration.objects.bulk_update(done, ["status", "completed_at"])
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
    return evaluation
