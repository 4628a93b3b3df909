import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from accounts.models import User
from notifications.enums import OutboxStatus
from notifications.models import OptOut, OutboxMessage
from notifications.registry import user_key
from notifications.sweep import rows_add_due
from notifications.unsubscribe import unsubscribe_url
from workgroups.enums import MailKind
from workgroups.models import Session

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("maths-hubs-demo")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")


def test_hub_lead_finds_a_failed_reminder_from_the_profile_and_sends_it_again(browser_page, live_server):
    call_command("seed_demo")
    rows_add_due()
    failed = OutboxMessage.objects.select_related("recipient").filter(kind=MailKind.SESSION_REMINDER).first()
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED, attempts=6, last_error="451 busy")
    session = Session.objects.select_related("work_group").get(pk=failed.topic_id)
    page = browser_page
    _log_in(page, live_server, "hublead@demo.mathshubs.test")

    page.get_by_role("link", name="Helen · Profile").click()
    page.get_by_role("link", name="E-mails sent by the Matrix hub").click()
    page.get_by_role("link", name=f"{session.work_group.code} session {session.number}").first.click()
    expect(page.get_by_text("451 busy")).to_be_visible()
    page.get_by_role("button", name=f"Send again to {failed.recipient.email}").click()

    expect(page.get_by_text(f"The e-mail to {failed.recipient.email} is queued to be sent again.")).to_be_visible()
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert any(m.to == [failed.recipient.email] for m in mail.outbox)


def test_hub_lead_sees_a_failed_consent_request_filters_by_state_and_sends_it_again(browser_page, live_server):
    from notifications.services import Address, message_enqueue
    from workgroups.models import Registration

    call_command("seed_demo")
    registration = Registration.objects.filter(work_group__hub__slug="matrix", consent_status="pending").first()
    (pk,) = message_enqueue(
        kind=MailKind.CONSENT_REQUEST,
        object_key=f"registration:{registration.pk}:browser",
        recipients=[Address(registration.headteacher_email, registration.headteacher_name)],
        hub=registration.work_group.hub,
        topic=registration,
    )
    OutboxMessage.objects.filter(pk=pk).update(
        status=OutboxStatus.FAILED, attempts=6, last_error="451 4.7.1 greylisted"
    )
    page = browser_page
    _log_in(page, live_server, "hublead@demo.mathshubs.test")

    page.goto(f"{live_server.url}/e-mails/hubs/matrix/")
    page.get_by_label("State").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text="Consent request to the headteacher")
    expect(row.get_by_text("451 4.7.1 greylisted")).to_be_visible()
    row.get_by_role("button", name=f"Send again to {registration.headteacher_email}").click()

    expect(
        page.get_by_text(f"The e-mail to {registration.headteacher_email} is queued to be sent again.")
    ).to_be_visible()
    assert "status=failed" in page.url  # back on the filtered page
    assert OutboxMessage.objects.get(pk=pk).status == OutboxStatus.SENT
    assert any(m.to == [registration.headteacher_email] for m in mail.outbox)


@override_settings(SITE_URL="http://testserver")
def test_person_unsubscribes_from_the_link_in_a_reminder(browser_page, live_server):
    call_command("seed_demo")
    teacher = User.objects.get(email="teacher@demo.mathshubs.test")
    url = unsubscribe_url(kind=MailKind.SESSION_REMINDER, recipient_key=user_key(teacher.pk))
    page = browser_page

    page.goto(url.replace("http://testserver", live_server.url))
    expect(page.get_by_role("heading", name="Stop session reminders?")).to_be_visible()
    page.get_by_role("button", name="Stop session reminders").click()

    expect(page.get_by_role("heading", name="You will get no more session reminders")).to_be_visible()
    assert OptOut.objects.filter(recipient_key=f"user:{teacher.pk}", kind=MailKind.SESSION_REMINDER).exists()
