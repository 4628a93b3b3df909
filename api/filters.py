"""The list endpoints' filters (django-filter). A bad value answers 400 naming the filter, never an empty list."""

import datetime
import re

import django_filters as filters
from django import forms
from django.db.models import Q, Subquery
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from hubs.models import Hub
from hubs.selectors import hub_schools_q
from mastery.enums import COHORT_PHASE_CHOICES, ProgrammeYear
from mastery.models import Accreditation, MasterySpecialist
from schools.enums import EstablishmentStatus, Phase
from schools.models import LocalAuthority, Region, School, Trust
from workgroups.enums import (
    AttendanceStatus,
    ConsentStatus,
    Format,
    RegistrationStatus,
    SessionStatus,
    Strand,
    WorkGroupStatus,
)
from workgroups.models import AcademicYear, Attendance, NationalProject, Registration, Session, WorkGroup

YEAR_PATTERN = re.compile(r"^(\d{4})(?:/(\d{2}))?$")


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, passed by when the request names none of the view's filters: each filter leaves
    the list as it is when its value is empty, so the unfiltered list (the commonest read) is the view's queryset
    itself, without the filter form built field by field on every request (about 1 ms of a list's time)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not names_a_filter(request.query_params, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


def names_a_filter(params, filterset_class) -> bool:
    """Whether a query parameter is one of the filters' (or, for a filter of two fields, one of its parts)."""
    names = filterset_class.base_filters.keys()
    return any(key == name or key.startswith(f"{name}_") for key in params for name in names)


class AcademicYearField(forms.CharField):
    """An academic year as "2025/26" or as the year it starts ("2025"); cleans to the start year."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        match = YEAR_PATTERN.match(value.strip())
        if not match or (match[2] and int(match[2]) != (int(match[1]) + 1) % 100):
            raise forms.ValidationError("Give an academic year as 2025/26, or the year it starts in (2025).")
        return int(match[1])


@extend_schema_field(OpenApiTypes.STR)
class AcademicYearFilter(filters.Filter):
    """Rows of one academic year. ``field_name`` is the path to the academic year (``academic_year``,
    ``work_group__academic_year``).

    The year is compared by its id, found by a subquery PostgreSQL runs once before the rest: a join to the year's
    row instead (``academic_year__start_year``) made it walk every registration in id order until it reached the
    year, 100,000 rows for a page of 100."""

    field_class = AcademicYearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "academic_year")
        kwargs.setdefault("help_text", "Academic year, as 2025/26 or 2025 (the year it starts).")
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value is None:
            return queryset
        year = AcademicYear.objects.filter(start_year=value).values("pk")[:1]
        return queryset.filter(**{f"{self.field_name}_id": Subquery(year)})


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, turned into UTC here: PostgreSQL refuses offsets past ±15:59, Python does not."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Give a moment between the years 1 and 9999.") from None


class MomentFilter(filters.IsoDateTimeFilter):
    field_class = MomentField


def modified_since(field_name: str):
    return MomentFilter(
        field_name=field_name,
        lookup_expr="gte",
        help_text="Only what changed at or after this moment (ISO 8601, e.g. a previous answer's X-Page-Generated).",
    )


def hub_filter(field_name: str = "hub"):
    return filters.ModelChoiceFilter(
        field_name=field_name, to_field_name="slug", queryset=Hub.objects.all(), help_text="Hub, by its slug."
    )


class HubFilter(filters.FilterSet):
    region = filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Region.objects.all(), help_text="Region, by its slug."
    )

    class Meta:
        model = Hub
        fields = ["region"]


class SchoolFilter(filters.FilterSet):
    local_authority = filters.ModelChoiceFilter(
        to_field_name="code", queryset=LocalAuthority.objects.all(), help_text="Local authority, by its GIAS code."
    )
    trust = filters.ModelChoiceFilter(
        to_field_name="code", queryset=Trust.objects.all(), help_text="Academy trust, by its GIAS code."
    )
    phase = filters.ChoiceFilter(choices=Phase.choices)
    status = filters.ChoiceFilter(choices=EstablishmentStatus.choices)
    hub = filters.ModelChoiceFilter(
        queryset=Hub.objects.all(),
        to_field_name="slug",
        method="filter_hub",
        help_text="The hub serving the school (its override, else its local authority's hub), by slug.",
    )
    modified_since = modified_since("updated_at")

    class Meta:
        model = School
        fields = ["local_authority", "trust", "phase", "status", "hub"]

    def filter_hub(self, queryset, name, value: Hub):
        return queryset.filter(hub_schools_q(value))


class ProjectFilter(filters.FilterSet):
    academic_year = AcademicYearFilter()
    strand = filters.ChoiceFilter(choices=Strand.choices)
    modified_since = modified_since("updated_at")

    class Meta:
        model = NationalProject
        fields = ["academic_year", "strand"]


class WorkGroupFilter(filters.FilterSet):
    academic_year = AcademicYearFilter()
    hub = hub_filter()
    project = filters.ModelChoiceFilter(
        to_field_name="code", queryset=NationalProject.objects.all(), help_text="National project, by its code."
    )
    status = filters.ChoiceFilter(choices=WorkGroupStatus.choices)
    phase = filters.ChoiceFilter(choices=Phase.choices)
    format = filters.ChoiceFilter(choices=Format.choices)
    modified_since = modified_since("updated_at")

    class Meta:
        model = WorkGroup
        fields = ["academic_year", "hub", "project", "status", "phase", "format"]


class SessionFilter(filters.FilterSet):
    work_group = filters.NumberFilter(field_name="work_group_id", help_text="Work Group id.")
    hub = hub_filter("work_group__hub")
    academic_year = AcademicYearFilter(field_name="work_group__academic_year")
    status = filters.ChoiceFilter(choices=SessionStatus.choices)
    starts_after = MomentFilter(field_name="starts_at", lookup_expr="gte", help_text="ISO 8601.")
    starts_before = MomentFilter(field_name="starts_at", lookup_expr="lt", help_text="ISO 8601.")
    modified_since = modified_since("updated_at")

    class Meta:
        model = Session
        fields = ["work_group", "hub", "academic_year", "status"]


class RegistrationFilter(filters.FilterSet):
    work_group = filters.NumberFilter(field_name="work_group_id", help_text="Work Group id.")
    hub = hub_filter("work_group__hub")
    academic_year = AcademicYearFilter()
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices)
    consent_status = filters.ChoiceFilter(choices=ConsentStatus.choices)
    school = filters.NumberFilter(field_name="school__urn", help_text="The school's URN.")
    modified_since = modified_since("updated_at")

    class Meta:
        model = Registration
        fields = ["work_group", "hub", "academic_year", "status", "consent_status", "school"]


class AttendanceFilter(filters.FilterSet):
    session = filters.NumberFilter(field_name="session_id", help_text="Session id.")
    work_group = filters.NumberFilter(field_name="session__work_group_id", help_text="Work Group id.")
    registration = filters.NumberFilter(field_name="registration_id", help_text="Registration id.")
    status = filters.ChoiceFilter(choices=AttendanceStatus.choices)
    modified_since = modified_since("recorded_at")

    class Meta:
        model = Attendance
        fields = ["session", "work_group", "registration", "status"]


class MasterySpecialistFilter(filters.FilterSet):
    hub = hub_filter()
    cohort_start_year = AcademicYearFilter(
        field_name="cohort__academic_year",
        help_text="The cohort's start year (its programme year 1), as 2025/26 or 2025.",
    )
    phase = filters.ChoiceFilter(
        field_name="cohort__phase", choices=COHORT_PHASE_CHOICES, help_text="The cohort's phase."
    )
    programme_year = filters.TypedChoiceFilter(choices=ProgrammeYear.choices, coerce=int)
    modified_since = MomentFilter(
        method="filter_modified_since",
        help_text="Only what changed at or after this moment (ISO 8601, e.g. a previous answer's X-Page-Generated), "
        "the specialist's accreditations included.",
    )

    class Meta:
        model = MasterySpecialist
        fields = ["hub", "cohort_start_year", "phase", "programme_year"]

    def filter_modified_since(self, queryset, name, value):
        # An accreditation is started (created_at) and moved (decided_at) by its services, never otherwise changed.
        accreditations = Accreditation.objects.filter(Q(created_at__gte=value) | Q(decided_at__gte=value))
        return queryset.filter(Q(updated_at__gte=value) | Q(pk__in=accreditations.values("specialist_id")))
