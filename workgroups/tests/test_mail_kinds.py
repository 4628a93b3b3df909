"""The e-mails Work Groups send when something changes: queued by the services, one outbox row per event."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.services import message_enqueue
from workgroups import services
from workgroups.enums import ConsentStatus, MailKind, RegistrationStatus
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

REGISTRATION_KINDS = [
    MailKind.REGISTRATION_RECEIVED,
    MailKind.REGISTRATION_WAITLISTED,
    MailKind.REGISTRATION_APPROVED,
    MailKind.REGISTRATION_REJECTED,
    MailKind.REGISTRATION_OFFERED,
]


def _future(days, hour=10):
    return (timezone.now() + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _rows(session, kind):
    return OutboxMessage.objects.filter(kind=kind, topic_type="workgroups.session", topic_id=session.pk)


@pytest.mark.parametrize("kind", REGISTRATION_KINDS)
def test_registration_email_has_text_and_html_parts(work_group, kind, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(work_group=work_group, teacher=UserFactory(full_name="Siobhan O'Neill"))

    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(
            kind=kind,
            object_key=f"registration:{registration.pk}:1",
            recipients=[registration.teacher],
            hub=work_group.hub,
            topic=registration,
        )

    [message] = mail.outbox
    assert message.to == [registration.teacher.email]
    assert message.subject.startswith("[Maths Hubs] ") and work_group.code in message.subject
    assert "Dear Siobhan O'Neill," in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Siobhan O&#x27;Neill" in html
    assert "/work-groups/my-cpd/" in message.body
    assert "List-Unsubscribe" not in message.extra_headers  # news about one's own place cannot be stopped


def test_registration_email_for_a_deleted_registration_is_skipped(work_group, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(work_group=work_group)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (pk,) = message_enqueue(
            kind=MailKind.REGISTRATION_APPROVED,
            object_key=f"registration:{registration.pk}:1",
            recipients=[registration.teacher],
            hub=work_group.hub,
            topic=registration,
        )
    registration.delete()

    for callback in callbacks:
        callback()

    assert OutboxMessage.objects.get(pk=pk).status == OutboxStatus.SKIPPED
    assert mail.outbox == []


def test_each_decision_on_a_registration_is_told_once(work_group, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(
        work_group=work_group, status=RegistrationStatus.APPLIED, consent_status=ConsentStatus.CONFIRMED
    )
    lead = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_reject(registration=registration, actor=lead)
        services.registration_approve(registration=registration, actor=lead)

    kinds = list(OutboxMessage.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [MailKind.REGISTRATION_REJECTED, MailKind.REGISTRATION_APPROVED]
    assert [m.subject for m in mail.outbox] == [
        f"[Maths Hubs] Your registration for {work_group.code}",
        f"[Maths Hubs] Your place in {work_group.code} is confirmed",
    ]


def test_consent_request_is_skipped_once_the_headteacher_has_answered(work_group, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(work_group=work_group, consent_status=ConsentStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.consent_request_resend(registration=registration)
    registration.consent_status = ConsentStatus.CONFIRMED
    registration.save()

    for callback in callbacks:
        callback()

    row = OutboxMessage.objects.get(kind=MailKind.CONSENT_REQUEST)
    assert (row.status, row.skip_reason) == (OutboxStatus.SKIPPED, "the headteacher has already answered")
    assert mail.outbox == []


def test_consent_request_resent_is_a_new_e_mail_with_a_fresh_link(work_group, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(work_group=work_group)

    with django_capture_on_commit_callbacks(execute=True):
        services.consent_request_resend(registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        services.consent_request_resend(registration=registration)

    assert OutboxMessage.objects.filter(kind=MailKind.CONSENT_REQUEST).count() == 2
    assert [m.to for m in mail.outbox] == [[registration.headteacher_email]] * 2
    assert all("/work-groups/consent/" in m.body for m in mail.outbox)


@pytest.mark.parametrize("kind", ["moved", "cancelled"])
def test_session_change_email_goes_to_place_holders_only(work_group, kind, django_capture_on_commit_callbacks):
    holders = [RegistrationFactory(work_group=work_group, status=s) for s in ("applied", "approved", "offered")]
    RegistrationFactory(work_group=work_group, status="waitlisted")
    RegistrationFactory(work_group=work_group, status="withdrawn")
    session = work_group.sessions.first()

    with django_capture_on_commit_callbacks(execute=True):
        if kind == "moved":
            services.session_reschedule(session=session, starts_at=_future(20), ends_at=_future(20, 12))
        else:
            services.session_cancel(session=session)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.teacher.email for r in holders)
    assert all(f"session {session.number}" in m.subject for m in mail.outbox)
    assert sorted(m.body.splitlines()[0] for m in mail.outbox) == sorted(
        f"Dear {r.teacher.full_name}," for r in holders
    )


def test_a_session_moved_twice_tells_people_twice(work_group, django_capture_on_commit_callbacks):
    teacher = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED).teacher
    session = work_group.sessions.first()

    for days in (20, 27):
        with django_capture_on_commit_callbacks(execute=True):
            services.session_reschedule(session=session, starts_at=_future(days), ends_at=_future(days, 12))

    assert _rows(session, MailKind.SESSION_MOVED).count() == 2
    assert [m.to for m in mail.outbox] == [[teacher.email]] * 2
    assert f"{_future(27):%-d %B %Y}" in mail.outbox[1].body


def test_a_second_move_before_the_first_e_mail_went_out_replaces_it(work_group, django_capture_on_commit_callbacks):
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    session = work_group.sessions.first()
    with django_capture_on_commit_callbacks(execute=False) as first:
        services.session_reschedule(session=session, starts_at=_future(20), ends_at=_future(20, 12))
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(session=session, starts_at=_future(27), ends_at=_future(27, 12))

    for callback in first:
        callback()  # the first move's delivery runs late

    statuses = dict(_rows(session, MailKind.SESSION_MOVED).values_list("object_key", "status"))
    assert statuses == {f"session:{session.pk}:seq:1": OutboxStatus.SKIPPED, f"session:{session.pk}:seq:2": "sent"}
    assert len(mail.outbox) == 1 and f"{_future(27):%-d %B %Y}" in mail.outbox[0].body


def test_session_change_e_mails_are_on_the_hubs_outbox_with_the_session(work_group, django_capture_on_commit_callbacks):
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    session = work_group.sessions.first()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)

    row = _rows(session, MailKind.SESSION_CANCELLED).get()
    assert row.hub_id == work_group.hub_id
    assert row.status == OutboxStatus.SENT
