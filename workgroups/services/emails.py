"""The e-mails about registrations, consent and session changes (called by Celery tasks)."""

from workgroups.enums import (
    PLACE_HOLDING_STATUSES,
    ConsentStatus,
)
from workgroups.models import (
    Registration,
    Session,
)
from workgroups.services.consent import CONSENT_MAX_AGE, consent_token_make

REGISTRATION_EMAIL_SUBJECTS = {
    "received": "We have your registration for {code}",
    "approved": "Your place in {code} is confirmed",
    "waitlisted": "You are on the waitlist for {code}",
    "offered": "A place in {code} is free for you",
    "rejected": "Your registration for {code}",
}
SESSION_EMAIL_SUBJECTS = {
    "moved": "{code}: session {number} has moved",
    "cancelled": "{code}: session {number} is cancelled",
}


def _site_url(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


def _message(*, to: list[str], subject: str, template: str, context: dict):
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    context = {**context, "site_url": _site_url("")}
    text = render_to_string(f"workgroups/email/{template}.txt", context)
    html = render_to_string(f"workgroups/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=f"[Maths Hubs] {subject}", body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def registration_email_send(*, registration_id: int, kind: str) -> bool:
    """E-mail the teacher about their registration (``kind`` of REGISTRATION_EMAIL_SUBJECTS). False if gone."""
    from django.urls import reverse

    registration = (
        Registration.objects.select_related("work_group__hub", "teacher", "school").filter(pk=registration_id).first()
    )
    if registration is None:
        return False
    work_group = registration.work_group
    _message(
        to=[registration.teacher.email],
        subject=REGISTRATION_EMAIL_SUBJECTS[kind].format(code=work_group.code),
        template=f"registration_{kind}",
        context={
            "registration": registration,
            "work_group": work_group,
            "my_cpd_url": _site_url(reverse("workgroups:my_cpd")),
        },
    ).send()
    return True


def consent_request_send(*, registration_id: int) -> bool:
    """E-mail the headteacher a signed link to confirm or decline the teacher's participation."""
    from django.urls import reverse

    registration = (
        Registration.objects.select_related("work_group__hub", "teacher", "school").filter(pk=registration_id).first()
    )
    if registration is None or registration.consent_status != ConsentStatus.PENDING:
        return False
    token = consent_token_make(registration=registration)
    _message(
        to=[registration.headteacher_email],
        subject=f"Please confirm {registration.teacher.full_name}'s place in a Maths Hubs Work Group",
        template="consent_request",
        context={
            "registration": registration,
            "work_group": registration.work_group,
            "consent_url": _site_url(reverse("workgroups:consent", args=[token])),
            "days": CONSENT_MAX_AGE.days,
        },
    ).send()
    return True


def session_change_email_send(*, session_id: int, kind: str) -> int:
    """Tell every participant holding a place that a session moved or was cancelled. One SMTP connection."""
    from django.core.mail import get_connection
    from django.urls import reverse

    session = Session.objects.select_related("work_group__hub").filter(pk=session_id).first()
    if session is None:
        return 0
    work_group = session.work_group
    recipients = (
        Registration.objects.filter(work_group=work_group, status__in=PLACE_HOLDING_STATUSES)
        .select_related("teacher")
        .order_by("pk")
    )
    messages = [
        _message(
            to=[registration.teacher.email],
            subject=SESSION_EMAIL_SUBJECTS[kind].format(code=work_group.code, number=session.number),
            template=f"session_{kind}",
            context={
                "session": session,
                "work_group": work_group,
                "registration": registration,
                "my_cpd_url": _site_url(reverse("workgroups:my_cpd")),
            },
        )
        for registration in recipients
    ]
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)
