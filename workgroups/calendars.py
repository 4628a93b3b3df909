"""iCalendar output of sessions: the per-user feed and the one-session download.

Other apps add their own events to a person's feed (the Mastery programme's open lessons) by registering a source
with ``calendar_feed_source``: a function of the user returning ``icalendar.Event`` components. Registered at
start-up (an ``AppConfig.ready``), so this app never imports theirs.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from workgroups.enums import SessionStatus


def session_uid(session) -> str:
    # Stable for the life of the session, so a move replaces the event instead of adding one.
    return f"session-{session.pk}@mathshubs-portal"


_FEED_SOURCES: list[Callable] = []


def calendar_feed_source(source: Callable) -> Callable:
    """Register ``source(user) -> iterable of icalendar.Event`` for people's calendar feeds (once per function)."""
    if source not in _FEED_SOURCES:
        _FEED_SOURCES.append(source)
    return source


def calendar_feed_extra_events(user) -> list[Event]:
    """The events the registered sources give for ``user``'s feed, besides their sessions."""
    return [event for source in _FEED_SOURCES for event in source(user)]


def calendar_for_sessions(sessions, *, name: str = "Maths Hubs sessions", extra_events: Iterable[Event] = ()) -> bytes:
    """An iCalendar (RFC 5545) of the sessions, then ``extra_events``; cancelled sessions are STATUS:CANCELLED,
    SEQUENCE from the session."""
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
    for event in extra_events:
        calendar.add_component(event)
    return calendar.to_ical()
