"""iCalendar output of sessions: the per-user feed and the one-session download."""

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from workgroups.enums import SessionStatus


def session_uid(session) -> str:
    # Stable for the life of the session, so a move replaces the event instead of adding one.
    return f"session-{session.pk}@mathshubs-portal"


def calendar_for_sessions(sessions, *, name: str = "Maths Hubs sessions") -> bytes:
    """An iCalendar (RFC 5545) of the sessions; cancelled ones are STATUS:CANCELLED, SEQUENCE from the session."""
    calendar = Calendar()
    calendar.add("prodid", "-//Maths Hubs Portal//Work Group sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    site = settings.SITE_URL.rstrip("/")
    for session in sessions:
        work_group = session.work_group
        event = Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", session.updated_at)
        event.add("last-modified", session.updated_at)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("sequence", session.sequence)
        event.add("summary", f"{work_group.title} — session {session.number}")
        where = session.venue or session.online_link
        if where:
            event.add("location", where)
        description = [f"{work_group.code}, {work_group.hub.name} Maths Hub."]
        if session.online_link:
            description.append(f"Join online: {session.online_link}")
        if session.agenda:
            description.append(session.agenda)
        event.add("description", "\n\n".join(description))
        event.add("url", site + reverse("workgroups:detail", args=[work_group.pk]))
        if session.status == SessionStatus.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
