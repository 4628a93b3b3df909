"""The school years' counts (``workgroups.models.SchoolYearCount``) follow every change to the school years, at
once; the reports' engagement, journey and reach figures read from them equal those folded from the school years
themselves; a year not counted yet is read from the school years."""

import random

import pytest
from django.db import transaction

from accounts.tests.factories import UserFactory
from hubs.models import Hub, SchoolHubOverride, served_hub
from hubs.reach import not_reached_counts_by_hub
from hubs.seeding import seed_network
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory
from mastery.journey import stage_completions
from mastery.models import SchoolJourneyOverride
from reports import selectors
from reports.selectors import ReportFilters
from schools.models import Region, School
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import JourneyStage, WorkGroupStatus
from workgroups.models import (
    AcademicYear,
    SchoolParticipation,
    SchoolYearCount,
    SchoolYearCounted,
    WorkGroup,
)
from workgroups.services.school_year_counts import school_year_counts_rebuild
from workgroups.tests.changes import random_decisions
from workgroups.tests.factories import NationalProjectFactory, WorkGroupFactory
from workgroups.tests.racing import held_and_raced

COUNTS = ("schools", "participating", "completed", "reached", "moved_on")


def _counts() -> set[tuple]:
    return {
        row
        for row in SchoolYearCount.objects.values_list(
            "academic_year_id", "hub_id", "phase", "disadvantaged", "stage", *COUNTS
        )
        if any(row[5:])
    }


def _sorted(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted(row.items(), key=lambda item: item[0])) for row in rows)


@pytest.fixture
def seeded():
    seed_network(scale=0.02, seed=11)
    # Recorded stages over the derived ones: on schools with completions (one "not started"), and on one without.
    completed = list(stage_completions().values_list("school_id", flat=True).distinct().order_by("school_id")[:2])
    untouched = School.objects.open().exclude(pk__in=stage_completions().values("school_id")).order_by("pk").first()
    SchoolJourneyOverride.objects.create(school_id=completed[0], stage=JourneyStage.SUSTAINING, reason="Seen")
    SchoolJourneyOverride.objects.create(school_id=completed[1], stage=JourneyStage.NONE, reason="Restarted")
    SchoolJourneyOverride.objects.create(school=untouched, stage=JourneyStage.EMBEDDING, reason="Before the portal")


def _filter_sets(year) -> list[ReportFilters]:
    hub = Hub.objects.filter(region__isnull=False).order_by("pk").first()
    region = Region.objects.get(pk=hub.region_id)
    return [
        ReportFilters(academic_year=year),
        ReportFilters(academic_year=year, hub=hub),
        ReportFilters(academic_year=year, region=region),
        ReportFilters(academic_year=year, phase="primary"),
        ReportFilters(academic_year=year, region=region, phase="secondary"),
    ]


@pytest.mark.django_db
def test_figures_read_from_the_counts_equal_those_folded_from_the_school_years(seeded):
    threshold = selectors.disadvantaged_threshold()
    years = list(AcademicYear.objects.order_by("start_year"))
    assert selectors.counted_year_ids() == {year.pk for year in years}  # the seeding counted every year
    compared = 0
    for year in years:
        for filters in _filter_sets(year):
            counted, folded = {year.pk}, set()
            assert _sorted(selectors.engagement_grid(filters, threshold, counted=counted)) == _sorted(
                selectors.engagement_grid(filters, threshold, counted=folded)
            ), (year, filters)
            from_counts = selectors.journey_grid(filters, counted=counted)
            assert _sorted(from_counts) == _sorted(selectors.journey_grid(filters, counted=folded)), (year, filters)
            compared += 1
    assert compared == 5 * len(years)
    # Something to compare: schools at every stage, moves on, reached and not-reached schools.
    assert SchoolYearCount.objects.filter(stage=4, schools__gt=0).exists()
    assert SchoolYearCount.objects.filter(moved_on__gt=0).exists()

    from_counts = not_reached_counts_by_hub()
    SchoolYearCounted.objects.all().delete()  # read from the school years instead
    assert not_reached_counts_by_hub() == from_counts
    assert 0 < sum(from_counts.values()) < School.objects.open().count()


@pytest.mark.django_db
def test_the_reports_read_the_counts_of_a_counted_year(seeded):
    """A mutation of the counts shows in the figures: they are read from the counts, not folded again."""
    year = AcademicYear.objects.order_by("-start_year")[1]
    filters = ReportFilters(academic_year=year)
    (before,) = selectors.engagement(filters, by=None)
    (journey_before,) = selectors.journey_stages(filters, by=None)
    reached_before = sum(not_reached_counts_by_hub().values())

    SchoolYearCount.objects.update(participating=0, moved_on=0, reached=0)

    (after,) = selectors.engagement(filters, by=None)
    (journey_after,) = selectors.journey_stages(filters, by=None)
    assert before["participating_schools"] > 0 and after["participating_schools"] == 0
    assert journey_before["moved_on"] > 0 and journey_after["moved_on"] == 0
    assert sum(not_reached_counts_by_hub().values()) > reached_before


