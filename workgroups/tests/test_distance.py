"""Distances from a place to where Work Groups meet, computed in the database."""

import pytest
from django.db.models import F

from schools.enums import Phase
from schools.grid import grid_distance, kilometres
from schools.models import School
from schools.tests.factories import SchoolFactory
from workgroups import selectors
from workgroups.enums import Format, WorkGroupStatus
from workgroups.models import WorkGroup
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db


def test_grid_distance_is_the_straight_line_in_metres():
    SchoolFactory(urn=1, easting=500_000, northing=200_000)
    SchoolFactory(urn=2, easting=None, northing=None)

    rows = dict(
        School.objects.annotate(d=grid_distance("easting", "northing", 503_000, 204_000)).values_list("urn", "d")
    )

    assert rows == {1: pytest.approx(5000.0), 2: None}


def test_grid_distance_across_the_whole_grid_does_not_overflow():
    SchoolFactory(urn=1, easting=1, northing=1)

    distance = School.objects.annotate(d=grid_distance("easting", "northing", 700_000, 1_300_000)).get().d

    assert distance == pytest.approx((699_999**2 + 1_299_999**2) ** 0.5)


def test_workgroups_with_distance_orders_nearest_first_with_online_and_unplaced_last():
    venue = SchoolFactory(easting=510_000, northing=200_000)
    far = WorkGroupFactory(code="FAR", venue_easting=550_000, venue_northing=200_000)
    near = WorkGroupFactory(code="NEAR", venue_school=venue)
    typed = WorkGroupFactory(code="TYPED", venue_easting=500_000, venue_northing=220_000)
    online = WorkGroupFactory(code="ONLINE", format=Format.ONLINE, venue_easting=500_001, venue_northing=200_000)
    unplaced = WorkGroupFactory(code="UNPLACED")

    rows = list(
        selectors.workgroups_with_distance(WorkGroup.objects.all(), easting=500_000, northing=200_000).order_by(
            F("distance_m").asc(nulls_last=True), "code"
        )
    )

    assert [wg.code for wg in rows] == ["NEAR", "TYPED", "FAR", "ONLINE", "UNPLACED"]
    assert [kilometres(wg.distance_m) for wg in rows] == [10, 20, 50, None, None]
    assert {far, near, typed, online, unplaced} == set(rows)


def test_workgroups_open_near_school_gives_open_groups_of_its_phase_nearest_first():
    school = SchoolFactory(phase=Phase.SECONDARY, easting=500_000, northing=200_000)
    WorkGroupFactory(code="B", phase=Phase.SECONDARY, venue_easting=500_000, venue_northing=230_000)
    WorkGroupFactory(code="A", phase=Phase.SECONDARY, venue_easting=500_000, venue_northing=201_000)
    WorkGroupFactory(code="PRIMARY", phase=Phase.PRIMARY, venue_easting=500_000, venue_northing=200_000)
    WorkGroupFactory(code="DRAFT", phase=Phase.SECONDARY, status=WorkGroupStatus.DRAFT)
    WorkGroupFactory(code="WEB", phase=Phase.SECONDARY, format=Format.ONLINE)

    rows = selectors.workgroups_open_near_school(school=school)

    assert [(wg.code, kilometres(wg.distance_m)) for wg in rows] == [("A", 1), ("B", 30), ("WEB", None)]
    assert [wg.code for wg in selectors.workgroups_open_near_school(school=school, limit=1)] == ["A"]


def test_workgroups_open_near_school_without_a_grid_reference_lists_them_without_distance():
    school = SchoolFactory(phase=Phase.PRIMARY, easting=None, northing=None)
    WorkGroupFactory(code="A", venue_easting=500_000, venue_northing=201_000)

    rows = selectors.workgroups_open_near_school(school=school)

    assert [(wg.code, wg.distance_m) for wg in rows] == [("A", None)]
