"""Find near me: a teacher with a school starts from their school's phase and hub, nearest first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubAreaFactory, HubFactory
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups.enums import Format
from workgroups.tests.factories import SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def near_hub():
    return HubFactory(name="Fenland")


@pytest.fixture
def teacher(near_hub):
    area = HubAreaFactory(hub=near_hub)
    school = SchoolFactory(
        name="Histon Primary School",
        phase=Phase.PRIMARY,
        local_authority=area.local_authority,
        easting=500_000,
        northing=200_000,
    )
    return UserFactory(school=school)


def _group(hub, code, *, km=None, **extra):
    grid = {"venue_easting": 500_000, "venue_northing": 200_000 + km * 1000} if km is not None else {}
    return WorkGroupFactory(hub=hub, code=code, title=f"Group {code}", **grid, **extra)


def _codes(response, key="page"):
    return (
        [wg.code for wg in response.context["results"].online]
        if key == "online"
        else [wg.code for wg in response.context["page"]]
    )


def test_find_near_orders_by_distance_from_the_teachers_school_and_says_how_far(client, teacher, near_hub):
    _group(near_hub, "FAR", km=30)
    _group(near_hub, "NEAR", km=12)
    _group(near_hub, "UNPLACED")
    client.force_login(teacher)

    response = client.get(reverse("workgroups:find"))

    assert _codes(response) == ["NEAR", "FAR", "UNPLACED"]
    body = response.content.decode()
    assert "12 km from your school" in body and "30 km from your school" in body
    assert "Distance not known" in body


def test_find_near_defaults_to_the_schools_phase_and_hub_and_they_can_be_cleared(client, teacher, near_hub):
    _group(near_hub, "PRIMARY", km=5)
    _group(near_hub, "SECONDARY", km=1, phase=Phase.SECONDARY)
    _group(HubFactory(name="Elsewhere"), "OTHER-HUB", km=2)
    client.force_login(teacher)

    defaulted = client.get(reverse("workgroups:find"))
    cleared = client.get(reverse("workgroups:find"), {"hub": "", "phase": ""})

    assert _codes(defaulted) == ["PRIMARY"]
    assert defaulted.context["form"]["phase"].value() == Phase.PRIMARY
    assert str(defaulted.context["form"]["hub"].value()) == str(near_hub.pk)
    assert _codes(cleared) == ["SECONDARY", "OTHER-HUB", "PRIMARY"]
    assert 'href="?hub=&amp;phase="' in defaulted.content.decode()


@pytest.mark.parametrize(
    ("within", "expected"), [("10", ["A"]), ("20", ["A", "B"]), ("50", ["A", "B", "C"]), ("", ["A", "B", "C", "D"])]
)
def test_find_near_within_keeps_the_groups_that_close(client, teacher, near_hub, within, expected):
    for code, km in (("A", 9), ("B", 19), ("C", 49), ("D", 80)):
        _group(near_hub, code, km=km)
    client.force_login(teacher)

    response = client.get(reverse("workgroups:find"), {"within": within, "hub": near_hub.pk, "phase": "primary"})

    assert _codes(response) == expected


def test_find_near_shows_online_groups_apart_and_not_limited_by_distance(client, teacher, near_hub):
    _group(near_hub, "ROOM", km=60)
    _group(near_hub, "WEB", format=Format.ONLINE)
    client.force_login(teacher)

    response = client.get(reverse("workgroups:find"), {"within": "10", "hub": near_hub.pk, "phase": "primary"})
    online_only = client.get(reverse("workgroups:find"), {"format": "online", "hub": "", "phase": ""})

    assert _codes(response) == [] and _codes(response, "online") == ["WEB"]
    assert "Online Work Groups" in response.content.decode()
    assert _codes(online_only) == ["WEB"] and not online_only.context["results"].online_apart


def test_find_without_a_school_asks_for_one_and_works_as_before(client, near_hub):
    _group(near_hub, "B", km=1, phase=Phase.SECONDARY)
    _group(near_hub, "A", km=50, format=Format.ONLINE)
    client.force_login(UserFactory(school=None))

    response = client.get(reverse("workgroups:find"))

    body = response.content.decode()
    assert "Add your school in your profile" in body and reverse("accounts:profile") in body
    assert sorted(_codes(response)) == ["A", "B"]
    assert "km from your school" not in body and "within" not in response.context["form"].fields


def test_find_with_a_school_without_grid_reference_defaults_the_phase_but_gives_no_distance(client, near_hub):
    area = HubAreaFactory(hub=near_hub)
    school = SchoolFactory(phase=Phase.PRIMARY, local_authority=area.local_authority, easting=None, northing=None)
    _group(near_hub, "P", km=3)
    _group(near_hub, "S", km=3, phase=Phase.SECONDARY)
    client.force_login(UserFactory(school=school))

    response = client.get(reverse("workgroups:find"))

    assert _codes(response) == ["P"]
    assert "no grid reference" in response.content.decode()
    assert "km from your school" not in response.content.decode()


def test_find_near_bad_within_is_ignored_rather_than_failing(client, teacher, near_hub):
    _group(near_hub, "A", km=3)
    client.force_login(teacher)

    response = client.get(reverse("workgroups:find"), {"within": "9999", "hub": "x"})

    assert response.status_code == 200


def test_find_near_runs_fixed_queries_at_two_sizes(client, teacher, near_hub):
    client.force_login(teacher)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workgroups:find")).status_code == 200
        return len(ctx)

    def add(n):
        for i in range(n):
            group = _group(near_hub, f"G{count.n}", km=i, venue_school=None)
            SessionFactory(work_group=group, number=1)
            _group(near_hub, f"W{count.n}", format=Format.ONLINE)
            count.n += 1

    count.n = 0
    add(1)
    small = count()
    add(15)
    assert count() == small
