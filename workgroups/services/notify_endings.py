"""Queue the e-mails an ending owes people (the kinds in ``workgroups.mail_kinds.endings``): outbox rows written in
the transaction of the change and delivered once it commits.

Each ending happens once (a cancelled Work Group stays cancelled; a withdrawn, declined, lapsed or completed
registration stays so, a new registration being a new row), so each key names the object and its ending: a
retried or repeated call adds nothing and sends nothing.
"""

from django.db.models import Q

from accounts.models import User
from hubs.enums import MANAGING_ROLES
from notifications.services import Address, message_enqueue
from workgroups.enums import MailKind
from workgroups.models import Registration, WorkGroup

# Who a row of ``workgroup_cancelled`` or ``withdrawal_reported`` is for (kept in the row's context; the kinds in
# ``workgroups.mail_kinds.endings`` word the e-mail for each).
PARTICIPANT, WAITLISTED, LEAD, HEADTEACHER, HUB = "participant", "waitlisted", "lead", "headteacher", "hub"


def tell_workgroup_cancelled(*, work_group: WorkGroup, impact) -> None:
    """E-mail everyone cancelling ``work_group`` touched: its participants and waitlisted teachers, its leads, and
    each headteacher who had still to answer (one e-mail per address, naming their teachers).

    ``impact``: the ``workgroup_cancellation_impact`` read before the registrations ended.
    """
    common = {"kind": MailKind.WORKGROUP_CANCELLED, "object_key": f"workgroup:{work_group.pk}:cancelled",
              "hub": work_group.hub_id, "topic": work_group}  # fmt: skip
    for audience, people in (
        (PARTICIPANT, [r.teacher for r in impact.participants]),
        (WAITLISTED, [r.teacher for r in impact.waitlisted]),
        (LEAD, impact.leads),
    ):
        if people:
            message_enqueue(recipients=people, context={"audience": audience}, **common)
    by_address: dict[str, list[Registration]] = {}
    for registration in impact.awaiting_headteachers:
        by_address.setdefault(registration.headteacher_email.strip().lower(), []).append(registration)
    for registrations in by_address.values():
        first = registrations[0]
        teachers = [r.teacher.full_name or r.teacher.email for r in registrations]
        message_enqueue(
            recipients=[Address(first.headteacher_email, first.headteacher_name)],
            context={"audience": HEADTEACHER, "teachers": teachers},
            **common,
        )


def hub_managers_and_leads(work_group: WorkGroup) -> tuple[list[User], list[User]]:
    """The hub's leads and administrators, and the Work Group's leads who are not among them."""
    managers = list(
        User.objects.filter(
            Q(hub_memberships__hub_id=work_group.hub_id) & Q(hub_memberships__role__in=MANAGING_ROLES)
        ).distinct().order_by("pk")
    )  # fmt: skip
    taken = {user.pk for user in managers}
    leads = [user for user in work_group.leads.order_by("pk") if user.pk not in taken]
    return managers, leads


def tell_withdrawal(*, registration: Registration, had_place: bool) -> None:
    """Confirm the withdrawal to the teacher; report it to the hub's managers and the Work Group's leads."""
    work_group = registration.work_group
    key = f"registration:{registration.pk}:withdrawn"
    message_enqueue(
        kind=MailKind.REGISTRATION_WITHDRAWN, object_key=key, recipients=[registration.teacher],
        hub=work_group.hub_id, topic=registration,
    )  # fmt: skip
    managers, leads = hub_managers_and_leads(work_group)
    for audience, people in ((HUB, managers), (LEAD, leads)):
        if people:
            message_enqueue(
                kind=MailKind.WITHDRAWAL_REPORTED, object_key=key, recipients=people, hub=work_group.hub_id,
                topic=registration, context={"audience": audience, "had_place": had_place},
            )  # fmt: skip


def _tell_teacher(registration: Registration, kind: str, ending: str, context: dict | None = None) -> None:
    message_enqueue(
        kind=kind,
        object_key=f"registration:{registration.pk}:{ending}",
        recipients=[registration.teacher],
        hub=registration.work_group.hub_id,
        topic=registration,
        context=context,
    )


def tell_declined(*, registration: Registration) -> None:
    """Tell the teacher their headteacher declined, which ended their registration."""
    _tell_teacher(registration, MailKind.REGISTRATION_DECLINED, "declined")


def tell_offer_expired(*, registration: Registration, reason: str) -> None:
    """Tell the teacher the place offered to them has gone: ``reason`` "lapsed" or "registration closed"."""
    _tell_teacher(registration, MailKind.REGISTRATION_OFFER_EXPIRED, "offer-expired", {"reason": reason})


def tell_completed(*, registrations: list[Registration]) -> None:
    """Send each participant who completed the link to their certificate."""
    for registration in registrations:
        _tell_teacher(registration, MailKind.REGISTRATION_COMPLETED, "completed")
