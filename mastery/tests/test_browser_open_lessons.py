"""An open lesson in Debian's Chromium: the specialist plans it, a teacher of the hub's schools books it and finds
it in My CPD, the host sees the booking."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from hubs.tests.factories import HubAreaFactory, HubFactory
from mastery.enums import BookingStatus
from mastery.models import OpenLesson
from mastery.tests.factories import MasterySpecialistFactory
from schools.tests.factories import SchoolFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{base}/")


def test_teacher_books_an_open_lesson_and_sees_it_in_my_cpd(browser_page, live_server):
    page, base = browser_page, live_server.url
    hub = HubFactory(name="Matrix", slug="matrix")
    area = HubAreaFactory(hub=hub).local_authority
    host_school = SchoolFactory(name="Histon Primary", local_authority=area)
    specialist = MasterySpecialistFactory(hub=hub, user=UserFactory(full_name="Wendy Lead", school=host_school))
    teacher = UserFactory(full_name="Tom Teacher", school=SchoolFactory(name="Fenland Primary", local_authority=area))

    # The specialist plans an open lesson at her school.
    log_in(page, base, specialist.user)
    page.goto(f"{base}/mastery/open-lessons/")
    page.get_by_role("link", name="Plan an open lesson").click()
    day = timezone.localdate() + datetime.timedelta(days=9)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("10:30")
    page.get_by_label("Class or year group").fill("Year 4")
    page.get_by_label("Focus").fill("Reasoning with fractions")
    page.get_by_label("Places").fill("2")
    page.get_by_role("button", name="Save the open lesson").click()
    expect(page.get_by_text("The open lesson is planned")).to_be_visible()
    lesson = OpenLesson.objects.get(focus="Reasoning with fractions")
    assert lesson.school == host_school
    page.get_by_role("button", name="Log out").click()

    # A teacher of another school the hub serves finds it from the navigation and books a place.
    log_in(page, base, teacher)
    page.get_by_test_id("nav").get_by_role("link", name="Open lessons").click()
    page.get_by_role("link", name="Reasoning with fractions").click()
    expect(page.get_by_test_id("places")).to_contain_text("0 of 2 booked")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("Your place is booked.")).to_be_visible()
    expect(page.get_by_test_id("my-booking")).to_contain_text("Booked")
    assert lesson.bookings.get().status == BookingStatus.BOOKED

    # My CPD shows it, with the host and school.
    page.get_by_test_id("nav").get_by_role("link", name="My CPD").click()
    section = page.locator("#open-lessons")
    expect(section).to_contain_text("Open lesson: Reasoning with fractions")
    expect(section).to_contain_text("Histon Primary")
    expect(section).to_contain_text("Wendy Lead")
    page.get_by_role("button", name="Log out").click()

    # The host sees the teacher among the bookings.
    log_in(page, base, specialist.user)
    page.goto(f"{base}/mastery/open-lessons/{lesson.pk}/")
    expect(page.get_by_role("table")).to_contain_text("Tom Teacher")
    expect(page.get_by_role("table")).to_contain_text("Fenland Primary")
