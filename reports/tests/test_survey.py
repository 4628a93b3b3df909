import datetime

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from reports import surveys
from reports.enums import QuestionKind
from reports.models import ImpactSurveyAnswer, ImpactSurveyQuestion, ImpactSurveyResponse
from reports.services import SurveyAlreadyAnswered, impact_survey_response_create
from schools.enums import EstablishmentStatus
from schools.tests.factories import SchoolFactory
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import AcademicYearFactory, RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    year = AcademicYearFactory(start_year=2024)
    school = SchoolFactory(name="Riverside Primary")
    scale = ImpactSurveyQuestion.objects.create(
        academic_year=year, text="How confident are your teachers now?", kind=QuestionKind.SCALE, position=1
    )
    comment = ImpactSurveyQuestion.objects.create(
        academic_year=year, text="Anything else?", kind=QuestionKind.TEXT, position=2
    )
    path = reverse(
        "reports:impact_survey", args=[surveys.impact_survey_token(school_id=school.pk, academic_year_id=year.pk)]
    )
    return year, school, scale, comment, path


def _answers(scale, **extra):
    return {"respondent_name": "Pat Head", "positive_impact": "yes", f"question_{scale.pk}": "4", **extra}


@override_settings(SITE_URL="https://portal.example/")
def test_impact_survey_link_is_absolute_and_signed():
    year, school = AcademicYearFactory(start_year=2024), SchoolFactory()

    link = surveys.impact_survey_link(school_id=school.pk, academic_year_id=year.pk)

    assert link.startswith("https://portal.example/reports/impact-survey/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert surveys.impact_survey_token_read(token) == (school.pk, year.pk)


def test_impact_survey_page_asks_the_fixed_and_the_years_questions(client, survey):
    year, school, scale, comment, path = survey

    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Primary" in content
    assert "Has the Teaching for Mastery programme had a positive impact on your school?" in content
    assert "How confident are your teachers now?" in content and "Anything else?" in content


def test_impact_survey_answer_is_saved_once_with_its_answers(client, survey):
    year, school, scale, comment, path = survey

    response = client.post(path, _answers(scale, **{f"question_{comment.pk}": "Great year."}))

    assert response.status_code == 200
    assert "are recorded" in response.content.decode()
    saved = ImpactSurveyResponse.objects.get(school=school, academic_year=year)
    assert saved.positive_impact is True and saved.respondent_name == "Pat Head"
    assert dict(saved.answers.values_list("question__text", "value")) == {
        "How confident are your teachers now?": "4",
        "Anything else?": "Great year.",
    }


def test_impact_survey_second_response_is_refused_with_a_message(client, survey):
    year, school, scale, comment, path = survey
    client.post(path, _answers(scale))

    response = client.post(path, _answers(scale, positive_impact="no"))
    page = client.get(path)

    assert "has already answered the 2024/25 survey" in response.content.decode()
    assert "nothing more was saved" in page.content.decode()
    assert ImpactSurveyResponse.objects.get(school=school).positive_impact is True
    assert ImpactSurveyAnswer.objects.count() == 2


def test_impact_survey_service_refuses_a_second_response_for_the_school_and_year(survey):
    year, school, *_ = survey
    impact_survey_response_create(
        school=school, academic_year=year, positive_impact=True, respondent_name="A", answers={}
    )

    with pytest.raises(SurveyAlreadyAnswered):
        impact_survey_response_create(
            school=school, academic_year=year, positive_impact=False, respondent_name="B", answers={}
        )

    assert ImpactSurveyResponse.objects.filter(school=school).count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token, school, year: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token, school, year: signing.dumps({"school": school.pk + 1, "year": year.pk}, salt="other-salt"),
        lambda token, school, year: "not-a-token",
    ],
    ids=["altered", "wrong-key", "garbage"],
)
def test_impact_survey_forged_link_is_refused_and_saves_nothing(client, survey, tamper):
    year, school, scale, comment, _ = survey
    token = surveys.impact_survey_token(school_id=school.pk, academic_year_id=year.pk)
    url = reverse("reports:impact_survey", args=[tamper(token, school, year)])

    page = client.get(url)
    posted = client.post(url, _answers(scale))

    assert page.status_code == posted.status_code == 400
    assert "This survey link is not valid" in posted.content.decode()
    assert "Nothing was saved" in posted.content.decode()
    assert not ImpactSurveyResponse.objects.exists()


def test_impact_survey_expired_link_says_so(client, survey, monkeypatch):
    year, school, scale, comment, _ = survey
    token = surveys.impact_survey_token(school_id=school.pk, academic_year_id=year.pk)
    monkeypatch.setattr(surveys, "LINK_MAX_AGE", -1)

    response = client.get(reverse("reports:impact_survey", args=[token]))

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()


