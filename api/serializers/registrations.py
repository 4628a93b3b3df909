"""Registrations and attendance: read by the people the rules allow, decided and marked through the services."""

import datetime
from collections.abc import Iterable, Mapping

from django.utils import timezone
from rest_framework import serializers

from api.serializers.fields import AcademicYearField
from workgroups.enums import AttendanceStatus
from workgroups.models import AcademicYear, Attendance, Registration

PERSONAL_FIELDS = ("teacher_name", "teacher_email", "trn", "headteacher_name", "headteacher_email")


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration. The teacher's and headteacher's personal data are given only to the Work Group's leads and
    its hub's managers; national readers get them as null (ids only, as in the network's download)."""

    work_group_code = serializers.CharField(source="work_group.code", read_only=True)
    hub = serializers.CharField(source="work_group.hub.slug", read_only=True)
    academic_year = AcademicYearField(read_only=True)
    school = serializers.IntegerField(source="school.urn", read_only=True, help_text="The school's URN.")
    teacher = serializers.IntegerField(source="teacher_id", read_only=True, help_text="The teacher's id.")
    teacher_name = serializers.CharField(source="teacher.full_name", read_only=True, allow_null=True)
    teacher_email = serializers.EmailField(source="teacher.email", read_only=True, allow_null=True)
    trn = serializers.CharField(read_only=True, allow_null=True, help_text="Teacher reference number (may be empty).")
    headteacher_name = serializers.CharField(read_only=True, allow_null=True)
    headteacher_email = serializers.EmailField(read_only=True, allow_null=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "work_group",
            "work_group_code",
            "hub",
            "academic_year",
            "school",
            "teacher",
            "teacher_name",
            "teacher_email",
            "trn",
            "role_in_school",
            "headteacher_name",
            "headteacher_email",
            "status",
            "consent_status",
            "consent_override_reason",
            "created_at",
            "waitlisted_at",
            "offered_at",
            "offer_expires_at",
            "decided_at",
            "completed_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, registration):
        data = super().to_representation(registration)
        if not getattr(registration, "with_people", False):
            data.update(dict.fromkeys(PERSONAL_FIELDS))
        return data


# The columns ``registration_rows`` reads (``QuerySet.values``): the registration's own, what the joined rows give;
# beside them each row holds ``with_people`` (``workgroups.selectors.registrations_visible_to``'s mark).
ROW_VALUES = (
    "id",
    "work_group_id",
    "work_group__code",
    "work_group__hub__slug",
    "academic_year__start_year",
    "school__urn",
    "teacher_id",
    "teacher__full_name",
    "teacher__email",
    "trn",
    "role_in_school",
    "headteacher_name",
    "headteacher_email",
    "status",
    "consent_status",
    "consent_override_reason",
    "created_at",
    "waitlisted_at",
    "offered_at",
    "offer_expires_at",
    "decided_at",
    "completed_at",
    "updated_at",
)


def _moment(value: datetime.datetime | None, zone) -> str | None:
    """A moment as DRF's ``DateTimeField`` writes it: ISO 8601 in the current time zone, UTC as "Z"."""
    if not value:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def registration_rows(rows: Iterable[Mapping]) -> list[dict]:
    """``RegistrationSerializer``'s answer for each row of ``registrations.values(*ROW_VALUES)`` (with its
    ``with_people``), key for key and value for value (``api/tests/test_registration_rows.py`` holds them equal),
    for the list: a page of 100 is written in a fraction of the time the serializer's field-by-field walk over 600
    model objects takes. The serializer stays the schema's definition and answers for one registration."""
    zone = timezone.get_current_timezone()
    people = ("teacher__full_name", "teacher__email", "trn", "headteacher_name", "headteacher_email")
    year_names: dict[int, str] = {}
    answers = []
    for row in rows:
        name, email, trn, head_name, head_email = (
            (row[key] for key in people) if row["with_people"] else (None, None, None, None, None)
        )
        start_year = row["academic_year__start_year"]
        year = year_names.get(start_year) or year_names.setdefault(start_year, AcademicYear(start_year=start_year).name)
        answers.append(
            {
                "id": row["id"],
                "work_group": row["work_group_id"],
                "work_group_code": row["work_group__code"],
                "hub": row["work_group__hub__slug"],
                "academic_year": year,
                "school": row["school__urn"],
                "teacher": row["teacher_id"],
                "teacher_name": name,
                "teacher_email": email,
                "trn": trn,
                "role_in_school": row["role_in_school"],
                "headteacher_name": head_name,
                "headteacher_email": head_email,
                "status": row["status"],
                "consent_status": row["consent_status"],
                "consent_override_reason": row["consent_override_reason"],
                "created_at": _moment(row["created_at"], zone),
                "waitlisted_at": _moment(row["waitlisted_at"], zone),
                "offered_at": _moment(row["offered_at"], zone),
                "offer_expires_at": _moment(row["offer_expires_at"], zone),
                "decided_at": _moment(row["decided_at"], zone),
                "completed_at": _moment(row["completed_at"], zone),
                "updated_at": _moment(row["updated_at"], zone),
            }
        )
    return answers


class DecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject"), ("waitlist", "Waitlist")],
        help_text="The same decisions as the Work Group's registrations page.",
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="To approve before the headteacher has confirmed: why (kept on the registration and in the "
        "audit trail). Without it, such an approval is refused, as on the page.",
    )


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "registration", "session", "status", "recorded_at"]
        read_only_fields = fields


class MarkSerializer(serializers.Serializer):
    registration = serializers.IntegerField(min_value=1, help_text="A registration id of an approved participant.")
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class RegisterSerializer(serializers.Serializer):
    """A session's register: one mark per participant named (others are left as they are)."""

    marks = MarkSerializer(many=True, allow_empty=False)

    def validate_marks(self, marks):
        ids = [mark["registration"] for mark in marks]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Each registration may be marked once.")
        return marks


class RegisterSavedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
