"""The caller: who they are, their roles, and their own CPD (the "My CPD" page as data)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workgroups.enums import RegistrationStatus


class HubRoleSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    manages = serializers.BooleanField(help_text="Hub lead or hub administrator (runs its Work Groups).")


class TokenInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    scope = serializers.CharField()
    expires_at = serializers.DateTimeField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    school = serializers.IntegerField(allow_null=True, help_text="URN of the person's school.")
    is_ncetm_staff = serializers.BooleanField()
    is_site_admin = serializers.BooleanField()
    hubs = HubRoleSerializer(many=True)
    leads_work_groups = serializers.BooleanField()
    token = TokenInfoSerializer(allow_null=True, help_text="The token this request was made with (null: session).")


class CpdWorkGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    hub = serializers.CharField(source="hub.slug")
    project = serializers.CharField(source="project.code")
    status = serializers.CharField()
    required_attendance_percent = serializers.IntegerField()


class CpdSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField()
    online_link = serializers.CharField()
    agenda = serializers.CharField()
    task = serializers.CharField()
    status = serializers.CharField()
    attendance = serializers.SerializerMethodField(help_text="Your mark for the session, if it has one.")

    def get_attendance(self, session) -> str | None:
        mark = getattr(session, "my_attendance", None)
        return mark.status if mark else None


class CpdEntrySerializer(serializers.Serializer):
    """One Work Group of the caller's. Sessions and tasks are given once they are a participant (approved)."""

    registration = serializers.IntegerField(source="registration.pk")
    status = serializers.CharField(source="registration.status")
    consent_status = serializers.CharField(source="registration.consent_status")
    work_group = CpdWorkGroupSerializer(source="registration.work_group")
    attended = serializers.IntegerField()
    held = serializers.IntegerField(help_text="Sessions planned and not cancelled.")
    held_so_far = serializers.IntegerField(help_text="Of which have started.")
    attended_percent = serializers.IntegerField()
    next_session = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()

    @extend_schema_field(CpdSessionSerializer(allow_null=True))
    def get_next_session(self, entry):
        if entry.next_session is None or entry.registration.status == RegistrationStatus.REJECTED:
            return None
        return CpdSessionSerializer(entry.next_session).data

    @extend_schema_field(CpdSessionSerializer(many=True))
    def get_sessions(self, entry):
        return CpdSessionSerializer(entry.sessions if entry.is_participant else [], many=True).data
