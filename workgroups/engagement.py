"""What "engaged" means, once for the whole portal: the hub dashboards, the network reports, the impact survey
invitations and the yearly summaries all read it from here (the reports through the kept figures,
``engaged_participations``, which the services keep to the same definition; the hub dashboards through those
figures' own copies of each Work Group's year and status, ``participating_schools``).

- A school is *participating* (engaged) in an academic year when at least one registration for it, in a Work Group
  of that year that ran (published and not cancelled, ``RUN_STATUSES``), is approved or completed
  (``PARTICIPANT_STATUSES``). The school is the one on the registration.
- A school has *completed* in a year when such a registration is completed (the DfE's own count).

Applied, waitlisted, offered, rejected and withdrawn registrations never count, nor does anything in a cancelled
Work Group.
"""

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from workgroups.enums import PARTICIPANT_STATUSES, RUN_STATUSES, RegistrationStatus
from workgroups.models import AcademicYear, Registration, SchoolParticipation


def engaged_registrations(*, academic_year=None, start_year: int | None = None) -> QuerySet[Registration]:
    """The registrations that make their school participating: approved or completed, in a Work Group that ran.

    Narrowed to one academic year by ``academic_year`` (an ``AcademicYear`` or its id) or ``start_year`` (2024 for
    2024/25); neither: every year. Unordered (for subqueries and aggregates). The registration's own copy of its
    Work Group's year is used, so a year is read through the (academic_year, status) index.
    """
    registrations = Registration.objects.filter(status__in=PARTICIPANT_STATUSES, work_group__status__in=RUN_STATUSES)
    if academic_year is not None:
        registrations = registrations.filter(academic_year=academic_year)
    if start_year is not None:
        registrations = registrations.filter(academic_year__start_year=start_year)
    return registrations.order_by()


def completed_registrations(*, academic_year=None, start_year: int | None = None) -> QuerySet[Registration]:
    """The registrations that make their school completed: the engaged ones that are completed."""
    return engaged_registrations(academic_year=academic_year, start_year=start_year).filter(
        status=RegistrationStatus.COMPLETED
    )


def engaged_school_ids(*, academic_year=None, start_year: int | None = None) -> QuerySet:
    """Ids of the schools participating in a year (a subquery, for ``pk__in``)."""
    return engaged_registrations(academic_year=academic_year, start_year=start_year).values("school_id")


def participating_schools(*, start_year: int) -> QuerySet[SchoolParticipation]:
    """The same answer for one academic year, from the kept figures' own copies of each Work Group's year and
    whether it ran (``SchoolParticipation.academic_year`` and ``ran``): the year's rows of one partial index, for
    the hub dashboards, which ask it of a thousand schools a page. Unordered; one row per school and Work Group."""
    year = AcademicYear.objects.filter(start_year=start_year).values("pk")  # once a query, not a join per school
    return SchoolParticipation.objects.filter(ran=True, academic_year_id=Subquery(year)).order_by()


def school_engaged_exists(*, start_year: int) -> Exists:
    """``Exists`` for a queryset of schools: is this school participating in the year? (``participating_schools``)
    For filtering: PostgreSQL joins it to the year's rows at once."""
    return Exists(participating_schools(start_year=start_year).filter(school=OuterRef("pk")))


def school_engaged_flag(*, start_year: int) -> Coalesce:
    """The same answer as a value to annotate a page of schools with: a subquery PostgreSQL runs once per school
    it returns (one probe of the index each), where it would read and hash the whole year's rows for an ``Exists``
    in the select list, whatever the number of schools shown."""
    rows = participating_schools(start_year=start_year).filter(school=OuterRef("pk")).values(flag=Value(True))
    return Coalesce(Subquery(rows[:1]), Value(False), output_field=BooleanField())


def engaged_participations(*, academic_year=None) -> QuerySet:
    """The same answer read from the kept figures (``SchoolParticipation``, one row per school and Work Group,
    refreshed by the services that change registrations): a school's rows in Work Groups that ran. ``completed``
    on a row: a completed registration. For the reports, which read a year of these instead of its registrations.
    """
    rows = SchoolParticipation.objects.filter(work_group__status__in=RUN_STATUSES)
    if academic_year is not None:
        rows = rows.filter(work_group__academic_year=academic_year)
    return rows.order_by()


def reached_school_ids(*, first_start_year: int, last_start_year: int) -> QuerySet:
    """Ids of the schools participating (as above) in any academic year from ``first_start_year`` to
    ``last_start_year``, both included: the schools a hub has reached in those years (a subquery, for ``pk__in``).
    Read from the kept figures (``engaged_participations``): three years of participations, not of registrations.
    """
    return (
        engaged_participations()
        .filter(
            work_group__academic_year__start_year__gte=first_start_year,
            work_group__academic_year__start_year__lte=last_start_year,
        )
        .values("school_id")
    )
