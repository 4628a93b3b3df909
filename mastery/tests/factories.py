import factory

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubFactory
from mastery.enums import AccreditationStatus
from mastery.models import MasterySpecialist
from schools.enums import Phase
from workgroups.tests.factories import AcademicYearFactory


class MasterySpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MasterySpecialist

    user = factory.SubFactory(UserFactory)
    hub = factory.SubFactory(HubFactory)
    cohort_year = factory.SubFactory(AcademicYearFactory)
    phase = Phase.PRIMARY
    programme_year = 1
    accreditation_status = AccreditationStatus.NOT_STARTED
