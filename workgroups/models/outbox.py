"""The reminder outbox: one row per e-mail the portal owes someone, the unit of exactly-once delivery.

A row is keyed by (kind, object, recipient, offset) under a unique constraint, so however many
sweeps run, and however often, a reminder exists once. A delivery task claims its batch with
``select_for_update(skip_locked=True)`` (a lease, ``claimed_until``), sends, and marks each row
sent as soon as the SMTP server has accepted it (see ``reminders_deliver`` in
``workgroups/reminders.py`` for the trade-off that makes).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class ReminderKind(models.TextChoices):
    """Kinds of reminder. Adding one: a value here and a ``ReminderKindSpec`` in ``workgroups/reminders.py``."""

    SESSION = "session", "Session reminders"
    TASK_REFLECTION = "task_reflection", "Task reflection reminders"
    HUB_DIGEST = "hub_digest", "Weekly digest of Work Groups short of schools"
    IMPACT_SURVEY = "impact_survey", "Impact survey invitations"


# Kinds a person with an account can choose on their preferences page (the survey goes to headteachers,
# who have no account; they stop it with the one-click link in the e-mail).
ACCOUNT_REMINDER_KINDS = (ReminderKind.SESSION, ReminderKind.TASK_REFLECTION, ReminderKind.HUB_DIGEST)


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


def _message_id() -> str:
    domain = getattr(settings, "REMINDER_MESSAGE_ID_DOMAIN", "mathshubs.example")
    return f"<reminder.{uuid.uuid4().hex}@{domain}>"


class OutboxMessage(models.Model):
    """An e-mail owed to one recipient: queued, then sent, failed (after the last attempt) or skipped."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    # What the e-mail is about, as a stable key ("session:42", "hub:3:2026-W48"): part of the unique key.
    object_key = models.CharField(max_length=80)
    # Who it is for: "user:<pk>" for people with an account, "email:<address>" for people without
    # (headteachers). Part of the unique key; a changed e-mail address does not make a second row.
    recipient_key = models.CharField(max_length=260)
    # How long before the event the reminder is due, in minutes (0 for kinds without an offset).
    offset_minutes = models.PositiveIntegerField(default=0)

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="outbox_messages")
    session = models.ForeignKey(
        "workgroups.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    to_email = models.EmailField(blank=True, help_text="Only for recipients without an account.")

    status = models.CharField(max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    # Stable across every attempt and resend, so a copy sent twice folds into one in mail clients.
    message_id = models.CharField(max_length=200, unique=True, default=_message_id)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    skip_reason = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField()
    # Not before this moment (the due time, or the next retry after a transient SMTP failure).
    next_attempt_at = models.DateTimeField()
    # When a delivery task was last queued for this row; the sweep queues again if none ran for a while.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # A delivery task's claim on the row: until then no other task sends it (see reminders_deliver).
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "recipient_key", "offset_minutes"], name="unique_outbox_reminder"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["session", "kind"], name="outbox_session_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_key} → {self.recipient_key} ({self.get_status_display()})"

    @property
    def offset_label(self) -> str:
        if not self.offset_minutes:
            return "—"
        days, rest = divmod(self.offset_minutes, 24 * 60)
        if rest == 0:
            return f"{days} day{'s' if days != 1 else ''} before"
        return f"{self.offset_minutes // 60} hours before"


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


class ReminderOptOut(models.Model):
    """A person has asked for no more reminders of one kind (by the one-click link or on their profile)."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    # The same "user:<pk>" / "email:<address>" key the outbox uses.
    recipient_key = models.CharField(max_length=260)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "recipient_key"], name="unique_reminder_opt_out")]

    def __str__(self):
        return f"{self.recipient_key} opted out of {self.kind}"
