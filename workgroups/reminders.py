"""Reminders: the sweep that finds what is due, the delivery that sends it exactly once (nearly), the e-mails.

The outbox (``workgroups.models.outbox.OutboxMessage``) is the unit of delivery. Beat runs
``reminders_sweep`` every few minutes; it inserts one row per (kind, object, recipient, offset)
that has come due, idempotently, and queues delivery tasks for batches of row ids. Nothing is
scheduled days ahead in the broker: the database holds what is owed, the broker only holds the
next few minutes of work.

This module crosses hubs on purpose: the sweep looks at every hub's sessions.

Each kind of reminder is a ``ReminderKindSpec``: where its rows come from (``find_due``), whether
a row is still wanted when it is about to go out (``decide``) and what the e-mail says
(``context``, templates under ``templates/workgroups/email/reminders/<kind>``). Adding a kind is
a value in ``ReminderKind``, a spec subclass and three templates.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape

from hubs.enums import HubRole
from hubs.models import HubMembership
from workgroups.calendars import session_uid
from workgroups.enums import ConsentStatus, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import Registration, Session, TaskResponse, WorkGroup
from workgroups.models.outbox import (
    ACCOUNT_REMINDER_KINDS,
    HubReminderSettings,
    OutboxMessage,
    OutboxStatus,
    ReminderKind,
    ReminderOptOut,
)

logger = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")
MINUTES_PER_DAY = 24 * 60
UNSUBSCRIBE_SALT = "workgroups.reminders.unsubscribe"
# Work Groups whose sessions are reminded: not drafts, not cancelled or completed ones.
ACTIVE_WORKGROUP_STATUSES = (WorkGroupStatus.OPEN, WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING)


# --- time -------------------------------------------------------------------------------------


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
    the start). Returns ("send", None), ("later", due_at) or ("skip", reason). A session moved
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


def hub_offsets() -> tuple[dict[int, list[int]], list[int]]:
    """Each hub's session reminder offsets (days), and the default for hubs without settings."""
    default = sorted({int(d) for d in settings.REMINDER_SESSION_OFFSET_DAYS}, reverse=True)
    per_hub = {s.hub_id: s.offsets for s in HubReminderSettings.objects.all()}
    return per_hub, default


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


# --- kinds ------------------------------------------------------------------------------------


@dataclass
class Due:
    """A reminder that has come due, before it is a row."""

    kind: str
    object_key: str
    recipient_key: str
    hub_id: int
    due_at: datetime.datetime
    offset_minutes: int = 0
    session_id: int | None = None
    recipient_id: int | None = None
    to_email: str = ""

    def as_row(self) -> OutboxMessage:
        return OutboxMessage(
            kind=self.kind,
            object_key=self.object_key,
            recipient_key=self.recipient_key,
            offset_minutes=self.offset_minutes,
            hub_id=self.hub_id,
            session_id=self.session_id,
            recipient_id=self.recipient_id,
            to_email=self.to_email,
            due_at=self.due_at,
            next_attempt_at=self.due_at,
        )


@dataclass
class Decision:
    action: str  # "send", "skip" or "later"
    reason: str = ""
    later: datetime.datetime | None = None


SEND = Decision("send")


@dataclass
class Batch:
    """What a delivery batch reads once for all its rows (kept small: a few queries per batch)."""

    now: datetime.datetime
    rows: list
    opted_out: set = field(default_factory=set)
    cache: dict = field(default_factory=dict)


class ReminderKindSpec:
    kind: str = ""
    template: str = ""

    def find_due(self, now) -> Iterable[Due]:
        raise NotImplementedError

    def prepare(self, batch: Batch, rows: list) -> None:
        """Read what ``decide`` and ``context`` need for these rows, in a few queries."""

    def decide(self, batch: Batch, row: OutboxMessage) -> Decision:
        raise NotImplementedError

    def context(self, batch: Batch, row: OutboxMessage) -> dict:
        raise NotImplementedError

    def attachments(self, batch: Batch, row: OutboxMessage) -> list[tuple[str, bytes, str]]:
        return []

    def shared_key(self, batch: Batch, row: OutboxMessage):
        """Rows with the same key get the same text but for name and unsubscribe link (None: render each)."""
        return None


def _session_candidates(now, *, horizon_days: int):
    return Session.objects.filter(
        status=SessionStatus.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=horizon_days + 1),
        work_group__status__in=ACTIVE_WORKGROUP_STATUSES,
    ).select_related("work_group")


def _participants(work_group_ids) -> dict[int, set[int]]:
    """Approved participants (teacher ids) per Work Group; a headteacher's refusal removes one."""
    found = defaultdict(set)
    rows = (
        Registration.objects.filter(work_group_id__in=work_group_ids, status=RegistrationStatus.APPROVED)
        .exclude(consent_status=ConsentStatus.DECLINED)
        .values_list("work_group_id", "teacher_id")
    )
    for work_group_id, teacher_id in rows:
        found[work_group_id].add(teacher_id)
    return found


