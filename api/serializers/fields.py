"""Fields shared by the API's serializers: how the domain's natural keys are written."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import AcademicYearField as AcademicYearFormField
from workgroups.models import AcademicYear


@extend_schema_field(OpenApiTypes.STR)
class AcademicYearField(serializers.Field):
    """An academic year, written "2025/26"; read from "2025/26" or "2025" (the year it starts), one the portal holds."""

    default_error_messages = {
        "invalid": "Give an academic year as 2025/26, or the year it starts in (2025).",
        "missing": "The portal holds no academic year {name}.",
    }

    def to_representation(self, value):
        return value.name

    def to_internal_value(self, data):
        try:
            start_year = AcademicYearFormField().clean(str(data))
        except ValidationError:
            self.fail("invalid")
        if start_year is None:
            self.fail("invalid")
        year = AcademicYear.objects.filter(start_year=start_year).first()
        if year is None:
            self.fail("missing", name=AcademicYear(start_year=start_year).name)
        return year


@extend_schema_field(OpenApiTypes.STR)
class AcademicYearInputField(AcademicYearField):
    """As ``AcademicYearField`` for output; read as the year it starts (an int), whether the portal holds it yet or
    not: the form that checks it decides which years may be used (a project may be for next year)."""

    def to_internal_value(self, data):
        try:
            start_year = AcademicYearFormField().clean(str(data))
        except ValidationError:
            self.fail("invalid")
        if start_year is None:
            self.fail("invalid")
        return start_year


class NamedCodeSerializer(serializers.Serializer):
    """A local authority or trust: its GIAS code and name."""

    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class RegionSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
