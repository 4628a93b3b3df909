"""When registers and apologies can be given: a register from the session's start, apologies for any future session."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workgroups import services
from workgroups.enums import RegistrationStatus
from workgroups.models import Attendance
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_register_before_the_session_starts_is_refused(client, work_group, wg_lead, time_machine):
    session = work_group.sessions.get(number=1)
    person = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    time_machine.move_to(session.starts_at - datetime.timedelta(minutes=1), tick=False)

    with pytest.raises(ValidationError, match="The register opens when the session starts"):
        services.attendance_record(session=session, marks={person.pk: "present"}, recorded_by=wg_lead)
    client.force_login(wg_lead)
    page = client.get(reverse("workgroups:register", args=[session.pk])).content.decode()
    client.post(reverse("workgroups:register", args=[session.pk]), {f"r{person.pk}": "present"})

    assert "The register opens when the session starts" in page and "Save register" not in page
    assert not Attendance.objects.exists()


def test_register_from_the_session_start_is_saved(work_group, wg_lead, time_machine):
    session = work_group.sessions.get(number=1)
    person = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)
    time_machine.move_to(session.starts_at, tick=False)

    saved = services.attendance_record(session=session, marks={person.pk: "late"}, recorded_by=wg_lead)

    assert saved.created == 1


def test_apologies_for_any_future_session_are_kept(work_group):
    person = RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED)

    for session in work_group.sessions.all():
        services.attendance_send_apologies(registration=person, session=session)

    assert Attendance.objects.filter(registration=person, status="apologies").count() == 2