def _leads(work_group_ids) -> dict[int, set[int]]:
    found = defaultdict(set)
    through = WorkGroup.leads.through
    for work_group_id, user_id in through.objects.filter(workgroup_id__in=work_group_ids).values_list(
        "workgroup_id", "user_id"
    ):
        found[work_group_id].add(user_id)
    return found


def _previous_sessions(sessions) -> dict[int, Session]:
    """The scheduled session before each of ``sessions`` in its Work Group (where the task was set)."""
    work_group_ids = {s.work_group_id for s in sessions}
    by_group = defaultdict(list)
    for s in Session.objects.filter(work_group_id__in=work_group_ids, status=SessionStatus.SCHEDULED).order_by(
        "starts_at"
    ):
        by_group[s.work_group_id].append(s)
    previous = {}
    for s in sessions:
        earlier = [o for o in by_group[s.work_group_id] if o.starts_at < s.starts_at]
        if earlier:
            previous[s.pk] = earlier[-1]
    return previous


def _site_link(url_name: str, *args) -> str:
    try:
        return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL


class SessionReminder(ReminderKindSpec):
    """Before each session, to its approved participants and its leads, at the hub's offsets (7 and 1 day)."""

    kind = ReminderKind.SESSION
    template = "workgroups/email/reminders/session"

    # Why the row is keyed by offset and not by the session's sequence: the key says "this person's
    # N-day reminder for this session", and the send re-checks the session's *current* start
    # (``window_decision``) and renders the *current* time. So a session moved later before its
    # reminder went out keeps its queued row, which waits until the new due time and then carries
    # the new time; moved earlier, it goes now or gives way to the nearer reminder. Keying by
    # sequence would instead send a second N-day reminder after every move (and after venue
    # edits, which also raise the sequence): a person would hear "in 7 days" twice. Telling people
    # that a session moved is the Work Group's own "session moved" e-mail, not a reminder's.
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
        participants, leads = _participants(work_group_ids), _leads(work_group_ids)
        for session, offset in windows:
            recipients = participants[session.work_group_id] | leads[session.work_group_id]
            for user_id in recipients:
                yield Due(
                    kind=self.kind,
                    object_key=f"session:{session.pk}",
                    recipient_key=user_key(user_id),
                    offset_minutes=offset * MINUTES_PER_DAY,
                    hub_id=session.work_group.hub_id,
                    session_id=session.pk,
                    recipient_id=user_id,
                    due_at=days_before(session.starts_at, offset),
                )

    def prepare(self, batch, rows):
        work_group_ids = {r.session.work_group_id for r in rows}
        batch.cache["participants"] = _participants(work_group_ids)
        batch.cache["leads"] = _leads(work_group_ids)
        batch.cache["offsets"] = hub_offsets()
        batch.cache["previous"] = _previous_sessions({r.session for r in rows})

    def decide(self, batch, row):
        session = row.session
        if session.status == SessionStatus.CANCELLED:
            return Decision("skip", "the session was cancelled")
        if session.work_group.status not in ACTIVE_WORKGROUP_STATUSES:
            return Decision("skip", f"the Work Group is {session.work_group.get_status_display().lower()}")
        group = session.work_group_id
        if row.recipient_id not in batch.cache["participants"][group] | batch.cache["leads"][group]:
            return Decision("skip", "no longer an approved participant or lead")
        per_hub, default = batch.cache["offsets"]
        action, detail = window_decision(
            starts_at=session.starts_at,
            offset_days=row.offset_minutes // MINUTES_PER_DAY,
            other_offsets=per_hub.get(session.work_group.hub_id, default),
            now=batch.now,
        )
        if action == "later":
            return Decision("later", later=detail)
        if action == "skip":
            return Decision("skip", detail)
        return SEND

    def context(self, batch, row):
        session = row.session
        previous = batch.cache["previous"].get(session.pk)
        return {
            "session": session,
            "work_group": session.work_group,
            "starts": session.starts_at.astimezone(LONDON),
            "ends": session.ends_at.astimezone(LONDON),
            "venue": session.venue or session.work_group.venue,
            "online_link": session.online_link,
            "task_to_bring": previous.task if previous else "",
            "is_lead": row.recipient_id in batch.cache["leads"][session.work_group_id],
            "days": row.offset_minutes // MINUTES_PER_DAY,
            "my_cpd_url": _site_link("workgroups:my_cpd"),
        }

    def shared_key(self, batch, row):
        return (row.session_id, row.offset_minutes, row.recipient_id in batch.cache["leads"][row.session.work_group_id])

    def attachments(self, batch, row):
        # One .ics per session per batch: every recipient gets the same event.
        icals = batch.cache.setdefault("ics", {})
        if row.session_id not in icals:
            icals[row.session_id] = session_ics(row.session)
        return [("session.ics", icals[row.session_id], "text/calendar")]


