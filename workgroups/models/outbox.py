"""Kept only for the migrations that name these callables (``0003_reminders``): the outbox moved to
the ``notifications`` app and the hubs' reminder schedule to ``reminder_settings``."""

from notifications.models import message_id_new as _message_id  # noqa: F401
from workgroups.models.reminder_settings import validate_offset_days  # noqa: F401
