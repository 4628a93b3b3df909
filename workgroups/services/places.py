"""Places in a Work Group: who holds one, the waitlist, offers of a freed place and their expiry.

Every function that counts places runs under the Work Group's row lock (``select_for_update``), taken by its
caller or by itself, so the counts it reads are the truth even under concurrent sign-ups and decisions.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.audit import audit_record
from workgroups.enums import PARTICIPANT_STATUSES, PLACE_HOLDING_STATUSES, RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration, WorkGroup
from workgroups.services.notify import _queue_registration_email
from workgroups.services.notify_endings import tell_offer_expired

RS = RegistrationStatus


def approved_count(work_group: WorkGroup) -> int:
    return work_group.registrations.filter(status__in=PARTICIPANT_STATUSES).count()


def place_counts(work_group: WorkGroup, school_id=None) -> tuple[int, int]:
    """(places held in the group, places held by ``school_id``'s teachers)."""
    counts = work_group.registrations.filter(status__in=PLACE_HOLDING_STATUSES).aggregate(
        total=Count("id"), school=Count("id", filter=Q(school_id=school_id))
    )
    return counts["total"], counts["school"]


def has_room(work_group: WorkGroup, school_id) -> bool:
    total, at_school = place_counts(work_group, school_id)
    return total < work_group.capacity and at_school < work_group.teachers_per_school


def offer_days() -> datetime.timedelta:
    return datetime.timedelta(days=settings.REGISTRATION_OFFER_DAYS)


def offer_free_places(work_group: WorkGroup) -> list[Registration]:
    """Offer every free place to the waitlist, first come first served, keeping the per-school limit.

    Only while registration is open (an offer cannot be accepted once it has closed). Each offer lapses after
    ``REGISTRATION_OFFER_DAYS``. The caller holds the Work Group's row lock.
    """
    if not work_group.registration_is_open:
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
        registration.offer_expires_at = now + offer_days()
        offered.append(registration)
    Registration.objects.bulk_update(offered, ["status", "offered_at", "offer_expires_at"])
    for registration in offered:
        _queue_registration_email(registration, "offered")
        audit_record(
            actor=None,
            action="registration.offered",
            target=registration,
            hub=work_group.hub_id,
            subject=registration.teacher_id,
            before={"status": RS.WAITLISTED},
            after={"status": RS.OFFERED, "offer_expires_at": registration.offer_expires_at},
        )
    return offered


@transaction.atomic
def registration_accept_offer(*, registration: Registration) -> Registration:
    """The teacher takes up a place offered from the waitlist: back among the applicants for approval.

    Raises ValidationError when there is no offer, when it has lapsed, or when registration has closed.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != RS.OFFERED:
        raise ValidationError("There is no offer of a place to accept.")
    if not locked_group.registration_is_open:
        raise ValidationError("Registration for this Work Group has closed, so the offer can no longer be accepted.")
    if locked.offer_expires_at and locked.offer_expires_at <= timezone.now():
        raise ValidationError(
            f"The offer lapsed on {timezone.localtime(locked.offer_expires_at):%-d %B %Y at %H:%M}.", code="expired"
        )
    locked.status = RS.APPLIED
    locked.offer_expires_at = None
    locked.save(update_fields=["status", "offer_expires_at"])
    audit_record(
        actor=locked.teacher,
        action="registration.offer_accepted",
        target=locked,
        hub=locked_group.hub_id,
        subject=locked.teacher_id,
        before={"status": RS.OFFERED},
        after={"status": RS.APPLIED},
    )
    _queue_registration_email(locked, "received")
    return locked


def _offer_ended(registration: Registration, *, reason: str) -> None:
    before = registration.status
    registration.status = RS.EXPIRED
    registration.decided_at = timezone.now()
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "decided_at", "offer_expires_at"])
    audit_record(
        actor=None,
        action="registration.offer_expired",
        target=registration,
        hub=registration.work_group.hub_id,
        subject=registration.teacher_id,
        before={"status": before},
        after={"status": RS.EXPIRED},
        reason=reason,
    )
    tell_offer_expired(registration=registration, reason=reason)


@transaction.atomic
def registration_offers_expire(*, work_group: WorkGroup) -> list[Registration]:
    """End this Work Group's offers that can no longer be taken up, and offer the places on.

    An offer ends when it has lapsed (``offer_expires_at`` passed) or when registration has closed. Each ended
    registration is "Offer expired" (history; the teacher may register again) and its teacher is told. The freed
    places go to the next on the waitlist while registration is open. Safe to run again.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    offers = locked_group.registrations.filter(status=RS.OFFERED).select_related("work_group")
    if locked_group.registration_is_open:
        offers = offers.filter(offer_expires_at__lte=timezone.now())
    ended = list(offers.order_by("offer_expires_at", "pk"))
    for registration in ended:
        _offer_ended(registration, reason="lapsed" if locked_group.registration_is_open else "registration closed")
    if ended:
        offer_free_places(locked_group)
    return ended


def registration_offers_sweep() -> int:
    """The beat sweep: end every lapsed offer, and every offer of a group whose registration has closed, across
    all hubs (one short transaction per Work Group). Returns how many offers ended."""
    today = timezone.localdate()
    closed = ~Q(work_group__status=WorkGroupStatus.OPEN) | Q(work_group__registration_deadline__lt=today)
    due = Registration.objects.filter(status=RS.OFFERED).filter(Q(offer_expires_at__lte=timezone.now()) | closed)
    ended = 0
    for work_group_id in due.values_list("work_group_id", flat=True).distinct().order_by():
        ended += len(registration_offers_expire(work_group=WorkGroup(pk=work_group_id)))
    return ended
