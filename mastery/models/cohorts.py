from django.conf import settings
from django.db import models
from django.utils import timezone

from mastery.enums import COHORT_PHASE_CHOICES


class Cohort(models.Model):
    """The Mastery Specialists of one phase who start their training in one academic year. Made by NCETM staff."""

    academic_year = models.ForeignKey(
        "workgroups.AcademicYear",
        on_delete=models.PROTECT,
        related_name="mastery_cohorts",
        verbose_name="start year",
        help_text="The academic year the cohort's training (programme year 1) starts.",
    )
    phase = models.CharField(max_length=20, choices=COHORT_PHASE_CHOICES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-academic_year__start_year", "phase"]
        constraints = [models.UniqueConstraint(fields=["academic_year", "phase"], name="one_cohort_per_year_phase")]

    def __str__(self):
        return f"{self.get_phase_display()} cohort {self.academic_year}"
