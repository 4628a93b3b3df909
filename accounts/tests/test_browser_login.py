import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_demo_teacher_logs_in_and_sees_navigation_in_browser(browser_page, browser_log_in, live_server):
    call_command("seed_demo")
    page = browser_page

    browser_log_in(page, "teacher@demo.mathshubs.test", "maths-hubs-demo")

    assert page.get_by_text("Logged in as Tom Teacher.", exact=True).is_visible()
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("link", name="Log in").first.is_visible()
