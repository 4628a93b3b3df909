"""Invitation links: a signed token over the invitation's id and its send number.

``django.core.signing`` with a salt of its own, spelled as the outbox's unsubscribe tokens are: no timestamp in
the token, so an e-mail comes out the same however many times the outbox builds it. The link expires with its
invitation (``Invitation.expires_at``: ``INVITATION_DAYS`` after it was sent); a resend raises the send number,
so the earlier link says it was replaced. Nothing here writes.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from hubs.enums import InvitationStatus
from hubs.models import Invitation
from notifications.rendering import site_link

INVITATION_SALT = "hubs.invitation"


class InvitationLinkError(ValidationError):
    """An invitation link that grants nothing: altered, replaced by a newer one, expired, accepted or withdrawn.
    ``code`` says which: "invalid", "replaced", "expired", "accepted", "revoked"."""


def invitation_token(*, invitation: Invitation) -> str:
    """The signed token of the invitation's current link (the same every time for the same send)."""
    return signing.Signer(salt=INVITATION_SALT).sign_object({"i": invitation.pk, "v": invitation.sends})


def invitation_url(*, invitation: Invitation) -> str:
    """The absolute link e-mailed to the invitee (``SITE_URL``)."""
    return site_link(reverse("hubs:invitation", args=[invitation_token(invitation=invitation)]))


def invitation_from_token(*, token: str) -> Invitation:
    """The pending invitation a link stands for. Raises ``InvitationLinkError`` for a link that grants nothing."""
    try:
        data = signing.Signer(salt=INVITATION_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        data = None
    if not isinstance(data, dict):
        raise InvitationLinkError("This invitation link is not valid. Check that you copied the whole link.", "invalid")
    invitation = (
        Invitation.objects.select_related("hub", "work_group__hub", "invited_by").filter(pk=data.get("i")).first()
    )
    if invitation is None:
        raise InvitationLinkError("This invitation no longer exists.", "invalid")
    if invitation.status == InvitationStatus.ACCEPTED:
        raise InvitationLinkError("This invitation has already been accepted.", "accepted")
    if invitation.status == InvitationStatus.REVOKED:
        raise InvitationLinkError("This invitation has been withdrawn.", "revoked")
    if data.get("v") != invitation.sends:
        raise InvitationLinkError(
            "A newer invitation has been sent to you: use the link in the latest e-mail.", "replaced"
        )
    if invitation.is_expired:
        raise InvitationLinkError(
            f"This invitation expired on {date_format(timezone.localtime(invitation.expires_at), 'j F Y')}. "
            "Ask the person who invited you to send it again.",
            "expired",
        )
    return invitation
