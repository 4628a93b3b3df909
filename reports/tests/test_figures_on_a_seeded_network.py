"""The report's school figures, read from the kept counts, against the definitions applied school by school on a
seeded network: engagement (from the registrations themselves) and Teaching for Mastery stages (each school's own
journey), for the network, a hub and each year."""

import datetime

import pytest
from django.db.models import F

from hubs.models import Hub, served_hub
from hubs.seeding import seed_network
from mastery.journey import RANK, school_journeys, stage_completions
from mastery.models import SchoolJourneyOverride
from reports.selectors import ReportFilters
from reports.tables import HUB, NETWORK, NETWORK_LABEL, Report
from schools.models import Region, School
from schools.selectors import most_disadvantaged_threshold
from workgroups.engagement import completed_registrations, engaged_school_ids
from workgroups.enums import JourneyStage
from workgroups.models import AcademicYear

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
STAGES = [str(stage) for stage in RANK]


@pytest.fixture
def seeded(time_machine):
    time_machine.move_to(NOW, tick=False)
    seed_network(scale=0.02, seed=4, now=NOW)
    # Recorded stages over the derived ones: on a school with completions, on one without, and "not started".
    completed = list(stage_completions().values_list("school_id", flat=True).distinct().order_by("school_id")[:2])
    untouched = School.objects.open().exclude(pk__in=stage_completions().values("school_id")).order_by("pk").first()
    SchoolJourneyOverride.objects.create(school_id=completed[0], stage=JourneyStage.SUSTAINING, reason="Seen")
    SchoolJourneyOverride.objects.create(school_id=completed[1], stage=JourneyStage.NONE, reason="Restarted")
    SchoolJourneyOverride.objects.create(school=untouched, stage=JourneyStage.EMBEDDING, reason="Before the portal")


def by_definition(year: AcademicYear) -> dict[int, dict]:
    """Every hub's figures, school by school."""
    threshold = most_disadvantaged_threshold()
    engaged = set(engaged_school_ids(academic_year=year).values_list("school_id", flat=True))
    completed = set(completed_registrations(academic_year=year).values_list("school_id", flat=True))
    schools = list(School.objects.open().annotate(hub=served_hub()).filter(hub__isnull=False))
    journeys = school_journeys(school_ids=[s.pk for s in schools])
    hubs: dict[int, dict] = {}
    for school in schools:
        row = hubs.setdefault(
            school.hub,
            dict.fromkeys(
                ["open_schools", "participating_schools", "completed_schools", "disadvantaged_schools",
                 "disadvantaged_participating", "not_started", *STAGES, "moved_on"],
                0,
            ),
        )  # fmt: skip
        disadvantaged = threshold is not None and school.percentage_fsm is not None and school.percentage_fsm > threshold
        row["open_schools"] += 1
        row["participating_schools"] += school.pk in engaged
        row["completed_schools"] += school.pk in completed
        row["disadvantaged_schools"] += disadvantaged
        row["disadvantaged_participating"] += disadvantaged and school.pk in engaged
        journey = journeys[school.pk]
        history = [entry for entry in journey.history if entry.start_year <= year.start_year]
        stage = journey.override.stage if journey.override else (history[-1].stage_after if history else "")
        row[stage if stage in STAGES else "not_started"] += 1
        row["moved_on"] += any(entry.start_year == year.start_year and entry.moved_on for entry in history)
    return hubs


def report_rows(report: Report, key: str) -> dict[str, dict]:
    return {row["name"]: row for row in report.table(key).rows}


def test_report_school_figures_match_the_definitions_school_by_school(seeded):
    names = dict(Hub.objects.values_list("pk", "name"))
    for year in AcademicYear.objects.order_by("start_year"):
        expected = by_definition(year)
        report = Report(ReportFilters(academic_year=year), scope=NETWORK)
        engagement = report_rows(report, "engagement_by_hub")
        journey = report_rows(report, "journey_by_hub")

        for hub_id, figures in expected.items():
            for name in ("open_schools", "participating_schools", "completed_schools", "disadvantaged_schools",
                         "disadvantaged_participating"):  # fmt: skip
                assert engagement[names[hub_id]][name] == figures[name], (year, names[hub_id], name)
            for name in ("open_schools", "not_started", *STAGES, "moved_on"):
                assert journey[names[hub_id]][name] == figures[name], (year, names[hub_id], name)
        total = engagement[NETWORK_LABEL]
        assert total["open_schools"] == sum(f["open_schools"] for f in expected.values())
        assert total["participating_schools"] == sum(f["participating_schools"] for f in expected.values())
        assert journey[NETWORK_LABEL]["moved_on"] == sum(f["moved_on"] for f in expected.values())


