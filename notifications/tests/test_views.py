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
from notifications.enums import OutboxStatus
from notifications.models import OptOut, OutboxMessage
from notifications.registry import kind_get, user_key
from notifications.selectors import preference_kinds, preferences_wanted
from notifications.services import Address, message_enqueue
from notifications.sweep import rows_insert
from notifications.unsubscribe import unsubscribe_token, unsubscribe_url
from workgroups.enums import MailKind, RegistrationStatus
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _session_with_rows(participants=2, work_group=None):
    work_group = work_group or WorkGroupFactory()
    session = SessionFactory(work_group=work_group, starts_at=timezone.now() + DAY / 2)
    for _ in range(participants):
        RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    rows_insert(kind_get(MailKind.SESSION_REMINDER).find_due(timezone.now()))
    return session


def _hub_lead(hub):
    return HubMembershipFactory(hub=hub, role=HubRole.LEAD).user


def _session_rows(session):
    return OutboxMessage.objects.filter(topic_type="workgroups.session", topic_id=session.pk)


def _failed_consent_request(work_group, error="451 4.3.0 Try again later"):
    """A transactional e-mail of the hub that failed its last attempt."""
    registration = RegistrationFactory(work_group=work_group, headteacher_email="head@park.example")
    (pk,) = message_enqueue(
        kind=MailKind.CONSENT_REQUEST,
        object_key=f"registration:{registration.pk}:1",
        recipients=[Address("head@park.example", "Pat Head")],
        hub=work_group.hub,
        topic=registration,
    )
    OutboxMessage.objects.filter(pk=pk).update(status=OutboxStatus.FAILED, attempts=6, last_error=error)
    return OutboxMessage.objects.get(pk=pk)


