import types

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from mastery.tests.factories import CohortFactory
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups.models import AcademicYear
from workgroups.tests.factories import AcademicYearFactory


@pytest.fixture
def programme():
    """Hub Matrix (its lead, administrator, two schools and a teacher at each), hub Beta next door (its lead and a
    teacher), NCETM staff, and this year's and next year's primary cohorts and last year's."""
    hub = HubFactory(name="Matrix", slug="matrix")
    other_hub = HubFactory(name="Beta", slug="beta")
    area = HubAreaFactory(hub=hub).local_authority
    other_area = HubAreaFactory(hub=other_hub).local_authority
    school = SchoolFactory(name="Histon Primary", local_authority=area)
    now = AcademicYear.start_year_for(timezone.localdate())
    return types.SimpleNamespace(
        hub=hub,
        other_hub=other_hub,
        school=school,
        lead=HubMembershipFactory(hub=hub, role=HubRole.LEAD, user__full_name="Helen Lead").user,
        admin=HubMembershipFactory(hub=hub, role=HubRole.ADMINISTRATOR, user__full_name="Adam Admin").user,
        other_lead=HubMembershipFactory(hub=other_hub, role=HubRole.LEAD, user__full_name="Olga Other").user,
        teacher=UserFactory(full_name="Tara Teacher", email="tara@school.example", school=school),
        other_teacher=UserFactory(
            full_name="Bob Beta", email="bob@school.example", school=SchoolFactory(local_authority=other_area)
        ),
        ncetm=UserFactory(full_name="Nina NCETM", is_ncetm_staff=True),
        this_year=CohortFactory(academic_year=AcademicYearFactory(start_year=now), phase=Phase.PRIMARY),
        next_year=CohortFactory(academic_year=AcademicYearFactory(start_year=now + 1), phase=Phase.PRIMARY),
        last_year=CohortFactory(academic_year=AcademicYearFactory(start_year=now - 1), phase=Phase.PRIMARY),
    )
