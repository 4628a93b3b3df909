"""The REST API, version 1: /api/v1/… with its OpenAPI schema at /api/v1/schema/ and its docs at /api/v1/docs/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.exceptions import not_found
from api.views.mastery import MasterySpecialistViewSet
from api.views.me import MeView, MyCpdView
from api.views.network import HubViewSet, SchoolViewSet
from api.views.registrations import AttendanceViewSet, RegistrationViewSet
from api.views.reports import HubReportView, NetworkReportView
from api.views.workgroups import NationalProjectViewSet, SessionViewSet, WorkGroupViewSet

app_name = "api"

router = SimpleRouter()
router.register("hubs", HubViewSet, basename="hub")
router.register("schools", SchoolViewSet, basename="school")
router.register("projects", NationalProjectViewSet, basename="project")
router.register("work-groups", WorkGroupViewSet, basename="workgroup")
router.register("sessions", SessionViewSet, basename="session")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("attendance", AttendanceViewSet, basename="attendance")
router.register("mastery-specialists", MasterySpecialistViewSet, basename="specialist")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar (no CDN); its script is a separate request, so no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/api_docs.html"),
        name="docs",
    ),
    path("me/", MeView.as_view(), name="me"),
    path("me/cpd/", MyCpdView.as_view(), name="my_cpd"),
    path("reports/network/", NetworkReportView.as_view(), name="report_network"),
    path("reports/hubs/<slug:slug>/", HubReportView.as_view(), name="report_hub"),
    *router.urls,
    re_path(r"^[\s\S]*$", not_found, name="not_found"),  # anything else under /api/v1/, newlines included
]
