import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hubs.tests.factories import HubFactory
from mastery.enums import ONCE_ACCREDITED_STATUSES, AccreditationPhase, AccreditationStatus
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory
from reports import selectors
from reports.models import ImpactSurveyResponse
from reports.selectors import ReportFilters
from schools.enums import Phase
from schools.models import School
from schools.tests.factories import LocalAuthorityFactory
from workgroups.models import Registration, WorkGroupFigures
from workgroups.tests.factories import AcademicYearFactory

pytestmark = pytest.mark.django_db


def _by_key(rows):
    return {row["key"]: row for row in rows}


def test_engagement_per_hub_counts_open_schools_served_and_participating(engagement_network):
    net = engagement_network

    rows = _by_key(selectors.engagement(ReportFilters(academic_year=net.year), by="hub"))

    alpha, beta = rows[net.alpha.pk], rows[net.beta.pk]
    assert (alpha["open_schools"], alpha["participating_schools"], alpha["participating_rate"]) == (10, 7, 70.0)
    assert (alpha["completed_schools"], alpha["completed_rate"]) == (3, 30.0)
    assert (beta["open_schools"], beta["participating_schools"], beta["participating_rate"]) == (5, 1, 20.0)
    assert set(rows) == {net.alpha.pk, net.beta.pk}  # the school in no hub's area is in no row


def test_engagement_for_the_network_region_and_phase(engagement_network):
    net = engagement_network
    filters = ReportFilters(academic_year=net.year)

    (network,) = selectors.engagement(filters, by=None)
    regions = _by_key(selectors.engagement(filters, by="region"))
    phases = _by_key(selectors.engagement(filters, by="phase"))

    assert (network["open_schools"], network["participating_schools"], network["participating_rate"]) == (15, 8, 53.3)
    assert regions[net.north.pk]["participating_rate"] == 70.0
    assert regions[net.south.pk]["participating_rate"] == 20.0
    assert (phases[Phase.PRIMARY]["open_schools"], phases[Phase.PRIMARY]["participating_schools"]) == (11, 7)
    assert (phases[Phase.SECONDARY]["open_schools"], phases[Phase.SECONDARY]["participating_schools"]) == (4, 1)


def test_engagement_of_most_disadvantaged_is_top_fifth_by_free_school_meals(engagement_network):
    net = engagement_network

    threshold = selectors.disadvantaged_threshold()
    rows = _by_key(selectors.engagement(ReportFilters(academic_year=net.year), by="hub", threshold=threshold))

    # Open schools' FSM 10..100 (closed schools' 99 ignored): the top fifth is 90 and 100, above the next one, 80.
    assert threshold == pytest.approx(80.0)
    assert rows[net.alpha.pk]["disadvantaged_schools"] == 2
    assert rows[net.alpha.pk]["disadvantaged_participating"] == 1
    assert rows[net.alpha.pk]["disadvantaged_rate"] == 50.0
    assert rows[net.beta.pk]["disadvantaged_rate"] is None  # Beta's schools have no FSM figure


def test_engagement_filters_by_hub_region_phase_and_project(engagement_network):
    net = engagement_network

    (hub_only,) = selectors.engagement(ReportFilters(academic_year=net.year, hub=net.beta), by=None)
    (south,) = selectors.engagement(ReportFilters(academic_year=net.year, region=net.south), by=None)
    (secondary,) = selectors.engagement(ReportFilters(academic_year=net.year, phase=Phase.SECONDARY), by=None)
    (project,) = selectors.engagement(ReportFilters(academic_year=net.year, project=net.other_project), by=None)

    assert (hub_only["open_schools"], hub_only["participating_schools"]) == (5, 1)
    assert (south["open_schools"], south["participating_schools"]) == (5, 1)
    assert (secondary["open_schools"], secondary["participating_schools"]) == (4, 1)
    # Beta's group took Alpha's overridden school, Beta's school and the teacher who moved (school 0).
    assert project["participating_schools"] == 3


def test_engagement_of_another_year_counts_that_years_registrations(engagement_network):
    net = engagement_network

    (row,) = selectors.engagement(ReportFilters(academic_year=net.last_year), by=None)

    assert (row["participating_schools"], row["completed_schools"]) == (2, 1)


