"""A hub's own schedule of session reminders (the reminders themselves are e-mails of the outbox,
``workgroups.mail_kinds``). The delivery settings (batches, attempts, backoff) are the outbox's,
the same for every hub and every kind: ``OUTBOX_*``."""

from django.core.exceptions import ValidationError
from django.db import models


def validate_offset_days(value: str) -> None:
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise ValidationError("Give whole numbers of days separated by commas, e.g. 7,1.") from exc
    if not days or any(d < 1 or d > 60 for d in days):
        raise ValidationError("Each offset is between 1 and 60 days, e.g. 7,1.")


class HubReminderSettings(models.Model):
    """A hub's own reminder schedule; hubs without a row use ``REMINDER_SESSION_OFFSET_DAYS``."""

    hub = models.OneToOneField("hubs.Hub", on_delete=models.CASCADE, related_name="reminder_settings")
    session_offset_days = models.CharField(
        "days before a session to remind",
        max_length=40,
        default="7,1",
        validators=[validate_offset_days],
        help_text="Whole days, separated by commas, e.g. 7,1.",
    )

    class Meta:
        verbose_name_plural = "hub reminder settings"

    def __str__(self):
        return f"Reminders for {self.hub}: {self.session_offset_days} days before"

    @property
    def offsets(self) -> list[int]:
        return sorted({int(part) for part in self.session_offset_days.split(",") if part.strip()}, reverse=True)
