"""A hub lead invites a new Work Group lead who has no account; the e-mail arrives; the invitee signs up from the
link and lands on their Work Group with the lead's pages; the hub lead removes them again. In Debian's Chromium."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from workgroups.enums import WorkGroupStatus
from workgroups.tests.factories import SessionFactory, WorkGroupFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NEW_PASSWORD = "a-long-good-passphrase-42"


def test_hub_lead_invites_a_work_group_lead_who_signs_up_and_is_removed_again(
    browser_page, live_server, browser_log_in
):
    page, base = browser_page, live_server.url
    hub = HubFactory(name="Matrix", slug="matrix")
    hub_lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD, user=UserFactory(full_name="Helen Lead")).user
    work_group = WorkGroupFactory(
        hub=hub, code="NCP26-11-MAT-01", title="Primary TfM Development", status=WorkGroupStatus.OPEN
    )
    now = timezone.now()  # session 1 is under way: its register is open
    SessionFactory(
        work_group=work_group, number=1, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )

    # The hub lead invites Nadia, who has no account, to lead the Work Group.
    browser_log_in(page, hub_lead.email, PASSWORD)
    page.get_by_test_id("nav").get_by_role("button", name="Matrix hub").click()
    page.get_by_test_id("nav").get_by_role("link", name="People").click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("E-mail address").fill("nadia@school.example")
    page.get_by_label("Name").fill("Nadia New")
    page.get_by_label("Role").select_option(label="Work Group lead")
    page.get_by_label("Work Group", exact=True).select_option(
        label=f"NCP26-11-MAT-01 Primary TfM Development ({work_group.academic_year})"
    )
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to nadia@school.example")).to_be_visible()
    expect(page.locator('[data-invitation="nadia@school.example"]')).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The e-mail arrives with the link.
    sent = [m for m in mail.outbox if "nadia@school.example" in m.to]
    assert len(sent) == 1
    assert sent[0].subject.endswith("You are invited to be Work Group lead of NCP26-11-MAT-01 Primary TfM Development")
    link = re.search(r"https?://\S+/hubs/invitations/\S+/", sent[0].body).group(0)

    # She signs up from the link, with her address filled in, and accepts.
    page.goto(base + link.split(settings.SITE_URL.rstrip("/"), 1)[1])
    expect(page.get_by_role("heading", name="You are invited to be Work Group lead")).to_be_visible()
    page.get_by_role("link", name="Create your account").click()
    expect(page.get_by_label("E-mail address")).to_have_value("nadia@school.example")
    page.get_by_label("Full name").fill("Nadia New")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    page.get_by_role("button", name="Accept the invitation").click()

    # She lands on her Work Group among those she leads, with the lead's pages.
    expect(page.get_by_text("you are now Work Group lead of NCP26-11-MAT-01")).to_be_visible()
    card = page.locator(f"section[aria-labelledby='wg-{work_group.pk}']")
    expect(card).to_contain_text("NCP26-11-MAT-01 Primary TfM Development")
    expect(card.get_by_role("link", name="Reflections")).to_be_visible()
    card.get_by_role("link", name=re.compile("Take the register")).click()
    expect(page.get_by_role("heading", name="Register: session 1")).to_be_visible()
    nadia = User.objects.get(email="nadia@school.example")
    assert list(work_group.leads.all()) == [nadia]
    page.get_by_role("button", name="Log out").click()

    # The hub lead removes her again; she is told.
    browser_log_in(page, hub_lead.email, PASSWORD)
    page.goto(f"{base}/hubs/matrix/people/")
    page.locator('[data-person="nadia@school.example"]').get_by_role("link", name=re.compile("Remove")).click()
    expect(page.get_by_role("heading", name="Remove Nadia New as a lead of NCP26-11-MAT-01")).to_be_visible()
    page.get_by_role("button", name="Yes, remove the role").click()
    expect(page.get_by_text("Nadia New is no longer a lead of NCP26-11-MAT-01")).to_be_visible()
    assert not work_group.leads.exists()
    told = [m for m in mail.outbox if "nadia@school.example" in m.to and "no longer" in m.subject]
    assert len(told) == 1
