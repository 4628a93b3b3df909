"""E-mails about how a registration or a Work Group ends: the Work Group cancelled (to everyone it touched), a
withdrawal (confirmed to the teacher, reported to the hub's managers and the Work Group's leads), the
headteacher's decline and a lapsed offer (to the teacher), and completion with the certificate link.

Queued by ``workgroups.services.notify_endings`` in the transaction of the change, one row per person per
ending. None can be stopped: each is news about the person's own place (or, for the hub and the leads, about
a Work Group they run).
"""

from django.urls import reverse

from notifications.registry import SEND, Kind, register, skip, topic_describer
from notifications.rendering import site_link
from workgroups.enums import MailKind, RegistrationStatus
from workgroups.mail_kinds.people import my_cpd_url
from workgroups.mail_kinds.registrations import RegistrationKind
from workgroups.models import WorkGroup
from workgroups.services.notify_endings import HEADTEACHER, HUB, PARTICIPANT

WORKGROUP = "workgroups.workgroup"


def led_url() -> str:
    return site_link(reverse("workgroups:led"))


def manage_url(work_group) -> str:
    return site_link(reverse("workgroups:manage", args=[work_group.pk]))


register(
    RegistrationKind(MailKind.REGISTRATION_WITHDRAWN, "Withdrawal confirmed", "workgroups/email/registration_withdrawn")
)
register(
    RegistrationKind(
        MailKind.REGISTRATION_DECLINED, "Declined by the headteacher", "workgroups/email/registration_declined"
    )
)


@register
class WithdrawalReported(RegistrationKind):
    """To the hub's leads and administrators and the Work Group's leads: who withdrew, and whether a place was
    offered on (``had_place`` in the row's context)."""

    name = MailKind.WITHDRAWAL_REPORTED
    label = "Withdrawal reported to the hub"
    template = "workgroups/email/withdrawal_reported"

    def context(self, batch, row):
        registration = self.topic(batch, row)
        audience = row.context.get("audience", HUB)
        return {
            **super().context(batch, row),
            "audience": audience,
            "had_place": row.context.get("had_place", False),
            "work_group_url": manage_url(registration.work_group) if audience == HUB else led_url(),
        }

    def shared_key(self, batch, row):
        return (row.object_key, row.context.get("audience"))


@register
class OfferExpired(RegistrationKind):
    """To the teacher whose offer of a place ended: it lapsed (``reason`` "lapsed") or registration closed."""

    name = MailKind.REGISTRATION_OFFER_EXPIRED
    label = "Offer of a place expired"
    template = "workgroups/email/registration_offer_expired"

    def context(self, batch, row):
        return {**super().context(batch, row), "reason": row.context.get("reason", "lapsed")}


@register
class RegistrationCompleted(RegistrationKind):
    """To each participant who completed the Work Group: the link to their certificate and the evaluation."""

    name = MailKind.REGISTRATION_COMPLETED
    label = "Completion and certificate"
    template = "workgroups/email/registration_completed"

    def decide(self, batch, row):
        registration = self.topic(batch, row)
        if registration is None:
            return skip("the registration no longer exists")
        if registration.status != RegistrationStatus.COMPLETED:
            return skip("the registration is no longer completed")
        return SEND

    def context(self, batch, row):
        registration = self.topic(batch, row)
        return {
            **super().context(batch, row),
            "certificate_url": site_link(reverse("workgroups:certificate", args=[registration.pk])),
            "evaluation_url": site_link(reverse("workgroups:evaluation", args=[registration.pk])),
        }


@register
class WorkGroupCancelled(Kind):
    """To everyone a cancellation touches: participants, waitlisted teachers, the leads, and headteachers who
    had still to answer (``audience`` in the row's context; a headteacher's row names the teachers)."""

    name = MailKind.WORKGROUP_CANCELLED
    label = "Work Group cancelled"
    template = "workgroups/email/workgroup_cancelled"
    topic_model = WORKGROUP

    def topic_queryset(self):
        return WorkGroup.objects.select_related("hub")

    def context(self, batch, row):
        work_group = self.topic(batch, row)
        return {
            "work_group": work_group,
            "audience": row.context.get("audience", PARTICIPANT),
            "teachers": row.context.get("teachers", []),
            "my_cpd_url": my_cpd_url(),
            "led_url": led_url(),
        }

    def shared_key(self, batch, row):
        audience = row.context.get("audience")
        return None if audience == HEADTEACHER else (row.object_key, audience)


@topic_describer(WORKGROUP)
def work_groups_describe(*, hub, ids) -> dict[int, str]:
    """ "Work Group NCP24-12-MAT-01 Secondary TfM Development" for the hub's Work Groups among ``ids``."""
    return {
        pk: f"Work Group {code} {title}"
        for pk, code, title in WorkGroup.objects.filter(pk__in=ids, hub=hub).values_list("pk", "code", "title")
    }
