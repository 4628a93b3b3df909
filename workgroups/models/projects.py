from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Now

from hubs_portal.input_guard import refuse_direction_overrides
from workgroups.enums import JourneyStage, Strand

project_code_validator = RegexValidator(
    r"^NCP\d{2}-\d{2}[a-d]?$", "Use the network's pattern NCP<yy>-<nn>, optionally with a-d (e.g. NCP24-14b)."
)


def project_code_year_error(code: str, start_year: int) -> str:
    """The project code's ``yy`` is the year its academic year starts (NCP24-… is 2024/25); "" when it is."""
    if len(code) >= 5 and code[3:5].isdigit() and int(code[3:5]) != start_year % 100:
        return (
            f"{code} is a 20{code[3:5]}/{(int(code[3:5]) + 1) % 100:02d} code: a project of "
            f"{start_year}/{(start_year + 1) % 100:02d} has a code starting NCP{start_year % 100:02d}-."
        )
    return ""


def journey_stage_named_in(title: str) -> str:
    """The journey stage a Teaching for Mastery project's title names ("Primary TfM Embedding" → embedding), or
    ``JourneyStage.NONE``: for seeding a catalogue; NCETM staff set the stage of each project in its form."""
    words = title.lower()
    for stage in (JourneyStage.READINESS, JourneyStage.DEVELOPMENT, JourneyStage.EMBEDDING, JourneyStage.SUSTAINING):
        if stage.value in words:
            return stage
    return JourneyStage.NONE


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
    journey_stage = models.CharField(
        "Teaching for Mastery journey stage",
        max_length=20,
        choices=JourneyStage.choices,
        default=JourneyStage.NONE,
        help_text="The stage of a school's Teaching for Mastery journey that completing this project marks.",
    )
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        if self.journey_stage != JourneyStage.NONE and not self.is_teaching_for_mastery:
            raise ValidationError(
                {"journey_stage": "Only a Teaching for Mastery project marks a stage of a school's journey."}
            )
        if self.academic_year_id:
            error = project_code_year_error(self.code, self.academic_year.start_year)
            if error:
                raise ValidationError({"code": error})
