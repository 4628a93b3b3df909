"""Mastery Specialists: their hub, cohort and the milestones of their three programme years."""

from rest_framework import serializers

from api.serializers.fields import AcademicYearField
from mastery.enums import COHORT_PHASE_CHOICES, AccreditationPhase, LaunchAttendee
from mastery.models import Accreditation, Cohort, MasterySpecialist


class CohortSerializer(serializers.ModelSerializer):
    start_year = AcademicYearField(
        source="academic_year", read_only=True, help_text="The academic year its training (programme year 1) starts."
    )
    phase = serializers.ChoiceField(choices=COHORT_PHASE_CHOICES, read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "start_year", "phase"]


class AccreditationSerializer(serializers.ModelSerializer):
    """Where one of the specialist's NCETM accreditations stands (its evidence stays on the portal's pages)."""

    phase = serializers.ChoiceField(
        choices=AccreditationPhase.choices,
        read_only=True,
        allow_null=True,
        help_text="The PD Lead accreditation's phase (null for School Development Lead).",
    )

    class Meta:
        model = Accreditation
        fields = ["kind", "phase", "status", "accredited_on", "reregistration_due_on"]
        read_only_fields = fields


class MasterySpecialistSerializer(serializers.ModelSerializer):
    """A specialist, as their page shows them to the people the rules allow (their hub's managers, NCETM staff,
    themself)."""

    teacher = serializers.IntegerField(source="user_id", read_only=True, help_text="The teacher's id.")
    name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    school = serializers.IntegerField(
        source="user.school.urn", read_only=True, allow_null=True, help_text="The URN of the teacher's school."
    )
    hub = serializers.CharField(source="hub.slug", read_only=True, help_text="The hub's slug.")
    cohort = CohortSerializer(read_only=True)
    launch_attendee = serializers.ChoiceField(
        choices=LaunchAttendee.choices,
        allow_blank=True,
        read_only=True,
        help_text="Who from their school came to the launch of their training year (empty: not recorded).",
    )
    first_work_group = serializers.IntegerField(
        source="first_work_group_id", read_only=True, allow_null=True, help_text="The first Work Group they led (id)."
    )
    accreditations = AccreditationSerializer(
        many=True, read_only=True, help_text="Their NCETM accreditations: PD Lead (by phase), School Development Lead."
    )

    class Meta:
        model = MasterySpecialist
        fields = [
            "id",
            "teacher",
            "name",
            "email",
            "school",
            "hub",
            "cohort",
            "programme_year",
            "nominated_at",
            "training_days_attended",
            "launch_attendee",
            "launch_attendee_name",
            "first_work_group",
            "accreditations",
            "updated_at",
        ]
        read_only_fields = fields
