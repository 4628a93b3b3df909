from django.conf import settings
from django.db import models

from mastery.enums import AccreditationStatus, ProgrammeYear
from schools.enums import Phase


class MasterySpecialist(models.Model):
    """A teacher on the Mastery Specialist programme: one hub, one cohort (year and phase), three programme years."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mastery_specialisms")
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="mastery_specialists")
    cohort_year = models.ForeignKey(
        "workgroups.AcademicYear",
        on_delete=models.PROTECT,
        related_name="mastery_cohort",
        help_text="The academic year the specialist's cohort started training.",
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    programme_year = models.PositiveSmallIntegerField(choices=ProgrammeYear.choices, default=ProgrammeYear.TRAINING)
    accreditation_status = models.CharField(
        "PD Lead accreditation",
        max_length=20,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.NOT_STARTED,
    )
    accredited_on = models.DateField("accredited on", null=True, blank=True)

    class Meta:
        ordering = ["hub", "cohort_year", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort_year"], name="one_specialism_per_cohort"),
            models.CheckConstraint(
                condition=models.Q(programme_year__gte=1, programme_year__lte=3), name="programme_year_1_to_3"
            ),
            # An accreditation date exactly when accredited: a date on anything else would be a half-recorded state.
            models.CheckConstraint(
                condition=(
                    models.Q(accreditation_status=AccreditationStatus.ACCREDITED, accredited_on__isnull=False)
                    | (
                        ~models.Q(accreditation_status=AccreditationStatus.ACCREDITED)
                        & models.Q(accredited_on__isnull=True)
                    )
                ),
                name="accredited_on_iff_accredited",
            ),
        ]
        indexes = [models.Index(fields=["cohort_year", "accreditation_status"])]

    def __str__(self):
        return f"{self.user} — Mastery Specialist, {self.get_phase_display()} cohort {self.cohort_year}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.accreditation_status == AccreditationStatus.ACCREDITED and not self.accredited_on:
            raise ValidationError({"accredited_on": "Give the date the specialist was accredited."})
        if self.accreditation_status != AccreditationStatus.ACCREDITED and self.accredited_on:
            raise ValidationError({"accredited_on": "Only an accredited specialist has an accreditation date."})
