"""Reminders before each session: the session itself (7 and 1 days before, or the hub's schedule) and the
task reflection owed from the session before (2 days before). Found by the outbox's sweep."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.utils.formats import date_format

from notifications.registry import SEND, Due, Kind, later, register, skip, topic_describer, user_key
from notifications.timing import LONDON, MINUTES_PER_DAY, current_offset, days_before, window_decision
from workgroups.calendars import calendar_for_sessions
from workgroups.enums import ACTIVE_WORKGROUP_STATUSES, MailKind, SessionStatus
from workgroups.mail_kinds.people import approved_participants, leads, my_cpd_url, previous_sessions
from workgroups.models import HubReminderSettings, Session, TaskResponse

SESSION = "workgroups.session"


def hub_offsets() -> tuple[dict[int, list[int]], list[int]]:
    """Each hub's session reminder offsets (days), and the default for hubs without settings."""
    default = sorted({int(d) for d in settings.REMINDER_SESSION_OFFSET_DAYS}, reverse=True)
    per_hub = {s.hub_id: s.offsets for s in HubReminderSettings.objects.all()}
    return per_hub, default


def _session_candidates(now, *, horizon_days: int):
    return Session.objects.filter(
        status=SessionStatus.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=horizon_days + 1),
        work_group__status__in=ACTIVE_WORKGROUP_STATUSES,
    ).select_related("work_group")


def _session_gone(session) -> str:
    """Why no reminder goes out for this session any more ("" if it still happens)."""
    if session.status == SessionStatus.CANCELLED:
        return "the session was cancelled"
    if session.work_group.status not in ACTIVE_WORKGROUP_STATUSES:
        return f"the Work Group is {session.work_group.get_status_display().lower()}"
    return ""


def _window(session, *, offset_days, other_offsets, now):
    action, detail = window_decision(
        starts_at=session.starts_at, offset_days=offset_days, other_offsets=other_offsets, now=now
    )
    if action == "later":
        return later(detail)
    if action == "skip":
        return skip(detail)
    return SEND


class SessionKind(Kind):
    """A kind of e-mail about one session: loads the sessions of a batch with their Work Group and hub."""

    topic_model = SESSION

    def topic_queryset(self):
        return Session.objects.select_related("work_group__hub")


@register
class SessionReminder(SessionKind):
    """Before each session, to its approved participants and its leads, at the hub's offsets (7 and 1 day)."""

    name = MailKind.SESSION_REMINDER
    label = "Session reminders"
    template = "workgroups/email/reminders/session"
    optional = True
    on_preferences_page = True

    # Why the row is keyed by offset and not by the session's sequence: the key says "this person's
    # N-day reminder for this session", and the send re-checks the session's *current* start
    # (``window_decision``) and renders the *current* time. So a session moved later before its
    # reminder went out keeps its queued row, which waits until the new due time and then carries
    # the new time; moved earlier, it goes now or gives way to the nearer reminder. Keying by
    # sequence would instead send a second N-day reminder after every move: a person would hear
    # "in 7 days" twice. Telling people that a session moved is the "session moved" e-mail's job.
    # What the offset key gives up: a session moved after its reminder went out gets no second
    # reminder at that offset; the next offset's reminder carries the new time.

    def find_due(self, now) -> Iterable[Due]:
        per_hub, default = hub_offsets()
        horizon = max([*default, *(d for offsets in per_hub.values() for d in offsets)])
        windows = []
        for session in _session_candidates(now, horizon_days=horizon):
            offsets = per_hub.get(session.work_group.hub_id, default)
            offset = current_offset(starts_at=session.starts_at, offsets=offsets, now=now)
            if offset is not None:
                windows.append((session, offset))
        work_group_ids = {s.work_group_id for s, _ in windows}
        participants, group_leads = approved_participants(work_group_ids), leads(work_group_ids)
        for session, offset in windows:
            for user_id in participants[session.work_group_id] | group_leads[session.work_group_id]:
                yield Due(
                    kind=self.name,
                    object_key=f"session:{session.pk}",
                    recipient_key=user_key(user_id),
                    offset_minutes=offset * MINUTES_PER_DAY,
                    hub_id=session.work_group.hub_id,
                    topic_type=SESSION,
                    topic_id=session.pk,
                    recipient_id=user_id,
                    due_at=days_before(session.starts_at, offset),
                )

    def prepare(self, batch, rows):
        super().prepare(batch, rows)
        sessions = [s for s in (self.topic(batch, r) for r in rows) if s is not None]
        work_group_ids = {s.work_group_id for s in sessions}
        batch.cache["participants"] = approved_participants(work_group_ids)
        batch.cache["leads"] = leads(work_group_ids)
        batch.cache["offsets"] = hub_offsets()
        batch.cache["previous"] = previous_sessions(set(sessions))

    def decide(self, batch, row):
        session = self.topic(batch, row)
        if session is None:
            return skip("the session no longer exists")
        if reason := _session_gone(session):
            return skip(reason)
        group = session.work_group_id
        if row.recipient_id not in batch.cache["participants"][group] | batch.cache["leads"][group]:
            return skip("no longer an approved participant or lead")
        per_hub, default = batch.cache["offsets"]
        return _window(
            session,
            offset_days=row.offset_minutes // MINUTES_PER_DAY,
            other_offsets=per_hub.get(session.work_group.hub_id, default),
            now=batch.now,
        )

    def _is_lead(self, batch, row) -> bool:
        return row.recipient_id in batch.cache["leads"][self.topic(batch, row).work_group_id]

    def context(self, batch, row):
        session = self.topic(batch, row)
        previous = batch.cache["previous"].get(session.pk)
        return {
            "session": session,
            "work_group": session.work_group,
            "starts": session.starts_at.astimezone(LONDON),
            "ends": session.ends_at.astimezone(LONDON),
            "venue": session.venue or session.work_group.venue,
            "online_link": session.online_link,
            "task_to_bring": previous.task if previous else "",
            "is_lead": self._is_lead(batch, row),
            "days": row.offset_minutes // MINUTES_PER_DAY,
            "my_cpd_url": my_cpd_url(),
        }

    def shared_key(self, batch, row):
        return (row.topic_id, row.offset_minutes, self._is_lead(batch, row))

    def attachments(self, batch, row):
        # One .ics per session per batch, from the same builder as the calendar feed.
        icals = batch.cache.setdefault("ics", {})
        session = self.topic(batch, row)
        if session.pk not in icals:
            icals[session.pk] = calendar_for_sessions([session], name=f"{session.work_group.title}")
        return [("session.ics", icals[session.pk], "text/calendar")]