def test_hub_outbox_lists_transactional_e_mails_with_state_attempts_and_last_error(client):
    work_group = WorkGroupFactory()
    failed = _failed_consent_request(work_group)
    client.force_login(_hub_lead(work_group.hub))

    response = client.get(reverse("notifications:hub_outbox", args=[work_group.hub.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Consent request to the headteacher" in html
    assert "head@park.example" in html and "Pat Head" in html
    assert "451 4.3.0 Try again later" in html
    assert f'Send again<span class="visually-hidden"> to {failed.to_address}' in html
    assert response.context["counts"]["failed"] == 1


def test_hub_outbox_filters_by_kind_and_state(client):
    session = _session_with_rows(participants=3)
    _failed_consent_request(session.work_group)
    client.force_login(_hub_lead(session.work_group.hub))
    url = reverse("notifications:hub_outbox", args=[session.work_group.hub.slug])

    reminders = client.get(url, {"kind": MailKind.SESSION_REMINDER}).context["rows"]
    failed = client.get(url, {"status": OutboxStatus.FAILED}).context["rows"]
    queued_consent = client.get(url, {"kind": MailKind.CONSENT_REQUEST, "status": OutboxStatus.QUEUED}).context["rows"]

    assert {r.kind for r in reminders} == {MailKind.SESSION_REMINDER} and len(reminders) == 3
    assert [r.kind for r in failed] == [MailKind.CONSENT_REQUEST]
    assert queued_consent == []


def test_hub_outbox_with_an_unknown_filter_shows_everything(client):
    session = _session_with_rows(participants=1)
    client.force_login(_hub_lead(session.work_group.hub))

    response = client.get(reverse("notifications:hub_outbox", args=[session.work_group.hub.slug]), {"kind": "nope"})

    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_hub_outbox_of_another_hub_is_404(client):
    session = _session_with_rows()
    client.force_login(_hub_lead(WorkGroupFactory().hub))

    response = client.get(reverse("notifications:hub_outbox", args=[session.work_group.hub.slug]))

    assert response.status_code == 404


def test_hub_outbox_shows_only_the_hubs_own_e_mails(client):
    mine = _session_with_rows(participants=1)
    theirs = _session_with_rows(participants=2)
    client.force_login(_hub_lead(mine.work_group.hub))

    rows = client.get(reverse("notifications:hub_outbox", args=[mine.work_group.hub.slug])).context["rows"]

    assert [r.topic_id for r in rows] == [mine.pk]
    assert theirs.work_group.hub_id != mine.work_group.hub_id


def test_hub_outbox_query_count_does_not_grow_with_rows(client):
    work_group = WorkGroupFactory()
    _session_with_rows(participants=1, work_group=work_group)
    client.force_login(_hub_lead(work_group.hub))
    url = reverse("notifications:hub_outbox", args=[work_group.hub.slug])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        _session_with_rows(participants=3, work_group=work_group)
    _failed_consent_request(work_group)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 50  # a full page of the 66 rows (5 sessions × 13 participants, 1 consent)
    assert response.context["page"].paginator.count == 66
    # One more topic model on the page (registrations) is one more query, whatever the number of rows.
    assert len(many) == len(one) + 1


def test_topic_page_shows_each_persons_e_mail_about_a_session(client, django_assert_max_num_queries):
    session = _session_with_rows(participants=2)
    client.force_login(_hub_lead(session.work_group.hub))
    url = reverse("notifications:topic_outbox", args=[session.work_group.hub.slug, "workgroups.session", session.pk])

    with django_assert_max_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{session.work_group.code} session {session.number}" in html
    for row in _session_rows(session).select_related("recipient"):
        assert row.recipient.email in html


def test_topic_page_query_count_does_not_grow_with_recipients(client):
    small = _session_with_rows(participants=1)
    client.force_login(_hub_lead(small.work_group.hub))

    def url(session):
        return reverse(
            "notifications:topic_outbox", args=[session.work_group.hub.slug, "workgroups.session", session.pk]
        )

    with CaptureQueriesContext(connection) as one:
        assert client.get(url(small)).status_code == 200
    large = _session_with_rows(participants=6, work_group=small.work_group)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url(large))
    assert len(response.context["rows"]) == 7  # the group's 7 participants
    assert len(six) == len(one)


@pytest.mark.parametrize("who", ["other_hub_lead", "participant", "work_group_lead"])
def test_topic_page_is_404_for_people_who_do_not_manage_the_hub(client, who):
    session = _session_with_rows(participants=1)
    user = {
        "other_hub_lead": lambda: _hub_lead(WorkGroupFactory().hub),
        "participant": lambda: session.work_group.registrations.first().teacher,
        "work_group_lead": lambda: UserFactory(),
    }[who]()
    if who == "work_group_lead":
        session.work_group.leads.add(user)
    client.force_login(user)
    url = reverse("notifications:topic_outbox", args=[session.work_group.hub.slug, "workgroups.session", session.pk])

    assert client.get(url).status_code == 404


def test_topic_page_for_another_hubs_session_is_404_even_through_ones_own_hub(client):
    mine, theirs = WorkGroupFactory(), _session_with_rows(participants=1)
    client.force_login(_hub_lead(mine.hub))

    url = reverse("notifications:topic_outbox", args=[mine.hub.slug, "workgroups.session", theirs.pk])

    assert client.get(url).status_code == 404


def test_hub_lead_resends_a_failed_e_mail_and_returns_to_the_page(client, django_capture_on_commit_callbacks):
    work_group = WorkGroupFactory()
    failed = _failed_consent_request(work_group)
    client.force_login(_hub_lead(work_group.hub))
    page = reverse("notifications:hub_outbox", args=[work_group.hub.slug]) + "?status=failed"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:resend", args=[failed.pk]), {"next": page})

    assert response.status_code == 302 and response.url == page
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert [m.to for m in mail.outbox] == [["head@park.example"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == failed.message_id


def test_resend_never_redirects_off_the_site(client):
    work_group = WorkGroupFactory()
    failed = _failed_consent_request(work_group)
    client.force_login(_hub_lead(work_group.hub))

    response = client.post(reverse("notifications:resend", args=[failed.pk]), {"next": "https://evil.example/"})

    assert response.url == reverse("notifications:hub_outbox", args=[work_group.hub.slug])


def test_resend_of_an_e_mail_that_did_not_fail_says_so(client):
    session = _session_with_rows(participants=1)
    row = _session_rows(session).get()
    client.force_login(_hub_lead(session.work_group.hub))

    response = client.post(reverse("notifications:resend", args=[row.pk]), follow=True)

    assert "Only an e-mail that failed can be sent again." in response.content.decode()
    row.refresh_from_db()
    assert row.status == OutboxStatus.QUEUED


def test_resend_by_another_hubs_lead_is_404_and_changes_nothing(client):
    work_group = WorkGroupFactory()
    failed = _failed_consent_request(work_group)
    client.force_login(_hub_lead(WorkGroupFactory().hub))

    assert client.post(reverse("notifications:resend", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 6)


def _unsubscribe_path(user):
    token = unsubscribe_token(kind=MailKind.SESSION_REMINDER, recipient_key=user_key(user.pk))
    return reverse("notifications:unsubscribe", args=[token])


def test_unsubscribe_get_asks_and_post_unsubscribes(client):
    user = UserFactory()
    url = _unsubscribe_path(user)

    page = client.get(url)
    assert page.status_code == 200
    assert user.email in page.content.decode()
    assert not OptOut.objects.exists()

    done = client.post(url)
    assert done.status_code == 200
    assert list(OptOut.objects.values_list("kind", "recipient_key")) == [(MailKind.SESSION_REMINDER, f"user:{user.pk}")]


def test_one_click_unsubscribe_post_works_without_csrf_or_login():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(_unsubscribe_path(user), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert OptOut.objects.filter(recipient_key=f"user:{user.pk}", kind=MailKind.SESSION_REMINDER).exists()


def test_unsubscribe_token_is_the_same_each_time_it_is_made():
    user = UserFactory()
    first = unsubscribe_url(kind=MailKind.SESSION_REMINDER, recipient_key=user_key(user.pk))

    assert unsubscribe_url(kind=MailKind.SESSION_REMINDER, recipient_key=user_key(user.pk)) == first


def test_unsubscribe_link_e_mailed_before_the_move_still_works(client):
    from django.core import signing

    user = UserFactory()
    # How reminders were signed before the outbox had its own app: timestamped, another salt, /reminders/.
    token = signing.dumps({"k": "session", "r": f"user:{user.pk}"}, salt="workgroups.reminders.unsubscribe")

    response = client.post(f"/reminders/unsubscribe/{token}/")

    assert response.status_code == 200
    assert OptOut.objects.filter(kind="session", recipient_key=f"user:{user.pk}").exists()


def test_unsubscribe_with_a_tampered_token_is_404(client):
    url = _unsubscribe_path(UserFactory())
    tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]

    assert client.post(tampered).status_code == 404
    assert not OptOut.objects.exists()


def test_unsubscribe_from_a_kind_nobody_may_stop_is_404(client):
    user = UserFactory()
    token = unsubscribe_token(kind=MailKind.REGISTRATION_APPROVED, recipient_key=user_key(user.pk))

    assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404
    assert not OptOut.objects.exists()


def test_preferences_untick_a_kind_and_tick_it_back(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("notifications:preferences")

    client.post(url, {"kinds": [MailKind.TASK_REFLECTION, MailKind.HUB_DIGEST]})
    assert preferences_wanted(user=user) == {MailKind.TASK_REFLECTION, MailKind.HUB_DIGEST}

    client.post(url, {"kinds": [k.name for k in preference_kinds()]})
    assert preferences_wanted(user=user) == {k.name for k in preference_kinds()}
    assert "checked" in client.get(url).content.decode()


def test_preferences_offer_only_what_a_person_may_stop(client):
    client.force_login(UserFactory())

    body = client.get(reverse("notifications:preferences")).content.decode()

    assert "Session reminders" in body
    assert "Registration approved" not in body and "Impact survey" not in body


def test_preferences_refuse_a_kind_that_is_not_offered(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("notifications:preferences"), {"kinds": [MailKind.REGISTRATION_APPROVED]})

    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not OptOut.objects.exists()


def test_old_preferences_address_leads_to_the_new_page(client):
    client.force_login(UserFactory())

    response = client.get("/reminders/preferences/")

    assert response.status_code == 302 and response.url == reverse("notifications:preferences")


def test_profile_links_to_preferences_and_the_hub_outbox(client):
    hub_lead = _hub_lead(WorkGroupFactory().hub)
    client.force_login(hub_lead)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert reverse("notifications:preferences") in html
    assert reverse("notifications:hub_outbox", args=[hub_lead.hub_memberships.get().hub.slug]) in html


def test_site_admin_sees_the_outbox_in_the_admin(client):
    _session_with_rows(participants=2)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for model in ("outboxmessage", "optout"):
        assert client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200


def test_work_group_manage_page_links_each_session_to_its_e_mails(client):
    session = _session_with_rows(participants=1)
    client.force_login(_hub_lead(session.work_group.hub))

    html = client.get(reverse("workgroups:manage", args=[session.work_group.pk])).content.decode()

    assert (
        reverse("notifications:topic_outbox", args=[session.work_group.hub.slug, "workgroups.session", session.pk])
        in html
    )
