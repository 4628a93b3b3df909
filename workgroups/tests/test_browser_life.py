"""A Work Group's life in the browser: completion refused before the last session, and the attendance grid."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from workgroups import services
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory
from workgroups.tests.test_browser_journey import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_completion_is_refused_before_the_last_session_and_the_grid_shows_attendance(browser_page, live_server):
    page, base = browser_page, live_server.url
    hub = HubFactory(name="Matrix", slug="matrix")
    hub_lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD, user=UserFactory(full_name="Helen Lead")).user
    group = WorkGroupFactory(hub=hub, status=WorkGroupStatus.RUNNING)
    now = timezone.now().replace(second=0, microsecond=0)
    held = SessionFactory(
        work_group=group,
        number=1,
        starts_at=now - datetime.timedelta(days=7),
        ends_at=now - datetime.timedelta(days=7, hours=-2),
    )
    SessionFactory(
        work_group=group,
        number=2,
        starts_at=now + datetime.timedelta(days=7),
        ends_at=now + datetime.timedelta(days=7, hours=2),
    )
    ada = RegistrationFactory(
        work_group=group, status=RegistrationStatus.APPROVED, teacher=UserFactory(full_name="Ada Able")
    )
    services.attendance_record(session=held, marks={ada.pk: "absent"}, recorded_by=hub_lead)

    log_in(page, base, hub_lead)
    page.goto(f"{base}/work-groups/{group.pk}/manage/")
    page.get_by_role("link", name="Mark completed…").click()

    expect(page.get_by_role("alert")).to_contain_text("cannot be completed yet")
    expect(page.get_by_role("alert")).to_contain_text("once its last session has started: session 2")
    expect(page.get_by_role("button", name="Mark completed")).to_have_count(0)
    group.refresh_from_db()
    assert group.status == WorkGroupStatus.RUNNING

    page.goto(f"{base}/work-groups/{group.pk}/manage/")
    page.get_by_role("link", name="Attendance").click()
    grid = page.locator("#attendance-grid")
    expect(grid.get_by_role("row", name="Ada Able")).to_contain_text("Absent")
    expect(grid.get_by_role("row", name="Ada Able")).to_contain_text("0 of 1")
    expect(page.locator("#attendance-summary")).to_contain_text("1 of 2 sessions held")