@pytest.mark.django_db
def test_counts_kept_by_the_services_match_a_count_from_scratch(seeded):
    rng = random.Random(11)
    lead = UserFactory()
    before = _counts()
    changed = random_decisions(rng, count=30, actor=lead)
    for work_group in rng.sample(list(WorkGroup.objects.filter(status=WorkGroupStatus.RUNNING)), 2):
        services.workgroup_cancel(work_group=work_group)
    kept = _counts()
    assert changed and kept != before  # the changes moved some counts

    school_year_counts_rebuild()

    assert _counts() == kept


@pytest.mark.django_db
def test_a_year_created_since_the_last_count_is_read_from_the_school_years(seeded):
    last = AcademicYear.objects.order_by("-start_year").first()
    new_year = AcademicYear.objects.create(start_year=last.start_year + 1)
    filters = ReportFilters(academic_year=new_year)
    assert new_year.pk not in selectors.counted_year_ids()
    # The stages carry over from the years before: schools stand at a stage in a year none of them took part in.
    (journey,) = selectors.journey_stages(filters, by=None)
    assert sum(journey[str(stage)] for stage in ("readiness", "development", "embedding", "sustaining")) > 0

    school_year_counts_rebuild()  # as the next change to the register does

    assert new_year.pk in selectors.counted_year_ids()
    assert selectors.journey_stages(filters, by=None) == [journey]


@pytest.mark.django_db
def test_a_school_moved_to_another_hub_moves_its_counts(seeded):
    year = AcademicYear.objects.order_by("-start_year")[1]
    engaged = SchoolParticipation.objects.filter(work_group__academic_year=year, ran=True).values("school_id")
    school = School.objects.open().filter(pk__in=engaged).annotate(hub=served_hub()).order_by("pk").first()
    other = Hub.objects.exclude(pk=school.hub).order_by("pk").first()

    def participating(hub_id):
        (row,) = selectors.engagement(ReportFilters(academic_year=year, hub=Hub.objects.get(pk=hub_id)), by=None)
        return row["participating_schools"]

    before = participating(school.hub), participating(other.pk)
    with transaction.atomic():
        SchoolHubOverride.objects.update_or_create(school=school, defaults={"hub": other, "reason": "Nearer"})
        open_school_counts_rebuild()  # as the admin does after a change to who serves whom

    assert (participating(school.hub), participating(other.pk)) == (before[0] - 1, before[1] + 1)


@pytest.mark.django_db(transaction=True)
def test_two_changes_to_one_hubs_counts_at_once_are_both_counted():
    # Two schools of one hub taken into two Work Groups in two transactions at once: the second count waits for
    # the first's lock on the hub's counts, then counts the first's committed school year too.
    project = NationalProjectFactory(is_teaching_for_mastery=True, journey_stage=JourneyStage.DEVELOPMENT)
    groups = [WorkGroupFactory(status=WorkGroupStatus.OPEN, project=project) for _ in range(2)]
    hub = groups[0].hub
    schools = [SchoolFactory(), SchoolFactory()]
    for school in schools:
        HubAreaFactory(hub=hub, local_authority=school.local_authority)
    with transaction.atomic():
        open_school_counts_rebuild()  # every year counted
    year = groups[0].academic_year_id

    def take_part(work_group, school):
        SchoolParticipation.objects.create(
            work_group=work_group, school=school, completed=True, academic_year_id=year, ran=True
        )
        services.school_years_refresh(schools_by_year={year: [school.pk]})

    errors, waited = held_and_raced(
        lambda: take_part(groups[0], schools[0]), lambda: take_part(groups[1], schools[1])
    )

    assert waited  # the second waited for the first transaction's lock on the hub's counts
    assert errors == []
    (row,) = SchoolYearCount.objects.filter(academic_year_id=year, hub=hub).values_list(
        "participating", "completed", "schools", "stage"
    )
    assert row == (2, 2, 2, 2)  # both schools, each with its Development completion


@pytest.mark.django_db
def test_the_trend_reads_the_counted_years_from_the_counts_and_the_others_from_the_school_years(seeded):
    years = list(AcademicYear.objects.order_by("start_year"))
    trends = [selectors.engagement_by_year(filters) for filters in _filter_sets(years[-1])]
    assert len(trends[0]) == len(years)

    SchoolYearCounted.objects.filter(academic_year__in=years[:2]).delete()  # two years read from the school years
    assert [selectors.engagement_by_year(filters) for filters in _filter_sets(years[-1])] == trends
    SchoolYearCount.objects.update(participating=0)  # the three others are read from the counts
    (first, second, *others) = selectors.engagement_by_year(_filter_sets(years[-1])[0])
    assert first == trends[0][0] and second == trends[0][1] and others == []
