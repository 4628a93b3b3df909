import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from workgroups.enums import ConsentStatus, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import NationalProject, Registration, WorkGroup
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db
RS = RegistrationStatus


def test_hub_list_shows_only_the_hubs_groups(client, hub, hub_lead, work_group):
    WorkGroupFactory(code="OTHER-HUB-GROUP")
    client.force_login(hub_lead)

    body = client.get(reverse("workgroups:hub_list", args=[hub.slug])).content.decode()

    assert work_group.code in body
    assert "OTHER-HUB-GROUP" not in body


def test_hub_list_runs_fixed_queries_at_two_sizes(client, hub, hub_lead):
    client.force_login(hub_lead)
    url = reverse("workgroups:hub_list", args=[hub.slug])

    def count():
        client.get(url)  # warm session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    WorkGroupFactory(hub=hub)
    small = count()
    for _ in range(6):
        RegistrationFactory(work_group=WorkGroupFactory(hub=hub))
    assert count() == small


@pytest.mark.parametrize("name", ["hub_list", "create"])
def test_hub_pages_of_another_hub_answer_404(client, hub, other_hub_lead, name):
    client.force_login(other_hub_lead)

    assert client.get(reverse(f"workgroups:{name}", args=[hub.slug])).status_code == 404


@pytest.mark.parametrize("name", ["manage", "edit", "session_create", "reflections"])
def test_work_group_pages_of_another_hub_answer_404(client, work_group, other_hub_lead, name):
    RegistrationFactory(work_group=work_group)
    client.force_login(other_hub_lead)

    assert client.get(reverse(f"workgroups:{name}", args=[work_group.pk])).status_code == 404


def test_work_group_posts_of_another_hub_answer_404_and_change_nothing(client, work_group, other_hub_lead):
    registration = RegistrationFactory(work_group=work_group)
    client.force_login(other_hub_lead)

    decide = client.post(
        reverse("workgroups:decide", args=[work_group.pk]), {"action": "approve", "registration": [registration.pk]}
    )
    transition = client.post(reverse("workgroups:transition", args=[work_group.pk]), {"to": "closed"})

    assert (decide.status_code, transition.status_code) == (404, 404)
    registration.refresh_from_db()
    work_group.refresh_from_db()
    assert (registration.status, work_group.status) == (RS.APPLIED, WorkGroupStatus.OPEN)


def test_workgroup_create_form_prefills_project_defaults(client, hub, hub_lead):
    project = NationalProjectFactory(default_capacity=33, default_teachers_per_school=3)
    client.force_login(hub_lead)

    response = client.get(reverse("workgroups:create", args=[hub.slug]) + f"?project={project.pk}")

    form = response.context["form"]
    assert form.initial["capacity"] == 33 and form.initial["teachers_per_school"] == 3
    assert form.initial["title"] == project.title


def test_workgroup_create_post_makes_a_draft_with_leads(client, hub, hub_lead):
    project = NationalProjectFactory()
    lead = UserFactory(email="lead@school.example")
    client.force_login(hub_lead)

    response = client.post(
        reverse("workgroups:create", args=[hub.slug]),
        {
            "project": project.pk,
            "code": "",
            "title": "Fractions in Year 5",
            "phase": "primary",
            "format": "in_person",
            "venue": "Hub centre",
            "capacity": 20,
            "min_schools": 6,
            "teachers_per_school": 2,
            "required_attendance_percent": 75,
            "lead_emails": "lead@school.example",
        },
    )

    group = WorkGroup.objects.get(title="Fractions in Year 5")
    assert response.url == reverse("workgroups:manage", args=[group.pk])
    assert group.hub == hub and group.status == WorkGroupStatus.DRAFT
    assert list(group.leads.all()) == [lead]


def test_workgroup_create_with_unknown_lead_re_renders_and_saves_nothing(client, hub, hub_lead):
    project = NationalProjectFactory()
    client.force_login(hub_lead)

    response = client.post(
        reverse("workgroups:create", args=[hub.slug]),
        {
            "project": project.pk,
            "title": "X",
            "phase": "primary",
            "format": "in_person",
            "capacity": 20,
            "min_schools": 6,
            "teachers_per_school": 2,
            "required_attendance_percent": 75,
            "lead_emails": "nobody@nowhere.example",
        },
    )

    assert response.status_code == 200
    assert "No portal account has the e-mail nobody@nowhere.example" in response.content.decode()
    assert not WorkGroup.objects.exists()


