import secrets
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from hubs_portal.input_guard import refuse_direction_overrides
from workgroups.enums import ACTIVE_REGISTRATION_STATUSES, AttendanceStatus, ConsentStatus, RegistrationStatus


def task_response_upload_to(instance, filename: str) -> str:
    """A random, unguessable name; the teacher's own file name is kept in ``file_name`` only."""
    suffix = Path(filename).suffix.lower()
    return f"task-responses/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


trn_validator = RegexValidator(r"^\d{7}$", "A teacher reference number (TRN) is seven digits.")


class UpdatedAtQuerySet(models.QuerySet):
    """Every write through the ORM stamps ``updated_at``, so the API's ``modified_since`` misses no change.

    ``auto_now`` alone is not enough: ``save(update_fields=...)``, ``bulk_update`` and ``update`` skip it unless
    told. Services change registrations all three ways; stamping here keeps each of them (and the next one
    written) honest without having to remember the field. The model's ``save`` adds ``updated_at`` to
    ``update_fields`` (``Registration.save``). Used by every model the API syncs with ``modified_since`` this way
    (registrations, Mastery Specialists).
    """

    def update(self, **kwargs):
        kwargs.setdefault("updated_at", Now())
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        return super().bulk_update(objs, {*fields, "updated_at"}, batch_size=batch_size)


class Registration(models.Model):
    """A teacher's place (or request for one) in a Work Group. One active registration per teacher per Work Group;
    a teacher who withdrew (or whose offer lapsed) can register again, and the old registration stays as history."""

    work_group = models.ForeignKey("workgroups.WorkGroup", on_delete=models.CASCADE, related_name="registrations")
    # Always the Work Group's own academic year, copied when the registration is first saved (``save`` below; bulk
    # inserts set it themselves) and never edited: a Work Group's year is fixed once it exists (read-only in the admin, not among the service's
    # editable fields). It is here so the yearly reports read one year's registrations through the (academic_year,
    # status) index instead of scanning five years of them to find the year through the Work Group.
    academic_year = models.ForeignKey(
        "workgroups.AcademicYear", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="registrations")
    role_in_school = models.CharField(max_length=150, validators=[refuse_direction_overrides])
    trn = models.CharField("teacher reference number", max_length=7, blank=True, validators=[trn_validator])
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.APPLIED)
    headteacher_name = models.CharField(max_length=150, validators=[refuse_direction_overrides])
    headteacher_email = models.EmailField()
    consent_status = models.CharField(max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.PENDING)
    consent_decided_at = models.DateTimeField(null=True, blank=True)
    # A hub lead approved without the headteacher's confirmation: why (kept, and in the audit trail).
    consent_override_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The waitlist is served in the order people joined it.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    # An offer of a place lapses at this moment (REGISTRATION_OFFER_DAYS after it was made); the sweep ends it.
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # The last change of any kind (see UpdatedAtQuerySet); the database's default covers rows bulk-loaded with COPY.
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    objects = UpdatedAtQuerySet.as_manager()

    class Meta:
        ordering = ["work_group", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_group", "teacher"],
                condition=models.Q(status__in=ACTIVE_REGISTRATION_STATUSES),
                name="one_active_registration_per_teacher",
            )
        ]
        indexes = [
            models.Index(fields=["work_group", "status"]),
            models.Index(fields=["teacher", "status"]),
            models.Index(fields=["academic_year", "status"]),
            # The API's registrations of a year, page by page in id order: read in order from the index.
            models.Index(fields=["academic_year", "id"], name="registration_year_id_idx"),
            models.Index(fields=["updated_at"]),
            models.Index(
                fields=["offer_expires_at"],
                condition=models.Q(status=RegistrationStatus.OFFERED),
                name="registration_offer_expiry_idx",
            ),
        ]

    def __str__(self):
        return f"{self.teacher} in {self.work_group.code}"

    def save(self, *args, **kwargs):
        if self.academic_year_id is None and self.work_group_id is not None:
            self.academic_year_id = self.work_group.academic_year_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class Attendance(models.Model):
    """A participant's attendance at one session, as the register recorded it."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey("workgroups.Session", on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="one_attendance_per_session")]

    def __str__(self):
        return f"{self.registration.teacher} at {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """Who changed a register entry, from what to what, and when (corrections are kept)."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    old_status = models.CharField(max_length=20, choices=AttendanceStatus.choices, blank=True)
    new_status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.old_status or '-'} → {self.new_status}"


class TaskResponse(models.Model):
    """A participant's reflection on the classroom task set at a session, with optional student work."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="task_responses")
    session = models.ForeignKey("workgroups.Session", on_delete=models.CASCADE, related_name="task_responses")
    reflection = models.TextField(max_length=10000)
    # Private: MEDIA_ROOT has no URL; the file is served by a view that checks who asks.
    file = models.FileField(upload_to=task_response_upload_to, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_task_response_per_session")
        ]

    def __str__(self):
        return f"Reflection by {self.registration.teacher} on {self.session}"


class Evaluation(models.Model):
    """A participant's end-of-group evaluation (scores 1-5)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="evaluation")
    overall = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    impact_on_practice = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comments = models.TextField(blank=True, max_length=5000)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Evaluation by {self.registration.teacher}"
