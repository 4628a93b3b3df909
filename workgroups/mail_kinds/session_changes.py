"""E-mails telling the teachers holding a place that a session moved or was cancelled. Queued by the
session services (``workgroups.services.notify``), one row per teacher per change (the session's
iCalendar sequence names the change)."""

from django.utils.dateparse import parse_datetime

from notifications.registry import SEND, register, skip
from workgroups.enums import MailKind, SessionStatus
from workgroups.mail_kinds.people import my_cpd_url
from workgroups.mail_kinds.session_reminders import SessionKind


class SessionChange(SessionKind):
    def context(self, batch, row):
        session = self.topic(batch, row)
        return {"session": session, "work_group": session.work_group, "my_cpd_url": my_cpd_url()}

    def shared_key(self, batch, row):
        return row.object_key


@register
class SessionMoved(SessionChange):
    name = MailKind.SESSION_MOVED
    label = "Session moved"
    template = "workgroups/email/session_moved"

    def decide(self, batch, row):
        session = self.topic(batch, row)
        if session is None:
            return skip("the session no longer exists")
        if session.status == SessionStatus.CANCELLED:
            return skip("the session was cancelled since")
        moved_to = parse_datetime(row.context.get("starts_at", ""))
        if moved_to is not None and moved_to != session.starts_at:
            return skip("the session moved again; the next e-mail gives its time")
        return SEND


@register
class SessionCancelled(SessionChange):
    name = MailKind.SESSION_CANCELLED
    label = "Session cancelled"
    template = "workgroups/email/session_cancelled"