class TaskReflectionReminder(ReminderKindSpec):
    """Two days before a session, to participants who have not reflected on the previous session's task."""

    kind = ReminderKind.TASK_REFLECTION
    template = "workgroups/email/reminders/task_reflection"

    @property
    def days(self) -> int:
        return settings.REMINDER_TASK_REFLECTION_DAYS

    def _owing(self, sessions) -> tuple[dict[int, set[int]], dict[int, Session]]:
        """Per session: teachers who owe a reflection on the previous session's task; and that session."""
        previous = _previous_sessions(sessions)
        previous = {pk: p for pk, p in previous.items() if p.task.strip()}
        if not previous:
            return {}, {}
        work_group_ids = {p.work_group_id for p in previous.values()}
        participants = _participants(work_group_ids)
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
                    kind=self.kind,
                    object_key=f"session:{session.pk}",
                    recipient_key=user_key(teacher_id),
                    offset_minutes=self.days * MINUTES_PER_DAY,
                    hub_id=session.work_group.hub_id,
                    session_id=session.pk,
                    recipient_id=teacher_id,
                    due_at=days_before(session.starts_at, self.days),
                )

    def prepare(self, batch, rows):
        batch.cache["reflection_owing"], batch.cache["reflection_previous"] = self._owing({r.session for r in rows})

    def decide(self, batch, row):
        session = row.session
        if session.status == SessionStatus.CANCELLED:
            return Decision("skip", "the session was cancelled")
        if session.work_group.status not in ACTIVE_WORKGROUP_STATUSES:
            return Decision("skip", f"the Work Group is {session.work_group.get_status_display().lower()}")
        action, detail = window_decision(
            starts_at=session.starts_at, offset_days=self.days, other_offsets=(), now=batch.now
        )
        if action == "later":
            return Decision("later", later=detail)
        if action == "skip":
            return Decision("skip", detail)
        if row.recipient_id not in batch.cache["reflection_owing"].get(session.pk, ()):
            return Decision("skip", "reflection already submitted, or no longer a participant")
        return SEND

    def shared_key(self, batch, row):
        return row.session_id

    def context(self, batch, row):
        session = row.session
        previous = batch.cache["reflection_previous"][session.pk]
        return {
            "session": session,
            "work_group": session.work_group,
            "starts": session.starts_at.astimezone(LONDON),
            "previous": previous,
            "task": previous.task,
            "my_cpd_url": _site_link("workgroups:my_cpd"),
        }


def _digest_week(now) -> tuple[str, datetime.datetime]:
    """This week's key ("2026-W48") and the moment its digest is due (Monday at the set hour, London)."""
    local = now.astimezone(LONDON)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    due = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(settings.REMINDER_DIGEST_HOUR)), LONDON)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", due


def work_groups_short_of_schools(*, hub_ids, today) -> dict[int, list[WorkGroup]]:
    """Open Work Groups, registration deadline not passed, with fewer schools than their minimum.

    Schools are counted from registrations holding a place (applied, approved, offered, completed).
    """
    from workgroups.enums import PLACE_HOLDING_STATUSES

    groups = (
        WorkGroup.objects.filter(hub_id__in=hub_ids, status=WorkGroupStatus.OPEN)
        .filter(Q(registration_deadline__isnull=True) | Q(registration_deadline__gte=today))
        .annotate(
            schools=Count(
                "registrations__school",
                filter=Q(registrations__status__in=PLACE_HOLDING_STATUSES),
                distinct=True,
            )
        )
        .order_by("registration_deadline", "code")
    )
    found = defaultdict(list)
    for group in groups:
        if group.schools < group.min_schools:
            found[group.hub_id].append(group)
    return found


class HubDigest(ReminderKindSpec):
    """Weekly, to hub leads: their open Work Groups still below the minimum number of schools."""

    kind = ReminderKind.HUB_DIGEST
    template = "workgroups/email/reminders/hub_digest"

    def find_due(self, now) -> Iterable[Due]:
        week, due = _digest_week(now)
        if now < due:
            return
        hub_ids = set(WorkGroup.objects.filter(status=WorkGroupStatus.OPEN).values_list("hub_id", flat=True).distinct())
        short = work_groups_short_of_schools(hub_ids=hub_ids, today=now.astimezone(LONDON).date())
        leads = HubMembership.objects.filter(hub_id__in=short.keys(), role=HubRole.LEAD).values_list(
            "hub_id", "user_id"
        )
        for hub_id, user_id in leads:
            yield Due(
                kind=self.kind,
                object_key=f"hub:{hub_id}:{week}",
                recipient_key=user_key(user_id),
                hub_id=hub_id,
                recipient_id=user_id,
                due_at=due,
            )

    def prepare(self, batch, rows):
        hub_ids = {r.hub_id for r in rows}
        batch.cache["short"] = work_groups_short_of_schools(hub_ids=hub_ids, today=batch.now.astimezone(LONDON).date())
        batch.cache["hub_leads"] = set(
            HubMembership.objects.filter(hub_id__in=hub_ids, role=HubRole.LEAD).values_list("hub_id", "user_id")
        )

    def decide(self, batch, row):
        week, _ = _digest_week(batch.now)
        if not row.object_key.endswith(week):
            return Decision("skip", "a newer weekly digest replaces it")
        if (row.hub_id, row.recipient_id) not in batch.cache["hub_leads"]:
            return Decision("skip", "no longer a lead of this hub")
        if not batch.cache["short"].get(row.hub_id):
            return Decision("skip", "no Work Group is short of schools any more")
        return SEND

    def shared_key(self, batch, row):
        return row.hub_id

    def context(self, batch, row):
        return {"hub": row.hub, "work_groups": batch.cache["short"][row.hub_id]}


