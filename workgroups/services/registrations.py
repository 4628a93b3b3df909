"""Registrations: sign-up, the hub's decisions, withdrawal.

Concurrency: everything that counts places (sign-up, approval, withdrawal, rejection, a capacity
change) first locks the Work Group row with ``select_for_update()``, so two sign-ups for the last
place are served one after the other and the counts they read are the truth. The waitlist and its
offers are in ``workgroups.services.places``."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from schools.enums import Phase
from workgroups.enums import (
    ACTIVE_REGISTRATION_STATUSES,
    PLACE_HOLDING_STATUSES,
    SCHOOL_PHASES_FOR_WORK_GROUP,
    ConsentStatus,
    RegistrationStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Registration,
    WorkGroup,
)
from workgroups.selectors import school_recorded_headteacher
from workgroups.services.figures import work_group_figures_refresh
from workgroups.services.notify import _queue_consent_request, _queue_registration_email
from workgroups.services.notify_endings import tell_withdrawal
from workgroups.services.places import has_room, offer_free_places

RS = RegistrationStatus


def school_phase_fits(*, work_group: WorkGroup, school) -> bool:
    """Does a Work Group of this phase take teachers from a school of that phase (``SCHOOL_PHASES_FOR_WORK_GROUP``)?"""
    if school.phase == Phase.NOT_APPLICABLE:  # GIAS gives special schools and PRUs no phase: any group
        return True
    return school.phase in SCHOOL_PHASES_FOR_WORK_GROUP.get(work_group.phase, tuple(Phase))


def _check_school_phase(work_group: WorkGroup, school) -> None:
    if not school_phase_fits(work_group=work_group, school=school):
        raise ValidationError(
            {
                "school": f"This Work Group is for {work_group.get_phase_display().lower()} schools; "
                f"{school.name} is a {school.get_phase_display().lower()} school. Look for a "
                f"{school.get_phase_display().lower()} Work Group instead.",
            },
            code="phase",
        )


def _check_headteacher_email(teacher, school, address: str) -> None:
    """The headteacher's address is not the teacher's own, nor another portal user's unless that user is the
    school's recorded headteacher (``school_recorded_headteacher``)."""
    address = address.strip().lower()
    if address == (teacher.email or "").lower():
        raise ValidationError(
            {"headteacher_email": "This is your own address. Give your headteacher's, so they can confirm your place."},
            code="own_address",
        )
    if get_user_model().objects.filter(email__iexact=address).exclude(pk=teacher.pk).exists():
        recorded = school_recorded_headteacher(school=school)
        if recorded is None or recorded.email.lower() != address:
            raise ValidationError(
                {
                    "headteacher_email": f"This address belongs to another portal user, who is not recorded as "
                    f"{school.name}'s headteacher. Give your headteacher's own address."
                },
                code="colleague_address",
            )


def _check_earlier_registrations(work_group: WorkGroup, teacher) -> None:
    earlier = {r.status for r in work_group.registrations.filter(teacher=teacher)}
    if earlier & set(ACTIVE_REGISTRATION_STATUSES):
        raise ValidationError("You have already registered for this Work Group.", code="duplicate")
    if RS.REJECTED in earlier:
        raise ValidationError(
            "The hub turned down your registration for this Work Group; ask the hub if you think it should look again.",
            code="rejected_before",
        )
    if RS.DECLINED in earlier:
        raise ValidationError(
            "Your headteacher declined your place in this Work Group; ask them, or the hub, first.",
            code="declined_before",
        )


