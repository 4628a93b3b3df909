"""The headteachers' impact survey, as the reminders outbox uses it: who to invite and the link to send.

Links are signed (``django.core.signing``) with the school and the year, so no account is needed and a link
cannot be altered to answer for another school or year.
"""

from collections.abc import Iterator

from django.conf import settings
from django.core import signing
from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse

from reports.models import ImpactSurveyResponse
from schools.enums import OPEN_STATUSES
from schools.models import School
from workgroups.engagement import engaged_registrations
from workgroups.models import AcademicYear

SALT = "reports.impact-survey"
# Long enough for the summer invitation and the autumn reminders; a new year has a new link.
LINK_MAX_AGE = 60 * 60 * 24 * 365


def impact_survey_token(*, school_id: int, academic_year_id: int) -> str:
    return signing.dumps({"school": school_id, "year": academic_year_id}, salt=SALT, compress=True)


def impact_survey_token_read(token: str) -> tuple[int, int]:
    """The (school id, academic year id) a link was signed for. Raises ``signing.BadSignature`` (including
    ``SignatureExpired``) when the link was altered, forged or is older than a year."""
    data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    return int(data["school"]), int(data["year"])


def impact_survey_link(*, school_id: int, academic_year_id: int) -> str:
    """The absolute link (``settings.SITE_URL``) a headteacher follows to answer for their school and year."""
    token = impact_survey_token(school_id=school_id, academic_year_id=academic_year_id)
    return settings.SITE_URL.rstrip("/") + reverse("reports:impact_survey", args=[token])


def impact_survey_recipients(*, academic_year: AcademicYear) -> Iterator[tuple[School, str, str]]:
    """(school, headteacher name, headteacher e-mail) for each open school that took part in ``academic_year`` and
    has not answered its survey yet, in URN order.

    A school took part when a registration for it in a Work Group of that year that ran is approved or completed;
    its headteacher is the one named on the latest such registration (latest decision, then latest created).
    One query.
    """
    taking_part = engaged_registrations(academic_year=academic_year).filter(school__status__in=OPEN_STATUSES)
    latest_of_school = taking_part.filter(school=OuterRef("school")).order_by(
        F("decided_at").desc(nulls_last=True), "-created_at", "-pk"
    )
    latest = (
        taking_part.filter(pk=Subquery(latest_of_school.values("pk")[:1]))
        .exclude(Exists(ImpactSurveyResponse.objects.filter(school=OuterRef("school"), academic_year=academic_year)))
        .select_related("school")
        .order_by("school__urn")
    )
    for registration in latest:
        yield registration.school, registration.headteacher_name, registration.headteacher_email
