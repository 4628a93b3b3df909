import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from workgroups import services
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def events(body: bytes) -> dict:
    return {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_calendar_feed_lists_my_sessions_with_cancellations_and_sequence(client, work_group):
    registration = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    RegistrationFactory(work_group=WorkGroupFactory(), status=RegistrationStatus.APPROVED)  # someone else's
    first, second = work_group.sessions.order_by("number")
    services.session_cancel(session=second)
    feed = services.calendar_feed_get_or_create(user=registration.teacher)

    response = client.get(reverse("workgroups:calendar_feed", args=[feed.token]))  # no login: calendar apps

    assert response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    assert set(found) == {f"session-{first.pk}@mathshubs-portal", f"session-{second.pk}@mathshubs-portal"}
    cancelled = found[f"session-{second.pk}@mathshubs-portal"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1
    assert str(found[f"session-{first.pk}@mathshubs-portal"]["STATUS"]) == "CONFIRMED"


def test_calendar_feed_shows_moved_session_with_new_time_and_sequence(client, work_group):
    registration = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    session = work_group.sessions.first()
    new_start = session.starts_at.replace(microsecond=0) + datetime.timedelta(days=3)
    services.session_reschedule(session=session, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=1))
    feed = services.calendar_feed_get_or_create(user=registration.teacher)

    event = events(client.get(reverse("workgroups:calendar_feed", args=[feed.token])).content)[
        f"session-{session.pk}@mathshubs-portal"
    ]

    assert event.decoded("DTSTART") == new_start
    assert int(event["SEQUENCE"]) == 1


def test_calendar_feed_includes_led_groups_not_drafts(client, work_group, wg_lead):
    draft = WorkGroupFactory(status=WorkGroupStatus.DRAFT)
    draft.leads.add(wg_lead)
    from workgroups.tests.factories import SessionFactory

    SessionFactory(work_group=draft, number=1)
    feed = services.calendar_feed_get_or_create(user=wg_lead)

    found = events(client.get(reverse("workgroups:calendar_feed", args=[feed.token])).content)

    assert len(found) == 2


def test_calendar_feed_regenerated_retires_old_address(client):
    user = UserFactory()
    old = services.calendar_feed_get_or_create(user=user).token
    client.force_login(user)

    client.post(reverse("workgroups:calendar_regenerate"))

    new = services.calendar_feed_get_or_create(user=user).token
    assert new != old
    assert client.get(reverse("workgroups:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("workgroups:calendar_feed", args=[new])).status_code == 200
    assert new in client.get(reverse("workgroups:calendar")).content.decode()


def test_calendar_feed_with_unknown_token_answers_404(client):
    assert client.get(reverse("workgroups:calendar_feed", args=["not-a-token"])).status_code == 404


def test_session_ics_download_for_participant_only(client, work_group):
    registration = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    session = work_group.sessions.first()
    url = reverse("workgroups:session_ics", args=[session.pk])
    client.force_login(registration.teacher)

    response = client.get(url)

    assert "attachment" in response["Content-Disposition"]
    assert list(events(response.content)) == [f"session-{session.pk}@mathshubs-portal"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