def test_workgroup_edit_capacity_below_approvals_shows_error(client, work_group, hub_lead):
    for _ in range(3):
        RegistrationFactory(work_group=work_group, status=RS.APPROVED)
    client.force_login(hub_lead)

    response = client.post(
        reverse("workgroups:edit", args=[work_group.pk]),
        {
            "title": work_group.title,
            "phase": "primary",
            "format": "in_person",
            "capacity": 2,
            "min_schools": 2,
            "teachers_per_school": 2,
            "required_attendance_percent": 75,
            "lead_emails": "",
        },
    )

    assert response.status_code == 200
    assert "cannot be lower" in response.content.decode()
    work_group.refresh_from_db()
    assert work_group.capacity == 4


def test_manage_page_offers_only_legal_transitions_and_warns_few_schools(client, work_group, hub_lead):
    RegistrationFactory(work_group=work_group, consent_status=ConsentStatus.CONFIRMED)
    client.force_login(hub_lead)

    response = client.get(reverse("workgroups:manage", args=[work_group.pk]))

    body = response.content.decode()
    assert [t.value for t in response.context["transitions"]] == ["closed", "cancelled"]
    assert "Close registration" in body and "Publish" not in body and "Mark completed" not in body
    assert "Only 1 school registered" in body
    assert "Confirmed by headteacher" in body


def test_publish_button_opens_a_draft(client, work_group, hub_lead):
    work_group.status = WorkGroupStatus.DRAFT
    work_group.save()
    client.force_login(hub_lead)

    client.post(reverse("workgroups:transition", args=[work_group.pk]), {"to": "open"})

    work_group.refresh_from_db()
    assert work_group.status == WorkGroupStatus.OPEN


def test_illegal_transition_post_is_refused_with_message(client, work_group, hub_lead):
    client.force_login(hub_lead)

    response = client.post(reverse("workgroups:transition", args=[work_group.pk]), {"to": "running"}, follow=True)

    assert "cannot become running" in response.content.decode()
    work_group.refresh_from_db()
    assert work_group.status == WorkGroupStatus.OPEN


def test_bulk_decide_approves_ticked_registrations(client, work_group, hub_lead):
    ticked = [RegistrationFactory(work_group=work_group, consent_status=ConsentStatus.CONFIRMED) for _ in range(2)]
    untouched = RegistrationFactory(work_group=work_group)
    client.force_login(hub_lead)

    client.post(
        reverse("workgroups:decide", args=[work_group.pk]),
        {"action": "approve", "registration": [r.pk for r in ticked]},
    )

    assert set(Registration.objects.filter(status=RS.APPROVED).values_list("pk", flat=True)) == {r.pk for r in ticked}
    untouched.refresh_from_db()
    assert untouched.status == RS.APPLIED


def test_bulk_decide_ignores_registrations_of_other_groups(client, work_group, hub_lead):
    foreign = RegistrationFactory()
    client.force_login(hub_lead)

    client.post(reverse("workgroups:decide", args=[work_group.pk]), {"action": "reject", "registration": [foreign.pk]})

    foreign.refresh_from_db()
    assert foreign.status == RS.APPLIED


def _session_post(days, start="10:00", end="12:00", **extra):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return {
        "date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "venue": "",
        "online_link": "",
        "agenda": "Agenda",
        "task": "Task",
        **extra,
    }


def test_session_create_post_plans_a_session(client, work_group, hub_lead):
    client.force_login(hub_lead)

    client.post(
        reverse("workgroups:session_create", args=[work_group.pk]),
        _session_post(10, online_link="https://meet.example/x"),
    )

    # Day 10 falls between the sessions of days 7 and 14: it is session 2, and the later one becomes 3.
    session = work_group.sessions.get(number=2)
    assert timezone.localtime(session.starts_at).hour == 10
    assert session.online_link == "https://meet.example/x"
    assert [s.number for s in work_group.sessions.order_by("starts_at")] == [1, 2, 3]


