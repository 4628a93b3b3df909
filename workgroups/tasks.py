"""Celery tasks of the Work Groups app (autodiscovered from here)."""

# --- reminders (issue 5): defined in workgroups/reminder_tasks.py ---
from workgroups.reminder_tasks import reminders_deliver_task, reminders_sweep_task  # noqa: F401
# --- end reminders ---
