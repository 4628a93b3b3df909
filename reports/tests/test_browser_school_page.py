"""A headteacher opens their school's page from the consent e-mail, in Debian's Chromium (phone width too)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubAreaFactory, HubFactory
from schools.tests.factories import SchoolFactory
from workgroups.enums import RegistrationStatus
from workgroups.tests.factories import RegistrationFactory, WorkGroupFactory, register

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("width", [1280, 390])
def test_headteacher_opens_the_school_link_from_a_consent_email_and_sees_only_their_school(
    browser_context, live_server, settings, width
):
    hub = HubFactory(name="Fenland")
    area = HubAreaFactory(hub=hub).local_authority
    riverside = SchoolFactory(name="Riverside Primary", local_authority=area)
    hillside = SchoolFactory(name="Hillside Primary", local_authority=area)
    group = WorkGroupFactory(hub=hub, code="FEN-01", title="Reasoning in Year 4")
    RegistrationFactory(
        work_group=group,
        school=riverside,
        teacher=UserFactory(full_name="Amira Teacher"),
        status=RegistrationStatus.APPROVED,
    )
    RegistrationFactory(work_group=group, school=hillside, teacher=UserFactory(full_name="Hana Hillside"))
    # Tom registers; the outbox e-mails his headteacher the consent request (delivered once it commits).
    register(
        group,
        teacher=UserFactory(full_name="Tom Teacher"),
        school=riverside,
        headteacher_email="head@riverside.example",
    )

    [consent_mail] = [m for m in mail.outbox if m.to == ["head@riverside.example"]]
    link = re.search(r"https?://\S+/reports/school/\S+/", consent_mail.body).group(0)
    page = browser_context(viewport={"width": width, "height": 844}).new_page()
    page.goto(live_server.url + link.split(settings.SITE_URL.rstrip("/"), 1)[1])

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary")
    teachers = page.get_by_test_id(re.compile(r"^teachers-"))
    expect(teachers).to_contain_text("Amira Teacher")
    expect(teachers).to_contain_text("Tom Teacher")
    expect(page.get_by_test_id("awaiting")).to_contain_text("Tom Teacher")
    expect(page.get_by_text("Hana Hillside")).to_have_count(0)
    expect(page.get_by_text("Hillside Primary")).to_have_count(0)

    # The awaiting answer leads to the consent page the request e-mail links to.
    page.get_by_role("link", name=re.compile("Confirm or decline Tom Teacher")).click()
    expect(page.get_by_role("button", name="Confirm participation")).to_be_visible()