@register
class TaskReflectionReminder(SessionKind):
    """Two days before a session, to participants who have not reflected on the previous session's task."""

    name = MailKind.TASK_REFLECTION
    label = "Task reflection reminders"
    template = "workgroups/email/reminders/task_reflection"
    optional = True
    on_preferences_page = True

    @property
    def days(self) -> int:
        return settings.REMINDER_TASK_REFLECTION_DAYS

    def _owing(self, sessions) -> tuple[dict[int, set[int]], dict[int, Session]]:
        """Per session: teachers who owe a reflection on the previous session's task; and that session."""
        previous = previous_sessions(sessions)
        previous = {pk: p for pk, p in previous.items() if p.task.strip()}
        if not previous:
            return {}, {}
        participants = approved_participants({p.work_group_id for p in previous.values()})
        submitted = defaultdict(set)
        for session_id, teacher_id in TaskResponse.objects.filter(
            session__in=[p.pk for p in previous.values()]
        ).values_list("session_id", "registration__teacher_id"):
            submitted[session_id].add(teacher_id)
        return {pk: participants[p.work_group_id] - submitted[p.pk] for pk, p in previous.items()}, previous

    def find_due(self, now) -> Iterable[Due]:
        sessions = [
            s
            for s in _session_candidates(now, horizon_days=self.days)
            if days_before(s.starts_at, self.days) <= now < s.starts_at
        ]
        owing, _ = self._owing(sessions)
        for session in sessions:
            for teacher_id in owing.get(session.pk, ()):
                yield Due(
                    kind=self.name,
                    object_key=f"session:{session.pk}",
                    recipient_key=user_key(teacher_id),
                    offset_minutes=self.days * MINUTES_PER_DAY,
                    hub_id=session.work_group.hub_id,
                    topic_type=SESSION,
                    topic_id=session.pk,
                    recipient_id=teacher_id,
                    due_at=days_before(session.starts_at, self.days),
                )

    def prepare(self, batch, rows):
        super().prepare(batch, rows)
        sessions = {s for s in (self.topic(batch, r) for r in rows) if s is not None}
        batch.cache["reflection_owing"], batch.cache["reflection_previous"] = self._owing(sessions)

    def decide(self, batch, row):
        session = self.topic(batch, row)
        if session is None:
            return skip("the session no longer exists")
        if reason := _session_gone(session):
            return skip(reason)
        decision = _window(session, offset_days=self.days, other_offsets=(), now=batch.now)
        if decision is not SEND:
            return decision
        if row.recipient_id not in batch.cache["reflection_owing"].get(session.pk, ()):
            return skip("reflection already submitted, or no longer a participant")
        return SEND

    def shared_key(self, batch, row):
        return row.topic_id

    def context(self, batch, row):
        session = self.topic(batch, row)
        previous = batch.cache["reflection_previous"][session.pk]
        return {
            "session": session,
            "work_group": session.work_group,
            "starts": session.starts_at.astimezone(LONDON),
            "previous": previous,
            "task": previous.task,
            "my_cpd_url": my_cpd_url(),
        }


@topic_describer(SESSION)
def sessions_describe(*, hub, ids) -> dict[int, str]:
    """ "NCP24-12-MAT-01 session 2, 3 March 2026" for the hub's sessions among ``ids``."""
    sessions = Session.objects.filter(pk__in=ids, work_group__hub=hub).select_related("work_group")
    return {
        s.pk: f"{s.work_group.code} session {s.number}, {date_format(s.starts_at.astimezone(LONDON), 'j F Y')}"
        for s in sessions
    }
