"""In the browser: a hub lead opens the schools not yet reached and downloads the list."""

import pytest
from playwright.sync_api import expect

from accounts.services import user_create_verified
from hubs.enums import HubRole
from hubs.models import HubMembership
from hubs.tests.factories import HubAreaFactory, HubFactory
from schools.tests.factories import SchoolFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "not-reached-browser-1"


def test_hub_lead_downloads_the_not_reached_list(browser_page, browser_log_in, live_server):
    hub = HubFactory(name="Fenland", slug="fenland")
    area = HubAreaFactory(hub=hub)
    SchoolFactory(name="Marshland Primary", urn=310001, local_authority=area.local_authority, percentage_fsm=41)
    SchoolFactory(name="Fen Edge Primary", urn=310002, local_authority=area.local_authority, percentage_fsm=12)
    lead = user_create_verified(email="lead@fenland.example", full_name="Lee Lead", password=PASSWORD)
    HubMembership.objects.create(hub=hub, user=lead, role=HubRole.LEAD)
    page = browser_page
    browser_log_in(page, "lead@fenland.example", PASSWORD)

    page.goto(f"{live_server.url}/hubs/fenland/")
    page.get_by_role("link", name="Schools not yet reached").click()
    expect(page.locator("#not-reached tbody tr").first).to_contain_text("Marshland Primary")
    page.get_by_label("Not reached in the last (years)").fill("5")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("2 schools not reached")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download this list (CSV)").click()

    download = info.value
    assert download.suggested_filename == "fenland-schools-not-reached-5-years.csv"
    text = open(download.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[1].startswith("310001,Marshland Primary")
