from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from hubs_portal.input_guard import refuse_direction_overrides
from mastery.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, OpenLessonStatus


class OpenLesson(models.Model):
    """A lesson a Mastery Specialist teaches at their school with visiting teachers watching (then a discussion).

    Times are stored in UTC and shown in Europe/London. ``school`` is where it happens: the specialist's school
    when it was planned (kept, so the lesson stays put if the specialist later moves school).
    """

    specialist = models.ForeignKey("mastery.MasterySpecialist", on_delete=models.PROTECT, related_name="open_lessons")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="open_lessons")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    class_or_year_group = models.CharField(
        "class or year group", max_length=100, validators=[refuse_direction_overrides], help_text="e.g. Year 4, 9X2."
    )
    focus = models.CharField(max_length=255, validators=[refuse_direction_overrides])
    details = models.TextField(blank=True, max_length=3000, help_text="Where to sign in, parking, what to bring.")
    capacity = models.PositiveSmallIntegerField(default=8, validators=[MinValueValidator(1), MaxValueValidator(60)])
    status = models.CharField(max_length=20, choices=OpenLessonStatus.choices, default=OpenLessonStatus.SCHEDULED)
    cancelled_reason = models.CharField(max_length=255, blank=True)
    # iCalendar SEQUENCE: raised on cancellation so calendars replace the old event.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="open_lesson_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="open_lesson_capacity_positive"),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"Open lesson: {self.focus} ({self.class_or_year_group})"

    @property
    def hub(self):
        return self.specialist.hub


class OpenLessonBooking(models.Model):
    """A teacher's place at an open lesson (or on its waitlist), for their school."""

    lesson = models.ForeignKey(OpenLesson, on_delete=models.CASCADE, related_name="bookings")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_lesson_bookings")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="open_lesson_bookings")
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lesson", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "teacher"],
                condition=models.Q(status__in=ACTIVE_BOOKING_STATUSES),
                name="one_active_booking_per_teacher_and_lesson",
            )
        ]
        indexes = [models.Index(fields=["lesson", "status"]), models.Index(fields=["teacher", "status"])]

    def __str__(self):
        return f"{self.teacher} at {self.lesson}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATUSES

    @property
    def holds_place(self) -> bool:
        return self.status == BookingStatus.BOOKED
