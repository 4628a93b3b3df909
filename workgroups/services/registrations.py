"""Registrations: sign-up, decisions, withdrawal, the waitlist and its offers.

Concurrency: everything that counts places (sign-up, approval, withdrawal, rejection, a capacity
change) first locks the Work Group row with ``select_for_update()``, so two sign-ups for the last
place are served one after the other and the counts they read are the truth."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.audit import audit_record
from workgroups.enums import (
    PARTICIPANT_STATUSES,
    PLACE_HOLDING_STATUSES,
    ConsentStatus,
    RegistrationStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Registration,
    WorkGroup,
)
from workgroups.services.notify import _queue_consent_request, _queue_registration_email

RS = RegistrationStatus


def approved_count(work_group: WorkGroup) -> int:
    return work_group.registrations.filter(status__in=PARTICIPANT_STATUSES).count()


def _place_counts(work_group: WorkGroup, school_id=None) -> tuple[int, int]:
    counts = work_group.registrations.filter(status__in=PLACE_HOLDING_STATUSES).aggregate(
        total=Count("id"), school=Count("id", filter=Q(school_id=school_id))
    )
    return counts["total"], counts["school"]


def _has_room(work_group: WorkGroup, school_id) -> bool:
    total, at_school = _place_counts(work_group, school_id)
    return total < work_group.capacity and at_school < work_group.teachers_per_school


def offer_free_places(work_group: WorkGroup) -> list[Registration]:
    """Offer every free place to the waitlist, first come first served, keeping the per-school limit.

    Only while registration is open or closed (a running group takes no newcomers). The caller
    holds the Work Group's row lock.
    """
    if work_group.status not in (WorkGroupStatus.OPEN, WorkGroupStatus.CLOSED):
        return []
    holding = list(
        work_group.registrations.filter(status__in=PLACE_HOLDING_STATUSES).values_list("school_id", flat=True)
    )
    free = work_group.capacity - len(holding)
    if free <= 0:
        return []
    per_school = Counter(holding)
    offered = []
    waiting = work_group.registrations.filter(status=RS.WAITLISTED).order_by("waitlisted_at", "created_at", "pk")
    now = timezone.now()
    for registration in waiting:
        if len(offered) >= free:
            break
        if per_school[registration.school_id] >= work_group.teachers_per_school:
            continue
        per_school[registration.school_id] += 1
        registration.status = RS.OFFERED
        registration.offered_at = now
        offered.append(registration)
    Registration.objects.bulk_update(offered, ["status", "offered_at"])
    for registration in offered:
        _queue_registration_email(registration, "offered")
        audit_record(
            actor=None,
            action="registration.offered",
            target=registration,
            hub=work_group.hub_id,
            subject=registration.teacher_id,
            before={"status": RS.WAITLISTED},
            after={"status": RS.OFFERED},
        )
    return offered


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

    Guarantees, even under concurrent sign-ups: one registration per teacher per Work Group, no
    sign-up after the deadline, and no more place-holders than the capacity or the per-school limit
    (a full group or school quota puts the teacher on the waitlist instead). Queues the "received"
    (or "waitlisted") e-mail and the headteacher's consent request after commit.
    """
    with transaction.atomic():
        locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
        if locked.status != WorkGroupStatus.OPEN:
            raise ValidationError("This Work Group is not open for registration.")
        if locked.registration_deadline and timezone.localdate() > locked.registration_deadline:
            raise ValidationError(f"Registration closed on {locked.registration_deadline:%-d %B %Y}.", code="deadline")
        if locked.registrations.filter(teacher=teacher).exists():
            raise ValidationError("You have already registered for this Work Group.", code="duplicate")
        has_room = _has_room(locked, school.pk)
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
            status=RS.APPLIED if has_room else RS.WAITLISTED,
            waitlisted_at=None if has_room else now,
        )
        registration.full_clean(exclude=["work_group", "teacher", "school"])
        registration.save()
        audit_record(
            actor=teacher,
            action="registration.created",
            target=registration,
            hub=locked.hub_id,
            subject=teacher,
            after={"status": registration.status, "school": school.pk},
        )
        _queue_registration_email(registration, "received" if has_room else "waitlisted")
        _queue_consent_request(registration)
    return registration


