import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from workgroups import reminders
from workgroups.enums import RegistrationStatus
from workgroups.models.outbox import (
    ACCOUNT_REMINDER_KINDS,
    HubReminderSettings,
    OutboxMessage,
    OutboxStatus,
    ReminderKind,
    ReminderOptOut,
)
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _session_with_rows(participants=2, work_group=None):
    work_group = work_group or WorkGroupFactory()
    session = SessionFactory(work_group=work_group, starts_at=timezone.now() + DAY / 2)
    for _ in range(participants):
        RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    reminders._insert(list(reminders.SPECS[ReminderKind.SESSION].find_due(timezone.now())))
    return session


def _hub_lead(hub):
    return HubMembershipFactory(hub=hub, role=HubRole.LEAD).user


def test_hub_outbox_lists_sessions_with_counts_for_the_hub_lead(client):
    session = _session_with_rows(participants=3)
    OutboxMessage.objects.filter(session=session).filter(pk__in=OutboxMessage.objects.values("pk")[:1]).update(
        status=OutboxStatus.FAILED
    )
    client.force_login(_hub_lead(session.work_group.hub))

    response = client.get(reverse("reminders:hub_outbox", args=[session.work_group.hub.slug]))

    assert response.status_code == 200
    row = next(s for s in response.context["sessions"] if s.pk == session.pk)
    assert (row.queued, row.failed, row.sent, row.skipped) == (2, 1, 0, 0)


def test_hub_outbox_of_another_hub_is_404(client):
    session = _session_with_rows()
    client.force_login(_hub_lead(WorkGroupFactory().hub))

    response = client.get(reverse("reminders:hub_outbox", args=[session.work_group.hub.slug]))

    assert response.status_code == 404


def test_hub_outbox_query_count_does_not_grow_with_sessions(client):
    work_group = WorkGroupFactory()
    _session_with_rows(participants=1, work_group=work_group)
    client.force_login(_hub_lead(work_group.hub))
    url = reverse("reminders:hub_outbox", args=[work_group.hub.slug])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        _session_with_rows(participants=3, work_group=work_group)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(response.context["sessions"]) == 5
    assert len(five) == len(one)


def test_session_outbox_shows_each_persons_reminder_to_the_hub_lead(client, django_assert_max_num_queries):
    session = _session_with_rows(participants=2)
    client.force_login(_hub_lead(session.work_group.hub))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("reminders:session_outbox", args=[session.pk]))

    assert response.status_code == 200
    for row in OutboxMessage.objects.filter(session=session).select_related("recipient"):
        assert row.recipient.email in response.content.decode()


@pytest.mark.parametrize("who", ["other_hub_lead", "participant", "work_group_lead"])
def test_session_outbox_is_404_for_people_who_do_not_manage_the_hub(client, who):
    session = _session_with_rows(participants=1)
    user = {
        "other_hub_lead": lambda: _hub_lead(WorkGroupFactory().hub),
        "participant": lambda: session.work_group.registrations.first().teacher,
        "work_group_lead": lambda: UserFactory(),
    }[who]()
    if who == "work_group_lead":
        session.work_group.leads.add(user)
    client.force_login(user)

    assert client.get(reverse("reminders:session_outbox", args=[session.pk])).status_code == 404