def test_engagement_trend_gives_each_year_held(engagement_network):
    net = engagement_network

    rows = _by_key(selectors.engagement_by_year(ReportFilters(academic_year=net.year)))

    assert rows[net.year.pk]["participating_schools"] == 8
    assert rows[net.year.pk]["participating_rate"] == 53.3
    assert rows[net.last_year.pk]["participating_schools"] == 2
    assert rows[net.last_year.pk]["completed_schools"] == 1


def test_participation_counts_groups_teachers_schools_attendance_and_completion(participation_network):
    net = participation_network

    (row,) = selectors.participation(ReportFilters(academic_year=net.year), by=None)

    assert (row["work_groups"], row["teachers"], row["schools"]) == (2, 5, 3)
    assert (row["attended"], row["marks"], row["attendance_rate"]) == (7, 10, 70.0)
    assert (row["completions"], row["places_in_completed_groups"], row["completion_rate"]) == (3, 4, 75.0)


def test_participation_by_phase_and_project(participation_network):
    net = participation_network
    filters = ReportFilters(academic_year=net.year)

    phases = _by_key(selectors.participation(filters, by="phase"))
    projects = _by_key(selectors.participation(filters, by="project"))

    assert (phases[Phase.PRIMARY]["teachers"], phases[Phase.PRIMARY]["attendance_rate"]) == (4, 75.0)
    assert (phases[Phase.SECONDARY]["teachers"], phases[Phase.SECONDARY]["attendance_rate"]) == (2, 50.0)
    assert phases[Phase.SECONDARY]["completion_rate"] is None
    assert projects[net.primary_project.pk]["work_groups"] == 1  # the cancelled group did not run
    assert projects[net.secondary_project.pk]["schools"] == 2


def test_evaluation_averages_leave_out_withdrawn_participants(participation_network):
    net = participation_network

    (row,) = selectors.evaluation_scores(ReportFilters(academic_year=net.year), by=None)

    assert (row["evaluations"], row["average_overall"], row["average_impact_on_practice"]) == (3, 4.0, 4.0)


def _responses(schools, year, positive):
    ImpactSurveyResponse.objects.bulk_create(
        ImpactSurveyResponse(school=school, academic_year=year, positive_impact=i < positive, respondent_name="Head")
        for i, school in enumerate(schools)
    )


def test_headteacher_impact_is_share_answering_positively(engagement_network):
    net = engagement_network
    la = net.alpha.area.get().local_authority
    schools = School.objects.bulk_create(School(urn=500000 + i, name=f"S{i}", local_authority=la) for i in range(50))
    _responses(schools, net.year, positive=49)
    _responses(schools[:10], net.last_year, positive=1)

    (network,) = selectors.headteacher_impact(ReportFilters(academic_year=net.year), by=None)
    per_hub = _by_key(selectors.headteacher_impact(ReportFilters(academic_year=net.year), by="hub"))
    per_year = _by_key(selectors.headteacher_impact(ReportFilters(academic_year=net.year), by="year", any_year=True))

    assert (network["positive"], network["responses"], network["positive_rate"]) == (49, 50, 98.0)
    assert per_hub[net.alpha.pk]["positive_rate"] == 98.0
    assert net.beta.pk not in per_hub
    assert per_year[net.last_year.pk]["positive_rate"] == 10.0


def test_leadership_counts_distinct_leads_schools_and_trusts(leadership_network):
    net = leadership_network

    (row,) = selectors.leadership(ReportFilters(academic_year=net.year), by=None)
    per_year = _by_key(selectors.leadership(ReportFilters(academic_year=net.year), by="year", any_year=True))

    assert (row["leads"], row["lead_schools"], row["lead_trusts"]) == (14, 12, 6)
    assert per_year[net.last_year.pk]["leads"] == 1


def test_leadership_of_another_hub_is_empty(leadership_network):
    net = leadership_network

    (row,) = selectors.leadership(ReportFilters(academic_year=net.year, hub=HubFactory()), by=None)

    assert (row["leads"], row["lead_schools"], row["lead_trusts"]) == (0, 0, 0)


