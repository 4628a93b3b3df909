import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubFactory
from mastery.enums import AccreditationStatus
from mastery.models import Cohort, MasterySpecialist, OpenLesson
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


class OpenLessonFactory(factory.django.DjangoModelFactory):
    """An open lesson in a week's time, hosted by a specialist at their school, in a hub serving that school."""

    class Meta:
        model = OpenLesson

    specialist = factory.SubFactory(MasterySpecialistFactory)
    school = factory.LazyAttribute(lambda o: o.specialist.user.school)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    class_or_year_group = "Year 4"
    focus = factory.Sequence(lambda n: f"Reasoning {n}")
    capacity = 5
