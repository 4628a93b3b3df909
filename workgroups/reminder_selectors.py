"""Reads for the reminder pages. Scoped: a hub's rows only, asked for by someone who manages that hub."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from workgroups.models import Session
from workgroups.models.outbox import OutboxMessage, OutboxStatus


def _status_counts() -> dict:
    return {
        status: Count("outbox_messages", filter=Q(outbox_messages__status=status)) for status in OutboxStatus.values
    }


def hub_sessions_with_outbox(*, hub, days_back: int = 30, days_ahead: int = 60):
    """The hub's sessions from ``days_back`` ago to ``days_ahead`` on, each with its reminders counted by status."""
    now = timezone.now()
    return (
        Session.objects.filter(
            work_group__hub=hub,
            starts_at__gte=now - datetime.timedelta(days=days_back),
            starts_at__lte=now + datetime.timedelta(days=days_ahead),
        )
        .select_related("work_group")
        .annotate(**_status_counts())
        .order_by("starts_at", "pk")
    )


def hub_digest_messages(*, hub, limit: int = 20):
    return (
        OutboxMessage.objects.filter(hub=hub, session__isnull=True)
        .select_related("recipient")
        .order_by("-due_at", "pk")[:limit]
    )


def session_outbox(*, session):
    """Every reminder row of one session, with its recipient, in one query."""
    return (
        OutboxMessage.objects.filter(session=session)
        .select_related("recipient")
        .order_by("kind", "-offset_minutes", "recipient__full_name", "pk")
    )
