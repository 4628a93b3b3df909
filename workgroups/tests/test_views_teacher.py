import datetime

import pytest
import time_machine
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubAreaFactory
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import ConsentStatus, Format, RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    SessionFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db
RS = RegistrationStatus


def test_find_lists_only_open_groups_and_filters(client, hub, work_group):
    WorkGroupFactory(hub=hub, status=WorkGroupStatus.DRAFT, title="Secret draft")
    online = WorkGroupFactory(format=Format.ONLINE, title="Online fractions")
    client.force_login(UserFactory())

    everything = client.get(reverse("workgroups:find")).content.decode()
    by_format = client.get(reverse("workgroups:find"), {"format": "online"}).content.decode()
    by_hub = client.get(reverse("workgroups:find"), {"hub": hub.pk}).content.decode()
    by_search = client.get(reverse("workgroups:find"), {"q": "fractions"}).content.decode()

    assert work_group.title in everything and online.title in everything and "Secret draft" not in everything
    assert online.title in by_format and work_group.title not in by_format
    assert work_group.title in by_hub and online.title not in by_hub
    assert online.title in by_search and work_group.title not in by_search


def test_find_filters_by_phase_and_project(client, work_group):
    secondary = WorkGroupFactory(phase="secondary", title="Secondary group")

    by_phase = client.get(reverse("workgroups:find"), {"phase": "secondary"}).content.decode()
    by_project = client.get(reverse("workgroups:find"), {"project": work_group.project_id}).content.decode()

    assert secondary.title in by_phase and work_group.title not in by_phase
    assert work_group.title in by_project and secondary.title not in by_project


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_find_offers_only_the_projects_an_open_group_can_be_of(client):
    """This year's and next year's projects (a Work Group is made from one of those); earlier years' are gone."""
    projects = {
        year: NationalProjectFactory(academic_year=AcademicYearFactory(start_year=year), title=f"Project of {year}")
        for year in (2024, 2025, 2026, 2027)
    }
    client.force_login(UserFactory())

    page = client.get(reverse("workgroups:find")).content.decode()
    chosen = client.get(reverse("workgroups:find"), {"project": projects[2025].pk})

    assert "Project of 2026" in page and "Project of 2027" in page
    assert "Project of 2024" not in page and "Project of 2025" not in page
    assert chosen.status_code == 200 and "Select a valid choice" in chosen.content.decode()


def test_find_is_paginated(client):
    for n in range(25):
        WorkGroupFactory(title=f"Group number {n:02d}")

    first = client.get(reverse("workgroups:find"))
    second = client.get(reverse("workgroups:find"), {"page": 2})

    assert len(first.context["page"]) == 20 and len(second.context["page"]) == 5
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize(
    ("asked", "shown", "rows"), [("", 1, 20), ("x", 1, 20), ("2", 2, 5), ("3", 2, 5), ("0", 2, 5), ("-1", 2, 5)]
)
def test_find_page_asked_for_is_read_as_the_paginator_reads_it(client, asked, shown, rows):
    """Not a number: the first page; past the last or under 1: the last. The count is of every group found."""
    for n in range(25):
        WorkGroupFactory(title=f"Group number {n:02d}")

    response = client.get(reverse("workgroups:find"), {"page": asked})

    assert response.context["page"].number == shown and len(response.context["page"]) == rows
    assert f"Page {shown} of 2" in response.content.decode()
    assert "25 Work Groups open for registration" in response.content.decode()


def test_find_escapes_what_hubs_typed(client, hub):
    WorkGroupFactory(hub=hub, title='<b>Fractions</b> & "decimals"', venue="<i>Hall</i>")

    body = client.get(reverse("workgroups:find")).content.decode()

    assert "&lt;b&gt;Fractions&lt;/b&gt; &amp; &quot;decimals&quot;" in body and "&lt;i&gt;Hall&lt;/i&gt;" in body
    assert "<b>Fractions" not in body and "<i>Hall" not in body


def test_find_with_nothing_open_says_so(client):
    WorkGroupFactory(status=WorkGroupStatus.DRAFT)

    body = client.get(reverse("workgroups:find")).content.decode()

    assert "0 Work Groups open for registration" in body and "No open Work Group matches" in body


def test_find_runs_fixed_queries_at_two_sizes(client):
    client.force_login(UserFactory())

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workgroups:find")).status_code == 200
        return len(ctx)

    group = WorkGroupFactory()
    SessionFactory(work_group=group, number=1)
    small = count()
    for _ in range(12):
        group = WorkGroupFactory()
        SessionFactory(work_group=group, number=1)
        RegistrationFactory(work_group=group)
    assert count() == small


def test_register_page_defaults_school_to_profile(client, work_group):
    area = HubAreaFactory(hub=work_group.hub)
    school = SchoolFactory(local_authority=area.local_authority)
    teacher = UserFactory(school=school)
    client.force_login(teacher)

    response = client.get(reverse("workgroups:register_for", args=[work_group.pk]))

    assert response.context["form"].fields["school"].initial == school.pk
    assert school in response.context["form"].fields["school"].queryset


def test_register_post_creates_registration_and_mails_headteacher(
    client, work_group, django_capture_on_commit_callbacks
):
    school = SchoolFactory()
    teacher = UserFactory(school=school)
    client.force_login(teacher)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workgroups:register_for", args=[work_group.pk]),
            {
                "school": school.pk,
                "role_in_school": "Year 4 teacher",
                "trn": "1234567",
                "headteacher_name": "Pat Head",
                "headteacher_email": "pat@school.example",
            },
        )

    assert response.url == reverse("workgroups:my_cpd")
    registration = Registration.objects.get(teacher=teacher)
    assert (registration.school, registration.trn, registration.status) == (school, "1234567", RS.APPLIED)
    assert [m.to for m in mail.outbox if "Please confirm" in m.subject] == [["pat@school.example"]]


