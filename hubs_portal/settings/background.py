"""Celery: how the worker takes its tasks, and what beat runs when."""

from celery.schedules import crontab

from .environment import VAR_DIR, env
from .mail import OUTBOX_SWEEP_SECONDS
from .portal import REGISTRATION_OFFER_SWEEP_SECONDS

CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

CELERY_BEAT_SCHEDULE: dict = {
    # Answers kept for the API's Idempotency-Key are forgotten after a day (api/tasks.py).
    "api-idempotency-purge": {"task": "api.idempotency_purge", "schedule": 60 * 60},
    # The outbox's sweep adds what has come due and queues what is owed (settings/mail.py).
    "outbox-sweep": {
        "task": "notifications.sweep",
        "schedule": OUTBOX_SWEEP_SECONDS,
        # A sweep not started within one interval is dropped: the next one does the same work.
        "options": {"expires": OUTBOX_SWEEP_SECONDS},
    },
    # Lapsed offers of freed places, and offers of groups whose registration closed (settings/portal.py).
    "registration-offers-sweep": {
        "task": "workgroups.registration_offers_sweep",
        "schedule": REGISTRATION_OFFER_SWEEP_SECONDS,
        "options": {"expires": REGISTRATION_OFFER_SWEEP_SECONDS},
    },
    # Personal data past its retention period (settings/portal.py), nightly.
    "personal-data-retention": {
        "task": "accounts.personal_data_retention",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 60 * 60},
    },
}
