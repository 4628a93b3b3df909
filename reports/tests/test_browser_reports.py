import csv
import io

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_ncetm_staff_filter_the_network_dashboard_and_download_csv(browser_page, live_server, engagement_network):
    net = engagement_network
    staff = UserFactory(email="nadia@ncetm.example", is_ncetm_staff=True)
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_test_id("nav").get_by_role("link", name="Network reports").click()

    # The page opens with the year's headline figures; each leads to its section and unfolds it.
    headlines = page.get_by_test_id("headlines")
    expect(headlines).to_contain_text("Schools participating")
    headlines.get_by_role("link", name="Schools participating").click()
    engagement = page.get_by_test_id("table-engagement_by_hub")
    expect(engagement).to_be_visible()
    assert engagement.get_by_role("row", name="Alpha").inner_text().split("\t")[:4] == ["Alpha", "10", "7", "70.0%"]
    # The chart library is served from node_modules and drew the chart beside the table.
    page.wait_for_function(
        "() => !!document.querySelector('canvas[data-chart=\"chart-data-engagement_by_hub\"]').chart"
    )
    assert page.evaluate("typeof Chart") == "function"

    filters = page.get_by_test_id("report-filters")
    filters.get_by_label("Academic year").select_option(label=net.year.name)
    filters.get_by_label("Hub", exact=True).select_option(label=str(net.beta))
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url(f"**/reports/?*hub={net.beta.pk}*")
    # Still at the engagement section (the address keeps its #engagement_by_hub), which is open again.
    expect(page.locator("#engagement_by_hub details")).to_have_attribute("open", "")
    rows = page.get_by_test_id("table-engagement_by_hub").locator("tbody tr")
    expect(rows).to_have_count(2)
    assert rows.first.inner_text().split("\t")[:4] == ["Beta", "5", "1", "20.0%"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV of engagement by hub").click()
    download = download_info.value
    assert download.suggested_filename == "engagement-by-hub-network-2024.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0][:4] == ["Hub", "Open schools", "Participating schools", "Participating (%)"]
    assert rows[1][:4] == ["Beta", "5", "1", "20.0"]
    assert len(rows) == 3
