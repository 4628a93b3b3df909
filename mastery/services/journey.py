"""A hub lead's record of a school's Teaching for Mastery stage, over the stage its Work Groups give."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_record
from mastery.models import SchoolJourneyOverride
from workgroups.enums import JourneyStage


@transaction.atomic
def school_stage_record(*, school, hub, stage: str, reason: str, actor) -> SchoolJourneyOverride | None:
    """Record ``stage`` as the school's (``JourneyStage.NONE``: not started), or, with ``stage`` empty, remove the
    record so the stage derived from its Work Groups shows again. Audited with the stage before and after.

    Raises ValidationError: an unknown stage (``stage``), no reason given (``reason``), the same record again.
    """
    reason = reason.strip()
    if stage and stage not in JourneyStage.values:
        raise ValidationError({"stage": "Choose a stage of the journey."}, code="stage")
    if not reason:
        raise ValidationError({"reason": "Say why: hub staff read it beside the stage."}, code="reason")
    existing = SchoolJourneyOverride.objects.select_for_update().filter(school=school).first()
    before = {"stage": existing.stage, "reason": existing.reason} if existing else {"stage": None}
    if not stage:
        if existing is None:
            raise ValidationError("No stage is recorded for this school: nothing to remove.", code="nothing")
        existing.delete()
        record = None
    else:
        if existing and existing.stage == stage:
            raise ValidationError({"stage": "This stage is recorded already."}, code="same")
        record = existing or SchoolJourneyOverride(school=school)
        record.stage, record.reason, record.recorded_by = stage, reason, actor
        record.full_clean(exclude=["school", "recorded_by"])
        record.save()
    audit_record(
        actor=actor,
        action="school.journey_stage_recorded" if stage else "school.journey_stage_record_removed",
        target=school,
        hub=hub,
        before=before,
        after={"stage": stage or None},
        reason=reason,
    )
    return record
