"""The portal's Celery app.

Configured from Django settings (the ``CELERY_`` namespace). With ``REDIS_URL`` set, Redis is the
broker; without it the broker is kombu's filesystem transport under ``var/``, so the demo runs a
real worker and beat with no server to install.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.local")

app = Celery("hubs_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
