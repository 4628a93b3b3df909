import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubFactory
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import ConsentStatus, Strand, WorkGroupStatus
from workgroups.models import AcademicYear, NationalProject, Registration, Session, WorkGroup


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ("start_year",)

    start_year = factory.LazyFunction(lambda: AcademicYear.start_year_for(timezone.localdate()))


class NationalProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalProject

    # The code's yy is its academic year's (NCP26-… for 2026/27), as the catalogue requires.
    code = factory.LazyAttributeSequence(
        lambda o, n: (
            f"NCP{o.academic_year.start_year % 100:02d}-{n % 100:02d}{'abcd'[n // 100 % 4] if n >= 100 else ''}"
        )
    )
    title = factory.Sequence(lambda n: f"National project {n}")
    phases = factory.LazyFunction(lambda: [Phase.PRIMARY])
    strand = Strand.SCHOOL_IMPROVEMENT
    academic_year = factory.SubFactory(AcademicYearFactory)


class WorkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkGroup

    hub = factory.SubFactory(HubFactory)
    project = factory.SubFactory(NationalProjectFactory)
    academic_year = factory.SelfAttribute("project.academic_year")
    code = factory.Sequence(lambda n: f"WG-{n:05d}")
    title = factory.Sequence(lambda n: f"Work Group {n}")
    phase = Phase.PRIMARY
    status = WorkGroupStatus.OPEN


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    work_group = factory.SubFactory(WorkGroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    work_group = factory.SubFactory(WorkGroupFactory)
    academic_year = factory.SelfAttribute("work_group.academic_year")
    teacher = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role_in_school = "Class teacher"
    headteacher_name = "Pat Head"
    headteacher_email = factory.Sequence(lambda n: f"head{n}@school.example")


def register(work_group, teacher=None, school=None, **extra) -> Registration:
    """A registration made through the service, as a teacher's sign-up makes it."""
    return services.registration_create(
        work_group=work_group,
        teacher=teacher or UserFactory(),
        school=school or SchoolFactory(),
        role_in_school=extra.pop("role_in_school", "Class teacher"),
        headteacher_name=extra.pop("headteacher_name", "Pat Head"),
        headteacher_email=extra.pop("headteacher_email", "head@school.example"),
        **extra,
    )


def confirmed(registration) -> Registration:
    """The headteacher has confirmed (approval needs it)."""
    Registration.objects.filter(pk=registration.pk).update(consent_status=ConsentStatus.CONFIRMED)
    registration.refresh_from_db()
    return registration
