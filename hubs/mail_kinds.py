"""The e-mails about people's roles, declared for the outbox (``notifications.registry``): the invitation with
its signed link, and a role taken away. Queued by ``hubs.mail`` from the services in ``hubs.services``."""

from hubs.enums import InvitationStatus, MailKind
from hubs.invitation_links import invitation_url
from hubs.models import Invitation
from notifications.registry import SEND, Kind, register, skip, topic_describer

INVITATION = "hubs.invitation"


@register
class InvitationEmail(Kind):
    """To the invited address: who invites them to what, and the link (rendered from the invitation as it is
    when the e-mail goes out; a row of an earlier send, or of a withdrawn or accepted invitation, is skipped)."""

    name = MailKind.INVITATION
    label = "Invitation to a role"
    template = "hubs/email/invitation"
    topic_model = INVITATION

    def topic_queryset(self):
        return Invitation.objects.select_related("hub", "work_group", "invited_by")

    def decide(self, batch, row):
        invitation = self.topic(batch, row)
        if invitation is None:
            return skip("the invitation no longer exists")
        if invitation.status != InvitationStatus.PENDING:
            return skip(f"the invitation has been {invitation.get_status_display().lower()}")
        if invitation.sends != row.context.get("sends"):
            return skip("the invitation has been sent again since")
        return SEND

    def context(self, batch, row):
        invitation = self.topic(batch, row)
        return {"invitation": invitation, "invitation_url": invitation_url(invitation=invitation)}


@register
class RoleRemoved(Kind):
    """To the person whose role was taken away: which role of what, and by whom (kept on the row: the role
    itself is gone)."""

    name = MailKind.ROLE_REMOVED
    label = "Role taken away"
    template = "hubs/email/role_removed"

    def context(self, batch, row):
        return {key: row.context.get(key, "") for key in ("role", "place", "removed_by")}


@topic_describer(INVITATION)
def invitations_describe(*, hub, ids) -> dict[int, str]:
    """ "Invitation of nadia@school.example: Work Group lead of NCP26-11-MAT-01 …" for the hub's invitations."""
    invitations = Invitation.objects.filter(pk__in=ids, hub=hub).select_related("hub", "work_group")
    return {invitation.pk: f"Invitation of {invitation.email}: {invitation}" for invitation in invitations}
