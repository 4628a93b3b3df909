"""The portal's own rules that an operator may set: offers of freed places, invitations, who to contact, and how
long personal data is kept."""

from .environment import env
from .mail import OUTBOX_SWEEP_SECONDS

# The life of a Work Group (workgroups/services). An offer of a freed place lapses after this many days; beat
# sweeps for lapsed offers (and offers of groups whose registration closed) as often as it sweeps for reminders.
REGISTRATION_OFFER_DAYS = env.int("REGISTRATION_OFFER_DAYS", default=7)
REGISTRATION_OFFER_SWEEP_SECONDS = env.int("REGISTRATION_OFFER_SWEEP_SECONDS", default=OUTBOX_SWEEP_SECONDS)

# Invitations to a role (hubs app): how many days an e-mailed invitation link stays valid.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)

# Where people report an accessibility problem or ask for another format (the accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="accessibility@mathshubs.example")
# The privacy notice names who to ask about personal data; security.txt who to tell about a vulnerability.
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@mathshubs.example")
SECURITY_CONTACT_EMAIL = env.str("SECURITY_CONTACT_EMAIL", default="security@mathshubs.example")

# Retention (accounts.personal_data.personal_data_retention_apply, daily from beat): students' work files and
# headteachers' e-mail addresses are removed this many days after they were given.
RETENTION_REFLECTION_FILE_DAYS = env.int("RETENTION_REFLECTION_FILE_DAYS", default=730)
RETENTION_HEADTEACHER_EMAIL_DAYS = env.int("RETENTION_HEADTEACHER_EMAIL_DAYS", default=730)
# Outbox rows (the e-mails sent) keep who and why for this long after they were finished, then only the facts.
RETENTION_OUTBOX_DAYS = env.int("RETENTION_OUTBOX_DAYS", default=365)
