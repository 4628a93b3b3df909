import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_demo_teacher_logs_in_and_sees_navigation_in_browser(browser_page, live_server):
    call_command("seed_demo")
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("teacher@demo.mathshubs.test")
    page.get_by_label("Password").fill("maths-hubs-demo")
    page.get_by_role("button", name="Sign In").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("Signed in as Tom Teacher.", exact=True).is_visible()
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("link", name="Log in").first.is_visible()
