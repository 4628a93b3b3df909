"""E-mail: how it is sent, the outbox that every e-mail about the portal's work goes through, and when the
portal's own e-mails (reminders, the digest, the impact survey) fall due."""

from .environment import VAR_DIR, env

# Development keeps every message in var/mail (readable at /dev/mailbox/) and prints it.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="hubs_portal.mailbox.DevMailboxBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Maths Hubs Portal <portal@mathshubs.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = env.dict("ANYMAIL", default={})

# Where links in e-mails point (e-mails are built outside a request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")


# The outbox (notifications app): every e-mail about the portal's work is a row, delivered by
# claimed batches. Beat runs the sweep (settings/background.py); it adds what has come due and queues what is owed.
# Each OUTBOX_* variable was called REMINDER_* before the outbox had an app of its own; the old
# name is still read when the new one is not set.
def _outbox_setting(name: str, cast, default):
    legacy = getattr(env, cast)(f"REMINDER_{name}", default=default)
    return getattr(env, cast)(f"OUTBOX_{name}", default=legacy)


OUTBOX_SWEEP_SECONDS = _outbox_setting("SWEEP_SECONDS", "int", 300)
# E-mails per delivery task (one SMTP connection each).
OUTBOX_BATCH_SIZE = _outbox_setting("BATCH_SIZE", "int", 100)
OUTBOX_DISPATCH_LIMIT = _outbox_setting("DISPATCH_LIMIT", "int", 100_000)
OUTBOX_MAX_ATTEMPTS = _outbox_setting("MAX_ATTEMPTS", "int", 6)
OUTBOX_RETRY_BACKOFF_SECONDS = _outbox_setting("RETRY_BACKOFF_SECONDS", "float", 60)
OUTBOX_RETRY_BACKOFF_MAX_SECONDS = _outbox_setting("RETRY_BACKOFF_MAX_SECONDS", "float", 1800)
# How long a delivery task holds its batch; a killed worker's rows are sent again after this.
OUTBOX_CLAIM_SECONDS = _outbox_setting("CLAIM_SECONDS", "int", 600)
# A queued row whose delivery task never ran (lost with a broker) is queued again after this long.
OUTBOX_REDISPATCH_AFTER_SECONDS = _outbox_setting("REDISPATCH_AFTER_SECONDS", "int", 900)
# Delivery commits each "sent" mark without waiting for the disk flush (notifications.delivery._asynchronous_commit).
OUTBOX_ASYNCHRONOUS_COMMIT = _outbox_setting("ASYNCHRONOUS_COMMIT", "bool", True)
OUTBOX_MESSAGE_ID_DOMAIN = _outbox_setting("MESSAGE_ID_DOMAIN", "str", "mathshubs.example")

# Session reminders (workgroups.mail_kinds): days before a session, for hubs without their own
# schedule (HubReminderSettings), and the task reflection reminder.
REMINDER_SESSION_OFFSET_DAYS = env.list("REMINDER_SESSION_OFFSET_DAYS", cast=int, default=[7, 1])
REMINDER_TASK_REFLECTION_DAYS = env.int("REMINDER_TASK_REFLECTION_DAYS", default=2)
# The weekly digest to hub leads is due on Monday at this hour (Europe/London).
REMINDER_DIGEST_HOUR = env.int("REMINDER_DIGEST_HOUR", default=7)
# The headteachers' impact survey invitations go out on this day (MM-DD) of the summer term each year.
IMPACT_SURVEY_INVITATION_DATE = env.str("IMPACT_SURVEY_INVITATION_DATE", default="06-15")
# A headteacher's school page link (schools.links), sent with every consent request, works this many days.
SCHOOL_LINK_DAYS = env.int("SCHOOL_LINK_DAYS", default=30)
