"""Open-lesson pages: who may plan, see bookings, cancel; booking through the page; My CPD, the calendar feed and
the hub calendar show them; fixed query counts at two sizes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from mastery import services
from mastery.enums import BookingStatus, OpenLessonStatus
from mastery.models import OpenLesson
from mastery.tests.factories import MasterySpecialistFactory, OpenLessonFactory
from workgroups import services as workgroup_services
from workgroups.enums import WorkGroupStatus
from workgroups.tests.factories import SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def _form(specialist, **overrides):
    day = timezone.localdate() + datetime.timedelta(days=5)
    data = {
        "specialist": specialist.pk,
        "date": day.isoformat(),
        "start_time": "09:30",
        "end_time": "10:30",
        "class_or_year_group": "Year 3",
        "focus": "Counting in fives",
        "capacity": "6",
        "details": "",
    }
    return {**data, **overrides}


def test_hub_lead_plans_an_open_lesson_for_a_specialist(client, hub_world):
    client.force_login(hub_world.lead)
    response = client.post(reverse("mastery:open_lesson_create", args=["alpha"]), _form(hub_world.specialist))
    lesson = OpenLesson.objects.get(focus="Counting in fives")
    assert response.status_code == 302 and response.url == reverse("mastery:open_lesson", args=[lesson.pk])
    assert timezone.localtime(lesson.starts_at).time() == datetime.time(9, 30)


def test_specialist_plans_their_own_only(client, hub_world):
    other = MasterySpecialistFactory(hub=hub_world.hub, user=UserFactory(school=hub_world.school2))
    client.force_login(hub_world.specialist.user)
    url = reverse("mastery:open_lesson_create", args=["alpha"])
    response = client.post(url, _form(other))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert client.post(url, _form(hub_world.specialist)).status_code == 302


def test_plan_form_rerenders_with_errors_for_a_past_date(client, hub_world):
    client.force_login(hub_world.lead)
    response = client.post(
        reverse("mastery:open_lesson_create", args=["alpha"]),
        _form(hub_world.specialist, date="2020-01-01", capacity="0"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose a date and time still to come." in body or "greater than or equal to 1" in body


@pytest.mark.parametrize("name", ["open_lesson_create", "hub_calendar"])
def test_another_hubs_lead_gets_404_on_hub_pages(client, hub_world, name):
    client.force_login(hub_world.other_lead)
    assert client.get(reverse(f"mastery:{name}", args=["alpha"])).status_code == 404


def test_another_hubs_lead_cannot_cancel_or_see_bookings(client, hub_world):
    services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    client.force_login(hub_world.other_lead)
    cancel = reverse("mastery:open_lesson_cancel", args=[hub_world.lesson.pk])
    assert client.get(cancel).status_code == 404
    assert client.post(cancel, {"reason": "No"}).status_code == 404
    detail = client.get(reverse("mastery:open_lesson", args=[hub_world.lesson.pk])).content.decode()
    assert hub_world.teacher.full_name not in detail
    hub_world.lesson.refresh_from_db()
    assert hub_world.lesson.status == OpenLessonStatus.SCHEDULED


def test_host_sees_bookings_and_cancels(client, hub_world):
    services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    client.force_login(hub_world.specialist.user)
    detail = client.get(reverse("mastery:open_lesson", args=[hub_world.lesson.pk])).content.decode()
    assert hub_world.teacher.full_name in detail
    cancel = reverse("mastery:open_lesson_cancel", args=[hub_world.lesson.pk])
    assert client.post(cancel, {"reason": ""}).status_code == 200  # re-asked with the error
    assert client.post(cancel, {"reason": "The class is on a trip"}).status_code == 302
    hub_world.lesson.refresh_from_db()
    assert hub_world.lesson.status == OpenLessonStatus.CANCELLED


def test_teacher_books_through_the_page_and_sees_it_in_my_cpd(client, hub_world):
    client.force_login(hub_world.teacher)
    listing = client.get(reverse("mastery:open_lessons")).content.decode()
    assert hub_world.lesson.focus in listing
    response = client.post(reverse("mastery:open_lesson_book", args=[hub_world.lesson.pk]))
    assert response.status_code == 302
    booking = hub_world.lesson.bookings.get()
    assert booking.status == BookingStatus.BOOKED
    my_cpd = client.get(reverse("workgroups:my_cpd")).content.decode()
    assert f"open-lesson-booking-{booking.pk}" in my_cpd and hub_world.lesson.focus in my_cpd
    client.post(reverse("mastery:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_teacher_of_another_hub_is_told_why_not(client, hub_world):
    client.force_login(hub_world.other_teacher)
    response = client.post(reverse("mastery:open_lesson_book", args=[hub_world.lesson.pk]), follow=True)
    assert "served by another hub" in response.content.decode()
    assert not hub_world.lesson.bookings.exists()


def test_someone_elses_booking_cannot_be_cancelled(client, hub_world):
    booking = services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    client.force_login(UserFactory(school=hub_world.school))
    assert client.post(reverse("mastery:booking_cancel", args=[booking.pk])).status_code == 404


def test_calendar_feed_carries_booked_open_lessons(client, hub_world):
    services.open_lesson_book(lesson=hub_world.lesson, teacher=hub_world.teacher)
    feed = workgroup_services.calendar_feed_get_or_create(user=hub_world.teacher)
    body = client.get(reverse("workgroups:calendar_feed", args=[feed.token])).content.decode()
    assert f"UID:open-lesson-{hub_world.lesson.pk}@mathshubs-portal" in body
    assert "STATUS:CONFIRMED" in body
    services.open_lesson_cancel(lesson=hub_world.lesson, actor=hub_world.lead, reason="Trip")
    body = client.get(reverse("workgroups:calendar_feed", args=[feed.token])).content.decode()
    assert "STATUS:CANCELLED" in body and "SEQUENCE:1" in body


def test_hub_calendar_lists_sessions_and_open_lessons_of_the_month(client, hub_world):
    start = hub_world.lesson.starts_at
    work_group = WorkGroupFactory(hub=hub_world.hub, status=WorkGroupStatus.RUNNING, title="Fluency Group")
    SessionFactory(work_group=work_group, number=1, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    draft = WorkGroupFactory(hub=hub_world.hub, status=WorkGroupStatus.DRAFT, title="Draft Group")
    SessionFactory(work_group=draft, number=1, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    client.force_login(HubMembershipFactory(hub=hub_world.hub, role=HubRole.LEADERSHIP_TEAM).user)
    month = timezone.localtime(start).strftime("%Y-%m")
    body = client.get(reverse("mastery:hub_calendar", args=["alpha"]), {"month": month}).content.decode()
    assert "Fluency Group — session 1" in body and f"Open lesson: {hub_world.lesson.focus}" in body
    assert "Draft Group" not in body
    assert client.get(reverse("mastery:hub_calendar", args=["alpha"]), {"month": "9999-99"}).status_code == 200


def _grow(hub_world, lessons: int):
    for _ in range(lessons):
        lesson = OpenLessonFactory(specialist=hub_world.specialist, capacity=3)
        for school in (hub_world.school, hub_world.school2):
            services.open_lesson_book(lesson=lesson, teacher=UserFactory(school=school))
        services.open_lesson_book(lesson=lesson, teacher=hub_world.teacher)
        work_group = WorkGroupFactory(hub=hub_world.hub, status=WorkGroupStatus.RUNNING)
        SessionFactory(work_group=work_group, starts_at=lesson.starts_at, ends_at=lesson.ends_at)


@pytest.mark.parametrize("lessons", [1, 4])
def test_pages_query_counts_fixed(client, hub_world, django_assert_num_queries, lessons):
    _grow(hub_world, lessons)
    month = timezone.localtime(hub_world.lesson.starts_at).strftime("%Y-%m")
    client.force_login(hub_world.teacher)
    client.get(reverse("mastery:open_lessons"))  # the session's first read
    # The session, the user and the navigation's reads (hub roles, Work Groups led: asked twice by the layout) are
    # the same on every page; the rest is the page's own, whatever the number of lessons.
    with django_assert_num_queries(9):
        assert client.get(reverse("mastery:open_lessons")).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(reverse("workgroups:my_cpd")).status_code == 200
    client.force_login(hub_world.lead)
    with django_assert_num_queries(7):
        assert client.get(reverse("mastery:hub_calendar", args=["alpha"]), {"month": month}).status_code == 200
    lesson = hub_world.specialist.open_lessons.last()
    with django_assert_num_queries(7):
        assert client.get(reverse("mastery:open_lesson", args=[lesson.pk])).status_code == 200