def test_impact_survey_incomplete_answer_rerenders_with_errors_and_saves_nothing(client, survey):
    year, school, scale, comment, path = survey
    scale.required = True
    scale.save()

    response = client.post(path, {"respondent_name": "", f"question_{scale.pk}": ""})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"respondent_name", "positive_impact", f"question_{scale.pk}"}
    assert not ImpactSurveyResponse.objects.exists()


def test_impact_survey_recipients_are_open_engaged_schools_with_latest_headteacher():
    year, last_year = AcademicYearFactory(start_year=2024), AcademicYearFactory(start_year=2023)
    group = WorkGroupFactory(academic_year=year, project__academic_year=year, status=WorkGroupStatus.RUNNING)
    draft = WorkGroupFactory(academic_year=year, project__academic_year=year, status=WorkGroupStatus.DRAFT)
    old = WorkGroupFactory(academic_year=last_year, project__academic_year=last_year)
    engaged, answered, withdrawn_only, closed, draft_only, old_only = (SchoolFactory() for _ in range(6))
    closed.status = EstablishmentStatus.CLOSED
    closed.save()
    now = datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC)
    RegistrationFactory(
        work_group=group,
        school=engaged,
        status=RegistrationStatus.APPROVED,
        headteacher_name="Old Head",
        decided_at=now - datetime.timedelta(days=90),
    )
    RegistrationFactory(
        work_group=group,
        school=engaged,
        status=RegistrationStatus.COMPLETED,
        headteacher_name="New Head",
        headteacher_email="new.head@riverside.example",
        decided_at=now,
    )
    RegistrationFactory(
        work_group=group, school=engaged, status=RegistrationStatus.WITHDRAWN, headteacher_name="Wrong Head"
    )
    RegistrationFactory(work_group=group, school=answered, status=RegistrationStatus.APPROVED)
    ImpactSurveyResponse.objects.create(school=answered, academic_year=year, positive_impact=True, respondent_name="H")
    RegistrationFactory(work_group=group, school=withdrawn_only, status=RegistrationStatus.WITHDRAWN)
    RegistrationFactory(work_group=group, school=closed, status=RegistrationStatus.APPROVED)
    RegistrationFactory(work_group=draft, school=draft_only, status=RegistrationStatus.APPROVED)
    RegistrationFactory(work_group=old, school=old_only, status=RegistrationStatus.APPROVED)

    recipients = list(surveys.impact_survey_recipients(academic_year=year))

    assert recipients == [(engaged, "New Head", "new.head@riverside.example")]


# ---------------------------------------------------------------- questions, edited by NCETM staff


def _formset_data(questions, extra_rows=()):
    rows = [
        {"id": q.pk, "text": q.text, "kind": q.kind, "position": q.position, "required": "", "DELETE": ""}
        for q in questions
    ] + list(extra_rows)
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(questions), "form-MIN_NUM_FORMS": 0}
    data["form-MAX_NUM_FORMS"] = 1000
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


def test_ncetm_staff_add_a_question_in_the_browser(client, survey):
    year, school, scale, comment, _ = survey
    client.force_login(UserFactory(is_ncetm_staff=True))
    new = {"id": "", "text": "Would you recommend your hub?", "kind": "yes_no", "position": 3, "required": "on"}
    url = reverse("reports:survey_questions") + f"?year={year.pk}"

    response = client.post(url, _formset_data([scale, comment], [new]))

    assert response.status_code == 302
    assert list(ImpactSurveyQuestion.objects.filter(academic_year=year).values_list("text", flat=True)) == [
        "How confident are your teachers now?",
        "Anything else?",
        "Would you recommend your hub?",
    ]


def test_question_with_answers_cannot_be_deleted_and_nothing_changes(client, survey):
    year, school, scale, comment, _ = survey
    response = impact_survey_response_create(
        school=school, academic_year=year, positive_impact=True, respondent_name="A", answers={scale: "5"}
    )
    client.force_login(UserFactory(is_ncetm_staff=True))
    data = _formset_data([scale, comment])
    data["form-0-DELETE"] = "on"
    data["form-1-text"] = "Reworded"

    page = client.post(reverse("reports:survey_questions") + f"?year={year.pk}", data)

    assert page.status_code == 200
    assert "already have answers and cannot be deleted" in page.content.decode()
    assert ImpactSurveyQuestion.objects.filter(pk=scale.pk).exists()
    comment.refresh_from_db()
    assert comment.text == "Anything else?"
    assert response.answers.count() == 1


def test_survey_questions_are_refused_to_hub_leads(client, survey):
    client.force_login(HubMembershipFactory(role=HubRole.LEAD).user)

    assert client.get(reverse("reports:survey_questions")).status_code == 403
