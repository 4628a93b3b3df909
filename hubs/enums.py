from enum import StrEnum

from django.db import models


class HubRole(models.TextChoices):
    LEAD = "lead", "Hub lead"
    ADMINISTRATOR = "administrator", "Hub administrator"
    LEADERSHIP_TEAM = "leadership_team", "Leadership team member"


# Roles that run the hub in the portal (see its people, approve registrations, run reports).
MANAGING_ROLES = (HubRole.LEAD, HubRole.ADMINISTRATOR)

# A hub is led from one or two lead schools: one or two hub leads, never none once it has one.
HUB_LEADS_MAX = 2

# Every role a person can be given in the browser: the three hub roles, a Work Group's lead, NCETM staff.
# Built from HubRole so a hub role is spelled once.
PersonRole = models.TextChoices(
    "PersonRole",
    [(role.name, (role.value, role.label)) for role in HubRole]
    + [("WORK_GROUP_LEAD", ("work_group_lead", "Work Group lead")), ("NCETM_STAFF", ("ncetm_staff", "NCETM staff"))],
)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Withdrawn"


class MailKind(StrEnum):
    """The kinds of e-mail about people's roles (``hubs.mail_kinds``). Stored on outbox rows: never change one."""

    INVITATION = "hub_invitation"
    ROLE_REMOVED = "hub_role_removed"
