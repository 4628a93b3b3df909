import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from workgroups.tests.factories import SessionFactory, WorkGroupFactory


@pytest.fixture
def hub():
    return HubFactory(name="Alpha")


@pytest.fixture
def hub_lead(hub):
    return HubMembershipFactory(hub=hub, role=HubRole.LEAD).user


@pytest.fixture
def other_hub_lead():
    return HubMembershipFactory(hub=HubFactory(name="Beta"), role=HubRole.LEAD).user


@pytest.fixture
def wg_lead():
    return UserFactory(full_name="Wendy Lead")


@pytest.fixture
def work_group(hub, wg_lead):
    """An open Work Group of hub Alpha with two future sessions, led by ``wg_lead``."""
    group = WorkGroupFactory(hub=hub, capacity=4, teachers_per_school=2, min_schools=2)
    group.leads.add(wg_lead)
    # At 16:00 (local), a week ahead: a session started late in the evening would end after midnight, and a form
    # edit of its times (one date, a start and an end time) would be refused whatever time of day the tests ran.
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=7)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )
    for n in (1, 2):
        SessionFactory(
            work_group=group,
            number=n,
            starts_at=start + datetime.timedelta(weeks=n - 1),
            ends_at=start + datetime.timedelta(weeks=n - 1, hours=2),
            task=f"Task {n}",
        )
    return group


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded student work goes to a fresh folder per test.
    settings.MEDIA_ROOT = tmp_path / "private-media"