def test_mastery_specialists_by_cohort_and_accreditation():
    year, earlier, later = (AcademicYearFactory(start_year=y) for y in (2024, 2022, 2025))
    hub = HubFactory()
    for status in AccreditationStatus.values:
        AccreditationFactory(
            specialist=MasterySpecialistFactory(hub=hub, cohort__academic_year=earlier),
            status=status,
            accredited_on=datetime.date(2024, 7, 1) if status in ONCE_ACCREDITED_STATUSES else None,
        )
    # Accredited in one phase, lapsed in another: counted once, as accredited (their best standing).
    twice = MasterySpecialistFactory(hub=hub, cohort__academic_year=earlier)
    AccreditationFactory(specialist=twice, status=AccreditationStatus.LAPSED, accredited_on=datetime.date(2021, 7, 1))
    AccreditationFactory(
        specialist=twice,
        phase=AccreditationPhase.EARLY_YEARS,
        status=AccreditationStatus.ACCREDITED,
        accredited_on=datetime.date(2024, 7, 1),
    )
    MasterySpecialistFactory.create_batch(2, hub=hub, cohort__academic_year=year)  # no accreditation: not started
    MasterySpecialistFactory(hub=hub, cohort__academic_year=later)

    rows = _by_key(selectors.mastery_specialists_by_cohort(ReportFilters(academic_year=year)))

    assert set(rows) == {2022, 2024}
    counts = tuple(rows[2022][s] for s in ("specialists", *AccreditationStatus.values))
    assert counts == (6, 1, 1, 2, 1, 1)  # not started, in progress, accredited, re-registration due, lapsed
    assert rows[2022]["accredited_rate"] == 50.0  # accredited 2 + re-registration due 1, of 6
    assert (rows[2024]["specialists"], rows[2024]["not_started"]) == (2, 2)


def test_engagement_runs_a_fixed_number_of_queries_whatever_the_network_size(engagement_network):
    net = engagement_network
    filters = ReportFilters(academic_year=net.year)
    with CaptureQueriesContext(connection) as small:
        selectors.engagement(filters, by="hub")
    School.objects.bulk_create(
        School(urn=700000 + i, name=f"Extra {i}", local_authority=LocalAuthorityFactory()) for i in range(30)
    )
    with CaptureQueriesContext(connection) as large:
        selectors.engagement(filters, by="hub")

    # The threshold, the kept open-school counts, the years counted, the participating schools.
    assert len(small) == len(large) == 4


def test_place_sets_count_a_teacher_in_two_groups_once(participation_network):
    filters = ReportFilters(academic_year=participation_network.year)
    grouping_sets = selectors.place_sets(selectors.work_group_rows(filters))

    by_registrations = (
        Registration.objects.filter(
            work_group__in=selectors.work_groups_in_scope(filters), status__in=("approved", "completed")
        )
        .values("teacher")
        .distinct()
        .count()
    )
    assert grouping_sets[None][None]["teachers"] == by_registrations
    assert grouping_sets[None][None]["teachers"] == 5
    assert {key: row["schools"] for key, row in grouping_sets["phase"].items()} == {
        Phase.PRIMARY: 2,
        Phase.SECONDARY: 2,
    }


def test_work_group_rows_carry_each_groups_kept_id_lists_and_zeros_for_a_group_without_figures(
    participation_network,
):
    net = participation_network
    WorkGroupFigures.objects.filter(work_group=net.running).delete()  # as for a group no one has joined yet
    filters = ReportFilters(academic_year=net.year)

    rows = {row["pk"]: row for row in selectors.work_group_rows(filters)}

    kept = WorkGroupFigures.objects.get(work_group=net.finished)
    assert (rows[net.finished.pk]["teacher_ids"], rows[net.finished.pk]["school_ids"]) == (
        kept.teacher_ids,
        kept.school_ids,
    )
    assert len(kept.teacher_ids) == 4 and len(kept.school_ids) == 2
    empty = rows[net.running.pk]
    assert (empty["teacher_ids"], empty["school_ids"], empty["places"], empty["evaluations"]) == ([], [], 0, 0)
    assert set(rows) == {net.finished.pk, net.running.pk}  # the cancelled group did not run


def test_work_group_rows_without_id_lists_are_the_same_rows_less_the_lists(participation_network):
    WorkGroupFigures.objects.filter(work_group=participation_network.running).delete()
    filters = ReportFilters(academic_year=participation_network.year)

    with_lists = selectors.work_group_rows(filters)
    without = selectors.work_group_rows(filters, id_lists=False)

    less_the_lists = [{k: v for k, v in row.items() if k not in ("teacher_ids", "school_ids")} for row in with_lists]
    assert sorted(without, key=lambda row: row["pk"]) == sorted(less_the_lists, key=lambda row: row["pk"])
    assert all("teacher_ids" not in row and "school_ids" not in row for row in without)
