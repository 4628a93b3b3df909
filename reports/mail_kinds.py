"""The e-mails the reports app sends: the headteachers' impact survey invitation, once a year per school, and a
headteacher's school page link asked for from the page (``reports.services.school_link_request``).

The survey itself (questions, the no-account page, who counts as taking part) is ``reports.surveys``;
this kind delivers it through the outbox, so it is sent once per school and year however many sweeps
run. Schools that answer before their invitation goes out are skipped.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings

from hubs.models import served_hub
from notifications.registry import SEND, Due, Kind, email_key, register, skip, topic_describer
from notifications.timing import LONDON
from reports.models import ImpactSurveyResponse
from reports.surveys import impact_survey_link, impact_survey_recipients
from schools.links import school_link_url
from schools.models import School
from workgroups.models import AcademicYear, Registration

SCHOOL = "schools.school"


def impact_survey_due(academic_year) -> datetime.datetime:
    """When a year's survey invitations go out: ``IMPACT_SURVEY_INVITATION_DATE`` (month-day) of the summer
    term, at 08:00 London time."""
    month, day = (int(part) for part in settings.IMPACT_SURVEY_INVITATION_DATE.split("-"))
    return datetime.datetime(academic_year.start_year + 1, month, day, 8, 0, tzinfo=LONDON)


def _hub_of_schools(schools) -> dict[int, int]:
    """School id → the hub serving it (``hubs.models.served_hub``), in one query; schools no hub serves are left out."""
    rows = (
        School.objects.filter(pk__in=[s.pk for s in schools]).annotate(hub_id=served_hub()).values_list("pk", "hub_id")
    )
    return {school_id: hub_id for school_id, hub_id in rows if hub_id}


def _year_and_school(row) -> tuple[int, int]:
    _, year_id, school_id = row.object_key.split(":")
    return int(year_id), int(school_id)


@register
class ImpactSurveyInvitation(Kind):
    """Once a year, to the headteacher of each school that took part: the impact survey's signed link."""

    name = "impact_survey"
    label = "Impact survey invitations"
    template = "reports/email/impact_survey"
    optional = True  # headteachers stop it with the one-click link; they have no preferences page

    def find_due(self, now) -> Iterable[Due]:
        year = AcademicYear.objects.filter(
            start_year=AcademicYear.start_year_for(now.astimezone(LONDON).date())
        ).first()
        if year is None or now < impact_survey_due(year):
            return
        recipients = [r for r in impact_survey_recipients(academic_year=year) if r[2]]
        hubs = _hub_of_schools([school for school, _, _ in recipients])
        for school, name, email in recipients:
            if school.pk not in hubs:
                continue  # a school no hub serves has no hub to account for the e-mail
            yield Due(
                kind=self.name,
                object_key=f"survey:{year.pk}:{school.pk}",
                recipient_key=email_key(email),
                hub_id=hubs[school.pk],
                topic_type=SCHOOL,
                topic_id=school.pk,
                to_email=email,
                to_name=name,
                due_at=impact_survey_due(year),
            )

    def prepare(self, batch, rows):
        keys = [_year_and_school(row) for row in rows]
        year_ids, school_ids = {y for y, _ in keys}, {s for _, s in keys}
        batch.cache["survey_years"] = AcademicYear.objects.in_bulk(year_ids)
        batch.cache["survey_schools"] = School.objects.in_bulk(school_ids)
        batch.cache["survey_answered"] = set(
            ImpactSurveyResponse.objects.filter(academic_year_id__in=year_ids, school_id__in=school_ids).values_list(
                "academic_year_id", "school_id"
            )
        )
        # Rows queued before they carried the name: the headteacher's name as the teachers gave it.
        names = {}
        for email, name in (
            Registration.objects.filter(school_id__in=school_ids)
            .order_by("created_at")
            .values_list("headteacher_email", "headteacher_name")
        ):
            names[email.lower()] = name
        for row in rows:
            row.to_name = row.to_name or names.get(row.to_email.lower(), "")

    def decide(self, batch, row):
        year_id, school_id = _year_and_school(row)
        if (year_id, school_id) in batch.cache["survey_answered"]:
            return skip("the school has answered the survey")
        year = batch.cache["survey_years"].get(year_id)
        if year is None or batch.now.astimezone(LONDON).date() > year.ends_on:
            return skip("the survey's academic year has ended")
        return SEND

    def context(self, batch, row):
        year_id, school_id = _year_and_school(row)
        return {
            "school": batch.cache["survey_schools"][school_id],
            "academic_year": batch.cache["survey_years"][year_id],
            "headteacher_name": row.to_name,
            "survey_url": impact_survey_link(school_id=school_id, academic_year_id=year_id),
        }


@register
class SchoolLink(Kind):
    """To a school's recorded headteacher who asked for it: a fresh signed link to the school's page, made when
    the e-mail goes out (so it lasts ``SCHOOL_LINK_DAYS`` from then)."""

    name = "school_link"
    label = "School page link to the headteacher"
    template = "reports/email/school_link"
    topic_model = SCHOOL

    def topic_queryset(self):
        return School.objects.all()

    def context(self, batch, row):
        school = self.topic(batch, row)
        return {
            "school": school,
            "school_url": school_link_url(school_id=school.pk, email=row.to_email),
            "days": settings.SCHOOL_LINK_DAYS,
        }


@topic_describer(SCHOOL)
def schools_describe(*, hub, ids) -> dict[int, str]:
    """ "Riverside Primary (URN 100001)" for the schools among ``ids`` that ``hub`` serves."""
    schools = School.objects.filter(pk__in=ids).annotate(hub_id=served_hub()).filter(hub_id=hub.pk)
    return {s.pk: f"{s.name} (URN {s.urn})" for s in schools}