def registration_create(
    *,
    work_group: WorkGroup,
    teacher,
    school,
    role_in_school: str,
    headteacher_name: str,
    headteacher_email: str,
    trn: str = "",
) -> Registration:
    """Register ``teacher`` for an open Work Group.

    Guarantees, even under concurrent sign-ups: one active registration per teacher per Work Group
    (a database constraint; a teacher who withdrew, or whose offer lapsed, may register again, the old
    registration staying as history), no sign-up after the deadline, and no more place-holders than
    the capacity or the per-school limit (a full group or school quota puts the teacher on the
    waitlist instead). Queues the "received" (or "waitlisted") e-mail and the headteacher's consent
    request after commit.

    Raises ValidationError: the group is not open or its deadline passed; the teacher is registered
    already, or was rejected or declined by their headteacher before; the school's phase does not fit
    the group's (``school``); the headteacher's address is the teacher's own or another portal user's
    who is not the school's recorded headteacher (``headteacher_email``).
    """
    with transaction.atomic():
        locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
        if locked.status != WorkGroupStatus.OPEN:
            raise ValidationError("This Work Group is not open for registration.")
        if locked.registration_deadline and timezone.localdate() > locked.registration_deadline:
            raise ValidationError(f"Registration closed on {locked.registration_deadline:%-d %B %Y}.", code="deadline")
        _check_earlier_registrations(locked, teacher)
        _check_school_phase(locked, school)
        _check_headteacher_email(teacher, school, headteacher_email)
        room = has_room(locked, school.pk)
        now = timezone.now()
        registration = Registration(
            work_group=locked,
            academic_year_id=locked.academic_year_id,
            teacher=teacher,
            school=school,
            role_in_school=role_in_school,
            trn=trn,
            headteacher_name=headteacher_name,
            headteacher_email=headteacher_email,
            status=RS.APPLIED if room else RS.WAITLISTED,
            waitlisted_at=None if room else now,
        )
        registration.full_clean(exclude=["work_group", "teacher", "school"], validate_constraints=False)
        registration.save()
        audit_record(
            actor=teacher,
            action="registration.created",
            target=registration,
            hub=locked.hub_id,
            subject=teacher,
            after={"status": registration.status, "school": school.pk},
        )
        _queue_registration_email(registration, "received" if room else "waitlisted")
        _queue_consent_request(registration)
    return registration


def _decide(registration: Registration, action: str, actor, override_reason: str = "") -> Registration:
    """One decision on one registration; the caller holds the Work Group's lock. Returns the registration."""
    work_group = registration.work_group
    now = timezone.now()
    was_holding = registration.status in PLACE_HOLDING_STATUSES
    before = registration.status
    if registration.status not in (RS.APPLIED, RS.APPROVED, RS.WAITLISTED, RS.OFFERED, RS.REJECTED):
        raise ValidationError(f"{registration.teacher}: {registration.get_status_display().lower()}; no change.")
    update = ["status", "decided_at", "decided_by", "waitlisted_at"]
    if action == "approve":
        if registration.status == RS.APPROVED:
            raise ValidationError(f"{registration.teacher} is already approved.")
        if registration.consent_status == ConsentStatus.DECLINED:
            raise ValidationError(f"{registration.teacher}'s headteacher declined; they cannot be approved.")
        if registration.consent_status != ConsentStatus.CONFIRMED:
            if not override_reason.strip():
                raise ValidationError(
                    f"{registration.teacher}'s headteacher has not confirmed yet. To approve without the "
                    f"confirmation, give a reason (it is recorded).",
                    code="consent_missing",
                )
            registration.consent_override_reason = override_reason.strip()
            update.append("consent_override_reason")
        if not was_holding and not has_room(work_group, registration.school_id):
            raise ValidationError(f"No room for {registration.teacher}: the group or their school's quota is full.")
        registration.status = RS.APPROVED
        kind = "approved"
    elif action == "reject":
        if registration.status == RS.REJECTED:
            raise ValidationError(f"{registration.teacher} is already rejected.")
        registration.status = RS.REJECTED
        kind = "rejected"
    elif action == "waitlist":
        if registration.status == RS.WAITLISTED:
            raise ValidationError(f"{registration.teacher} is already on the waitlist.")
        registration.status = RS.WAITLISTED
        registration.waitlisted_at = now
        kind = "waitlisted"
    else:
        raise ValueError(f"Unknown decision: {action}")
    registration.decided_at = now
    registration.decided_by = actor
    registration.save(update_fields=update)
    audit_record(
        actor=actor,
        action="registration.decided",
        target=registration,
        hub=work_group.hub_id,
        subject=registration.teacher_id,
        before={"status": before},
        after={"status": registration.status},
        reason=registration.consent_override_reason if "consent_override_reason" in update else "",
    )
    _queue_registration_email(registration, kind)
    if was_holding and action == "reject":
        offer_free_places(work_group)
    return registration


