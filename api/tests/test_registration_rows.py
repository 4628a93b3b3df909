"""The registrations list writes each row without the serializer (``registration_rows``): the same bytes as the
serializer's answer for that registration, for every kind of reader."""

import datetime

import pytest
from rest_framework.renderers import JSONRenderer

from workgroups.enums import ConsentStatus, RegistrationStatus
from workgroups.models import Registration
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

LONDON = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def varied(network):
    """Registrations with every moment field set or empty, in summer time and in winter, with microseconds."""
    summer = datetime.datetime(2025, 7, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    winter = datetime.datetime(2026, 1, 15, 17, 0, tzinfo=LONDON)
    RegistrationFactory(
        work_group=network.alpha_group,
        status=RegistrationStatus.WAITLISTED,
        consent_status=ConsentStatus.CONFIRMED,
        consent_override_reason="The head said yes on the phone",
        trn="",
        waitlisted_at=summer,
        offered_at=winter,
        offer_expires_at=winter + datetime.timedelta(days=7),
        decided_at=summer,
        completed_at=winter,
    )
    RegistrationFactory(work_group=network.alpha_group, role_in_school="Head of maths “KS2”", trn="7654321")
    Registration.objects.update(created_at=summer)  # the factory's moments are now: one in summer time too
    return network


@pytest.mark.parametrize("reader", ["alpha_lead", "wg_lead", "ncetm", "beta_lead"])
def test_registrations_list_rows_are_the_serializers_answers(varied, api_as, reader):
    client = api_as(getattr(varied, reader))

    listed = client.get("/api/v1/registrations/", {"page_size": 100}).json()["results"]

    assert listed
    for row in listed:
        detail = client.get(f"/api/v1/registrations/{row['id']}/")
        assert JSONRenderer().render(row) == detail.content