def test_hub_lead_resends_a_failed_reminder(client, django_capture_on_commit_callbacks):
    session = _session_with_rows(participants=1)
    row = OutboxMessage.objects.get(session=session)
    OutboxMessage.objects.filter(pk=row.pk).update(status=OutboxStatus.FAILED, attempts=6, last_error="451 busy")
    client.force_login(_hub_lead(session.work_group.hub))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reminders:resend", args=[row.pk]))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_resend_by_another_hubs_lead_is_404_and_changes_nothing(client):
    session = _session_with_rows(participants=1)
    row = OutboxMessage.objects.get(session=session)
    OutboxMessage.objects.filter(pk=row.pk).update(status=OutboxStatus.FAILED)
    client.force_login(_hub_lead(WorkGroupFactory().hub))

    assert client.post(reverse("reminders:resend", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED


def _unsubscribe_url(user):
    token = reminders.unsubscribe_token(kind=ReminderKind.SESSION, recipient_key=reminders.user_key(user.pk))
    return reverse("reminders:unsubscribe", args=[token])


def test_unsubscribe_get_asks_and_post_unsubscribes(client):
    user = UserFactory()
    url = _unsubscribe_url(user)

    page = client.get(url)
    assert page.status_code == 200
    assert user.email in page.content.decode()
    assert not ReminderOptOut.objects.exists()

    done = client.post(url)
    assert done.status_code == 200
    assert list(ReminderOptOut.objects.values_list("kind", "recipient_key")) == [
        (ReminderKind.SESSION, f"user:{user.pk}")
    ]


def test_one_click_unsubscribe_post_works_without_csrf_or_login():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(_unsubscribe_url(user), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert ReminderOptOut.objects.filter(recipient_key=f"user:{user.pk}", kind=ReminderKind.SESSION).exists()


def test_unsubscribe_with_a_tampered_token_is_404(client):
    url = _unsubscribe_url(UserFactory())
    tampered = url.replace("/unsubscribe/e", "/unsubscribe/f")

    assert client.post(tampered).status_code == 404
    assert not ReminderOptOut.objects.exists()


def test_preferences_untick_a_kind_and_tick_it_back(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("reminders:preferences")

    client.post(url, {"kinds": [ReminderKind.TASK_REFLECTION, ReminderKind.HUB_DIGEST]})
    assert reminders.reminder_kinds_wanted(user=user) == {ReminderKind.TASK_REFLECTION, ReminderKind.HUB_DIGEST}

    client.post(url, {"kinds": list(ACCOUNT_REMINDER_KINDS)})
    assert reminders.reminder_kinds_wanted(user=user) == set(ACCOUNT_REMINDER_KINDS)
    assert "checked" in client.get(url).content.decode()


def test_profile_links_to_reminder_preferences_and_hub_outbox(client):
    hub_lead = _hub_lead(WorkGroupFactory().hub)
    client.force_login(hub_lead)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert reverse("reminders:preferences") in html
    assert reverse("reminders:hub_outbox", args=[hub_lead.hub_memberships.get().hub.slug]) in html


def test_hub_lead_sets_the_hubs_reminder_schedule(client):
    work_group = WorkGroupFactory()
    client.force_login(_hub_lead(work_group.hub))
    url = reverse("reminders:hub_outbox", args=[work_group.hub.slug])
    assert 'value="7,1"' in client.get(url).content.decode()

    response = client.post(url, {"session_offset_days": "1, 14,3"})

    assert response.status_code == 302
    assert work_group.hub.reminder_settings.offsets == [14, 3, 1]


def test_bad_reminder_schedule_re_renders_with_an_error_and_saves_nothing(client):
    work_group = WorkGroupFactory()
    client.force_login(_hub_lead(work_group.hub))

    response = client.post(
        reverse("reminders:hub_outbox", args=[work_group.hub.slug]), {"session_offset_days": "7, tomorrow"}
    )

    assert response.status_code == 400
    assert "Give whole numbers of days" in response.content.decode()
    assert not HubReminderSettings.objects.exists()


def test_reminder_schedule_of_another_hub_cannot_be_set(client):
    work_group = WorkGroupFactory()
    client.force_login(_hub_lead(WorkGroupFactory().hub))

    response = client.post(reverse("reminders:hub_outbox", args=[work_group.hub.slug]), {"session_offset_days": "2"})

    assert response.status_code == 404
    assert not HubReminderSettings.objects.exists()


def test_session_outbox_query_count_does_not_grow_with_recipients(client):
    small = _session_with_rows(participants=1)
    client.force_login(_hub_lead(small.work_group.hub))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("reminders:session_outbox", args=[small.pk])).status_code == 200
    large = _session_with_rows(participants=6, work_group=small.work_group)
    with CaptureQueriesContext(connection) as six:
        response = client.get(reverse("reminders:session_outbox", args=[large.pk]))
    assert len(response.context["rows"]) == 7  # the group's 7 participants
    assert len(six) == len(one)


def test_site_admin_sees_the_outbox_in_the_admin(client):
    _session_with_rows(participants=2)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    for model in ("outboxmessage", "hubremindersettings", "reminderoptout"):
        assert client.get(reverse(f"admin:workgroups_{model}_changelist")).status_code == 200


def test_work_group_manage_page_links_each_session_to_its_reminders(client):
    session = _session_with_rows(participants=1)
    client.force_login(_hub_lead(session.work_group.hub))

    html = client.get(reverse("workgroups:manage", args=[session.work_group.pk])).content.decode()

    assert reverse("reminders:session_outbox", args=[session.pk]) in html
