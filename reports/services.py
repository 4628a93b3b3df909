"""Writes of the reports app: the impact survey's responses and its questions; a headteacher's school page
(each view recorded, a fresh link on request)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_record
from notifications.services import Address, message_enqueue
from reports.models import ImpactSurveyAnswer, ImpactSurveyQuestion, ImpactSurveyResponse
from schools.models import School
from workgroups.models import AcademicYear
from workgroups.selectors import school_recorded_headteacher


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


def _headteacher_label(email: str) -> str:
    return f"Headteacher <{email}>" if email else "Headteacher"


@transaction.atomic
def school_page_view_record(*, school: School, email: str) -> None:
    """Record in the audit trail that the school's page was opened from a link sent to ``email``, under the hub
    serving the school (``served_hub_id``, as ``reports.school_page.school_for_page`` reads it). One query."""
    audit_record(
        actor=_headteacher_label(email),
        action="school.page_viewed",
        target=school,
        hub=getattr(school, "served_hub_id", None),
    )


@transaction.atomic
def school_link_request(*, school: School, email: str, now: datetime.datetime | None = None) -> bool:
    """E-mail the school's recorded headteacher (``school_recorded_headteacher``) a fresh link to the school's page,
    through the outbox, when ``email`` is that headteacher's address; otherwise do nothing.

    Returns whether a link was queued, for the tests: the page answers the same either way, so it never tells
    whether an address matched. One e-mail per school an hour however often it is asked (the row's key names the
    hour), so the form cannot be used to flood a headteacher. Recorded in the audit trail when queued.
    """
    recorded = school_recorded_headteacher(school=school)
    if recorded is None or recorded.email.strip().lower() != email.strip().lower():
        return False
    now = now or timezone.now()
    hub_id = getattr(school, "served_hub_id", None)
    message_enqueue(
        kind="school_link",
        object_key=f"school-link:{school.pk}:{now.astimezone(datetime.UTC):%Y%m%d%H}",
        recipients=[Address(recorded.email, recorded.name)],
        hub=hub_id,
        topic=school,
    )
    audit_record(actor=_headteacher_label(recorded.email), action="school.link_requested", target=school, hub=hub_id)
    return True
