from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.models import Attendance, HalfTerm, Registration, Session, WorkGroup

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_each_role_something_to_do_and_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    counts = [m.objects.count() for m in (WorkGroup, Registration, Session, Attendance, HalfTerm)]
    call_command("seed_demo", stdout=StringIO())

    assert [m.objects.count() for m in (WorkGroup, Registration, Session, Attendance, HalfTerm)] == counts
    statuses = set(WorkGroup.objects.values_list("status", flat=True))
    assert {WorkGroupStatus.DRAFT, WorkGroupStatus.OPEN, WorkGroupStatus.RUNNING} <= statuses
    assert Registration.objects.filter(status=RegistrationStatus.APPLIED, work_group__hub__slug="matrix").count() >= 4
    teacher_groups = Registration.objects.filter(teacher__email="teacher@demo.mathshubs.test")
    assert teacher_groups.filter(status=RegistrationStatus.APPROVED).exists()
    assert WorkGroup.objects.filter(leads__email="wglead@demo.mathshubs.test", status=WorkGroupStatus.RUNNING).exists()
    assert teacher_groups.filter(status=RegistrationStatus.COMPLETED).exists()


def test_seed_demo_teacher_finds_the_open_group_with_its_distance(client):
    call_command("seed_demo", stdout=StringIO())
    client.force_login(User.objects.get(email="teacher@demo.mathshubs.test"))

    response = client.get(reverse("workgroups:find"))

    assert [wg.code for wg in response.context["page"]][:1] == [
        WorkGroup.objects.get(title="Primary TfM Development — Cambridge").code
    ]
    assert "6 km from your school" in response.content.decode()
