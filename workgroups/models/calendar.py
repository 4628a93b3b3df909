import datetime

from django.db import models

from workgroups.enums import HalfTermName


class AcademicYear(models.Model):
    """An academic year, 1 September to 31 August, named like "2024/25"."""

    start_year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["-start_year"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    @staticmethod
    def start_year_for(day: datetime.date) -> int:
        return day.year if day.month >= 9 else day.year - 1


class HalfTerm(models.Model):
    """One of the six half-terms of a year. ``hub`` empty: the network's default dates."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="half_terms")
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="half_terms")
    number = models.PositiveSmallIntegerField(choices=HalfTermName.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["academic_year", "hub", "number"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "hub", "number"], name="unique_half_term_per_hub"),
            models.UniqueConstraint(
                fields=["academic_year", "number"],
                condition=models.Q(hub__isnull=True),
                name="unique_network_half_term",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="half_term_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_number_display()} {self.academic_year}"
