"""The kept school years (``workgroups.models.SchoolYear``) follow every change the services make, at once, and the
reports' engagement and journey figures read from them move with the change."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.models import SchoolHubOverride
from hubs.seeding import seed_network
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory
from reports import selectors as report_selectors
from reports.selectors import ReportFilters
from schools.enums import EstablishmentStatus
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import JourneyStage, RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration, SchoolParticipation, SchoolYear, Session, WorkGroup
from workgroups.tests.changes import random_decisions
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, SessionFactory, WorkGroupFactory
from workgroups.tests.racing import held_and_raced

RS = RegistrationStatus


def _years(work_group) -> dict:
    """The work group's year, school by school: (completed, stage rank, hub)."""
    return {
        row.school_id: (row.completed, row.completed_rank, row.hub_id)
        for row in SchoolYear.objects.filter(academic_year=work_group.academic_year)
    }


def _engaged(work_group) -> tuple[int, int]:
    (row,) = report_selectors.engagement(ReportFilters(academic_year=work_group.academic_year), by=None)
    return row["participating_schools"], row["completed_schools"]


def _all_years() -> set[tuple]:
    return set(
        SchoolYear.objects.values_list(
            "school_id", "academic_year_id", "completed", "completed_rank", "hub_id", "phase", "disadvantaged"
        )
    )


@pytest.fixture
def served_group():
    """An open Work Group of a Development project, one session held, three applicants from two schools its hub
    serves."""
    project = NationalProjectFactory(is_teaching_for_mastery=True, journey_stage=JourneyStage.DEVELOPMENT)
    work_group = WorkGroupFactory(project=project, status=WorkGroupStatus.OPEN, capacity=10, teachers_per_school=2)
    SessionFactory(work_group=work_group, number=1, starts_at=timezone.now() - datetime.timedelta(days=3))
    school_a, school_b = SchoolFactory(percentage_fsm=10), SchoolFactory(percentage_fsm=20)
    for school in (school_a, school_b):
        HubAreaFactory(hub=work_group.hub, local_authority=school.local_authority)
    open_school_counts_rebuild()
    applied = [
        RegistrationFactory(work_group=work_group, school=school, status=RS.APPLIED, consent_status="confirmed")
        for school in (school_a, school_a, school_b)
    ]
    return work_group, applied, school_a, school_b


@pytest.mark.django_db
def test_school_years_follow_decisions_and_withdrawals(served_group):
    work_group, (first, second, third), school_a, school_b = served_group
    lead, hub = UserFactory(), work_group.hub_id
    assert _years(work_group) == {} and _engaged(work_group) == (0, 0)

    services.registration_approve(registration=first, actor=lead)
    assert _years(work_group) == {school_a.pk: (False, 0, hub)}
    assert _engaged(work_group) == (1, 0)

    services.registrations_decide_bulk(
        work_group=work_group, registration_ids=[second.pk, third.pk], action="approve", actor=lead
    )
    assert _years(work_group) == {school_a.pk: (False, 0, hub), school_b.pk: (False, 0, hub)}
    assert _engaged(work_group) == (2, 0)

    services.registration_withdraw(registration=Registration.objects.get(pk=third.pk))
    assert _years(work_group) == {school_a.pk: (False, 0, hub)}
    services.registration_withdraw(registration=Registration.objects.get(pk=first.pk))
    assert _years(work_group) == {school_a.pk: (False, 0, hub)}  # the school's second teacher is still in
    assert _engaged(work_group) == (1, 0)


@pytest.mark.django_db
def test_school_years_follow_the_register_marks_through_completion(served_group):
    work_group, registrations, school_a, school_b = served_group
    lead, hub = UserFactory(), work_group.hub_id
    for registration in registrations:
        services.registration_approve(registration=registration, actor=lead)
    held = work_group.sessions.get(number=1)
    marks = {registrations[0].pk: "present", registrations[1].pk: "present", registrations[2].pk: "absent"}
    services.attendance_record(session=held, marks=marks, recorded_by=lead)
    WorkGroup.objects.filter(pk=work_group.pk).update(status=WorkGroupStatus.COMPLETED)  # both statuses ran
    work_group.refresh_from_db()

    services.registrations_evaluate_completion(work_group=work_group)
    filters = ReportFilters(academic_year=work_group.academic_year)
    assert _years(work_group) == {school_a.pk: (True, 2, hub), school_b.pk: (False, 0, hub)}
    assert _engaged(work_group) == (2, 1)
    assert report_selectors.journey_stages(filters, by=None)[0]["development"] == 1

    services.attendance_record(session=held, marks={registrations[2].pk: "late"}, recorded_by=lead)  # a correction
    services.registrations_evaluate_completion(work_group=work_group)

    assert _years(work_group)[school_b.pk] == (True, 2, hub)
    assert _engaged(work_group) == (2, 2)
    (journey,) = report_selectors.journey_stages(filters, by=None)
    assert (journey["development"], journey["moved_on"]) == (2, 2)


