import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from schools.enums import ImportRunStatus
from schools.models import GiasImportRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_import_page_follows_progress_and_shows_the_result_in_browser(browser_page, live_server):
    user = UserFactory(is_ncetm_staff=True)
    run = GiasImportRun.objects.create(
        original_name="edubasealldata.csv", file="gias-uploads/x.csv", status=ImportRunStatus.RUNNING, rows_total=100
    )
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/schools/import/{run.pk}/")
    assert page.get_by_role("progressbar", name="Import progress").get_attribute("aria-valuenow") == "0"
    GiasImportRun.objects.filter(pk=run.pk).update(rows_done=40)
    # A function, not a bare expression: Playwright eval()s bare expressions, which the CSP forbids.
    page.wait_for_function("() => document.getElementById('run-progress').textContent === '40%'")
    GiasImportRun.objects.filter(pk=run.pk).update(
        status=ImportRunStatus.DONE, rows_done=100, created_count=97, rejected_count=3, message="Import finished."
    )

    page.get_by_test_id("count-created").wait_for()
    assert page.get_by_test_id("count-created").text_content() == "97"
    assert page.get_by_test_id("run-status").text_content() == "Finished"
