"""The hub's calendar: its Work Groups' sessions and its specialists' open lessons, one month at a time."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from mastery.enums import OpenLessonStatus
from mastery.selectors.open_lessons import open_lessons_with_counts
from workgroups.enums import RUN_STATUSES, SessionStatus
from workgroups.models import Session


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # "session" or "open_lesson"
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    title: str
    detail: str
    where: str
    url: str
    cancelled: bool

    @property
    def kind_label(self) -> str:
        return "Work Group session" if self.kind == "session" else "Open lesson"


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of the month and of the next, in UK time."""
    start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return start, timezone.make_aware(datetime.datetime(following.year, following.month, 1))


def hub_calendar(*, hub, month: datetime.date) -> list[CalendarItem]:
    """The sessions of the hub's published Work Groups (not drafts, not cancelled groups) and its open lessons that
    start in ``month``, cancelled ones included and marked, in time order: two queries."""
    start, end = month_bounds(month)
    sessions = (
        Session.objects.filter(
            work_group__hub=hub, work_group__status__in=RUN_STATUSES, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("work_group")
        .order_by("starts_at", "pk")
    )
    items = [
        CalendarItem(
            kind="session",
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            title=f"{s.work_group.title} — session {s.number}",
            detail=s.work_group.code,
            where=s.venue or s.work_group.venue or ("Online" if s.online_link else ""),
            url=reverse("workgroups:detail", args=[s.work_group_id]),
            cancelled=s.status == SessionStatus.CANCELLED,
        )
        for s in sessions
    ]
    lessons = open_lessons_with_counts().filter(specialist__hub=hub, starts_at__gte=start, starts_at__lt=end)
    items += [
        CalendarItem(
            kind="open_lesson",
            starts_at=lesson.starts_at,
            ends_at=lesson.ends_at,
            title=f"Open lesson: {lesson.focus}",
            detail=f"{lesson.class_or_year_group}, hosted by {lesson.specialist.user.full_name}; "
            f"{lesson.booked} of {lesson.capacity} places booked",
            where=lesson.school.name,
            url=reverse("mastery:open_lesson", args=[lesson.pk]),
            cancelled=lesson.status == OpenLessonStatus.CANCELLED,
        )
        for lesson in lessons
    ]
    return sorted(items, key=lambda item: item.starts_at)
