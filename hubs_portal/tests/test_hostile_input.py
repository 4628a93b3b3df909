"""The ten 500s of the probe (issue 10), each answered properly now; and the input bounds."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from hubs_portal.downloads import attachment, safe_filename
from hubs_portal.input_guard import ascii_int
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.models import Evaluation, WorkGroup
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    hub = HubFactory(slug="alpha")
    return HubMembershipFactory(hub=hub, role=HubRole.LEAD).user


def test_calendar_feed_with_a_nul_in_its_address_is_a_bad_request(client):
    assert client.get("/work-groups/calendar/ab%00cd.ics").status_code == 400


def test_school_search_with_a_nul_is_a_bad_request(client):
    client.force_login(UserFactory())
    assert client.get(reverse("schools:search"), {"q": "ab\x00cd"}).status_code == 400


@pytest.mark.parametrize("query", ["²²", "٣٣", "１２３"])
def test_school_search_with_unicode_digits_finds_nothing_rather_than_failing(client, query):
    client.force_login(UserFactory())
    response = client.get(reverse("schools:search"), {"q": query})
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_profile_school_search_with_unicode_digits_answers(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:profile"), {"q": "²²"}).status_code == 200


def test_hub_dashboard_search_with_unicode_digits_answers(client, lead):
    client.force_login(lead)
    assert client.get(reverse("hubs:dashboard", args=["alpha"]), {"q": "²²"}).status_code == 200


@pytest.mark.parametrize("name,param", [("workgroups:create", "project"), ("workgroups:half_terms", "year")])
def test_hub_pages_with_unicode_digit_parameters_answer(client, lead, name, param):
    client.force_login(lead)
    assert client.get(reverse(name, args=["alpha"]), {param: "²"}).status_code == 200


def test_deciding_registrations_given_unicode_digits_decides_nothing(client, lead):
    work_group = WorkGroupFactory(hub=lead.hub_memberships.get().hub)
    registration = RegistrationFactory(work_group=work_group)
    client.force_login(lead)
    response = client.post(
        reverse("workgroups:decide", args=[work_group.pk]), {"action": "approve", "registration": ["²", "٣"]}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPLIED


def test_a_work_group_code_with_a_line_break_is_refused(client, lead):
    hub = lead.hub_memberships.get().hub
    project = NationalProjectFactory()
    client.force_login(lead)
    response = client.post(
        reverse("workgroups:create", args=["alpha"]),
        {
            "project": project.pk,
            "code": "WG\r\nX-Injected: 1",
            "title": "T",
            "phase": "primary",
            "format": "in_person",
            "capacity": 20,
            "min_schools": 6,
            "teachers_per_school": 2,
            "required_attendance_percent": 75,
        },
    )
    assert response.status_code == 200
    assert "letters, digits and hyphens" in response.content.decode()
    assert not WorkGroup.objects.filter(hub=hub).exists()


def test_a_session_download_of_a_group_whose_code_has_a_line_break_still_downloads(client):
    # Codes made before they were validated may still hold one: the file name is cleaned, not the header broken.
    registration = RegistrationFactory(status=RegistrationStatus.APPROVED, work_group__status=WorkGroupStatus.OPEN)
    WorkGroup.objects.filter(pk=registration.work_group_id).update(code="WG\r\n1")
    session = SessionFactory(work_group=registration.work_group)
    client.force_login(registration.teacher)
    response = client.get(reverse("workgroups:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="WG1-session-{session.number}.ics"'


@pytest.mark.parametrize(
    "name,expected",
    [
        ("report\r\nSet-Cookie: x.csv", "reportSet-Cookie: x.csv"),
        ('a"b/c\\d.csv', "a-b-c-d.csv"),
        ("\u202egpj.exe", "gpj.exe"),
        ("", "download"),
    ],
)
def test_safe_filename_keeps_names_fit_for_a_header(name, expected):
    assert safe_filename(name) == expected


def test_attachment_sends_accented_names_encoded():
    from django.http import HttpResponse

    response = attachment(HttpResponse(), "École.csv")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%C3%89cole.csv"


@pytest.mark.parametrize(
    "value,expected", [("12", 12), ("²", None), ("٣", None), ("1e3", None), ("", None), (None, None)]
)
def test_ascii_int_reads_only_ascii_digits(value, expected):
    assert ascii_int(value) == expected


def test_names_with_direction_overrides_are_refused_on_the_profile(client):
    user = UserFactory(full_name="Tess Teacher")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "Tess \u202eTeacher"})
    assert response.status_code == 200
    assert "text-direction" in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Tess Teacher"


def test_an_evaluation_comment_of_two_megabytes_is_refused(client):
    registration = RegistrationFactory(
        status=RegistrationStatus.COMPLETED, work_group__status=WorkGroupStatus.COMPLETED
    )
    client.force_login(registration.teacher)
    response = client.post(
        reverse("workgroups:evaluation", args=[registration.pk]),
        {"overall": 5, "impact_on_practice": 4, "comments": "x" * 2_000_000},
    )
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    assert not Evaluation.objects.filter(registration=registration).exists()
