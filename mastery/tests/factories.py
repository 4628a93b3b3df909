import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubFactory
from mastery.enums import AccreditationKind, AccreditationPhase, AccreditationStatus
from mastery.models import Accreditation, Cohort, MasterySpecialist, OpenLesson
from mastery.models.accreditation import reregistration_due_for
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


class AccreditationFactory(factory.django.DjangoModelFactory):
    """A PD Lead (Primary) accreditation, not started; give ``accredited_on`` with a status that needs it."""

    class Meta:
        model = Accreditation

    specialist = factory.SubFactory(MasterySpecialistFactory)
    kind = AccreditationKind.PD_LEAD
    phase = AccreditationPhase.PRIMARY
    status = AccreditationStatus.NOT_STARTED
    accredited_on = None
    reregistration_due_on = factory.LazyAttribute(
        lambda o: reregistration_due_for(o.accredited_on) if o.accredited_on else None
    )


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
