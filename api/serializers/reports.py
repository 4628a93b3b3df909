from rest_framework import serializers


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "count", "percent", "score"])


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(
        child=serializers.DictField(),
        help_text="One object per row, keyed by the columns' keys (percentages 0-100, null when nothing to divide).",
    )


class ReportFiltersSerializer(serializers.Serializer):
    academic_year = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    hub = serializers.CharField(allow_null=True)
    phase = serializers.CharField(allow_blank=True)
    project = serializers.CharField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["network", "hub"])
    filters = ReportFiltersSerializer()
    calculated_at = serializers.DateTimeField(help_text="When the figures were read.")
    tables = TableSerializer(many=True)