@pytest.mark.parametrize(
    ("post", "message"),
    [(_session_post(-3), "cannot start in the past"), (_session_post(5, "14:00", "13:00"), "must end after it starts")],
)
def test_session_create_bad_times_re_render_with_error(client, work_group, hub_lead, post, message):
    client.force_login(hub_lead)

    response = client.post(reverse("workgroups:session_create", args=[work_group.pk]), post)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert work_group.sessions.count() == 2


def test_session_edit_moving_bumps_sequence(client, work_group, hub_lead):
    session = work_group.sessions.first()
    client.force_login(hub_lead)

    client.post(reverse("workgroups:session_edit", args=[session.pk]), _session_post(20, "09:00", "11:00"))

    session.refresh_from_db()
    assert session.sequence == 1 and timezone.localtime(session.starts_at).hour == 9


def test_session_cancel_post_cancels(client, work_group, hub_lead):
    session = work_group.sessions.first()
    client.force_login(hub_lead)

    page = client.get(reverse("workgroups:session_cancel", args=[session.pk])).content.decode()
    client.post(reverse("workgroups:session_cancel", args=[session.pk]))  # not confirmed: nothing changes
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    assert "Cancel session 1" in page and "Who will be told" in page

    response = client.post(reverse("workgroups:session_cancel", args=[session.pk]), {"confirm": "yes"})

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert response.url == reverse("workgroups:manage", args=[work_group.pk]) + "#sessions"


def test_project_catalogue_is_for_ncetm_staff_only(client, hub_lead):
    client.force_login(hub_lead)
    assert client.get(reverse("workgroups:project_list")).status_code == 404
    client.force_login(UserFactory(is_ncetm_staff=True))
    assert client.get(reverse("workgroups:project_list")).status_code == 200


def test_project_create_validates_code_pattern(client):
    client.force_login(UserFactory(is_ncetm_staff=True))
    from workgroups.tests.factories import AcademicYearFactory

    year = AcademicYearFactory(start_year=2024)
    data = {
        "title": "Mastering Number",
        "phases": ["primary"],
        "strand": "classroom_practice",
        "start_year": year.start_year,
        "default_sessions": 6,
        "default_capacity": 40,
        "default_min_schools": 6,
        "default_teachers_per_school": 3,
    }

    bad = client.post(reverse("workgroups:project_create"), {**data, "code": "MN-2024"})
    good = client.post(reverse("workgroups:project_create"), {**data, "code": "ncp24-14b"})

    assert bad.status_code == 200 and "network&#x27;s pattern" in bad.content.decode()
    assert good.status_code == 302
    assert NationalProject.objects.get().code == "NCP24-14b"


def test_session_cancel_and_completion_posts_of_another_hub_answer_404(client, work_group, other_hub_lead):
    session = work_group.sessions.first()
    client.force_login(other_hub_lead)

    cancel = client.post(reverse("workgroups:session_cancel", args=[session.pk]), {"confirm": "yes"})
    completion = client.post(reverse("workgroups:evaluate_completion", args=[work_group.pk]))

    assert (cancel.status_code, completion.status_code) == (404, 404)
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_work_group_lead_cannot_manage_their_group(client, work_group, wg_lead):
    client.force_login(wg_lead)

    assert client.get(reverse("workgroups:manage", args=[work_group.pk])).status_code == 404
    assert client.post(reverse("workgroups:transition", args=[work_group.pk]), {"to": "closed"}).status_code == 404


def test_hub_list_shows_a_page_of_work_groups_at_a_time(client, hub, hub_lead, monkeypatch):
    monkeypatch.setattr("workgroups.views.hub.WORK_GROUPS_PER_PAGE", 2)
    codes = sorted(WorkGroupFactory(hub=hub).code for _ in range(3))
    client.force_login(hub_lead)
    url = reverse("workgroups:hub_list", args=[hub.slug])

    first, second = client.get(url).content.decode(), client.get(url, {"page": 2}).content.decode()

    assert "Page 1 of 2" in first and "?page=2" in first
    assert sum(code in first for code in codes) == 2
    assert sum(code in second for code in codes) == 1
