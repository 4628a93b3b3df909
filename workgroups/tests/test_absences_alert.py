"""Two absences in a row (absent, not apologies) e-mail the hub lead and the Work Group leads, once per run."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import OutboxMessage
from workgroups import services
from workgroups.enums import MailKind, RegistrationStatus
from workgroups.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(work_group, time_machine):
    """``work_group`` with six sessions, all started (the clock is after the last), and one participant."""
    work_group.sessions.all().delete()
    start = (timezone.now() + datetime.timedelta(days=3)).replace(hour=16, minute=0, second=0, microsecond=0)
    sessions = [
        SessionFactory(
            work_group=work_group,
            number=n,
            starts_at=start + datetime.timedelta(weeks=n - 1),
            ends_at=start + datetime.timedelta(weeks=n - 1, hours=2),
        )
        for n in range(1, 7)
    ]
    person = RegistrationFactory(
        work_group=work_group, status=RegistrationStatus.APPROVED, teacher=UserFactory(full_name="Priya Patel")
    )
    time_machine.move_to(sessions[-1].ends_at, tick=False)
    return sessions, person


def _take(sessions, person, wg_lead, statuses, capture):
    with capture(execute=True):
        for session, status in zip(sessions, statuses, strict=False):
            services.attendance_record(session=session, marks={person.pk: status}, recorded_by=wg_lead)


def _alerts():
    return OutboxMessage.objects.filter(kind=MailKind.ABSENCES_IN_A_ROW)


def test_two_absences_in_a_row_e_mail_the_hub_lead_and_the_work_group_leads(
    held, hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    sessions, person = held

    _take(sessions, person, wg_lead, ["present", "absent", "absent"], django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([hub_lead.email, wg_lead.email])
    message = mail.outbox[0]
    assert message.subject.endswith("Priya Patel missed 2 sessions in a row")
    assert "session 2" in message.body and "session 3" in message.body and "session 1," not in message.body
    assert f"/work-groups/sessions/{sessions[2].pk}/register/" in message.body


def test_one_absence_e_mails_nobody(held, hub_lead, wg_lead, django_capture_on_commit_callbacks):
    sessions, person = held

    _take(sessions, person, wg_lead, ["absent", "present", "absent"], django_capture_on_commit_callbacks)

    assert not _alerts().exists() and mail.outbox == []


def test_a_third_absence_in_the_same_run_sends_no_new_e_mail(
    held, hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    sessions, person = held

    _take(sessions, person, wg_lead, ["absent", "absent", "absent", "absent"], django_capture_on_commit_callbacks)

    assert _alerts().count() == 2  # one run: one e-mail each to the hub lead and the Work Group lead
    assert len(mail.outbox) == 2


def test_attendance_then_absence_twice_again_e_mails_again(held, hub_lead, wg_lead, django_capture_on_commit_callbacks):
    sessions, person = held

    _take(
        sessions,
        person,
        wg_lead,
        ["absent", "absent", "present", "absent", "absent"],
        django_capture_on_commit_callbacks,
    )

    assert _alerts().count() == 4  # two runs, each told to both
    assert len({m.object_key for m in _alerts()}) == 2


def test_apologies_do_not_count_as_absences(held, hub_lead, wg_lead, django_capture_on_commit_callbacks):
    sessions, person = held

    _take(sessions, person, wg_lead, ["absent", "apologies", "absent", "apologies"], django_capture_on_commit_callbacks)

    assert not _alerts().exists()


def test_absences_in_a_row_count_across_a_register_not_taken_yet(
    held, hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    sessions, person = held

    _take([sessions[0], sessions[2]], person, wg_lead, ["absent", "absent"], django_capture_on_commit_callbacks)

    assert _alerts().count() == 2


def test_absences_in_a_row_skip_cancelled_sessions(held, hub_lead, wg_lead, django_capture_on_commit_callbacks):
    sessions, person = held
    _take([sessions[0]], person, wg_lead, ["absent"], django_capture_on_commit_callbacks)
    sessions[1].status = "cancelled"
    sessions[1].save()

    _take([sessions[2]], person, wg_lead, ["absent"], django_capture_on_commit_callbacks)

    assert _alerts().count() == 2


def test_an_earlier_register_corrected_to_absent_joins_the_run(
    held, hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    sessions, person = held
    _take(sessions, person, wg_lead, ["present", "absent"], django_capture_on_commit_callbacks)

    _take(sessions, person, wg_lead, ["absent"], django_capture_on_commit_callbacks)

    assert {m.object_key for m in _alerts()} == {f"registration:{person.pk}:absences-from-session:{sessions[0].pk}"}


def test_absence_alert_corrected_before_it_goes_out_is_skipped(
    held, hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    sessions, person = held
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for session in sessions[:2]:
            services.attendance_record(session=session, marks={person.pk: "absent"}, recorded_by=wg_lead)
    services.attendance_record(session=sessions[1], marks={person.pk: "present"}, recorded_by=wg_lead)

    for callback in callbacks:
        callback()

    assert mail.outbox == []
    assert set(_alerts().values_list("status", flat=True)) == {"skipped"}


def test_absence_alert_goes_to_this_hubs_lead_only(
    held, hub_lead, other_hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    sessions, person = held

    _take(sessions, person, wg_lead, ["absent", "absent"], django_capture_on_commit_callbacks)

    assert other_hub_lead.email not in {m.to[0] for m in mail.outbox}
