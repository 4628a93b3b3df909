"""What needs each person's attention, for their home page: one list of tasks per role, each linking to where the
task is done. Every function runs a fixed number of queries whatever the size of the hub or the number of groups.

A ``Task`` counts the things to do and names the first few, so the page can say "4 registrations awaiting a
decision" and link straight to the Work Group concerned.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from workgroups.enums import (
    ACTIVE_REGISTRATION_STATUSES,
    PARTICIPANT_STATUSES,
    ConsentStatus,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.mail_kinds.digest import work_groups_short_of_schools
from workgroups.models import Attendance, Registration, Session, TaskResponse
from workgroups.selectors.participants import MyCpd

RS = RegistrationStatus
# How long a headteacher may take before the hub is told the answer is outstanding.
CONSENT_OUTSTANDING_AFTER = datetime.timedelta(days=7)
# An offer "about to expire": it lapses within this time.
OFFER_EXPIRING_WITHIN = datetime.timedelta(days=2)
# Registers and reflections looked at: sessions of the last this-many days (older ones are history).
RECENT = datetime.timedelta(days=42)
# Work Groups whose sessions can have a register: published and not cancelled.
GROUPS_WITH_REGISTERS = (WorkGroupStatus.OPEN, WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING)
SHOWN = 5  # items named under a task; the count covers them all


@dataclass(frozen=True)
class TaskItem:
    text: str
    url: str


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str  # where the whole task is done (or listed)
    items: list[TaskItem] = field(default_factory=list)
    hint: str = ""
    more: int = 0  # items not named (Work Groups, sessions…), reached through ``url``


def _task(label: str, everything: list, url: str, item, **extra) -> Task:
    """A task counting ``everything`` and naming the first few, each made into a TaskItem by ``item``."""
    shown = [item(thing) for thing in everything[:SHOWN]]
    return Task(label, len(everything), url, shown, more=len(everything) - len(shown), **extra)


def _manage(group_id: int, section: str = "registrations") -> str:
    return reverse("workgroups:manage", args=[group_id]) + f"#{section}"


def _per_group(label: str, rows: list[dict], url: str, **extra) -> Task:
    """A task counting registrations, named per Work Group (rows of work group id, code, title and count ``n``)."""
    shown = [
        TaskItem(f"{r['work_group__code']} {r['work_group__title']}: {r['n']}", _manage(r["work_group_id"]))
        for r in rows[:SHOWN]
    ]
    return Task(label, sum(r["n"] for r in rows), url, shown, more=len(rows) - len(shown), **extra)


def _registrations_by_group(queryset):
    return (
        queryset.values("work_group_id", "work_group__code", "work_group__title", "work_group__hub_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "work_group__code")
    )


def _sessions_without_register(sessions):
    """Sessions already started, not cancelled, with participants and not one register mark."""
    participants = Registration.objects.filter(work_group=OuterRef("work_group"), status__in=PARTICIPANT_STATUSES)
    marks = Attendance.objects.filter(session=OuterRef("pk"))
    return (
        sessions.filter(status=SessionStatus.SCHEDULED, work_group__status__in=GROUPS_WITH_REGISTERS)
        .filter(Exists(participants))
        .exclude(Exists(marks))
        .select_related("work_group")
        .order_by("-starts_at")
    )


@dataclass(frozen=True)
class HubTasks:
    hub: object
    tasks: list[Task]


def hub_tasks(*, hubs, now=None) -> list[HubTasks]:
    """For the hubs a person manages: registrations awaiting a decision, headteachers' answers outstanding over 7
    days, open Work Groups below their minimum schools before their deadline, registers not taken for sessions
    held, e-mails of the hub that failed to send (the notifications outbox), and offers of a place about to expire. Seven queries for any number of
    hubs."""
    now = now or timezone.now()
    hubs = list(hubs)
    hub_ids = [hub.pk for hub in hubs]
    registrations = Registration.objects.filter(work_group__hub_id__in=hub_ids).exclude(
        work_group__status=WorkGroupStatus.CANCELLED
    )
    awaiting = list(_registrations_by_group(registrations.filter(status=RS.APPLIED)))
    outstanding = list(
        _registrations_by_group(
            registrations.filter(
                status__in=ACTIVE_REGISTRATION_STATUSES,
                consent_status=ConsentStatus.PENDING,
                created_at__lt=now - CONSENT_OUTSTANDING_AFTER,
            )
        )
    )
    expiring = list(
        _registrations_by_group(
            registrations.filter(
                status=RS.OFFERED, offer_expires_at__gt=now, offer_expires_at__lte=now + OFFER_EXPIRING_WITHIN
            )
        )
    )
    short = work_groups_short_of_schools(hub_ids=hub_ids, today=timezone.localdate(now))
    registers = list(
        _sessions_without_register(
            Session.objects.filter(work_group__hub_id__in=hub_ids, starts_at__lte=now, starts_at__gte=now - RECENT)
        )
    )
    failed = dict(
        OutboxMessage.objects.filter(hub_id__in=hub_ids, status=OutboxStatus.FAILED)
        .values("hub_id")
        .annotate(n=Count("pk"))
        .values_list("hub_id", "n")
    )

    def of(rows, hub):
        return [row for row in rows if row["work_group__hub_id"] == hub.pk]

    found = []
    for hub in hubs:
        group_list = reverse("workgroups:hub_list", args=[hub.slug])
        tasks = [
            _per_group("Registrations awaiting a decision", of(awaiting, hub), group_list),
            _per_group(
                "Headteachers' answers outstanding for over 7 days",
                of(outstanding, hub),
                group_list,
                hint="Resend the link from the Work Group's registrations.",
            ),
            _task(
                "Open Work Groups below their minimum number of schools",
                short.get(hub.pk, []),
                group_list,
                lambda g: TaskItem(
                    f"{g.code} {g.title}: {g.schools} of {g.min_schools} schools"
                    + (f", register by {g.registration_deadline:%-d %B %Y}" if g.registration_deadline else ""),
                    _manage(g.pk),
                ),
            ),
            _task(
                "Registers not taken for sessions held",
                [s for s in registers if s.work_group.hub_id == hub.pk],
                group_list,
                _register_item,
            ),
            Task(
                "E-mails that failed to send",
                failed.get(hub.pk, 0),
                reverse("notifications:hub_outbox", args=[hub.slug]) + f"?status={OutboxStatus.FAILED}",
                hint="Open one to see why, and send it again.",
            ),
            _per_group(
                "Offers of a place expiring within 2 days",
                of(expiring, hub),
                group_list,
                hint="The teacher accepts in My CPD; after that the place goes to the next on the waitlist.",
            ),
        ]
        found.append(HubTasks(hub, tasks))
    return found


def _register_item(session) -> TaskItem:
    return TaskItem(
        f"{session.work_group.code} session {session.number}, {timezone.localtime(session.starts_at):%-d %B %Y}",
        reverse("workgroups:register", args=[session.pk]),
    )


def lead_tasks(*, user, now=None) -> dict:
    """For a Work Group lead: the next sessions of the groups they lead, registers to take (sessions started in
    the last six weeks with no mark) and reflections sent in the last two weeks. Three queries."""
    now = now or timezone.now()
    led = Session.objects.filter(work_group__leads=user)
    upcoming = list(
        led.filter(status=SessionStatus.SCHEDULED, work_group__status__in=GROUPS_WITH_REGISTERS, starts_at__gt=now)
        .select_related("work_group")
        .order_by("starts_at")[:3]
    )
    registers = list(_sessions_without_register(led.filter(starts_at__lte=now, starts_at__gte=now - RECENT)))
    recent = (
        TaskResponse.objects.filter(
            session__work_group__leads=user, submitted_at__gte=now - datetime.timedelta(days=14)
        )
        .values("session__work_group_id", "session__work_group__code", "session__work_group__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "session__work_group__code")
    )
    recent = list(recent)
    registers_task = _task("Registers to take", registers, reverse("workgroups:led"), _register_item)
    reflections_task = Task(
        "Reflections sent in the last two weeks",
        sum(row["n"] for row in recent),
        reverse("workgroups:led"),
        [
            TaskItem(
                f"{row['session__work_group__code']} {row['session__work_group__title']}: {row['n']}",
                reverse("workgroups:reflections", args=[row["session__work_group_id"]]),
            )
            for row in recent[:SHOWN]
        ],
        more=max(0, len(recent) - SHOWN),
    )
    return {"next_sessions": upcoming, "tasks": [registers_task, reflections_task]}


def teacher_tasks(*, cpd: MyCpd, now=None) -> dict:
    """For a teacher, from their My CPD (``selectors.my_cpd``, so both pages agree): the next session, the task to
    reflect on before it, offers to accept, evaluations to complete and certificates to download. No query."""
    now = now or timezone.now()
    entries = cpd.current + cpd.past
    next_sessions = sorted(
        (e for e in cpd.current if e.next_session and e.registration.status in PARTICIPANT_STATUSES),
        key=lambda e: e.next_session.starts_at,
    )
    my_cpd = reverse("workgroups:my_cpd")
    reflections = [
        TaskItem(
            f"{e.registration.work_group.title}: the task from session {e.task_session.number}",
            reverse("workgroups:task_response", args=[e.registration.pk, e.task_session.pk]),
        )
        for e in cpd.current
        if e.registration.status in PARTICIPANT_STATUSES
        and e.task_session is not None
        and e.task_session.pk not in e.responses
        and e.task_session.starts_at <= now
    ]
    offers = [
        TaskItem(
            f"{e.registration.work_group.title}"
            + (
                f": accept by {timezone.localtime(e.registration.offer_expires_at):%-d %B %Y, %H:%M}"
                if e.registration.offer_expires_at
                else ""
            ),
            my_cpd,
        )
        for e in cpd.current
        if e.registration.status == RS.OFFERED
    ]
    evaluations = [
        TaskItem(e.registration.work_group.title, reverse("workgroups:evaluation", args=[e.registration.pk]))
        for e in entries
        if e.registration.work_group.status == WorkGroupStatus.COMPLETED
        and e.registration.status in PARTICIPANT_STATUSES
        and not _has_evaluation(e.registration)
    ]
    certificates = [
        TaskItem(
            f"{e.registration.work_group.title} ({e.registration.work_group.code})",
            reverse("workgroups:certificate", args=[e.registration.pk]),
        )
        for e in entries
        if e.registration.status == RS.COMPLETED
    ]
    return {
        "next": next_sessions[0] if next_sessions else None,
        "tasks": [
            _task("Offers of a place to accept", offers, my_cpd, _same),
            _task("Reflections on a classroom task", reflections, my_cpd, _same),
            _task("Evaluations to complete", evaluations, my_cpd, _same),
            _task("Certificates ready to download", certificates, my_cpd, _same),
        ],
    }


def _same(item: TaskItem) -> TaskItem:
    return item


def _has_evaluation(registration) -> bool:
    # my_cpd() loads each registration's evaluation with it (select_related), so this asks no query.
    try:
        return registration.evaluation is not None
    except Registration.evaluation.RelatedObjectDoesNotExist:
        return False
