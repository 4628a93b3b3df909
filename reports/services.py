"""Writes of the reports app: the impact survey's responses and its questions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports.models import ImpactSurveyAnswer, ImpactSurveyQuestion, ImpactSurveyResponse
from schools.models import School
from workgroups.models import AcademicYear


class SurveyAlreadyAnswered(Exception):
    """The school has already answered this year's survey; the first answer stands."""

    def __init__(self, response: ImpactSurveyResponse):
        super().__init__(f"{response.school} answered the {response.academic_year} survey already.")
        self.response = response


@transaction.atomic
def impact_survey_response_create(
    *,
    school: School,
    academic_year: AcademicYear,
    positive_impact: bool,
    respondent_name: str,
    answers: dict[ImpactSurveyQuestion, str],
) -> ImpactSurveyResponse:
    """Record a school's answer to a year's survey with its answers to the year's questions, all or nothing.

    Raises ``SurveyAlreadyAnswered`` when the school has answered that year (the unique constraint decides, so two
    submissions racing each other still leave exactly one response).
    """
    foreign = [q for q in answers if q.academic_year_id != academic_year.pk]
    if foreign:
        raise ValidationError("An answer is for a question of another year's survey.")
    try:
        with transaction.atomic():
            response = ImpactSurveyResponse.objects.create(
                school=school,
                academic_year=academic_year,
                positive_impact=positive_impact,
                respondent_name=respondent_name,
            )
    except IntegrityError:
        raise SurveyAlreadyAnswered(
            ImpactSurveyResponse.objects.select_related("school", "academic_year").get(
                school=school, academic_year=academic_year
            )
        ) from None
    ImpactSurveyAnswer.objects.bulk_create(
        ImpactSurveyAnswer(response=response, question=question, value=str(value))
        for question, value in answers.items()
    )
    return response


@transaction.atomic
def impact_survey_questions_update(
    *, academic_year: AcademicYear, saved: list[ImpactSurveyQuestion], deleted: list[ImpactSurveyQuestion]
) -> None:
    """Save a year's edited and new questions and remove deleted ones, all or nothing.

    Raises ``ValidationError`` (before writing anything) when a deleted question already has answers: answers
    are kept, so the question stays (reword it instead).
    """
    answered = [q for q in deleted if q.pk and q.answers.exists()]
    if answered:
        raise ValidationError(
            "These questions already have answers and cannot be deleted: " + "; ".join(f"“{q.text}”" for q in answered)
        )
    for question in saved:
        question.academic_year = academic_year
        question.save()
    for question in deleted:
        if question.pk:
            question.delete()
