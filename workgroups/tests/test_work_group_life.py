"""A Work Group's life: cancelling it, completing it, its sessions' dates and numbers, its project's year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubAreaFactory
from reports import selectors as report_selectors
from reports.selectors import ReportFilters
from workgroups import selectors, services
from workgroups.enums import AttendanceStatus, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import AcademicYear, NationalProject
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    SessionFactory,
    confirmed,
    register,
)

pytestmark = pytest.mark.django_db
RS, WS = RegistrationStatus, WorkGroupStatus


def this_year() -> int:
    return AcademicYear.start_year_for(timezone.localdate())


# --------------------------------------------------------------------------- cancelling


@pytest.fixture
def full_group(work_group, hub_lead):
    """The open group with two approved participants (one headteacher still to answer) and one waitlisted."""
    approved = [confirmed(register(work_group)) for _ in range(2)]
    for registration in approved:
        services.registration_approve(registration=registration, actor=hub_lead)
    applied = register(work_group)  # awaiting their headteacher
    services.workgroup_update(work_group=work_group, capacity=3)
    waiting = register(work_group)
    return {"approved": approved, "applied": applied, "waiting": waiting}


def test_workgroup_cancel_cancels_its_sessions_and_ends_every_registration(work_group, full_group, hub_lead):
    services.workgroup_cancel(work_group=work_group, actor=hub_lead)

    work_group.refresh_from_db()
    assert work_group.status == WS.CANCELLED and work_group.cancelled_at is not None
    assert {s.status for s in work_group.sessions.all()} == {SessionStatus.CANCELLED}
    assert {s.sequence for s in work_group.sessions.all()} == {1}
    assert set(work_group.registrations.values_list("status", flat=True)) == {RS.CANCELLED}
    assert selectors.workgroups_of_hub(hub=work_group.hub).get(pk=work_group.pk).places_taken == 0


def test_workgroup_cancel_marks_its_events_cancelled_in_the_participants_feed(client, work_group, full_group):
    teacher = full_group["approved"][0].teacher
    feed = services.calendar_feed_get_or_create(user=teacher)

    services.workgroup_cancel(work_group=work_group)

    body = client.get(reverse("workgroups:calendar_feed", args=[feed.token])).content
    statuses = {str(e["STATUS"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert statuses == {"CANCELLED"} and len(Calendar.from_ical(body).walk("VEVENT")) == 2
    session = work_group.sessions.first()
    client.force_login(teacher)
    ics = client.get(reverse("workgroups:session_ics", args=[session.pk]))
    assert ics.status_code == 200 and b"STATUS:CANCELLED" in ics.content


def test_workgroup_cancel_shows_cancelled_on_in_my_cpd_with_no_next_session(client, work_group, full_group):
    work_group.sessions.update(online_link="https://meet.example/wg")
    teacher = full_group["approved"][0].teacher

    services.workgroup_cancel(work_group=work_group)

    client.force_login(teacher)
    response = client.get(reverse("workgroups:my_cpd"))
    page = response.content.decode()
    [entry] = response.context["entries"].past
    assert entry.next_session is None and response.context["entries"].current == []
    assert f"Cancelled on {timezone.localdate():%-d %B %Y}" in page
    assert "Join online" not in page and "https://meet.example/wg" not in page
    assert "Withdraw" not in page


def test_workgroup_cancel_takes_it_out_of_the_reports(work_group, full_group):
    HubAreaFactory(hub=work_group.hub, local_authority=full_group["approved"][0].school.local_authority)
    filters = ReportFilters(academic_year=work_group.academic_year)
    before = report_selectors.participation(filters, by=None)[0]

    services.workgroup_cancel(work_group=work_group)

    after = report_selectors.participation(filters, by=None)[0]
    assert (before["work_groups"], before["teachers"]) == (1, 2)
    assert (after["work_groups"], after["teachers"]) == (0, 0)
    assert report_selectors.engagement(filters, by=None)[0]["participating_schools"] == 0


def test_workgroup_cancel_page_says_what_happens_and_an_unconfirmed_post_changes_nothing(
    client, work_group, full_group, hub_lead
):
    client.force_login(hub_lead)
    url = reverse("workgroups:cancel", args=[work_group.pk])

    page = client.get(url).content.decode()
    client.post(url)
    work_group.refresh_from_db()
    assert work_group.status == WS.OPEN
    assert "2 sessions still to come are cancelled" in page
    assert "3 participants" in page and "1 waitlisted teacher" in page

    response = client.post(url, {"confirm": "yes"})
    work_group.refresh_from_db()
    assert work_group.status == WS.CANCELLED
    assert response.url == reverse("workgroups:manage", args=[work_group.pk]) + "#status"


def test_workgroup_cancel_and_complete_pages_of_another_hub_answer_404(client, work_group, other_hub_lead):
    client.force_login(other_hub_lead)

    for name in ("workgroups:cancel", "workgroups:complete"):
        assert client.get(reverse(name, args=[work_group.pk])).status_code == 404
        assert client.post(reverse(name, args=[work_group.pk]), {"confirm": "yes"}).status_code == 404
    work_group.refresh_from_db()
    assert work_group.status == WS.OPEN


# --------------------------------------------------------------------------- completing


def running(work_group):
    for status in (WS.CLOSED, WS.RUNNING):
        services.workgroup_transition(work_group=work_group, to_status=status)


def test_workgroup_complete_before_the_last_session_has_started_is_refused(work_group, time_machine):
    running(work_group)
    last = work_group.sessions.order_by("-starts_at")[0]
    time_machine.move_to(last.starts_at - datetime.timedelta(minutes=1), tick=False)

    with pytest.raises(ValidationError, match="once its last session has started: session 2"):
        services.workgroup_complete(work_group=work_group)

    work_group.refresh_from_db()
    assert work_group.status == WS.RUNNING


def test_workgroup_complete_with_missing_registers_lists_them_and_needs_confirming(
    client, work_group, hub_lead, wg_lead, time_machine
):
    present, unmarked = (RegistrationFactory(work_group=work_group, status=RS.APPROVED) for _ in range(2))
    first, second = work_group.sessions.order_by("starts_at")
    running(work_group)
    time_machine.move_to(second.starts_at + datetime.timedelta(hours=3), tick=False)
    for session in (first, second):
        services.attendance_record(session=session, marks={present.pk: "present"}, recorded_by=wg_lead)

    with pytest.raises(ValidationError, match="Registers are missing for session 1, session 2"):
        services.workgroup_complete(work_group=work_group)
    client.force_login(hub_lead)
    url = reverse("workgroups:complete", args=[work_group.pk])
    page = client.get(url).content.decode()
    client.post(url, {"confirm": "yes"})  # the box not ticked: nothing changes
    work_group.refresh_from_db()
    assert work_group.status == WS.RUNNING
    assert "Session 1" in page and "1 of 2 participants have no mark" in page

    client.post(url, {"confirm": "yes", "missing_registers_confirmed": "on"})

    work_group.refresh_from_db()
    present.refresh_from_db()
    unmarked.refresh_from_db()
    assert work_group.status == WS.COMPLETED
    assert (present.status, unmarked.status) == (RS.COMPLETED, RS.APPROVED)


def test_workgroup_complete_page_before_the_last_session_says_why_and_offers_no_button(client, work_group, hub_lead):
    running(work_group)
    client.force_login(hub_lead)

    page = client.get(reverse("workgroups:complete", args=[work_group.pk])).content.decode()

    assert "cannot be completed yet" in page and "Mark completed</button>" not in page


def test_certificate_lists_only_the_sessions_held_and_attended(client, work_group, wg_lead, time_machine):
    person = RegistrationFactory(work_group=work_group, status=RS.APPROVED)
    first, second = work_group.sessions.order_by("starts_at")
    third = SessionFactory(
        work_group=work_group,
        number=3,
        starts_at=second.starts_at + datetime.timedelta(weeks=1),
        ends_at=second.ends_at + datetime.timedelta(weeks=1),
    )
    running(work_group)
    time_machine.move_to(third.starts_at + datetime.timedelta(hours=3), tick=False)
    services.attendance_record(session=first, marks={person.pk: "present"}, recorded_by=wg_lead)
    services.attendance_record(session=second, marks={person.pk: AttendanceStatus.ABSENT}, recorded_by=wg_lead)
    services.attendance_record(session=third, marks={person.pk: "late"}, recorded_by=wg_lead)
    services.workgroup_update(work_group=work_group, required_attendance_percent=50)
    services.workgroup_complete(work_group=work_group)

    person.refresh_from_db()
    assert person.status == RS.COMPLETED
    assert [s.number for s in selectors.certificate_sessions(registration=person)] == [1, 3]


# --------------------------------------------------------------------------- sessions: dates and numbers


def test_session_outside_the_work_groups_academic_year_is_refused(work_group):
    starts = timezone.make_aware(datetime.datetime(9999, 12, 31, 10, 0))

    with pytest.raises(ValidationError) as refused:
        services.session_create(work_group=work_group, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))

    assert "falls in its academic year" in refused.value.message_dict["starts_at"][0]


def test_session_in_the_hubs_holiday_needs_the_leads_confirmation(work_group, time_machine):
    year = work_group.academic_year.start_year
    time_machine.move_to(timezone.make_aware(datetime.datetime(year, 10, 1, 9, 0)), tick=False)
    hub = work_group.hub
    services.half_term_set(
        start_year=year, number=2, starts_on=datetime.date(year, 11, 2), ends_on=datetime.date(year, 12, 18), hub=hub
    )
    services.half_term_set(
        start_year=year,
        number=3,
        starts_on=datetime.date(year + 1, 1, 5),
        ends_on=datetime.date(year + 1, 2, 12),
        hub=hub,
    )
    starts = timezone.make_aware(datetime.datetime(year, 12, 29, 10, 0))  # the Christmas holiday
    ends = starts + datetime.timedelta(hours=2)

    with pytest.raises(ValidationError, match="holiday"):
        services.session_create(work_group=work_group, starts_at=starts, ends_at=ends)
    session = services.session_create(work_group=work_group, starts_at=starts, ends_at=ends, holiday_confirmed=True)

    assert session.pk is not None


def test_sessions_are_numbered_by_date_and_renumbered_when_one_moves(work_group):
    first, second = work_group.sessions.order_by("starts_at")
    earlier = first.starts_at - datetime.timedelta(days=2)

    planned = services.session_create(
        work_group=work_group, starts_at=earlier, ends_at=earlier + datetime.timedelta(hours=1)
    )
    assert planned.number == 1
    assert list(work_group.sessions.order_by("starts_at").values_list("number", flat=True)) == [1, 2, 3]

    later = second.starts_at + datetime.timedelta(days=1)
    moved = services.session_reschedule(session=planned, starts_at=later, ends_at=later + datetime.timedelta(hours=1))

    assert moved.number == 3
    first.refresh_from_db()
    assert first.number == 1
    assert list(work_group.sessions.order_by("starts_at").values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
        planned.pk,
    ]


# --------------------------------------------------------------------------- the project's year


def test_project_code_yy_must_match_its_academic_year():
    project = NationalProject(code="NCP25-97", title="Reasoning", phases=["primary"], strand="classroom_practice")

    with pytest.raises(ValidationError) as refused:
        services.project_save(project=project, start_year=2026)

    assert "has a code starting NCP26-" in refused.value.message_dict["code"][0]
    assert not NationalProject.objects.exists()


def test_project_year_list_offers_next_year_and_a_project_for_it_creates_the_year(client):
    client.force_login(UserFactory(is_ncetm_staff=True))
    next_year = this_year() + 1
    choices = [
        value
        for value, _ in client.get(reverse("workgroups:project_create")).context["form"].fields["start_year"].choices
    ]
    data = {
        "code": f"NCP{next_year % 100:02d}-40",
        "title": "Mastering Number",
        "phases": ["primary"],
        "strand": "classroom_practice",
        "start_year": next_year,
        "default_sessions": 6,
        "default_capacity": 40,
        "default_min_schools": 6,
        "default_teachers_per_school": 3,
    }

    response = client.post(reverse("workgroups:project_create"), data)

    assert next_year in choices
    assert response.status_code == 302
    assert NationalProject.objects.get().academic_year.start_year == next_year


def test_workgroup_from_a_past_years_project_is_refused(hub):
    old = NationalProjectFactory(academic_year=AcademicYearFactory(start_year=this_year() - 1))

    with pytest.raises(ValidationError) as refused:
        services.workgroup_create_from_project(hub=hub, project=old)

    assert "this academic year or the next" in refused.value.message_dict["project"][0]


def test_workgroup_from_next_years_project_is_made(hub):
    upcoming = NationalProjectFactory(academic_year=AcademicYearFactory(start_year=this_year() + 1))

    assert services.workgroup_create_from_project(hub=hub, project=upcoming).academic_year == upcoming.academic_year
