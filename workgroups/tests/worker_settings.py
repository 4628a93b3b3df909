"""Settings for the Celery worker that delivery tests start: the test settings, sending over SMTP
to the test's own local server (``TEST_SMTP_PORT``)."""

import os

from hubs_portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
EMAIL_USE_TLS = False
CELERY_TASK_ALWAYS_EAGER = False
