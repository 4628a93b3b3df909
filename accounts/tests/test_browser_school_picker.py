import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from schools.tests.factories import SchoolFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_teacher_picks_their_school_by_typing_in_browser(browser_page, browser_log_in, live_server):
    user = UserFactory(email="tom@school.example", full_name="Tom Teacher")
    school = SchoolFactory(name="Histon Primary School", urn=110001, postcode="CB24 9JB")
    SchoolFactory(name="Impington Village College", urn=110002, postcode="CB24 9LX")
    page = browser_page
    browser_log_in(page, user.email, PASSWORD)

    page.goto(f"{live_server.url}/profile/")
    page.get_by_label("Find your school").press_sequentially("histon", delay=30)
    page.get_by_label("Histon Primary School, URN 110001, CB24 9JB").check()
    page.get_by_role("button", name="Save").click()

    assert page.get_by_text("Your profile has been saved.").is_visible()
    user.refresh_from_db()
    assert user.school == school
    assert page.get_by_label("Histon Primary School, URN 110001, CB24 9JB current").is_checked()
