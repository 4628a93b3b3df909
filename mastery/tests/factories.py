import factory

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubFactory
from mastery.enums import AccreditationStatus
from mastery.models import Cohort, MasterySpecialist
from schools.enums import Phase
from workgroups.tests.factories import AcademicYearFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("academic_year", "phase")  # one cohort per start year and phase

    academic_year = factory.SubFactory(AcademicYearFactory)
    phase = Phase.PRIMARY


class MasterySpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MasterySpecialist

    user = factory.SubFactory(UserFactory)
    hub = factory.SubFactory(HubFactory)
    cohort = factory.SubFactory(CohortFactory)
    programme_year = 1
    accreditation_status = AccreditationStatus.NOT_STARTED
