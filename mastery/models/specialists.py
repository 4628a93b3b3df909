from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from mastery.enums import LaunchAttendee, ProgrammeYear
from workgroups.models.registrations import UpdatedAtQuerySet

# Year 1's funded training days (secondary: 15, 5 central and 10 personal): no one attends more.
TRAINING_DAYS_MAX = 30


class MasterySpecialist(models.Model):
    """A teacher on the Mastery Specialist programme: one hub, one cohort (start year and phase), three programme
    years. Nominated by the hub's lead; the milestones of their years are recorded by the hub's managers. Their
    NCETM accreditations (PD Lead, School Development Lead) are ``accreditations``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mastery_specialisms")
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="mastery_specialists")
    cohort = models.ForeignKey("mastery.Cohort", on_delete=models.PROTECT, related_name="specialists")
    programme_year = models.PositiveSmallIntegerField(choices=ProgrammeYear.choices, default=ProgrammeYear.TRAINING)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    # Milestones, recorded by the hub's managers.
    training_days_attended = models.PositiveSmallIntegerField(
        "training days attended", default=0, validators=[MaxValueValidator(TRAINING_DAYS_MAX)]
    )
    launch_attendee = models.CharField(
        "who came to the launch", max_length=20, choices=LaunchAttendee.choices, blank=True
    )
    launch_attendee_name = models.CharField("their name", max_length=150, blank=True)
    first_work_group = models.ForeignKey(
        "workgroups.WorkGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="first Work Group led",
    )
    # The last change of any kind (the API's ``modified_since``): stamped by every ORM write (UpdatedAtQuerySet,
    # ``save`` below); the database's default dates the rows that were there before the field.
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    objects = UpdatedAtQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "cohort", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="one_specialism_per_cohort"),
            models.CheckConstraint(
                condition=models.Q(programme_year__gte=1, programme_year__lte=3), name="programme_year_1_to_3"
            ),
            models.CheckConstraint(
                condition=models.Q(training_days_attended__lte=TRAINING_DAYS_MAX), name="training_days_at_most_30"
            ),
        ]

    def __str__(self):
        return f"{self.user} — Mastery Specialist, {self.cohort}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)
