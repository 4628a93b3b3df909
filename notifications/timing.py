"""When reminders fall due: calendar days before an event at the same London wall-clock time, and
the window each reminder offset owns. Used by every kind that reminds people before something."""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
MINUTES_PER_DAY = 24 * 60


def days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """``days`` calendar days before ``moment`` at the same London wall-clock time.

    "The day before" a 10:00 session is 10:00 the day before, also across the October and March
    clock changes, when that is 25 or 23 hours earlier, not 24.
    """
    local = moment.astimezone(LONDON).replace(tzinfo=None) - datetime.timedelta(days=days)
    return timezone.make_aware(local, LONDON)


def window_decision(*, starts_at, offset_days: int, other_offsets: Iterable[int], now) -> tuple[str, object]:
    """Where ``now`` falls for the reminder ``offset_days`` before ``starts_at``.

    Each offset owns the window from its due time to the due time of the next smaller offset (or
    the start). Returns ("send", None), ("later", due_at) or ("skip", reason). An event moved
    later makes its reminder "later"; moved earlier, past the window, "skip" (a nearer reminder
    takes over), so a person gets one reminder per window and never two at once.
    """
    if now >= starts_at:
        return "skip", "the session had already started"
    due_at = days_before(starts_at, offset_days)
    if now < due_at:
        return "later", due_at
    nearer = [d for d in other_offsets if d < offset_days and days_before(starts_at, d) <= now]
    if nearer:
        return "skip", f"superseded by the {min(nearer)}-day reminder"
    return "send", None


def current_offset(*, starts_at, offsets: Iterable[int], now) -> int | None:
    """The offset whose window holds ``now`` (the smallest one already due), or None."""
    if now >= starts_at:
        return None
    due = [d for d in offsets if days_before(starts_at, d) <= now]
    return min(due) if due else None
