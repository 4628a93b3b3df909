"""Registrations and attendance marks: hub-scoped, personal data only to the group's leads and hub's managers."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.filters import AttendanceFilter, RegistrationFilter
from api.serializers.registrations import (
    ROW_VALUES,
    AttendanceSerializer,
    DecisionSerializer,
    RegistrationSerializer,
    registration_rows,
)
from api.views.base import ReadOnlyViewSet
from workgroups import selectors, services
from workgroups.models import Attendance, Registration

REGISTRATION_FIELDS = [field.name for field in Registration._meta.concrete_fields]
JOINED_FIELDS = (
    "work_group__code",
    "work_group__hub_id",
    "work_group__academic_year_id",
    "work_group__status",
    "work_group__hub__slug",
    "academic_year__start_year",
    "school__urn",
    "teacher__full_name",
    "teacher__email",
)


class RegistrationViewSet(ReadOnlyViewSet):
    """Registrations of the Work Groups a person leads or whose hub they manage (with the people's details), or
    every registration without them for national readers. Another hub's registration answers 404."""

    queryset = Registration.objects.none()
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter

    def get_queryset(self):
        return (
            selectors.registrations_visible_to(user=self.request.user)
            .select_related("work_group__hub", "academic_year", "school", "teacher")
            # Of the rows joined, only what the answer shows (and the ids the rules ask for): a page of 100 then
            # builds 600 small objects instead of 600 whole ones (a school has 20 fields, a user a password).
            .only(*REGISTRATION_FIELDS, *JOINED_FIELDS)
            .order_by("pk")
        )

    # Read with each id of a page (``IdsFirstPaginator``): whether the registration's people are shown.
    page_values = ("with_people",)

    def page_rows(self, page: list[dict]):
        """The page's rows (``page``: its ids in order, each with ``with_people``) as ``ROW_VALUES``, read by primary
        key alone: the list's conditions were met by the ids; asked again beside the joins, they tripled the
        query's time."""
        ids = [row["pk"] for row in page]
        rows = {row["id"]: row for row in Registration.objects.filter(pk__in=ids).values(*ROW_VALUES)} if ids else {}
        return [{**rows[row["pk"]], "with_people": row["with_people"]} for row in page if row["pk"] in rows]

    def list(self, request, *args, **kwargs):
        """The page's rows written by ``registration_rows``: the serializer's answer without its field-by-field
        walk (the list of 100 is the API's hottest answer)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(registration_rows(page))

    @extend_schema(request=DecisionSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Approve, reject or waitlist the registration, by the same rules as the Work Group's registrations page:
        approval needs the headteacher's confirmation, or an ``override_reason``."""
        registration = self.get_object()
        if not request.user.has_perm("workgroups.manage_workgroup", registration.work_group):
            raise PermissionDenied("Only the Work Group's hub managers decide its registrations.")
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.registration_decide(
            registration=registration,
            action=body.validated_data["action"],
            actor=request.user,
            override_reason=body.validated_data.get("override_reason", ""),
        )
        return Response(self.get_serializer(self.get_object()).data)


class AttendanceViewSet(ReadOnlyViewSet):
    """Attendance marks of the registrations a person may read."""

    queryset = Attendance.objects.none()
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter

    def get_queryset(self):
        return selectors.attendance_visible_to(user=self.request.user).order_by("pk")