def impact_survey_due(academic_year) -> datetime.datetime:
    """When a year's survey invitations go out: ``IMPACT_SURVEY_INVITATION_DATE`` (month-day) of the summer
    term, at 08:00 London time."""
    month, day = (int(part) for part in settings.IMPACT_SURVEY_INVITATION_DATE.split("-"))
    return datetime.datetime(academic_year.start_year + 1, month, day, 8, 0, tzinfo=LONDON)


def _hub_of_schools(schools) -> dict[int, int]:
    """School id → the hub serving it (``hubs.models.served_hub``), in one query; schools no hub serves are left out."""
    from hubs.models import served_hub
    from schools.models import School

    rows = (
        School.objects.filter(pk__in=[s.pk for s in schools]).annotate(hub_id=served_hub()).values_list("pk", "hub_id")
    )
    return {school_id: hub_id for school_id, hub_id in rows if hub_id}


class ImpactSurveyInvitation(ReminderKindSpec):
    """Once a year, to the headteacher of each school that took part: the impact survey's signed link.

    The survey itself (questions, the no-account page, who counts as taking part) belongs to
    ``reports``; this kind only delivers it, through the same outbox, so it is sent once per school
    and year however many sweeps run. Schools that answer before their invitation goes out are skipped.
    """

    kind = ReminderKind.IMPACT_SURVEY
    template = "workgroups/email/reminders/impact_survey"

    def find_due(self, now) -> Iterable[Due]:
        from reports.surveys import impact_survey_recipients
        from workgroups.models import AcademicYear

        year = AcademicYear.objects.filter(
            start_year=AcademicYear.start_year_for(now.astimezone(LONDON).date())
        ).first()
        if year is None or now < impact_survey_due(year):
            return
        recipients = [r for r in impact_survey_recipients(academic_year=year) if r[2]]
        hubs = _hub_of_schools([school for school, _, _ in recipients])
        for school, _, email in recipients:
            if school.pk not in hubs:
                continue  # a school no hub serves has no hub to account for the e-mail
            yield Due(
                kind=self.kind,
                object_key=f"survey:{year.pk}:{school.pk}",
                recipient_key=f"email:{email.lower()}",
                hub_id=hubs[school.pk],
                to_email=email,
                due_at=impact_survey_due(year),
            )

    @staticmethod
    def _year_and_school(row) -> tuple[int, int]:
        _, year_id, school_id = row.object_key.split(":")
        return int(year_id), int(school_id)

    def prepare(self, batch, rows):
        from reports.models import ImpactSurveyResponse
        from schools.models import School
        from workgroups.models import AcademicYear, Registration

        keys = [self._year_and_school(row) for row in rows]
        year_ids, school_ids = {y for y, _ in keys}, {s for _, s in keys}
        batch.cache["survey_years"] = AcademicYear.objects.in_bulk(year_ids)
        batch.cache["survey_schools"] = School.objects.in_bulk(school_ids)
        batch.cache["survey_answered"] = set(
            ImpactSurveyResponse.objects.filter(academic_year_id__in=year_ids, school_id__in=school_ids).values_list(
                "academic_year_id", "school_id"
            )
        )
        # The headteacher's name as the teachers gave it (the latest registration naming this address).
        names = {}
        for email, name in (
            Registration.objects.filter(school_id__in=school_ids)
            .order_by("created_at")
            .values_list("headteacher_email", "headteacher_name")
        ):
            names[email.lower()] = name
        batch.cache["survey_names"] = names

    def decide(self, batch, row):
        year_id, school_id = self._year_and_school(row)
        if (year_id, school_id) in batch.cache["survey_answered"]:
            return Decision("skip", "the school has answered the survey")
        year = batch.cache["survey_years"].get(year_id)
        if year is None or batch.now.astimezone(LONDON).date() > year.ends_on:
            return Decision("skip", "the survey's academic year has ended")
        return SEND

    def context(self, batch, row):
        from reports.surveys import impact_survey_link

        year_id, school_id = self._year_and_school(row)
        return {
            "school": batch.cache["survey_schools"][school_id],
            "academic_year": batch.cache["survey_years"][year_id],
            "headteacher_name": batch.cache["survey_names"].get(row.to_email.lower(), ""),
            "survey_url": impact_survey_link(school_id=school_id, academic_year_id=year_id),
        }


SPECS: dict[str, ReminderKindSpec] = {
    spec.kind: spec for spec in (SessionReminder(), TaskReflectionReminder(), HubDigest(), ImpactSurveyInvitation())
}


# --- the e-mail -------------------------------------------------------------------------------


