"""In the browser: a teacher with a school sees the nearest Work Group first, and how far away it meets."""

import pytest
from playwright.sync_api import expect

from accounts.services import user_create_verified
from hubs.tests.factories import HubAreaFactory, HubFactory
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups.enums import Format
from workgroups.tests.factories import WorkGroupFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "near-me-browser-1"


def test_teacher_with_a_school_sees_the_nearest_group_first_with_its_distance(
    browser_page, browser_log_in, live_server
):
    hub = HubFactory(name="Fenland")
    area = HubAreaFactory(hub=hub)
    school = SchoolFactory(
        name="Histon Primary School",
        phase=Phase.PRIMARY,
        local_authority=area.local_authority,
        easting=545_000,
        northing=262_000,
    )
    user_create_verified(email="near@teacher.example", full_name="Nia Near", password=PASSWORD, school=school)
    WorkGroupFactory(hub=hub, title="Far away group", venue_easting=545_000, venue_northing=292_000)
    WorkGroupFactory(
        hub=hub, title="Round the corner group", venue_school=SchoolFactory(easting=548_000, northing=266_000)
    )
    WorkGroupFactory(hub=hub, title="Online group", format=Format.ONLINE)
    page = browser_page
    browser_log_in(page, "near@teacher.example", PASSWORD)

    page.goto(f"{live_server.url}/work-groups/")

    first = page.locator("#work-groups .list-group-item").first
    expect(first).to_contain_text("Round the corner group")
    expect(first).to_contain_text("5 km from your school")
    expect(page.locator("#work-groups .list-group-item").nth(1)).to_contain_text("30 km from your school")
    expect(page.locator("#online-work-groups")).to_contain_text("Online group")

    page.get_by_label("Distance from your school").select_option("10")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#work-groups .list-group-item")).to_have_count(1)
    expect(page.locator("#work-groups")).not_to_contain_text("Far away group")