def _decide(registration: Registration, action: str, actor) -> Registration:
    """One decision on one registration; the caller holds the Work Group's lock. Returns the registration."""
    work_group = registration.work_group
    now = timezone.now()
    was_holding = registration.status in PLACE_HOLDING_STATUSES
    before = registration.status
    if registration.status in (RS.COMPLETED, RS.WITHDRAWN):
        raise ValidationError(f"{registration.teacher} has {registration.get_status_display().lower()}; no change.")
    if action == "approve":
        if registration.status == RS.APPROVED:
            raise ValidationError(f"{registration.teacher} is already approved.")
        if registration.consent_status == ConsentStatus.DECLINED:
            raise ValidationError(f"{registration.teacher}'s headteacher declined; they cannot be approved.")
        if not was_holding and not _has_room(work_group, registration.school_id):
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
    registration.save(update_fields=["status", "decided_at", "decided_by", "waitlisted_at"])
    audit_record(
        actor=actor,
        action="registration.decided",
        target=registration,
        hub=work_group.hub_id,
        subject=registration.teacher_id,
        before={"status": before},
        after={"status": registration.status},
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
def registration_decide(*, registration: Registration, action: str, actor) -> Registration:
    """Approve, reject or waitlist one registration ("approve" | "reject" | "waitlist").

    Approving a waitlisted teacher needs room; a headteacher's refusal blocks approval; rejecting a
    place-holder offers the place to the first on the waitlist.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.select_related("teacher").get(pk=registration.pk)
    locked.work_group = locked_group
    return _decide(locked, action, actor)


def registration_approve(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="approve", actor=actor)


def registration_reject(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="reject", actor=actor)


def registration_waitlist(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="waitlist", actor=actor)


@transaction.atomic
def registrations_decide_bulk(*, work_group: WorkGroup, registration_ids, action: str, actor) -> BulkDecision:
    """The same decision on several registrations of one Work Group, in order of sign-up.

    Each is decided by the same rules as one by one; those refused are reported, the rest done.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    result = BulkDecision()
    registrations = locked_group.registrations.filter(pk__in=registration_ids).select_related("teacher")
    for registration in registrations.order_by("created_at", "pk"):
        registration.work_group = locked_group
        try:
            result.done.append(_decide(registration, action, actor))
        except ValidationError as error:
            result.refused.extend(error.messages)
    return result


@transaction.atomic
def registration_withdraw(*, registration: Registration) -> Registration:
    """The teacher withdraws; a place they held is offered to the first on the waitlist."""
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.get(pk=registration.pk)
    if locked.status in (RS.WITHDRAWN, RS.COMPLETED, RS.REJECTED):
        raise ValidationError(f"This registration is {locked.get_status_display().lower()}; it cannot be withdrawn.")
    was_holding = locked.status in PLACE_HOLDING_STATUSES
    before = locked.status
    locked.status = RS.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=locked.teacher,
        action="registration.withdrawn",
        target=locked,
        hub=locked_group.hub_id,
        subject=locked.teacher_id,
        before={"status": before},
        after={"status": RS.WITHDRAWN},
    )
    if was_holding:
        offer_free_places(locked_group)
    return locked


@transaction.atomic
def registration_accept_offer(*, registration: Registration) -> Registration:
    """The teacher takes up a place offered from the waitlist: back among the applicants for approval."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != RS.OFFERED:
        raise ValidationError("There is no offer of a place to accept.")
    locked.status = RS.APPLIED
    locked.save(update_fields=["status"])
    audit_record(
        actor=locked.teacher,
        action="registration.offer_accepted",
        target=locked,
        hub=locked.work_group.hub_id,
        subject=locked.teacher_id,
        before={"status": RS.OFFERED},
        after={"status": RS.APPLIED},
    )
    _queue_registration_email(locked, "received")
    return locked
