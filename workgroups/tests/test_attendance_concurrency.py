"""Two leads save one register at the same moment: both saves are kept, one after the other, and nobody gets a 500."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.tests.factories import UserFactory
from workgroups import services
from workgroups.enums import AttendanceStatus, RegistrationStatus
from workgroups.models import Attendance, AttendanceChange
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)
LEADS = 6


def test_attendance_record_concurrent_saves_of_one_register_all_succeed():
    work_group = WorkGroupFactory()
    started = timezone.now() - datetime.timedelta(minutes=30)
    session = SessionFactory(work_group=work_group, starts_at=started, ends_at=started + datetime.timedelta(hours=2))
    participants = [RegistrationFactory(work_group=work_group, status=RegistrationStatus.APPROVED) for _ in range(15)]
    leads = [UserFactory() for _ in range(LEADS)]
    statuses = [AttendanceStatus.PRESENT, AttendanceStatus.LATE]
    barrier = threading.Barrier(LEADS)
    errors = []

    def save(n):
        try:
            barrier.wait()
            services.attendance_record(
                session=session, marks={r.pk: statuses[n % 2] for r in participants}, recorded_by=leads[n]
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(LEADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    marks = list(Attendance.objects.filter(session=session))
    assert len(marks) == 15
    assert len({m.status for m in marks}) == 1  # the last save wins for everyone
    # Each mark: created once, then every save that changed it is a correction with its author.
    first_marks = AttendanceChange.objects.filter(attendance__session=session, old_status="")
    assert first_marks.count() == 15
    assert connection.vendor == "postgresql"
