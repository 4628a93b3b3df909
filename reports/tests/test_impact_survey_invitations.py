import datetime
import re

import pytest
from django.core import mail

from hubs.tests.factories import HubAreaFactory
from notifications.delivery import outbox_deliver
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.registry import kind_get
from notifications.sweep import rows_insert
from reports import surveys
from reports.mail_kinds import impact_survey_due
from reports.models import ImpactSurveyResponse
from schools.tests.factories import SchoolFactory
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import AcademicYearFactory, RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def year():
    return AcademicYearFactory(start_year=2026)


@pytest.fixture
def engaged_school(year):
    """A school in a hub's area with a teacher approved in a running Work Group of the year."""
    area = HubAreaFactory()
    school = SchoolFactory(name="Riverside Primary", local_authority=area.local_authority)
    group = WorkGroupFactory(
        hub=area.hub, academic_year=year, project__academic_year=year, status=WorkGroupStatus.RUNNING
    )
    RegistrationFactory(
        work_group=group,
        school=school,
        status=RegistrationStatus.APPROVED,
        headteacher_name="Hana Head",
        headteacher_email="Head@Riverside.example",
    )
    return school


def _sweep(now):
    rows_insert(kind_get("impact_survey").find_due(now))


def test_impact_survey_invitation_not_due_before_the_invitation_date(year, engaged_school, settings):
    settings.IMPACT_SURVEY_INVITATION_DATE = "06-15"

    _sweep(impact_survey_due(year) - HOUR)

    assert not OutboxMessage.objects.exists()


def test_impact_survey_invitation_goes_once_to_the_headteacher_with_a_signed_link(year, engaged_school):
    due = impact_survey_due(year)

    _sweep(due + HOUR)
    _sweep(due + 2 * HOUR)  # a second sweep (or a second beat) adds nothing
    row = OutboxMessage.objects.get(kind="impact_survey")
    outbox_deliver(outbox_ids=[row.pk], now=due + 2 * HOUR)

    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert row.hub_id == engaged_school.local_authority.hub_area.hub_id
    assert (row.topic_type, row.topic_id, row.to_name) == ("schools.school", engaged_school.pk, "Hana Head")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Head@Riverside.example"]
    assert "Riverside Primary" in message.subject
    assert "Dear Hana Head" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    token = re.search(r"/reports/impact-survey/([^/\s]+)/", message.body).group(1)
    assert surveys.impact_survey_token_read(token) == (engaged_school.pk, year.pk)


def test_impact_survey_invitation_skipped_when_the_school_answered_meanwhile(year, engaged_school):
    due = impact_survey_due(year)
    _sweep(due + HOUR)
    ImpactSurveyResponse.objects.create(
        school=engaged_school, academic_year=year, positive_impact=True, respondent_name="Hana Head"
    )

    row = OutboxMessage.objects.get(kind="impact_survey")
    outbox_deliver(outbox_ids=[row.pk], now=due + 2 * HOUR)

    row.refresh_from_db()
    assert row.status == OutboxStatus.SKIPPED
    assert row.skip_reason == "the school has answered the survey"
    assert mail.outbox == []


def test_impact_survey_is_not_a_choice_on_a_persons_preferences(client):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    body = client.get("/e-mails/preferences/").content.decode()

    assert "Session reminders" in body
    assert "Impact survey" not in body