@dataclass
class BulkDecision:
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # messages


@transaction.atomic
def registration_decide(*, registration: Registration, action: str, actor, override_reason: str = "") -> Registration:
    """Approve, reject or waitlist one registration ("approve" | "reject" | "waitlist").

    Approval needs the headteacher's confirmation, unless ``override_reason`` says why not (kept on the
    registration and in the audit trail); a headteacher's refusal blocks it outright; approving a
    waitlisted teacher needs room. Rejecting a place-holder offers the place on.
    Raises ValidationError with the reason when the decision is refused.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.select_related("teacher").get(pk=registration.pk)
    locked.work_group = locked_group
    decided = _decide(locked, action, actor, override_reason)
    work_group_figures_refresh(work_group=locked_group)
    return decided


def registration_approve(*, registration: Registration, actor, override_reason: str = "") -> Registration:
    return registration_decide(
        registration=registration, action="approve", actor=actor, override_reason=override_reason
    )


def registration_reject(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="reject", actor=actor)


def registration_waitlist(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="waitlist", actor=actor)


@transaction.atomic
def registrations_decide_bulk(
    *, work_group: WorkGroup, registration_ids, action: str, actor, override_reason: str = ""
) -> BulkDecision:
    """The same decision on several registrations of one Work Group, in order of sign-up.

    Each is decided by the same rules as one by one (``override_reason`` applies to each approval
    without the headteacher's confirmation); those refused are reported, the rest done.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    result = BulkDecision()
    registrations = locked_group.registrations.filter(pk__in=registration_ids).select_related("teacher")
    for registration in registrations.order_by("created_at", "pk"):
        registration.work_group = locked_group
        try:
            result.done.append(_decide(registration, action, actor, override_reason))
        except ValidationError as error:
            result.refused.extend(error.messages)
    if result.done:
        work_group_figures_refresh(work_group=locked_group)
    return result


@transaction.atomic
def registration_withdraw(*, registration: Registration) -> Registration:
    """The teacher withdraws: the registration is kept as history (they may register again while
    registration is open) and a place they held is offered to the first on the waitlist. The teacher gets a
    confirmation, and the hub's leads and administrators and the Work Group's leads are told, by e-mail.

    Raises ValidationError when the registration has already ended or completed, or its Work Group has.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.get(pk=registration.pk)
    if locked.status not in (RS.APPLIED, RS.APPROVED, RS.WAITLISTED, RS.OFFERED):
        raise ValidationError(f"This registration is {locked.get_status_display().lower()}; it cannot be withdrawn.")
    if locked_group.status in (WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED):
        raise ValidationError(
            f"{locked_group.code} is {locked_group.get_status_display().lower()}; nothing to withdraw from."
        )
    was_holding = locked.status in PLACE_HOLDING_STATUSES
    before = locked.status
    locked.status = RS.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.offer_expires_at = None
    locked.save(update_fields=["status", "decided_at", "offer_expires_at"])
    audit_record(
        actor=locked.teacher,
        action="registration.withdrawn",
        target=locked,
        hub=locked_group.hub_id,
        subject=locked.teacher_id,
        before={"status": before},
        after={"status": RS.WITHDRAWN},
    )
    locked.work_group = locked_group
    tell_withdrawal(registration=locked, had_place=was_holding)
    if was_holding:
        offer_free_places(locked_group)
    work_group_figures_refresh(work_group=locked_group)
    return locked