def session_ics(session: Session) -> bytes:
    """The session as an iCalendar event in Europe/London; UID stable, SEQUENCE the session's."""
    from icalendar import Calendar, Event

    work_group = session.work_group
    calendar = Calendar()
    calendar.add("prodid", "-//Maths Hubs Portal//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # The same UID as the Work Group's calendar feed: the reminder's event and the feed's are one.
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(LONDON))
    event.add("dtend", session.ends_at.astimezone(LONDON))
    event.add("summary", f"{work_group.title} — session {session.number}")
    location = session.venue or work_group.venue or session.online_link
    if location:
        event.add("location", location)
    if session.online_link:
        event.add("url", session.online_link)
    if session.agenda:
        event.add("description", session.agenda)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def unsubscribe_token(*, kind: str, recipient_key: str) -> str:
    """A signed, non-expiring token for "no more reminders of this kind for this person"."""
    return signing.dumps({"k": kind, "r": recipient_key}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[str, str]:
    """The (kind, recipient_key) of a token. Raises ``signing.BadSignature`` for a forged or broken one."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if data.get("k") not in ReminderKind.values or not str(data.get("r", "")).startswith(("user:", "email:")):
        raise signing.BadSignature("not an unsubscribe token")
    return data["k"], data["r"]


def unsubscribe_url(*, kind: str, recipient_key: str) -> str:
    token = unsubscribe_token(kind=kind, recipient_key=recipient_key)
    return settings.SITE_URL.rstrip("/") + reverse("reminders:unsubscribe", args=[token])


# Stand-ins for what differs between recipients of the same e-mail: the templates are rendered
# once per (kind, object, variant) in a batch and these are replaced per recipient. Rendering was
# the largest share of a worker's CPU per e-mail before (see the benchmark in the note).
NAME_MARK = "@@recipient-name@@"
HTML_NAME_MARK = "@@recipient-name-html@@"
UNSUBSCRIBE_MARK = "@@unsubscribe-url@@"
TO_MARK = "recipient-mark@reminder.invalid"
MESSAGE_ID_MARK = "<message-id-mark@reminder.invalid>"


def _render_shared(batch: Batch, row: OutboxMessage) -> tuple[str, str, str]:
    spec = SPECS[row.kind]
    key = (row.kind, spec.shared_key(batch, row))
    rendered = batch.cache.setdefault("rendered", {})
    if key[1] is None or key not in rendered:
        context = spec.context(batch, row)
        context.update(
            recipient_name=NAME_MARK,
            unsubscribe_url=UNSUBSCRIBE_MARK,
            preferences_url=_site_link("reminders:preferences"),
            kind_label=ReminderKind(row.kind).label.lower(),
            site_url=settings.SITE_URL,
        )
        subject = " ".join(render_to_string(f"{spec.template}_subject.txt", context).split())
        text = render_to_string(f"{spec.template}.txt", context)
        context["recipient_name"] = HTML_NAME_MARK
        rendered[key] = (subject, text, render_to_string(f"{spec.template}.html", context))
    return rendered[key]


def _new_message(batch, row, *, to, text, html, unsubscribe, message_id, connection=None):
    spec = SPECS[row.kind]
    subject, _, _ = _render_shared(batch, row)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
        headers={
            # The same Message-ID on every attempt: a copy delivered twice folds into one.
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in spec.attachments(batch, row):
        message.attach(filename, content, mimetype)
    return message


def build_message(batch: Batch, row: OutboxMessage, *, connection=None) -> EmailMultiAlternatives:
    """The e-mail for one row: plain text and HTML, attachments, one-click unsubscribe headers."""
    to = row.recipient.email if row.recipient_id else row.to_email
    name = " ".join(((row.recipient.full_name if row.recipient_id else "") or "colleague").split())
    unsubscribe = unsubscribe_url(kind=row.kind, recipient_key=row.recipient_key)
    _, text, html = _render_shared(batch, row)
    message = _new_message(
        batch,
        row,
        to=to,
        text=text.replace(NAME_MARK, name).replace(UNSUBSCRIBE_MARK, unsubscribe),
        html=html.replace(HTML_NAME_MARK, escape(name)).replace(UNSUBSCRIBE_MARK, escape(unsubscribe)),
        unsubscribe=unsubscribe,
        message_id=row.message_id,
        connection=connection,
    )
    if isinstance(connection, SmtpBackend):
        prepared = _prepared_bytes(batch, row)
        if prepared is not None:
            data = (
                prepared.replace(NAME_MARK.encode(), name.encode())
                .replace(HTML_NAME_MARK.encode(), escape(name).encode())
                .replace(UNSUBSCRIBE_MARK.encode(), unsubscribe.encode())
                .replace(TO_MARK.encode(), sanitize_address(to, "utf-8").encode())
                .replace(MESSAGE_ID_MARK.encode(), row.message_id.encode())
            )
            message.message = lambda: PreparedMime(data)  # what the SMTP backend serialises
    return message


class PreparedMime:
    """Bytes of a message already serialised for SMTP (CRLF line ends), as Django's SMTP backend asks for them."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, linesep: str = "\r\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())


def _prepared_bytes(batch: Batch, row: OutboxMessage) -> bytes | None:
    """The serialised e-mail of a session (kind, variant) with marks where each recipient's details go.

    Building and serialising the MIME tree was the worker's largest cost per e-mail; it is done
    once per variant in a batch and the marks replaced per recipient. Only when every part is
    sent as 8bit (no base64 or quoted-printable, which would hide or mangle the marks); otherwise
    None, and the e-mail is built the ordinary way.
    """
    shared_key = SPECS[row.kind].shared_key(batch, row)
    if shared_key is None:
        return None
    cache = batch.cache.setdefault("prepared", {})
    key = (row.kind, shared_key)
    if key not in cache:
        _, text, html = _render_shared(batch, row)
        template = _new_message(
            batch, row, to=TO_MARK, text=text, html=html, unsubscribe=UNSUBSCRIBE_MARK, message_id=MESSAGE_ID_MARK
        )
        data = template.message().as_bytes(linesep="\r\n")
        safe = b"Content-Transfer-Encoding: base64" not in data and b"quoted-printable" not in data
        marks = (NAME_MARK, UNSUBSCRIBE_MARK, TO_MARK, MESSAGE_ID_MARK)
        cache[key] = data if safe and all(m.encode() in data for m in marks) else None
    return cache[key]


# --- the sweep --------------------------------------------------------------------------------


@dataclass
class SweepReport:
    inserted: int = 0
    dispatched: int = 0
    tasks: int = 0


def _insert(dues: list[Due]) -> int:
    """Insert the rows not yet in the outbox. Safe under concurrency: the unique key decides.

    The read of existing keys only saves writes; two sweeps that both miss a key both insert it
    and ``ignore_conflicts`` keeps one (ON CONFLICT DO NOTHING on the unique constraint).
    """
    if not dues:
        return 0
    keys = {(d.kind, d.object_key, d.recipient_key, d.offset_minutes) for d in dues}
    existing = set(
        OutboxMessage.objects.filter(
            kind__in={d.kind for d in dues}, object_key__in={d.object_key for d in dues}
        ).values_list("kind", "object_key", "recipient_key", "offset_minutes")
    )
    new = [d.as_row() for d in dues if (d.kind, d.object_key, d.recipient_key, d.offset_minutes) not in existing]
    if new:
        OutboxMessage.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(keys - existing)


def reminders_dispatch(*, now=None) -> tuple[int, int]:
    """Queue delivery tasks, in batches, for queued rows whose time has come and no task is on its way for.

    Rows are taken with ``skip_locked``, so a second sweep at the same moment takes other rows (or
    none) and a row a delivery task has claimed is left alone. A row whose task was lost (broker
    restart) or whose worker died (its claim ran out) is queued again once
    ``REMINDER_REDISPATCH_AFTER_SECONDS`` have passed. Returns (rows, tasks).
    """
    from workgroups.reminder_tasks import reminders_deliver_task

    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REMINDER_REDISPATCH_AFTER_SECONDS)
    size = settings.REMINDER_BATCH_SIZE
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
            .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=stale))
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[: settings.REMINDER_DISPATCH_LIMIT]
        )
        if not ids:
            return 0, 0
        OutboxMessage.objects.filter(pk__in=ids).update(dispatched_at=now)
        batches = [ids[i : i + size] for i in range(0, len(ids), size)]
        for chunk in batches:
            transaction.on_commit(lambda chunk=chunk: reminders_deliver_task.delay(chunk))
    return len(ids), len(batches)


