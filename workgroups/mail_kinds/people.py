"""Who Work Group e-mails go to, read for many Work Groups at once (a sweep or a delivery batch)."""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from workgroups.enums import ConsentStatus, RegistrationStatus, SessionStatus
from workgroups.models import Registration, Session, WorkGroup


def approved_participants(work_group_ids) -> dict[int, set[int]]:
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


def leads(work_group_ids) -> dict[int, set[int]]:
    """The Work Group leads (user ids) per Work Group."""
    found = defaultdict(set)
    through = WorkGroup.leads.through
    for work_group_id, user_id in through.objects.filter(workgroup_id__in=work_group_ids).values_list(
        "workgroup_id", "user_id"
    ):
        found[work_group_id].add(user_id)
    return found


def previous_sessions(sessions) -> dict[int, Session]:
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


def my_cpd_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("workgroups:my_cpd")
