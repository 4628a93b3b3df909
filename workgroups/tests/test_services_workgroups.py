import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from workgroups import services
from workgroups.enums import WORKGROUP_TRANSITIONS, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import HalfTerm, Session
from workgroups.selectors import session_half_term
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db
WS = WorkGroupStatus


def future(days=7, hour=13):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_workgroup_create_from_project_copies_defaults(hub):
    project = NationalProjectFactory(
        code="NCP24-12",
        title="Secondary TfM",
        phases=["secondary"],
        default_capacity=30,
        default_min_schools=7,
        default_teachers_per_school=3,
    )
    lead = UserFactory()

    group = services.workgroup_create_from_project(hub=hub, project=project, leads=[lead])

    assert (group.title, group.phase, group.capacity, group.min_schools, group.teachers_per_school) == (
        "Secondary TfM",
        "secondary",
        30,
        7,
        3,
    )
    assert group.status == WS.DRAFT
    assert group.academic_year == project.academic_year
    assert group.code == "NCP24-12-ALP-01"
    assert list(group.leads.all()) == [lead]
    again = services.workgroup_create_from_project(hub=hub, project=project, capacity=12)
    assert again.code == "NCP24-12-ALP-02" and again.capacity == 12


@pytest.mark.parametrize("start", list(WS))
def test_workgroup_transition_allows_only_legal_moves(work_group, start, time_machine):
    # After its last session has started, so that completing it is allowed by the clock.
    time_machine.move_to(work_group.sessions.order_by("-starts_at")[0].starts_at, tick=True)
    for target in WS:
        work_group.status = start
        work_group.save()
        if target in WORKGROUP_TRANSITIONS[start]:
            assert services.workgroup_transition(work_group=work_group, to_status=target).status == target
        else:
            with pytest.raises(ValidationError):
                services.workgroup_transition(work_group=work_group, to_status=target)
            work_group.refresh_from_db()
            assert work_group.status == start


def test_workgroup_transition_publish_without_sessions_is_refused(hub):
    group = WorkGroupFactory(hub=hub, status=WS.DRAFT)

    with pytest.raises(ValidationError, match="at least one session"):
        services.workgroup_transition(work_group=group, to_status=WS.OPEN)


def test_session_create_numbers_sessions_and_uses_group_venue(work_group):
    work_group.venue = "Hub centre"
    work_group.save()

    session = services.session_create(
        work_group=work_group, starts_at=future(30), ends_at=future(30, 15), task="Try it"
    )

    assert session.number == 3
    assert session.venue == "Hub centre"


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [(future(-1), future(-1, 15), "past"), (future(3, 15), future(3, 13), "end after")],
)
def test_session_create_with_bad_times_is_refused(work_group, starts, ends, message):
    with pytest.raises(ValidationError, match=message):
        services.session_create(work_group=work_group, starts_at=starts, ends_at=ends)
    assert work_group.sessions.count() == 2


def test_session_reschedule_bumps_sequence_and_tells_participants(work_group, django_capture_on_commit_callbacks):
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.REJECTED)
    session = work_group.sessions.first()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(session=session, starts_at=future(20), ends_at=future(20, 16))

    session.refresh_from_db()
    assert session.sequence == 1
    assert len(mail.outbox) == 1 and "has moved" in mail.outbox[0].subject


def test_session_reschedule_to_past_is_refused(work_group):
    session = work_group.sessions.first()
    before = (session.starts_at, session.sequence)

    with pytest.raises(ValidationError, match="past"):
        services.session_reschedule(session=session, starts_at=future(-2), ends_at=future(-2, 15))
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == before


def test_session_update_without_time_change_keeps_sequence(work_group):
    session = work_group.sessions.first()

    services.session_update(session=session, agenda="New agenda", starts_at=session.starts_at, ends_at=session.ends_at)

    session.refresh_from_db()
    assert (session.agenda, session.sequence) == ("New agenda", 0)


def test_session_cancel_marks_cancelled_bumps_sequence_and_mails(work_group, django_capture_on_commit_callbacks):
    RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPLIED)
    session = work_group.sessions.first()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)

    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 1)
    assert "is cancelled" in mail.outbox[0].subject
    with pytest.raises(ValidationError):
        services.session_cancel(session=session)


def test_session_half_term_uses_hub_dates_else_network(work_group):
    session = work_group.sessions.first()
    day = timezone.localtime(session.starts_at).date()
    year = work_group.academic_year
    from workgroups.models import AcademicYear

    year = AcademicYear.objects.get_or_create(start_year=AcademicYear.start_year_for(day))[0]
    HalfTerm.objects.create(academic_year=year, number=2, starts_on=day - datetime.timedelta(days=3), ends_on=day)
    assert session_half_term(session).number == 2

    HalfTerm.objects.create(
        academic_year=year, hub=work_group.hub, number=3, starts_on=day, ends_on=day + datetime.timedelta(days=5)
    )
    assert session_half_term(Session.objects.get(pk=session.pk)).number == 3
