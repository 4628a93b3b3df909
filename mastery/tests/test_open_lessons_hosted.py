"""The "open lessons hosted" milestone: derived from the open lessons a specialist hosted that have taken place (not
cancelled, over), shown on the progress pages; never typed in."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from mastery import selectors
from mastery.enums import OpenLessonStatus
from mastery.tests.factories import MasterySpecialistFactory, OpenLessonFactory

pytestmark = pytest.mark.django_db

def _lesson(specialist, *, days: float, hours: float = 1, **kwargs):
    starts = timezone.now() + datetime.timedelta(days=days)
    return OpenLessonFactory(
        specialist=specialist, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours), **kwargs
    )


@pytest.fixture
def host(hub_world):
    """hub_world's specialist (their lesson is in a week) with two lessons held, one cancelled after it was due, one
    under way now; and another specialist of the hub with a lesson held."""
    specialist = hub_world.specialist
    _lesson(specialist, days=-30)
    _lesson(specialist, days=-2)
    _lesson(specialist, days=-10, status=OpenLessonStatus.CANCELLED, cancelled_reason="Snow")
    _lesson(specialist, days=-1 / 48, hours=2)  # started half an hour ago, ends in an hour and a half
    _lesson(MasterySpecialistFactory(hub=hub_world.hub, user=UserFactory(school=hub_world.school2)), days=-3)
    return specialist


def test_open_lessons_hosted_counts_lessons_that_have_taken_place(host):
    specialist = selectors.specialist_for_page(pk=host.pk)

    assert specialist.open_lessons_hosted == 2


def test_open_lessons_hosted_rises_once_a_lesson_is_over(host):
    now = timezone.now()
    with time_machine.travel(now + datetime.timedelta(hours=2), tick=False):
        later = selectors.specialist_for_page(pk=host.pk).open_lessons_hosted
    with time_machine.travel(now + datetime.timedelta(days=8), tick=False):
        next_week = selectors.specialist_for_page(pk=host.pk).open_lessons_hosted

    assert (later, next_week) == (3, 4)


def test_a_specialist_without_lessons_has_hosted_none(hub_world):
    other = MasterySpecialistFactory(hub=hub_world.hub)

    assert selectors.specialist_for_page(pk=other.pk).open_lessons_hosted == 0
    assert [s.open_lessons_hosted for s in selectors.hub_specialists(hub=hub_world.hub) if s.pk == other.pk] == [0]


def test_open_lessons_hosted_show_on_the_progress_pages(client, host, hub_world):
    client.force_login(hub_world.lead)
    hub_page = client.get(reverse("mastery:hub_specialists", args=[hub_world.hub.slug])).content.decode()
    progress = client.get(reverse("mastery:specialist", args=[host.pk])).content.decode()
    client.force_login(UserFactory(is_ncetm_staff=True))
    cohort_page = client.get(reverse("mastery:cohort", args=[host.cohort_id])).content.decode()
    profile = client.get(reverse("reports:specialist_profile", args=[host.pk])).content.decode()

    row = hub_page.split(f'data-specialist="{host.user.email}"')[1].split("</tr>")[0]
    assert "Open lessons hosted: 2" in row
    assert "Open lessons hosted: 2" in cohort_page.split(f'data-specialist="{host.user.email}"')[1].split("</tr>")[0]
    assert "Open lessons hosted: 2 (those that have taken place" in progress
    assert 'data-testid="open-lessons-hosted">2 ' in profile
