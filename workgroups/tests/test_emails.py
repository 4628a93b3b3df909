import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from workgroups import services
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(services.REGISTRATION_EMAIL_SUBJECTS))
def test_registration_email_has_text_and_html_parts(work_group, kind):
    registration = RegistrationFactory(work_group=work_group, teacher=UserFactory(full_name="Siobhan O'Neill"))

    assert services.registration_email_send(registration_id=registration.pk, kind=kind)

    [message] = mail.outbox
    assert message.to == [registration.teacher.email]
    assert work_group.code in message.subject
    assert "Dear Siobhan O'Neill," in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Siobhan O&#x27;Neill" in html
    assert "/work-groups/my-cpd/" in message.body


def test_registration_email_for_deleted_registration_sends_nothing():
    assert services.registration_email_send(registration_id=999999, kind="approved") is False
    assert mail.outbox == []


def test_consent_request_not_sent_once_answered(work_group):
    registration = RegistrationFactory(work_group=work_group, consent_status="confirmed")

    assert services.consent_request_send(registration_id=registration.pk) is False
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["moved", "cancelled"])
def test_session_change_email_goes_to_place_holders_only(work_group, kind):
    holders = [RegistrationFactory(work_group=work_group, status=s) for s in ("applied", "approved", "offered")]
    RegistrationFactory(work_group=work_group, status="waitlisted")
    RegistrationFactory(work_group=work_group, status="withdrawn")
    session = work_group.sessions.first()

    sent = services.session_change_email_send(session_id=session.pk, kind=kind)

    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.teacher.email for r in holders)
    assert all(f"session {session.number}" in m.subject for m in mail.outbox)
