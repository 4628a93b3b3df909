import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from workgroups import reminders
from workgroups.models.outbox import OutboxMessage, OutboxStatus, ReminderKind, ReminderOptOut

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("maths-hubs-demo")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")


def test_hub_lead_finds_a_failed_reminder_from_the_profile_and_sends_it_again(browser_page, live_server):
    call_command("seed_demo")
    reminders._insert(list(reminders.SPECS[ReminderKind.SESSION].find_due(reminders.timezone.now())))
    failed = OutboxMessage.objects.select_related("recipient", "session").filter(kind=ReminderKind.SESSION).first()
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED, attempts=6, last_error="451 busy")
    page = browser_page
    _log_in(page, live_server, "hublead@demo.mathshubs.test")

    page.get_by_role("link", name="Helen · Profile").click()
    page.get_by_role("link", name="Reminders sent by the Matrix hub").click()
    page.get_by_role("link", name=f"session {failed.session.number}").first.click()
    assert page.get_by_text("451 busy").is_visible()
    page.get_by_role("button", name=f"Send again to {failed.recipient.email}").click()

    assert page.get_by_text("The reminder is queued to be sent again.").is_visible()
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert any(m.to == [failed.recipient.email] for m in mail.outbox)


@override_settings(SITE_URL="http://testserver")
def test_person_unsubscribes_from_the_link_in_a_reminder(browser_page, live_server):
    call_command("seed_demo")
    teacher = User.objects.get(email="teacher@demo.mathshubs.test")
    url = reminders.unsubscribe_url(kind=ReminderKind.SESSION, recipient_key=reminders.user_key(teacher.pk))
    page = browser_page

    page.goto(url.replace("http://testserver", live_server.url))
    assert page.get_by_role("heading", name="Stop session reminders?").is_visible()
    page.get_by_role("button", name="Stop session reminders").click()

    assert page.get_by_role("heading", name="You will get no more session reminders").is_visible()
    assert ReminderOptOut.objects.filter(recipient_key=f"user:{teacher.pk}", kind=ReminderKind.SESSION).exists()
