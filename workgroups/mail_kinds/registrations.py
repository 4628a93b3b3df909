"""E-mails about a registration: to the teacher when it is received, waitlisted, approved, rejected or offered
a place; to the headteacher, the request to confirm the teacher's participation. Queued by the registration
and consent services (``workgroups.services.notify``), one row per event."""

from django.conf import settings
from django.urls import reverse

from notifications.registry import SEND, Kind, register, skip, topic_describer
from notifications.rendering import site_link
from schools.links import school_link_url
from workgroups.enums import AWAITING_CONSENT_STATUSES, ConsentStatus, MailKind
from workgroups.mail_kinds.people import my_cpd_url
from workgroups.models import Registration
from workgroups.services.consent import CONSENT_MAX_AGE, consent_token_make

REGISTRATION = "workgroups.registration"


class RegistrationKind(Kind):
    """An e-mail about one registration, rendered from the registration as it is when it goes out."""

    topic_model = REGISTRATION

    def __init__(self, name: str = "", label: str = "", template: str = ""):
        self.name = name or self.name
        self.label = label or self.label
        self.template = template or self.template

    def topic_queryset(self):
        return Registration.objects.select_related("work_group__hub", "teacher", "school")

    def context(self, batch, row):
        registration = self.topic(batch, row)
        return {"registration": registration, "work_group": registration.work_group, "my_cpd_url": my_cpd_url()}


for _name, _label in (
    (MailKind.REGISTRATION_RECEIVED, "Registration received"),
    (MailKind.REGISTRATION_WAITLISTED, "Registration waitlisted"),
    (MailKind.REGISTRATION_APPROVED, "Registration approved"),
    (MailKind.REGISTRATION_REJECTED, "Registration rejected"),
    (MailKind.REGISTRATION_OFFERED, "Place offered from the waitlist"),
):
    register(RegistrationKind(_name, _label, f"workgroups/email/{_name}"))


@register
class ConsentRequest(RegistrationKind):
    """To the headteacher named on a registration: a signed link to confirm or decline, valid 14 days from sending,
    and a link to their school's page (``schools.links``, valid ``SCHOOL_LINK_DAYS``)."""

    name = MailKind.CONSENT_REQUEST
    label = "Consent request to the headteacher"
    template = "workgroups/email/consent_request"

    def decide(self, batch, row):
        registration = self.topic(batch, row)
        if registration is None:
            return skip("the registration no longer exists")
        if registration.consent_status != ConsentStatus.PENDING:
            return skip("the headteacher has already answered")
        if registration.status not in AWAITING_CONSENT_STATUSES:
            return skip(f"the registration has ended ({registration.get_status_display().lower()})")
        if registration.headteacher_email.strip().lower() != row.to_email.lower():
            return skip("the registration names another headteacher now")
        return SEND

    def context(self, batch, row):
        registration = self.topic(batch, row)
        token = consent_token_make(registration=registration)
        return {
            **super().context(batch, row),
            "consent_url": site_link(reverse("workgroups:consent", args=[token])),
            "days": CONSENT_MAX_AGE.days,
            "school_url": school_link_url(school_id=registration.school_id, email=row.to_email),
            "school_link_days": settings.SCHOOL_LINK_DAYS,
        }


@topic_describer(REGISTRATION)
def registrations_describe(*, hub, ids) -> dict[int, str]:
    """ "Tom Teacher's registration for NCP24-12-MAT-01" for the hub's registrations among ``ids``."""
    registrations = Registration.objects.filter(pk__in=ids, work_group__hub=hub).select_related("teacher", "work_group")
    return {
        r.pk: f"{r.teacher.full_name or r.teacher.email}'s registration for {r.work_group.code}" for r in registrations
    }
