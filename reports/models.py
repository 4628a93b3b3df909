from django.db import models

from reports.enums import QuestionKind


class ImpactSurveyQuestion(models.Model):
    """A question of one year's headteachers' impact survey, asked after the fixed positive-impact question."""

    academic_year = models.ForeignKey(
        "workgroups.AcademicYear", on_delete=models.CASCADE, related_name="impact_survey_questions"
    )
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.YES_NO)
    position = models.PositiveSmallIntegerField(default=1)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["academic_year", "position", "id"]

    def __str__(self):
        return self.text


class ImpactSurveyResponse(models.Model):
    """A school's answer to one year's impact survey, given by its headteacher. One per school per year."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="impact_survey_responses")
    academic_year = models.ForeignKey(
        "workgroups.AcademicYear", on_delete=models.PROTECT, related_name="impact_survey_responses"
    )
    positive_impact = models.BooleanField()
    respondent_name = models.CharField("your name", max_length=150)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year"], name="one_impact_response_per_school_year")
        ]
        indexes = [models.Index(fields=["academic_year", "positive_impact"])]

    def __str__(self):
        return f"Impact survey {self.academic_year} — {self.school}"


class ImpactSurveyAnswer(models.Model):
    """The answer to one of the year's extra questions (yes/no as "yes"/"no", a scale as "1"-"5", or text)."""

    response = models.ForeignKey(ImpactSurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ImpactSurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.value}"
