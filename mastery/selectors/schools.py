"""The hub's school page: a school's teachers and their CPD, its Teaching for Mastery journey, engagement by year."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from hubs.selectors import hub_schools_q
from mastery.journey import SchoolJourney, school_journey_stage
from mastery.models import OpenLessonBooking
from schools.models import School
from workgroups.enums import PARTICIPANT_STATUSES, RUN_STATUSES, RegistrationStatus
from workgroups.models import Registration


def hub_school(*, hub, urn: int) -> School | None:
    """The open or closed school with this URN if ``hub`` serves it, with its local authority and trust; else None."""
    return School.objects.filter(hub_schools_q(hub), urn=urn).select_related("local_authority", "trust").first()


@dataclass(frozen=True)
class EngagementYear:
    start_year: int
    work_groups: int  # Work Groups that ran in which a teacher of the school took part
    teachers: int
    completed: int  # of those Work Groups, completed by a teacher of the school

    @property
    def year(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


@dataclass
class SchoolPage:
    school: School
    journey: SchoolJourney
    registrations: list = field(default_factory=list)
    bookings: list = field(default_factory=list)
    engagement: list[EngagementYear] = field(default_factory=list)
    teachers_on_portal: list = field(default_factory=list)


def hub_school_page(*, school: School) -> SchoolPage:
    """Everything the school page shows, in six queries whatever the school's history: its journey (two), the
    registrations of its teachers with their Work Groups, their open-lesson bookings, its engagement by year, and
    the portal's people linked to the school."""
    registrations = list(
        Registration.objects.filter(school=school)
        .select_related("teacher", "work_group__project", "work_group__academic_year")
        .order_by("-work_group__academic_year__start_year", "teacher__full_name", "work_group__code", "pk")
    )
    bookings = list(
        OpenLessonBooking.objects.filter(school=school)
        .select_related("teacher", "lesson__school", "lesson__specialist__user")
        .order_by("-lesson__starts_at", "pk")
    )
    engaged = (
        Registration.objects.filter(school=school, status__in=PARTICIPANT_STATUSES, work_group__status__in=RUN_STATUSES)
        .values("academic_year__start_year")
        .annotate(
            work_groups=Count("work_group", distinct=True),
            teachers=Count("teacher", distinct=True),
            completed=Count("work_group", distinct=True, filter=Q(status=RegistrationStatus.COMPLETED)),
        )
        .order_by("-academic_year__start_year")
    )
    engagement = [
        EngagementYear(
            start_year=row["academic_year__start_year"],
            work_groups=row["work_groups"],
            teachers=row["teachers"],
            completed=row["completed"],
        )
        for row in engaged
    ]
    people = list(school.staff.filter(is_active=True).order_by("full_name").only("pk", "full_name", "email", "school_id"))
    return SchoolPage(
        school=school,
        journey=school_journey_stage(school),
        registrations=registrations,
        bookings=bookings,
        engagement=engagement,
        teachers_on_portal=people,
    )
