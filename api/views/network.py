"""Hubs and the schools register: the network's public facts, for every signed-in person."""

from api.filters import HubFilter, SchoolFilter
from api.serializers.network import HubSerializer, SchoolSerializer
from api.views.base import ReadOnlyViewSet
from hubs.models import Hub
from hubs.selectors import hubs_for_list, schools_register
from schools.models import School


class HubViewSet(ReadOnlyViewSet):
    """England's Maths Hubs with their region, lead schools and area (local authorities)."""

    queryset = Hub.objects.none()
    serializer_class = HubSerializer
    filterset_class = HubFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return hubs_for_list().order_by("name", "pk")


class SchoolViewSet(ReadOnlyViewSet):
    """The schools register (from GIAS), open and closed schools, by URN; each with the hub that serves it."""

    queryset = School.objects.none()
    serializer_class = SchoolSerializer
    filterset_class = SchoolFilter
    lookup_field = "urn"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return schools_register().order_by("urn")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "hub_slugs": dict(Hub.objects.values_list("pk", "slug"))}
