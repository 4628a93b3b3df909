"""100 teachers sign up at once for 20 places: the Work Group row lock keeps every rule."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from workgroups.models import Registration
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 50


def test_registration_create_concurrent_signups_keep_capacity_and_school_limit():
    work_group = WorkGroupFactory(capacity=20, teachers_per_school=2)
    schools = [SchoolFactory() for _ in range(25)]
    teachers = [UserFactory(verified=False) for _ in range(100)]
    # Four teachers per school: the per-school limit (2) binds as well as the capacity (20).
    signups = [(teacher, schools[i % 25]) for i, teacher in enumerate(teachers)]
    # 50 threads with a connection each, released together, two sign-ups apiece: the server's
    # max_connections (100) is shared with other test runs, so 100 connections at once cannot be had.
    batches = [signups[i::THREADS] for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def sign_up(batch):
        try:
            barrier.wait()
            for teacher, school in batch:
                services.registration_create(
                    work_group=work_group,
                    teacher=teacher,
                    school=school,
                    role_in_school="Class teacher",
                    headteacher_name="Pat Head",
                    headteacher_email="head@school.example",
                )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()  # each thread has its own connection; give it back

    threads = [threading.Thread(target=sign_up, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    registrations = list(Registration.objects.filter(work_group=work_group))
    statuses = Counter(r.status for r in registrations)
    assert len(registrations) == 100  # none lost
    assert len({r.teacher_id for r in registrations}) == 100  # none duplicated
    assert statuses[RegistrationStatus.APPLIED] == 20
    assert statuses[RegistrationStatus.WAITLISTED] == 80
    per_school = Counter(r.school_id for r in registrations if r.status in PLACE_HOLDING_STATUSES)
    assert max(per_school.values()) <= 2
    assert connection.vendor == "postgresql"
