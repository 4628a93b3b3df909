from django.db import models


class HubRole(models.TextChoices):
    LEAD = "lead", "Hub lead"
    ADMINISTRATOR = "administrator", "Hub administrator"
    LEADERSHIP_TEAM = "leadership_team", "Leadership team member"


# Roles that run the hub in the portal (see its people, approve registrations, run reports).
MANAGING_ROLES = (HubRole.LEAD, HubRole.ADMINISTRATOR)
