from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from hubs_portal.input_guard import refuse_direction_overrides
from workgroups.enums import Strand

project_code_validator = RegexValidator(
    r"^NCP\d{2}-\d{2}[a-d]?$", "Use the network's pattern NCP<yy>-<nn>, optionally with a-d (e.g. NCP24-14b)."
)


class NationalProject(models.Model):
    """A national project in the NCETM's catalogue, e.g. NCP24-12 Secondary TfM Development."""

    code = models.CharField(max_length=12, unique=True, validators=[project_code_validator])
    title = models.CharField(max_length=255, validators=[refuse_direction_overrides])
    phases = models.JSONField(default=list, help_text="Phases of education the project is for (schools.enums.Phase).")
    strand = models.CharField(max_length=30, choices=Strand.choices)
    academic_year = models.ForeignKey("workgroups.AcademicYear", on_delete=models.PROTECT, related_name="projects")
    description = models.TextField(blank=True, max_length=5000)
    default_sessions = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1)])
    default_capacity = models.PositiveSmallIntegerField(default=20, validators=[MinValueValidator(1)])
    default_min_schools = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1)])
    default_teachers_per_school = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1)])
    is_teaching_for_mastery = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"
