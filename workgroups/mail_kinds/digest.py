"""The weekly digest to hub leads: their open Work Groups still below the minimum number of schools."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from hubs.enums import HubRole
from hubs.models import HubMembership
from notifications.registry import SEND, Due, Kind, register, skip, user_key
from notifications.timing import LONDON
from workgroups.enums import PLACE_HOLDING_STATUSES, MailKind, WorkGroupStatus
from workgroups.models import WorkGroup


def digest_week(now) -> tuple[str, datetime.datetime]:
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


@register
class HubDigest(Kind):
    """Weekly, to hub leads: their open Work Groups still below the minimum number of schools."""

    name = MailKind.HUB_DIGEST
    label = "Weekly digest of Work Groups short of schools"
    template = "workgroups/email/reminders/hub_digest"
    optional = True
    on_preferences_page = True

    def find_due(self, now) -> Iterable[Due]:
        week, due = digest_week(now)
        if now < due:
            return
        hub_ids = set(WorkGroup.objects.filter(status=WorkGroupStatus.OPEN).values_list("hub_id", flat=True).distinct())
        short = work_groups_short_of_schools(hub_ids=hub_ids, today=now.astimezone(LONDON).date())
        hub_leads = HubMembership.objects.filter(hub_id__in=short.keys(), role=HubRole.LEAD).values_list(
            "hub_id", "user_id"
        )
        for hub_id, user_id in hub_leads:
            yield Due(
                kind=self.name,
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
        week, _ = digest_week(batch.now)
        if not row.object_key.endswith(week):
            return skip("a newer weekly digest replaces it")
        if (row.hub_id, row.recipient_id) not in batch.cache["hub_leads"]:
            return skip("no longer a lead of this hub")
        if not batch.cache["short"].get(row.hub_id):
            return skip("no Work Group is short of schools any more")
        return SEND

    def shared_key(self, batch, row):
        return row.hub_id

    def context(self, batch, row):
        return {"hub": row.hub, "work_groups": batch.cache["short"][row.hub_id]}
