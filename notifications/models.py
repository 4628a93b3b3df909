"""The outbox: one row per e-mail the portal owes one person, the unit of exactly-once delivery.

A row is keyed by (kind, object, recipient, offset) under a unique constraint, so however many
sweeps or enqueues run, and however often, an e-mail exists once. A delivery task claims its
batch with ``select_for_update(skip_locked=True)`` (a lease, ``claimed_until``), sends, and marks
each row sent as soon as the SMTP server has accepted it (the trade-off is written in
``notifications.delivery.outbox_deliver``).

Rows name what they are about generically (``topic_type`` "workgroups.session", ``topic_id`` 42)
rather than by foreign keys to domain models: this app knows no domain app, and a row outlives
the thing it told someone about. Hubs are the tenants (every hub page is scoped by ``hub``) and
users the recipients, so those two are real foreign keys.
"""

import uuid

from django.conf import settings
from django.db import models

from notifications.enums import OutboxStatus


def message_id_new() -> str:
    """A fresh Message-ID in the portal's domain (``OUTBOX_MESSAGE_ID_DOMAIN``)."""
    return f"<outbox.{uuid.uuid4().hex}@{settings.OUTBOX_MESSAGE_ID_DOMAIN}>"


class OutboxMessage(models.Model):
    """An e-mail owed to one recipient: queued, then sent, failed (after the last attempt) or skipped."""

    # A kind registered by an app's ``mail_kinds`` module (``notifications.registry``).
    kind = models.CharField(max_length=50)
    # What the e-mail is about and which event of it, as a stable key ("session:42",
    # "session:42:seq:3", "hub:3:2026-W48"): part of the unique key, so a retried enqueue adds nothing.
    object_key = models.CharField(max_length=120)
    # Who it is for: "user:<pk>" for people with an account, "email:<address>" for people without
    # (headteachers). Part of the unique key; a changed e-mail address does not make a second row.
    recipient_key = models.CharField(max_length=260)
    # How long before the event the reminder is due, in minutes (0 for kinds without an offset).
    offset_minutes = models.PositiveIntegerField(default=0)

    # The hub whose staff see the row on its outbox page; empty for e-mails no hub accounts for.
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages")
    # What the e-mail is about, for pages and for the kind that renders it: a model's label and pk.
    topic_type = models.CharField(max_length=60, blank=True)
    topic_id = models.PositiveBigIntegerField(null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    to_email = models.EmailField(blank=True, help_text="Only for recipients without an account.")
    to_name = models.CharField(max_length=200, blank=True, help_text="Only for recipients without an account.")
    # Ids and small values the kind reads when it renders the e-mail (never a copy of personal data).
    context = models.JSONField(default=dict, blank=True)

    status = models.CharField(max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    # Stable across every attempt and resend, so a copy sent twice folds into one in mail clients.
    message_id = models.CharField(max_length=200, unique=True, default=message_id_new)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    skip_reason = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField()
    # Not before this moment (the due time, or the next retry after a transient SMTP failure).
    next_attempt_at = models.DateTimeField()
    # When a delivery task was last queued for this row; the sweep queues again if none ran for a while.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # A delivery task's claim on the row: until then no other task sends it (see outbox_deliver).
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
            models.Index(fields=["topic_type", "topic_id", "kind"], name="outbox_topic_idx"),
            models.Index(fields=["hub", "-due_at"], name="outbox_hub_due_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_key} → {self.recipient_key} ({self.get_status_display()})"

    @property
    def to_address(self) -> str:
        return self.recipient.email if self.recipient_id else self.to_email

    @property
    def offset_label(self) -> str:
        if not self.offset_minutes:
            return ""
        days, rest = divmod(self.offset_minutes, 24 * 60)
        if rest == 0:
            return f"{days} day{'s' if days != 1 else ''} before"
        return f"{self.offset_minutes // 60} hours before"


class OptOut(models.Model):
    """A person has asked for no more e-mails of one kind (by the one-click link or on their profile)."""

    kind = models.CharField(max_length=50)
    # The same "user:<pk>" / "email:<address>" key the outbox uses.
    recipient_key = models.CharField(max_length=260)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "recipient_key"], name="unique_reminder_opt_out")]

    def __str__(self):
        return f"{self.recipient_key} opted out of {self.kind}"
