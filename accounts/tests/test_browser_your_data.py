"""In the browser: a hub lead approves a registration and reads it in the audit trail (and its CSV); a teacher
downloads their data and closes their account."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from workgroups.enums import RegistrationStatus
from workgroups.models import Registration

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "maths-hubs-demo"


def test_hub_lead_approves_a_registration_and_finds_it_in_the_audit_trail(browser_page, browser_log_in, live_server):
    call_command("seed_demo", stdout=StringIO())
    registration = (
        Registration.objects.filter(
            status=RegistrationStatus.APPLIED, work_group__hub__slug="matrix", consent_status="confirmed"
        )
        .select_related("teacher", "work_group")
        .first()
    )
    page = browser_page
    browser_log_in(page, "hublead@demo.mathshubs.test", PASSWORD)

    page.goto(f"{live_server.url}/work-groups/{registration.work_group_id}/manage/")
    page.locator(f"#reg-{registration.pk}").check()
    page.get_by_role("button", name="Approve selected").click()
    page.get_by_text("1 registration(s) approved.").wait_for()

    page.get_by_role("link", name="Audit trail").click()
    page.get_by_label("Action").fill("registration.decided")
    page.get_by_role("button", name="Filter").click()
    row = page.locator("#audit-entries tbody tr").first
    row.wait_for()
    assert "registration.decided" in row.inner_text()
    assert registration.teacher.full_name in row.inner_text()
    assert "Helen Lead" in row.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these entries (CSV)").click()
    body = open(download.value.path(), encoding="utf-8").read()
    assert "registration.decided" in body and registration.teacher.full_name in body


def test_teacher_downloads_their_data_then_closes_their_account(browser_page, browser_log_in, live_server):
    call_command("seed_demo", stdout=StringIO())
    page = browser_page
    browser_log_in(page, "teacher@demo.mathshubs.test", PASSWORD)

    page.goto(f"{live_server.url}/profile/")
    page.get_by_role("link", name="Your data").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == "teacher@demo.mathshubs.test"
    assert data["registrations"]

    page.get_by_role("link", name="Close your account…").click()
    page.get_by_role("button", name="Close my account").click()  # nothing filled in: asked again
    page.get_by_text("There is a problem").first.wait_for()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Close my account").click()
    page.get_by_text("Your account is closed").wait_for()

    assert not User.objects.filter(email="teacher@demo.mathshubs.test").exists()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("teacher@demo.mathshubs.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_text("There is a problem").first.wait_for()  # refused: the form comes back with its error
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