@pytest.mark.django_db
def test_school_years_leave_with_a_cancelled_work_group(served_group):
    work_group, (first, _, third), *_ = served_group
    services.registrations_decide_bulk(
        work_group=work_group, registration_ids=[first.pk, third.pk], action="approve", actor=UserFactory()
    )
    assert _engaged(work_group) == (2, 0)

    services.workgroup_cancel(work_group=work_group)

    assert _years(work_group) == {}
    assert _engaged(work_group) == (0, 0)


@pytest.mark.django_db
def test_school_years_follow_a_projects_stage_changed(served_group):
    work_group, (first, *_), school_a, _ = served_group
    services.registration_approve(registration=first, actor=UserFactory())
    Registration.objects.filter(pk=first.pk).update(status=RS.COMPLETED)
    services.work_group_figures_rebuild(work_group_ids=[work_group.pk])
    assert _years(work_group)[school_a.pk][:2] == (True, 2)

    project = work_group.project
    project.journey_stage = JourneyStage.EMBEDDING
    services.project_save(project=project, start_year=project.academic_year.start_year)

    assert _years(work_group)[school_a.pk][:2] == (True, 3)
    (journey,) = report_selectors.journey_stages(ReportFilters(academic_year=work_group.academic_year), by=None)
    assert (journey["development"], journey["embedding"]) == (0, 1)


@pytest.mark.django_db
def test_school_years_follow_the_register_and_who_serves_whom(served_group):
    work_group, (first, _, third), school_a, school_b = served_group
    services.registrations_decide_bulk(
        work_group=work_group, registration_ids=[first.pk, third.pk], action="approve", actor=UserFactory()
    )
    other_hub = HubFactory()

    SchoolHubOverride.objects.create(school=school_a, hub=other_hub)
    school_b.status = EstablishmentStatus.CLOSED
    school_b.save()
    open_school_counts_rebuild()

    assert _years(work_group) == {school_a.pk: (False, 0, other_hub.pk), school_b.pk: (False, 0, None)}
    by_hub = {row["key"]: row for row in report_selectors.engagement(ReportFilters(work_group.academic_year), by="hub")}
    assert by_hub[other_hub.pk]["participating_schools"] == 1
    assert work_group.hub_id not in by_hub  # its one open school left it
    assert _engaged(work_group) == (1, 0)


@pytest.mark.django_db
def test_school_years_follow_a_work_group_deleted_in_the_admin(client, served_group):
    work_group, (first, *_), *_ = served_group
    services.registration_approve(registration=first, actor=UserFactory())
    Registration.objects.filter(work_group=work_group).delete()
    Session.objects.filter(work_group=work_group).delete()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(reverse("admin:workgroups_workgroup_delete", args=[work_group.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not WorkGroup.objects.filter(pk=work_group.pk).exists()
    assert _years(work_group) == {}


@pytest.mark.django_db(transaction=True)
def test_school_years_refreshed_for_one_school_at_once_count_both_changes():
    # Two changes to one school's year in two transactions at once (two Work Groups taking it in): the second
    # refresh waits for the first's lock on the school, then counts the first's committed participation too.
    school = SchoolFactory()
    groups = [WorkGroupFactory(status=WorkGroupStatus.OPEN) for _ in range(2)]
    HubAreaFactory(hub=groups[0].hub, local_authority=school.local_authority)
    year = groups[0].academic_year_id

    def take_part(work_group, *, completed: bool):
        SchoolParticipation.objects.create(
            work_group=work_group, school=school, completed=completed, academic_year_id=year, ran=True
        )
        services.school_years_refresh(schools_by_year={year: [school.pk]})

    # The second waits for the first transaction's lock on the school.
    errors, _ = held_and_raced(
        lambda: take_part(groups[0], completed=True), lambda: take_part(groups[1], completed=False)
    )

    assert errors == []
    assert _years(groups[0]) == {school.pk: (True, 0, groups[0].hub_id)}  # the first's completion is counted


@pytest.mark.django_db
def test_school_years_kept_by_the_services_match_a_rebuild_from_scratch():
    seed_network(scale=0.02, seed=7)
    rng = random.Random(7)
    lead = UserFactory()
    random_decisions(rng, count=30, actor=lead)
    for work_group in rng.sample(list(WorkGroup.objects.filter(status=WorkGroupStatus.RUNNING)), 2):
        services.workgroup_cancel(work_group=work_group)
    kept = _all_years()
    assert kept

    services.school_years_rebuild()

    assert _all_years() == kept