def test_register_post_with_bad_trn_re_renders_and_saves_nothing(client, work_group):
    school = SchoolFactory()
    client.force_login(UserFactory(school=school))

    response = client.post(
        reverse("workgroups:register_for", args=[work_group.pk]),
        {
            "school": school.pk,
            "role_in_school": "Teacher",
            "trn": "12345",
            "headteacher_name": "Pat",
            "headteacher_email": "pat@school.example",
        },
    )

    assert response.status_code == 200
    assert "seven digits" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_after_deadline_shows_error(client, work_group):
    work_group.registration_deadline = timezone.localdate() - datetime.timedelta(days=2)
    work_group.save()
    school = SchoolFactory()
    client.force_login(UserFactory(school=school))

    response = client.post(
        reverse("workgroups:register_for", args=[work_group.pk]),
        {
            "school": school.pk,
            "role_in_school": "Teacher",
            "headteacher_name": "Pat",
            "headteacher_email": "pat@school.example",
        },
    )

    assert "Registration closed" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_for_draft_group_answers_404(client, work_group):
    work_group.status = WorkGroupStatus.DRAFT
    work_group.save()
    client.force_login(UserFactory())

    assert client.get(reverse("workgroups:register_for", args=[work_group.pk])).status_code == 404
    assert client.get(reverse("workgroups:detail", args=[work_group.pk])).status_code == 404


def test_consent_link_confirms_without_an_account(client, work_group):
    registration = RegistrationFactory(work_group=work_group)
    token = services.consent_token_make(registration=registration)
    url = reverse("workgroups:consent", args=[token])

    page = client.get(url)
    confirmed = client.post(url, {"answer": "confirm"})

    assert registration.teacher.full_name in page.content.decode()
    assert "you have confirmed" in confirmed.content.decode()
    registration.refresh_from_db()
    assert registration.consent_status == ConsentStatus.CONFIRMED
    assert registration.consent_decided_at is not None


def test_consent_link_can_decline_and_then_cannot_change(client, work_group):
    registration = RegistrationFactory(work_group=work_group)
    url = reverse("workgroups:consent", args=[services.consent_token_make(registration=registration)])

    client.post(url, {"answer": "decline"})
    again = client.post(url, {"answer": "confirm"})

    registration.refresh_from_db()
    assert registration.consent_status == ConsentStatus.DECLINED
    assert "already answered" in again.content.decode()


def test_consent_link_forged_is_refused_and_changes_nothing(client, work_group):
    registration = RegistrationFactory(work_group=work_group)
    token = services.consent_token_make(registration=registration)
    forged = signing.TimestampSigner(salt="someone-else").sign_object(
        {"r": registration.pk, "e": registration.headteacher_email}
    )

    tampered = client.post(reverse("workgroups:consent", args=[token[:-2] + "xx"]), {"answer": "confirm"})
    other_key = client.post(reverse("workgroups:consent", args=[forged]), {"answer": "confirm"})

    assert tampered.status_code == other_key.status_code == 400
    assert "not valid" in tampered.content.decode()
    registration.refresh_from_db()
    assert registration.consent_status == ConsentStatus.PENDING


def test_consent_link_expired_is_refused_and_changes_nothing(client, work_group, monkeypatch):
    registration = RegistrationFactory(work_group=work_group)
    token = services.consent_token_make(registration=registration)
    later = datetime.datetime.now().timestamp() + services.CONSENT_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client.post(reverse("workgroups:consent", args=[token]), {"answer": "confirm"})

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    registration.refresh_from_db()
    assert registration.consent_status == ConsentStatus.PENDING


def test_consent_link_after_headteacher_email_changed_is_refused(client, work_group):
    registration = RegistrationFactory(work_group=work_group)
    token = services.consent_token_make(registration=registration)
    Registration.objects.filter(pk=registration.pk).update(headteacher_email="new@school.example")

    response = client.get(reverse("workgroups:consent", args=[token]))

    assert response.status_code == 400
    assert "no longer matches" in response.content.decode()


def test_find_leaves_out_groups_past_their_deadline(client, work_group):
    WorkGroupFactory(title="Too late", registration_deadline=timezone.localdate() - datetime.timedelta(days=1))
    WorkGroupFactory(title="Closes today", registration_deadline=timezone.localdate())

    body = client.get(reverse("workgroups:find")).content.decode()

    assert "Too late" not in body and "Closes today" in body


def test_hub_lead_resends_consent_link(
    client, work_group, hub_lead, other_hub_lead, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(work_group=work_group)
    client.force_login(other_hub_lead)
    assert client.post(reverse("workgroups:consent_resend", args=[registration.pk])).status_code == 404
    client.force_login(hub_lead)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workgroups:consent_resend", args=[registration.pk]))

    assert [m.to for m in mail.outbox] == [[registration.headteacher_email]]


def test_detail_of_full_group_says_registrations_join_waitlist(client, work_group):
    for _ in range(work_group.capacity):
        RegistrationFactory(work_group=work_group)

    body = client.get(reverse("workgroups:detail", args=[work_group.pk])).content.decode()

    assert "new registrations join the waitlist" in body
