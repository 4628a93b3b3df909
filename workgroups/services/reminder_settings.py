"""A hub's own schedule of session reminders."""

from django.db import transaction

from workgroups.models import HubReminderSettings
from workgroups.models.reminder_settings import validate_offset_days


@transaction.atomic
def hub_reminder_settings_set(*, hub, session_offset_days: str) -> HubReminderSettings:
    """Set the days before a session on which the hub's participants and leads are reminded.

    Takes effect at the next sweep; reminders already sent are not sent again. Raises
    ``ValidationError`` for anything but whole days between 1 and 60, separated by commas.
    """
    validate_offset_days(session_offset_days)
    days = sorted({int(part) for part in session_offset_days.split(",") if part.strip()}, reverse=True)
    settings_row, _ = HubReminderSettings.objects.update_or_create(
        hub=hub, defaults={"session_offset_days": ",".join(str(d) for d in days)}
    )
    return settings_row
