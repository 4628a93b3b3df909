"""The headteacher's consent: signed links and their answers."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from workgroups.enums import (
    AWAITING_CONSENT_STATUSES,
    PLACE_HOLDING_STATUSES,
    ConsentStatus,
    RegistrationStatus,
)
from workgroups.models import (
    Registration,
    WorkGroup,
)
from workgroups.services.figures import work_group_figures_refresh
from workgroups.services.notify import _queue_consent_request
from workgroups.services.notify_endings import tell_declined
from workgroups.services.places import offer_free_places

RS = RegistrationStatus

CONSENT_SALT = "workgroups.headteacher-consent"
CONSENT_MAX_AGE = datetime.timedelta(days=14)


class ConsentLinkError(ValidationError):
    """The consent link is forged, expired or no longer matches a registration."""


def consent_token_make(*, registration: Registration) -> str:
    """A signed, timestamped token naming the registration and the headteacher it was sent to."""
    signer = signing.TimestampSigner(salt=CONSENT_SALT)
    return signer.sign_object({"r": registration.pk, "e": registration.headteacher_email.lower()})


def consent_registration_from_token(*, token: str) -> Registration:
    """The registration a consent token stands for. Raises ConsentLinkError when forged or expired."""
    signer = signing.TimestampSigner(salt=CONSENT_SALT)
    try:
        payload = signer.unsign_object(token, max_age=CONSENT_MAX_AGE)
    except signing.SignatureExpired:
        raise ConsentLinkError(
            "This link has expired (links last 14 days). Ask the teacher or the hub for a new one.", code="expired"
        ) from None
    except signing.BadSignature:
        raise ConsentLinkError("This link is not valid. Check that you copied the whole link.", code="forged") from None
    registration = (
        Registration.objects.select_related("work_group__hub", "teacher", "school").filter(pk=payload.get("r")).first()
    )
    if registration is None or registration.headteacher_email.lower() != payload.get("e"):
        raise ConsentLinkError("This link no longer matches a registration.", code="stale")
    return registration


@transaction.atomic
def consent_decide(*, token: str, confirm: bool) -> Registration:
    """Record the headteacher's answer from a consent link. A decided consent is not changed again.

    A decline ends the registration ("Declined by headteacher", kept as history): it no longer holds a
    place or waits for one, a place it held is offered to the next on the waitlist, and the teacher is told by
    e-mail (``registration_declined``).
    Raises ConsentLinkError for a bad link, ValidationError when the answer was given already.
    """
    registration = consent_registration_from_token(token=token)
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.consent_status != ConsentStatus.PENDING:
        raise ValidationError(f"You have already answered: {locked.get_consent_status_display().lower()}.")
    if locked.status not in AWAITING_CONSENT_STATUSES:
        raise ValidationError(
            f"This registration has ended ({locked.get_status_display().lower()}): no answer is needed.", code="ended"
        )
    now = timezone.now()
    locked.consent_status = ConsentStatus.CONFIRMED if confirm else ConsentStatus.DECLINED
    locked.consent_decided_at = now
    fields = ["consent_status", "consent_decided_at"]
    was_holding = locked.status in PLACE_HOLDING_STATUSES
    ends = not confirm and locked.status in (RS.APPLIED, RS.APPROVED, RS.WAITLISTED, RS.OFFERED)
    if ends:
        locked.status, locked.decided_at, locked.offer_expires_at = RS.DECLINED, now, None
        fields += ["status", "decided_at", "offer_expires_at"]
    locked.save(update_fields=fields)
    audit_record(
        actor=f"Headteacher {locked.headteacher_name} <{locked.headteacher_email}>",
        action="registration.consent_decided",
        target=locked,
        hub=registration.work_group.hub_id,
        subject=locked.teacher_id,
        before={"consent_status": ConsentStatus.PENDING},
        after={"consent_status": locked.consent_status},
    )
    if ends:
        tell_declined(registration=locked)
    if ends and was_holding:
        offer_free_places(locked_group)
    if ends:
        work_group_figures_refresh(work_group=locked_group)
    return locked


@transaction.atomic
def consent_request_resend(*, registration: Registration, actor=None) -> None:
    """Send the headteacher a fresh consent link (the old one keeps working until it expires)."""
    if registration.consent_status != ConsentStatus.PENDING:
        raise ValidationError("The headteacher has already answered.")
    audit_record(
        actor=actor,
        action="registration.consent_link_resent",
        target=registration,
        hub=registration.work_group.hub_id,
        subject=registration.teacher_id,
    )
    _queue_consent_request(registration, requested_at=timezone.now())
