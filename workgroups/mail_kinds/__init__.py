"""The kinds of e-mail Work Groups send, registered with the outbox (``notifications.registry``).

Found at start-up by ``NotificationsConfig.ready`` (``autodiscover_modules("mail_kinds")``); each
module below registers its kinds when imported.
"""

from workgroups.mail_kinds import attendance, digest, endings, registrations, session_changes, session_reminders

__all__ = ["attendance", "digest", "endings", "registrations", "session_changes", "session_reminders"]
