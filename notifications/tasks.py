"""The outbox's Celery tasks, for Celery's autodiscovery. Each lives beside the function it runs."""

from notifications.delivery import outbox_deliver_task
from notifications.sweep import outbox_sweep_task

__all__ = ["outbox_deliver_task", "outbox_sweep_task"]
