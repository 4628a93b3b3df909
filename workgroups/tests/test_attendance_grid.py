"""The attendance grid: participant × session with rates, for a Work Group's leads and its hub's managers; CSV."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from schools.tests.factories import SchoolFactory
from workgroups import selectors, services
from workgroups.enums import RegistrationStatus
from workgroups.models import Attendance
from workgroups.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_held(work_group, time_machine):
    """``work_group`` with four sessions, three of them held (the clock is during the fourth week's gap)."""
    work_group.sessions.all().delete()
    start = (timezone.now() + datetime.timedelta(days=3)).replace(hour=16, minute=0, second=0, microsecond=0)
    sessions = [
        SessionFactory(
            work_group=work_group,
            number=n,
            starts_at=start + datetime.timedelta(weeks=n - 1),
            ends_at=start + datetime.timedelta(weeks=n - 1, hours=2),
        )
        for n in range(1, 5)
    ]
    time_machine.move_to(sessions[2].ends_at, tick=False)
    return sessions


def _participant(work_group, name):
    return RegistrationFactory(
        work_group=work_group, status=RegistrationStatus.APPROVED, teacher=UserFactory(full_name=name)
    )


def _mark(sessions, registration, statuses, by):
    for session, status in zip(sessions, statuses, strict=False):
        if status:
            services.attendance_record(session=session, marks={registration.pk: status}, recorded_by=by)


def test_attendance_grid_counts_held_sessions_only(work_group, three_held, wg_lead):
    ada = _participant(work_group, "Ada Able")
    ben = _participant(work_group, "Ben Brook")
    _mark(three_held, ada, ["present", "late", "absent"], wg_lead)
    _mark(three_held, ben, ["absent", "", "present"], wg_lead)
    services.attendance_send_apologies(registration=ben, session=three_held[3])
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.WITHDRAWN)

    grid = selectors.workgroup_attendance_grid(work_group=work_group)

    assert [r.registration for r in grid.rows] == [ada, ben]
    assert grid.rows[0].marks == ["present", "late", "absent", ""]
    assert grid.rows[1].marks == ["absent", "", "present", "apologies"]  # apologies for the session to come show
    assert (grid.rows[0].attended, grid.rows[0].held, grid.rows[0].rate) == (2, 3, 67)
    assert (grid.rows[1].attended, grid.rows[1].absent, grid.rows[1].apologies, grid.rows[1].rate) == (1, 1, 0, 33)
    assert [c.rate for c in grid.sessions] == [50, 50, 50, None]
    assert [c.unmarked for c in grid.sessions] == [0, 1, 0, 0]
    assert grid.held == 3 and grid.rate == 50  # 3 attended of 2 × 3


def test_attendance_grid_leaves_out_cancelled_sessions(work_group, three_held, wg_lead):
    ada = _participant(work_group, "Ada Able")
    _mark(three_held, ada, ["present", "present"], wg_lead)
    three_held[2].status = "cancelled"
    three_held[2].save()

    grid = selectors.workgroup_attendance_grid(work_group=work_group)

    assert [c.session for c in grid.sessions] == [three_held[0], three_held[1], three_held[3]]
    assert grid.rows[0].rate == 100


def test_attendance_grid_page_shows_marks_and_rates_to_the_lead(client, work_group, three_held, wg_lead):
    ada = _participant(work_group, "Ada Able")
    _mark(three_held, ada, ["present", "absent", "absent"], wg_lead)
    client.force_login(wg_lead)

    body = client.get(reverse("workgroups:attendance", args=[work_group.pk])).content.decode()

    assert "Ada Able" in body and "1 of 3" in body and "33%" in body
    assert f"below {work_group.required_attendance_percent}%" in body
    assert body.count('badge text-bg-danger">Absent') == 2


def test_attendance_grid_is_linked_from_the_manage_page(client, work_group, hub_lead):
    client.force_login(hub_lead)

    body = client.get(reverse("workgroups:manage", args=[work_group.pk])).content.decode()

    assert reverse("workgroups:attendance", args=[work_group.pk]) in body


def test_attendance_grid_of_another_hub_answers_404(client, work_group, three_held, other_hub_lead, wg_lead):
    _mark(three_held, _participant(work_group, "Ada Able"), ["present"], wg_lead)
    client.force_login(other_hub_lead)

    page = client.get(reverse("workgroups:attendance", args=[work_group.pk]))
    download = client.get(reverse("workgroups:attendance", args=[work_group.pk]), {"format": "csv"})

    assert page.status_code == 404 and download.status_code == 404
    assert b"Ada Able" not in page.content + download.content


def test_attendance_grid_is_not_for_participants(client, work_group, three_held):
    ada = _participant(work_group, "Ada Able")
    client.force_login(ada.teacher)

    assert client.get(reverse("workgroups:attendance", args=[work_group.pk])).status_code == 404


def test_attendance_csv_has_a_column_per_session_and_neutralised_cells(
    client, work_group, three_held, hub_lead, wg_lead
):
    ada = RegistrationFactory(
        work_group=work_group,
        status=RegistrationStatus.APPROVED,
        teacher=UserFactory(full_name="=HYPERLINK(evil)"),
        school=SchoolFactory(name="Ely Primary"),
    )
    _mark(three_held, ada, ["present", "apologies", "late"], wg_lead)
    client.force_login(hub_lead)

    response = client.get(reverse("workgroups:attendance", args=[work_group.pk]), {"format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{work_group.code}-attendance.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Participant", "E-mail", "School"] and rows[0][3].startswith("Session 1 (")
    assert rows[1][0] == "'=HYPERLINK(evil)" and rows[1][2] == "Ely Primary"
    assert rows[1][3:] == ["Present", "Apologies", "Late", "", "3", "2", "0", "1", "67"]


@pytest.mark.parametrize("format_", ["", "csv"])
def test_attendance_grid_queries_do_not_grow_with_the_group(
    client, work_group, three_held, wg_lead, django_assert_num_queries, format_
):
    client.force_login(wg_lead)
    url = reverse("workgroups:attendance", args=[work_group.pk])
    params = {"format": format_} if format_ else {}

    def fetch():
        response = client.get(url, params)
        body = b"".join(response.streaming_content) if format_ else response.content
        assert response.status_code == 200
        return body

    _mark(three_held, _participant(work_group, "Ada Able"), ["present", "absent"], wg_lead)
    with CaptureQueriesContext(connection) as small:
        fetch()
    for n in range(12):
        _mark(three_held, _participant(work_group, f"P{n}"), ["present", "late", "absent"], wg_lead)

    with django_assert_num_queries(len(small)):
        body = fetch()

    assert Attendance.objects.count() == 38 and b"P11" in body
    assert len(small) <= 12  # session, user, the group, its permission, 3 for the grid, the navigation's roles
