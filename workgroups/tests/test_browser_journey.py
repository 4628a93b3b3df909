"""The whole Work Group journey in Debian's Chromium: create, publish, register, consent, approve,
register-taking, My CPD, reflection, completion, certificate."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import ConsentStatus, RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration, Session, WorkGroup
from workgroups.tests.factories import NationalProjectFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def log_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{base}/")


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_work_group_journey_in_browser(browser_page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    page, base = browser_page, live_server.url
    hub = HubFactory(name="Matrix", slug="matrix")
    area = HubAreaFactory(hub=hub)
    school = SchoolFactory(name="Fenland Primary", local_authority=area.local_authority)
    hub_lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD, user=UserFactory(full_name="Helen Lead")).user
    wg_lead = UserFactory(full_name="Wendy Lead", email="wendy@school.example")
    teacher = UserFactory(full_name="Tom Teacher", school=school)
    project = NationalProjectFactory(code="NCP24-11", title="Primary TfM Development")

    # Hub lead creates a Work Group from the project, plans a session and publishes it.
    log_in(page, base, hub_lead)
    page.get_by_test_id("nav").get_by_role("button", name="Matrix hub").click()
    page.get_by_test_id("nav").get_by_role("link", name="Work Groups").click()
    page.get_by_label("Create a Work Group from a national project").select_option(label=str(project))
    page.get_by_role("button", name="Create Work Group").click()
    expect(page.get_by_label("Title")).to_have_value("Primary TfM Development")
    page.get_by_label("Title").fill("Primary TfM — Fenland")
    page.get_by_label("Venue name").fill("Fenland Primary, Room 2")
    page.get_by_label("Work Group leads").fill("wendy@school.example")
    page.get_by_role("button", name="Create draft Work Group").click()
    expect(page.get_by_text("Draft Work Group NCP24-11-MAT-01 created")).to_be_visible()
    page.get_by_role("link", name="Plan a session").click()
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("13:30")
    page.get_by_label("End time").fill("16:00")
    page.get_by_label("Agenda").fill("Representations of fractions")
    page.get_by_label("Classroom task before the next session").fill("Try a bar-model task with your class.")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session 1 is planned.")).to_be_visible()
    page.get_by_role("button", name="Publish (open registration)").click()
    expect(page.get_by_text("is now open for registration")).to_be_visible()
    work_group = WorkGroup.objects.get(code="NCP24-11-MAT-01")
    assert work_group.status == WorkGroupStatus.OPEN
    log_out(page)

    # A teacher finds it and registers; their school comes from their profile.
    log_in(page, base, teacher)
    page.get_by_role("link", name="Find a Work Group").first.click()
    page.get_by_label("Search").fill("Fenland")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("Primary TfM — Fenland")).click()
    page.get_by_role("link", name="Register for this Work Group").click()
    expect(page.locator("#id_school")).to_have_value(str(school.pk))
    page.get_by_label("Your role in school").fill("Year 4 teacher")
    page.get_by_label("Teacher reference number (TRN)").fill("1234567")
    page.get_by_label("Headteacher's name").fill("Hilary Head")
    page.get_by_label("Headteacher's e-mail").fill("head@fenland.example")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.")).to_be_visible()
    expect(page.get_by_text("Awaiting headteacher")).to_be_visible()
    log_out(page)

    # The headteacher follows the link in the e-mail (no account) and confirms.
    registration = Registration.objects.get(teacher=teacher)
    [consent_mail] = [m for m in mail.outbox if m.to == ["head@fenland.example"]]
    link = re.search(r"https?://\S+/work-groups/consent/\S+/", consent_mail.body).group(0)
    page.goto(base + link.split(settings.SITE_URL.rstrip("/"), 1)[1])
    expect(page.get_by_text("Tom Teacher", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Confirm participation").click()
    expect(page.get_by_text("you have confirmed Tom Teacher")).to_be_visible()
    registration.refresh_from_db()
    assert registration.consent_status == ConsentStatus.CONFIRMED

    # The hub lead approves the registration.
    log_in(page, base, hub_lead)
    page.goto(f"{base}/work-groups/{work_group.pk}/manage/")
    expect(page.get_by_text("Confirmed by headteacher")).to_be_visible()
    page.get_by_label("Select Tom Teacher").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_text("1 registration(s) approved.")).to_be_visible()
    log_out(page)

    # Time passes: the session has happened (a register opens at the session's start).
    Session.objects.filter(work_group=work_group).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )

    # The Work Group lead takes the register.
    log_in(page, base, wg_lead)
    page.get_by_role("link", name="Work Groups I lead").first.click()
    page.get_by_role("link", name="Take the register for session 1").click()
    page.get_by_text("Present", exact=True).click()
    page.get_by_role("button", name="Save register").click()
    expect(page.get_by_text("Register saved: 1 new")).to_be_visible()
    log_out(page)

    # The teacher sees it in My CPD and submits a reflection with student work.
    log_in(page, base, teacher)
    page.get_by_role("link", name="My CPD").first.click()
    expect(page.get_by_text("Attended 1 of 1 session")).to_be_visible()
    expect(page.get_by_text("Try a bar-model task with your class.").first).to_be_visible()
    page.get_by_role("link", name="Submit reflection for session 1").click()
    page.get_by_label("Reflection").fill("Pupils explained equivalence with bar models.")
    page.get_by_label("Student work (optional)").set_input_files(
        files=[{"name": "bar-models.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_text("Your reflection is saved.")).to_be_visible()

    # The group is completed; the teacher downloads a certificate.
    for status in (WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING, WorkGroupStatus.COMPLETED):
        services.workgroup_transition(work_group=work_group, to_status=status)
    page.reload()
    expect(page.get_by_text("Completed", exact=True).first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download certificate (PDF)").click()
    path = download_info.value.path()
    assert open(path, "rb").read(4) == b"%PDF"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.COMPLETED
