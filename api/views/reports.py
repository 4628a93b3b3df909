"""The report figures as JSON: the same tables (from the same kept figures) and filters as the report pages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.forms import ReportFilterApiForm
from api.serializers.reports import ReportSerializer
from api.views.base import ApiViewMixin
from hubs.models import Hub
from reports.tables import HUB, NETWORK, Report, report_tables
from schools.enums import Phase

FILTER_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.STR, description="Academic year, 2025/26 or 2025 (default: this one)."),
    OpenApiParameter("phase", OpenApiTypes.STR, enum=[p for p in Phase.values if p != Phase.NOT_APPLICABLE]),
    OpenApiParameter("project", OpenApiTypes.STR, description="National project, by its code."),
]
NETWORK_PARAMETERS = [
    OpenApiParameter("region", OpenApiTypes.STR, description="Region, by its slug."),
    OpenApiParameter("hub", OpenApiTypes.STR, description="Hub, by its slug."),
    *FILTER_PARAMETERS,
]


def report_response(request, *, hub: Hub | None) -> Response:
    form = ReportFilterApiForm(request.query_params, hub=hub)
    if not form.is_valid():
        raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    filters = form.filters()
    report = Report(filters, scope=HUB if hub else NETWORK)
    year_tables, year_at = report_tables(report, "year")
    trend_tables, trend_at = report_tables(report, "trend")
    tables = [
        {
            "key": table.key,
            "title": table.title,
            "definition": table.definition,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
            "rows": [{c.key: row.get(c.key) for c in table.columns} for row in table.rows],
        }
        for table in [*year_tables, *trend_tables]
    ]
    data = {
        "scope": HUB if hub else NETWORK,
        "filters": {
            "academic_year": filters.academic_year.name,
            "region": filters.region.slug if filters.region else None,
            "hub": filters.hub.slug if filters.hub else None,
            "phase": filters.phase,
            "project": filters.project.code if filters.project else None,
        },
        "calculated_at": min(year_at, trend_at),
        "tables": tables,
    }
    return Response(ReportSerializer(data).data)


class NetworkReportView(ApiViewMixin, APIView):
    @extend_schema(parameters=NETWORK_PARAMETERS, responses=ReportSerializer, operation_id="reports_network")
    def get(self, request):
        """Every hub side by side (NCETM staff and site administrators), as on "Network reports"."""
        if not request.user.has_perm("reports.view_network_report"):
            raise PermissionDenied("The network's reports are for NCETM staff.")
        return report_response(request, hub=None)


class HubReportView(ApiViewMixin, APIView):
    @extend_schema(parameters=FILTER_PARAMETERS, responses=ReportSerializer, operation_id="reports_hub")
    def get(self, request, slug):
        """One hub in full beside the network (the hub's members, and national readers). Another hub: 404."""
        hub = Hub.objects.filter(slug=slug).first()
        if hub is None or not request.user.has_perm("reports.view_hub_report", hub):
            raise NotFound("No such hub report.")
        return report_response(request, hub=hub)
