import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from workgroups.enums import ConsentStatus, RegistrationStatus
from workgroups.models import HalfTerm
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    "model", ["workgroup", "registration", "halfterm", "attendance", "taskresponse", "evaluation", "calendarfeed"]
)
def test_admin_changelists_render(admin_client, work_group, model):
    RegistrationFactory(work_group=work_group)

    assert admin_client.get(reverse(f"admin:workgroups_{model}_changelist")).status_code == 200


def test_admin_approve_action_goes_through_the_service(admin_client, work_group):
    registration = RegistrationFactory(work_group=work_group, consent_status=ConsentStatus.CONFIRMED)

    admin_client.post(
        reverse("admin:workgroups_registration_changelist"),
        {"action": "approve", "_selected_action": [registration.pk]},
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED
    assert registration.decided_by is not None


def test_admin_half_term_add_refuses_end_before_start(admin_client):
    from workgroups.tests.factories import AcademicYearFactory

    year = AcademicYearFactory()
    response = admin_client.post(
        reverse("admin:workgroups_halfterm_add"),
        {"academic_year": year.pk, "number": 1, "starts_on": "2025-10-01", "ends_on": "2025-09-01"},
    )

    assert response.status_code == 200
    assert not HalfTerm.objects.exists()


def test_admin_work_group_year_is_read_only_once_created(admin_client, work_group):
    response = admin_client.get(reverse("admin:workgroups_workgroup_change", args=[work_group.pk]))

    assert response.status_code == 200
    assert "academic_year" not in response.context["adminform"].form.fields  # registrations copy it
    add = admin_client.get(reverse("admin:workgroups_workgroup_add"))
    assert "academic_year" in add.context["adminform"].form.fields