def test_hub_report_school_figures_match_the_definitions_beside_the_network(seeded):
    year = AcademicYear.objects.order_by("-start_year")[1]
    expected = by_definition(year)
    hub = Hub.objects.get(pk=max(expected, key=lambda pk: expected[pk]["open_schools"]))

    report = Report(ReportFilters(academic_year=year, hub=hub), scope=HUB)
    own, network = report.table("engagement_by_hub").rows
    own_journey, network_journey = report.table("journey_by_hub").rows

    assert own["name"] == hub.name
    assert own["open_schools"] == own_journey["open_schools"] == expected[hub.pk]["open_schools"]
    assert own["participating_schools"] == expected[hub.pk]["participating_schools"]
    assert own["disadvantaged_participating"] == expected[hub.pk]["disadvantaged_participating"]
    assert [own_journey[name] for name in STAGES] == [expected[hub.pk][name] for name in STAGES]
    assert network["open_schools"] == sum(f["open_schools"] for f in expected.values())
    assert network_journey["not_started"] == sum(f["not_started"] for f in expected.values())


def test_trend_participation_matches_the_registrations_of_each_year(seeded):
    years = list(AcademicYear.objects.order_by("start_year"))
    open_schools = School.objects.open().annotate(hub=served_hub()).filter(hub__isnull=False)

    rows = Report(ReportFilters(academic_year=years[-1]), scope=NETWORK).table("trend").rows

    by_year = {row["name"]: row for row in rows}
    for year in years:
        engaged = open_schools.filter(pk__in=engaged_school_ids(academic_year=year)).count()
        assert by_year[year.name]["participating_rate"] == round(100 * engaged / open_schools.count(), 1)


def test_kept_place_sets_are_the_unions_of_each_work_groups_sets(seeded):
    """The report's distinct teachers and schools, read from the kept per-year counts, against the unions of every
    Work Group's own sets, for every grouping the counts keep and every shape of filters."""
    from reports import selectors
    from workgroups.models import NationalProject

    checked = 0
    for year in AcademicYear.objects.order_by("start_year"):
        rows = selectors.work_group_rows(ReportFilters(academic_year=year))
        if not rows:
            continue
        hubs = Hub.objects.filter(pk__in={row["hub"] for row in rows}).order_by(F("region").asc(nulls_last=True), "pk")
        hub = hubs.select_related("region").first()
        assert hub.region is not None  # the seeded hubs have regions, so the region shapes narrow something
        first = next(row for row in rows if row["hub"] == hub.pk)
        project = NationalProject.objects.get(pk=first["project"])
        shapes = [
            {},
            {"phase": first["phase"]},
            {"project": project},
            {"region": hub.region},
            {"hub": hub},
            {"hub": hub, "region": hub.region, "phase": first["phase"], "project": project},
            {"hub": hub, "region": Region.objects.exclude(pk=hub.region_id).order_by("pk").first()},
        ]
        for shape in shapes:
            filters = ReportFilters(academic_year=year, **shape)
            in_scope = selectors.work_group_rows(filters)
            # One query for the four groupings, and for the network beside the filters, as a hub's report reads them.
            every_grouping, network = selectors.kept_place_counts(filters, filters.network())
            assert network == selectors.kept_place_counts(filters.network())[0]
            for by in ("hub", "project", "phase", None):
                unions = selectors.place_sets(in_scope, bys=[by])
                assert selectors.kept_place_sets(filters, in_scope, by) == unions, (year, shape, by)
                assert selectors.kept_place_sets(filters, in_scope, by, counts=every_grouping) == unions, (year, shape)
                checked += 1
    assert checked > 20
