import types

import pytest

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from mastery.tests.factories import MasterySpecialistFactory, OpenLessonFactory
from schools.tests.factories import SchoolFactory


@pytest.fixture
def hub_world():
    """A hub serving one local authority with three schools, its lead, a Mastery Specialist at one of the schools
    hosting an open lesson (5 places) in a week, a teacher at another school, and another hub with its lead and a
    teacher of a school it serves."""
    w = types.SimpleNamespace()
    w.hub = HubFactory(name="Alpha", slug="alpha")
    area = HubAreaFactory(hub=w.hub).local_authority
    w.host_school, w.school, w.school2 = (SchoolFactory(local_authority=area) for _ in range(3))
    w.lead = HubMembershipFactory(hub=w.hub, role=HubRole.LEAD).user
    w.specialist = MasterySpecialistFactory(hub=w.hub, user=UserFactory(school=w.host_school))
    w.lesson = OpenLessonFactory(specialist=w.specialist)
    w.teacher = UserFactory(school=w.school)
    w.other_hub = HubFactory(name="Beta", slug="beta")
    other_area = HubAreaFactory(hub=w.other_hub).local_authority
    w.other_lead = HubMembershipFactory(hub=w.other_hub, role=HubRole.LEAD).user
    w.other_teacher = UserFactory(school=SchoolFactory(local_authority=other_area))
    return w


def teacher_of(school):
    return UserFactory(school=school)
