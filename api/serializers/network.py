"""Hubs and the schools register."""

from rest_framework import serializers

from api.serializers.fields import NamedCodeSerializer, RegionSerializer
from hubs.models import Hub, HubArea
from schools.models import School


class HubAreaSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="local_authority.code", read_only=True)
    name = serializers.CharField(source="local_authority.name", read_only=True)

    class Meta:
        model = HubArea
        fields = ["code", "name"]


class HubSerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True, allow_null=True)
    lead_schools = serializers.SlugRelatedField(
        slug_field="urn", many=True, read_only=True, help_text="URNs of the hub's lead schools."
    )
    local_authorities = HubAreaSerializer(
        source="area", many=True, read_only=True, help_text="The local authorities of the hub's area."
    )

    class Meta:
        model = Hub
        fields = [
            "slug",
            "name",
            "region",
            "lead_schools",
            "local_authorities",
            "contact_email",
            "contact_phone",
            "website",
            "active_since",
        ]


class SchoolSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="type_name", read_only=True)
    local_authority = NamedCodeSerializer(read_only=True, allow_null=True)
    trust = NamedCodeSerializer(read_only=True, allow_null=True)
    percentage_fsm = serializers.FloatField(
        read_only=True, allow_null=True, help_text="% of pupils on free school meals."
    )
    hub = serializers.SerializerMethodField(help_text="Slug of the hub serving the school (null: none).")

    class Meta:
        model = School
        fields = [
            "urn",
            "name",
            "phase",
            "type",
            "status",
            "local_authority",
            "trust",
            "postcode",
            "number_of_pupils",
            "percentage_fsm",
            "ofsted_rating",
            "hub",
            "updated_at",
        ]

    def get_hub(self, school) -> str | None:
        return self.context["hub_slugs"].get(school.served_hub_id)
