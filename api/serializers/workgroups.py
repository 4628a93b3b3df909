"""National projects, Work Groups and their sessions."""

from rest_framework import serializers

from api.serializers.fields import AcademicYearField, AcademicYearInputField
from schools.enums import Phase
from workgroups.enums import Strand
from workgroups.models import NationalProject, Session, WorkGroup


class NationalProjectSerializer(serializers.ModelSerializer):
    """A national project. Written by NCETM staff (``POST``, ``PATCH``) through the page's form and service: the
    code's year must be the academic year's (NCP26-… is 2026/27), and a project may be for next year."""

    academic_year = AcademicYearInputField()
    phases = serializers.ListField(child=serializers.ChoiceField(choices=Phase.choices), allow_empty=False)
    strand = serializers.ChoiceField(choices=Strand.choices)
    code = serializers.CharField(
        max_length=12,
        help_text="The network's pattern NCP<yy>-<nn>, optionally a-d (NCP24-12, NCP24-14b); any case is accepted.",
    )

    class Meta:
        model = NationalProject
        fields = [
            "id",
            "code",
            "title",
            "phases",
            "strand",
            "academic_year",
            "description",
            "default_sessions",
            "default_capacity",
            "default_min_schools",
            "default_teachers_per_school",
            "is_teaching_for_mastery",
            "journey_stage",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]
        # Uniqueness of the code is the page's form's to check (after it has normalised the code).
        validators = []
        extra_kwargs = {"description": {"required": False}}


class LeadSerializer(serializers.Serializer):
    name = serializers.CharField(source="full_name", read_only=True)


class WorkGroupSerializer(serializers.ModelSerializer):
    hub = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    academic_year = AcademicYearField(read_only=True)
    leads = LeadSerializer(many=True, read_only=True)
    places_taken = serializers.IntegerField(read_only=True, help_text="Registrations holding a place.")
    waitlisted = serializers.IntegerField(read_only=True)
    schools_registered = serializers.IntegerField(read_only=True, help_text="Schools with a place-holder.")
    first_session = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = WorkGroup
        fields = [
            "id",
            "code",
            "title",
            "hub",
            "project",
            "academic_year",
            "phase",
            "format",
            "venue",
            "description",
            "status",
            "capacity",
            "min_schools",
            "teachers_per_school",
            "registration_deadline",
            "required_attendance_percent",
            "leads",
            "places_taken",
            "waitlisted",
            "schools_registered",
            "first_session",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    online = serializers.SerializerMethodField(help_text="Whether the session has an online link (given in My CPD).")

    class Meta:
        model = Session
        fields = [
            "id",
            "work_group",
            "number",
            "starts_at",
            "ends_at",
            "venue",
            "online",
            "agenda",
            "task",
            "status",
            "updated_at",
        ]
        read_only_fields = fields

    def get_online(self, session) -> bool:
        return bool(session.online_link)
