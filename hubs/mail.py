"""Queue the e-mails about people's roles in the outbox, from inside the service's transaction (the kinds are in
``hubs.mail_kinds``). Every e-mail goes through the outbox; nothing here sends."""

from hubs.enums import MailKind
from hubs.models import Invitation
from notifications.services import Address, message_enqueue


def invitation_email_queue(*, invitation: Invitation) -> None:
    """The invitation e-mail for its current send: one per send (a retried queueing adds nothing)."""
    message_enqueue(
        kind=MailKind.INVITATION,
        object_key=f"invitation:{invitation.pk}:send:{invitation.sends}",
        recipients=[Address(invitation.email, invitation.name)],
        hub=invitation.hub_id,
        topic=invitation,
        context={"sends": invitation.sends},
    )


def role_removed_email_queue(*, user, role: str, place: str, hub, actor, event: int) -> None:
    """Tell ``user`` that their ``role`` of ``place`` was taken away. ``event`` is the audit entry of the removal:
    one e-mail per removal, however often the queueing is retried."""
    message_enqueue(
        kind=MailKind.ROLE_REMOVED,
        object_key=f"role-removed:{event}",
        recipients=[user],
        hub=hub,
        context={"role": role, "place": place, "removed_by": str(actor) if actor else ""},
    )