def reminders_sweep(*, now=None) -> SweepReport:
    """Find every reminder that has come due, add it to the outbox once, and queue its delivery.

    Idempotent: running it twice, or twice at the same moment, adds no row twice and queues no
    row twice (see ``_insert`` and ``reminders_dispatch``). Crosses hubs on purpose.
    """
    now = now or timezone.now()
    report = SweepReport()
    for spec in SPECS.values():
        report.inserted += _insert(list(spec.find_due(now)))
    report.dispatched, report.tasks = reminders_dispatch(now=now)
    logger.info("Reminder sweep: %s new, %s queued in %s tasks", report.inserted, report.dispatched, report.tasks)
    return report


# --- delivery ---------------------------------------------------------------------------------


def _is_transient(exc: Exception) -> bool:
    """4xx replies, dropped connections and network errors are worth another try; 5xx replies are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
        return True
    # Anything else (an e-mail provider's API error) is retried too: the cap on attempts ends it.
    return not isinstance(exc, (smtplib.SMTPNotSupportedError, ValueError, TypeError))


def retry_delay(attempts: int) -> float:
    """Exponential backoff: base, 2×base, 4×base … after the 1st, 2nd, 3rd failed attempt (capped)."""
    base = settings.REMINDER_RETRY_BACKOFF_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS)


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    later: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0
    timings: dict = field(default_factory=lambda: defaultdict(float))


def _claim(outbox_ids, *, now, token) -> list[int]:
    """Take the due, queued, unclaimed rows among ``outbox_ids`` for this task, for a limited time.

    ``select_for_update(skip_locked=True)`` inside a transaction: a second task claiming the same
    ids at the same moment skips the rows this one locked, and finds them claimed afterwards.
    """
    until = now + datetime.timedelta(seconds=settings.REMINDER_CLAIM_SECONDS)
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=outbox_ids, status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(claimed_until=until, claim_token=token)
    return ids


def reminders_deliver(*, outbox_ids: list[int], now=None) -> DeliveryReport:
    """Send the due rows among ``outbox_ids`` over one SMTP connection; mark each sent, skipped or failed.

    Safe to run twice for the same ids, or at the same time: rows are claimed (``_claim``) and
    every mark is conditional on this task's claim. A transient SMTP failure counts an attempt and
    queues another delivery after an exponential backoff; after ``REMINDER_MAX_ATTEMPTS`` the row
    is failed, with its last error, for a hub lead to see and resend.

    EXACTLY-ONCE TRADE-OFF, made here. The batch is claimed in one short transaction (a lease of
    ``REMINDER_CLAIM_SECONDS``), then each e-mail is sent and its row marked sent at once, in its
    own autocommitted UPDATE. A worker killed mid-batch leaves its claimed rows queued; when the
    lease runs out the sweep queues them again. The one e-mail in flight at the kill may have
    been accepted by the SMTP server before the "sent" mark was written: it goes out again. No
    protocol closes the gap between "the server accepted it" and "we recorded that" (marking
    before sending would turn the duplicate into a lost reminder, which is worse). Marking after
    every e-mail, not after the batch, bounds the duplicates to one per worker process killed,
    and every copy carries the row's Message-ID, so mail clients fold them into one. A worker
    stops a batch before its lease could run out (it never sends on an expired claim), so two
    live workers never send the same row.
    """
    from workgroups.reminder_tasks import reminders_deliver_task

    report = DeliveryReport()
    clock = time.perf_counter
    started = clock()
    now = now or timezone.now()
    token = uuid.uuid4().hex
    claimed = _claim(outbox_ids, now=now, token=token)
    report.claimed = len(claimed)
    if not claimed:
        return report
    # Stop early enough that the last send finishes inside the lease.
    margin = min(settings.EMAIL_TIMEOUT, settings.REMINDER_CLAIM_SECONDS / 3)
    stop_at = time.monotonic() + settings.REMINDER_CLAIM_SECONDS - margin
    rows = list(
        OutboxMessage.objects.filter(pk__in=claimed)
        .select_related("session__work_group__hub", "recipient", "hub")
        .order_by("pk")
    )
    batch = Batch(now=now, rows=rows)
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    for kind, kind_rows in by_kind.items():
        SPECS[kind].prepare(batch, kind_rows)
    batch.opted_out = set(
        ReminderOptOut.objects.filter(recipient_key__in={r.recipient_key for r in rows}).values_list(
            "kind", "recipient_key"
        )
    )
    report.timings["db"] += clock() - started

    connection = get_connection()
    connection_open = False
    retry_at = []
    async_commit = _asynchronous_commit(True)
    try:
        for index, row in enumerate(rows):
            if time.monotonic() > stop_at:
                report.released = _release(rows[index:], token=token)
                break
            t0 = clock()
            decision = _decide(batch, row)
            if decision.action == "skip":
                _mark(row, token, status=OutboxStatus.SKIPPED, skip_reason=decision.reason[:200])
                report.skipped += 1
                report.timings["db"] += clock() - t0
                continue
            if decision.action == "later":
                _mark(row, token, due_at=decision.later, next_attempt_at=decision.later, dispatched_at=None)
                report.later += 1
                report.timings["db"] += clock() - t0
                continue
            message = build_message(batch, row, connection=connection)
            t1 = clock()
            report.timings["render"] += t1 - t0
            try:
                if not connection_open:
                    connection.open()
                    connection_open = True
                connection.send_messages([message])
            except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
                report.timings["smtp"] += clock() - t1
                _close_quietly(connection)
                connection_open = False
                attempts = row.attempts + 1
                error = f"{type(exc).__name__}: {exc}"[:2000]
                if _is_transient(exc) and attempts < settings.REMINDER_MAX_ATTEMPTS:
                    when = timezone.now() + datetime.timedelta(seconds=retry_delay(attempts))
                    # dispatched_at = the retry's own time: the sweep only steps in if it is lost.
                    _mark(row, token, attempts=attempts, last_error=error, next_attempt_at=when, dispatched_at=when)
                    retry_at.append((when, row.pk))
                    report.retrying += 1
                else:
                    _mark(row, token, status=OutboxStatus.FAILED, attempts=attempts, last_error=error)
                    report.failed += 1
                logger.warning("Reminder %s not sent (attempt %s): %s", row.pk, attempts, error)
                continue
            t2 = clock()
            report.timings["smtp"] += t2 - t1
            # last_error stays: "sent at the 3rd attempt, after 451 …" is worth seeing.
            _mark(row, token, status=OutboxStatus.SENT, attempts=row.attempts + 1, sent_at=timezone.now())
            report.sent += 1
            report.timings["db"] += clock() - t2
    finally:
        if connection_open:
            _close_quietly(connection)
        if async_commit:
            _asynchronous_commit(False)
    if retry_at:
        # One retry task for the batch, when the last of its rows is due again (each row's own
        # backoff depends on its attempts); a row not yet due when a task runs is left alone.
        last = max(when for when, _ in retry_at)
        countdown = max((last - timezone.now()).total_seconds(), 0)
        reminders_deliver_task.apply_async(args=[[pk for _, pk in retry_at]], countdown=countdown)
    return report


def _asynchronous_commit(on: bool) -> bool:
    """Let this connection's commits return before PostgreSQL flushes them to disk (for this batch).

    A second trade-off, smaller than the one above: a commit costs a WAL flush (a few ms here,
    half the worker's time per e-mail in the benchmark). With ``synchronous_commit`` off, a
    *worker* killed at any point loses nothing that was committed (the server has it); only a
    crash of the *database server* itself can forget the last fraction of a second of "sent"
    marks (``wal_writer_delay``, 200 ms by default), and those reminders go out again, with
    their same Message-IDs. Set ``REMINDER_ASYNCHRONOUS_COMMIT=0`` to trade the speed back.
    """
    from django.db import connection as db

    if db.vendor != "postgresql" or not settings.REMINDER_ASYNCHRONOUS_COMMIT:
        return False
    with db.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF" if on else "RESET synchronous_commit")
    return True


def _decide(batch: Batch, row: OutboxMessage) -> Decision:
    if (row.kind, row.recipient_key) in batch.opted_out:
        return Decision("skip", "unsubscribed from this kind of reminder")
    if row.recipient_id and not row.recipient.is_active:
        return Decision("skip", "account deactivated")
    return SPECS[row.kind].decide(batch, row)


def _mark(row: OutboxMessage, token: str, **fields) -> None:
    """Record the outcome and end the claim, in one autocommitted UPDATE (only while the claim is ours)."""
    for name, value in fields.items():
        setattr(row, name, value)
    fields.update(updated_at=timezone.now(), claimed_until=None, claim_token="")
    OutboxMessage.objects.filter(pk=row.pk, claim_token=token).update(**fields)


def _release(rows, *, token: str) -> int:
    """Give back rows this task will not get to; the sweep queues them again."""
    return OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], claim_token=token).update(
        claimed_until=None, claim_token="", dispatched_at=None
    )


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a connection that broke cannot be closed politely
        logger.debug("SMTP connection did not close cleanly", exc_info=True)


# --- people's choices and hub leads' actions ----------------------------------------------------


@transaction.atomic
def reminder_unsubscribe(*, kind: str, recipient_key: str) -> bool:
    """Stop reminders of ``kind`` for this person; queued ones are skipped when they come up.

    Returns True if this is new. Idempotent.
    """
    _, created = ReminderOptOut.objects.get_or_create(kind=kind, recipient_key=recipient_key)
    return created


@transaction.atomic
def reminder_preferences_set(*, user, wanted: Iterable[str]) -> None:
    """Keep exactly the kinds in ``wanted`` for ``user``: opt out of the others, back in to these."""
    key = user_key(user.pk)
    wanted = set(wanted)
    ReminderOptOut.objects.filter(recipient_key=key, kind__in=wanted).delete()
    for kind in set(ACCOUNT_REMINDER_KINDS) - wanted:
        ReminderOptOut.objects.get_or_create(kind=kind, recipient_key=key)


def reminder_kinds_wanted(*, user) -> set[str]:
    opted_out = set(ReminderOptOut.objects.filter(recipient_key=user_key(user.pk)).values_list("kind", flat=True))
    return set(ACCOUNT_REMINDER_KINDS) - opted_out


@transaction.atomic
def hub_reminder_settings_set(*, hub, session_offset_days: str) -> HubReminderSettings:
    """Set the days before a session on which the hub's participants and leads are reminded.

    Takes effect at the next sweep; reminders already sent are not sent again. Raises
    ``ValidationError`` for anything but whole days between 1 and 60, separated by commas.
    """
    from workgroups.models.outbox import validate_offset_days

    validate_offset_days(session_offset_days)
    days = sorted({int(part) for part in session_offset_days.split(",") if part.strip()}, reverse=True)
    settings_row, _ = HubReminderSettings.objects.update_or_create(
        hub=hub, defaults={"session_offset_days": ",".join(str(d) for d in days)}
    )
    return settings_row


class ResendRefused(Exception):
    pass


@transaction.atomic
def outbox_message_resend(*, message: OutboxMessage) -> OutboxMessage:
    """Put a failed reminder back in the queue for one more round of attempts, and queue its delivery now.

    Keeps its Message-ID. Raises ``ResendRefused`` unless it had failed.
    """
    from workgroups.reminder_tasks import reminders_deliver_task

    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != OutboxStatus.FAILED:
        raise ResendRefused("Only a failed reminder can be sent again.")
    now = timezone.now()
    locked.status = OutboxStatus.QUEUED
    locked.attempts = 0
    locked.next_attempt_at = now
    locked.dispatched_at = now
    locked.claimed_until, locked.claim_token = None, ""
    locked.save(
        update_fields=["status", "attempts", "next_attempt_at", "dispatched_at", "claimed_until", "claim_token",
                       "updated_at"]
    )  # fmt: skip
    transaction.on_commit(lambda: reminders_deliver_task.delay([locked.pk]))
    return locked
