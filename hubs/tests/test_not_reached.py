"""The schools a hub has not reached: open schools of its area with no approval or completion in the last N years."""

import csv
import io

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.models import served_hub
from hubs.reach import NotReachedFilters, hub_schools_not_reached, not_reached_counts_by_hub
from hubs.seeding import seed_network
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from schools.enums import EstablishmentStatus, Phase
from schools.models import School
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.engagement import reached_school_ids
from workgroups.enums import Format, RegistrationStatus, WorkGroupStatus
from workgroups.models import AcademicYear
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import NationalProjectFactory, RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db
RS = RegistrationStatus


@pytest.fixture
def area():
    hub = HubFactory(name="Fenland")
    return HubAreaFactory(hub=hub)


def _school(area, name, **extra):
    return SchoolFactory(name=name, local_authority=area.local_authority, **extra)


def _took_part(school, *, years_ago=0, status=RS.APPROVED, group_status=WorkGroupStatus.RUNNING):
    start = AcademicYear.start_year_for(timezone.localdate()) - years_ago
    year, _ = AcademicYear.objects.get_or_create(start_year=start)
    project = NationalProjectFactory(academic_year=year)
    work_group = WorkGroupFactory(project=project, status=group_status)
    RegistrationFactory(work_group=work_group, school=school, status=status)
    work_group_figures_rebuild(work_group_ids=[work_group.pk])  # made with factories: the kept figures after


def test_not_reached_leaves_out_schools_approved_or_completed_in_the_years(area):
    hub = area.hub
    _took_part(_school(area, "Approved this year"))
    _took_part(_school(area, "Completed two years ago"), years_ago=2, status=RS.COMPLETED, group_status="completed")
    _took_part(_school(area, "Approved three years ago"), years_ago=3)
    _took_part(_school(area, "Only applied"), status=RS.APPLIED)
    _took_part(_school(area, "Cancelled group"), group_status=WorkGroupStatus.CANCELLED)
    _school(area, "Never", percentage_fsm=40)
    _school(area, "Closed", status=EstablishmentStatus.CLOSED)
    SchoolFactory(name="Another hub's")

    open_school_counts_rebuild()  # factory-made schools: counted once, as after a bulk load

    names = {s.name for s in hub_schools_not_reached(hub=hub)}
    one_year = {s.name for s in hub_schools_not_reached(hub=hub, filters=NotReachedFilters(years=1))}

    assert names == {"Approved three years ago", "Only applied", "Cancelled group", "Never"}
    assert one_year == names | {"Completed two years ago"}
    assert not_reached_counts_by_hub()[hub.pk] == 4


def test_not_reached_sorts_by_fsm_distance_phase_and_local_authority(area):
    hub = area.hub
    _school(area, "Low FSM near", percentage_fsm=5, easting=500_000, northing=201_000)
    _school(area, "High FSM far", percentage_fsm=45, easting=500_000, northing=240_000)
    _school(area, "Secondary", phase=Phase.SECONDARY, percentage_fsm=20, easting=500_000, northing=200_000)
    _school(area, "No grid", percentage_fsm=None)
    WorkGroupFactory(status=WorkGroupStatus.OPEN, venue_easting=500_000, venue_northing=200_000)
    WorkGroupFactory(status=WorkGroupStatus.OPEN, format=Format.ONLINE)

    def order(sort):
        return [s.name for s in hub_schools_not_reached(hub=hub, filters=NotReachedFilters(sort=sort))]

    assert order("fsm") == ["High FSM far", "Secondary", "Low FSM near", "No grid"]
    assert order("distance") == ["High FSM far", "Low FSM near", "No grid", "Secondary"]
    assert order("distance_near") == ["Low FSM near", "High FSM far", "No grid", "Secondary"]
    assert order("phase")[-1] == "Secondary"
    distances = {s.name: s.nearest_work_group_m for s in hub_schools_not_reached(hub=hub)}
    assert distances["Low FSM near"] == pytest.approx(1000) and distances["Secondary"] is None


def test_not_reached_page_filters_pages_and_downloads_csv(client, area):
    lead = HubMembershipFactory(hub=area.hub, role=HubRole.LEAD).user
    _school(area, "=Formula School", percentage_fsm=30, urn=300001)
    _school(area, "Secondary", phase=Phase.SECONDARY, urn=300002)
    client.force_login(lead)

    page = client.get(reverse("hubs:not_reached", args=[area.hub.slug]), {"phase": "primary", "years": "5"})
    download = client.get(reverse("hubs:not_reached_csv", args=[area.hub.slug]), {"phase": "primary", "years": "5"})
    bad = client.get(reverse("hubs:not_reached", args=[area.hub.slug]), {"years": "99", "sort": "x"})

    assert [s.name for s in page.context["page"]] == ["=Formula School"]
    assert "last\n    5 academic years" in page.content.decode() or "5 academic years" in page.content.decode()
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["URN", "Name", "Phase"]
    assert rows[1][:2] == ["300001", "'=Formula School"]
    assert "not-reached-5-years.csv" in download["Content-Disposition"]
    assert bad.status_code == 200 and "defaults were used" in bad.content.decode()


def test_not_reached_of_another_hub_answers_404(client, area):
    other_lead = HubMembershipFactory(hub=HubFactory(name="Elsewhere"), role=HubRole.LEAD).user
    client.force_login(other_lead)

    assert client.get(reverse("hubs:not_reached", args=[area.hub.slug])).status_code == 404
    assert client.get(reverse("hubs:not_reached_csv", args=[area.hub.slug])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("hubs:not_reached", args=[area.hub.slug])).status_code == 404


def test_not_reached_page_runs_fixed_queries_at_two_sizes(client, area):
    client.force_login(HubMembershipFactory(hub=area.hub, role=HubRole.LEAD).user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("hubs:not_reached", args=[area.hub.slug])).status_code == 200
        return len(ctx)

    _school(area, "First", easting=500_000, northing=200_000)
    WorkGroupFactory(status=WorkGroupStatus.OPEN, venue_easting=500_000, venue_northing=200_000)
    small = count()
    for n in range(20):
        _school(area, f"School {n}", easting=500_000 + n, northing=200_000)
        WorkGroupFactory(status=WorkGroupStatus.OPEN, venue_easting=501_000, venue_northing=200_000 + n)
    assert count() == small


def test_network_report_shows_each_hubs_not_reached_count_to_ncetm_staff(client, area):
    _school(area, "Never")
    _took_part(_school(area, "Reached"))
    open_school_counts_rebuild()
    client.force_login(UserFactory(is_ncetm_staff=True))

    response = client.get(reverse("reports:network"))

    assert (area.hub, 1) in response.context["not_reached"]
    assert reverse("hubs:not_reached", args=[area.hub.slug]) in response.content.decode()


def _not_reached_counted_live(years: int) -> dict[int, int]:
    """The definition, counted from the register and the participations (what the kept counts must equal)."""
    last = AcademicYear.start_year_for(timezone.localdate())
    reached = reached_school_ids(first_start_year=last - years + 1, last_start_year=last)
    rows = (
        School.objects.open()
        .exclude(pk__in=reached)
        .annotate(hub_id=served_hub())
        .filter(hub_id__isnull=False)
        .values("hub_id")
        .annotate(n=Count("pk"))
        .values_list("hub_id", "n")
    )
    return dict(rows)


def test_not_reached_counts_from_the_kept_rows_equal_the_definition_on_a_seeded_network():
    seed_network(scale=0.02, seed=5)

    for years in (1, 3, 5):
        kept = {hub: n for hub, n in not_reached_counts_by_hub(years=years).items() if n}
        assert kept == _not_reached_counted_live(years), years
    assert sum(not_reached_counts_by_hub(years=1).values()) > sum(not_reached_counts_by_hub(years=5).values()) > 0


def test_not_reached_count_moves_when_a_school_is_approved_and_withdrawn(area):
    hub = area.hub
    school = _school(area, "Soon reached")
    _school(area, "Never")
    open_school_counts_rebuild()
    work_group = WorkGroupFactory(hub=hub, status=WorkGroupStatus.RUNNING)
    registration = RegistrationFactory(work_group=work_group, school=school, status=RS.APPLIED)
    assert not_reached_counts_by_hub()[hub.pk] == 2

    services.registration_approve(registration=registration, actor=UserFactory(), override_reason="Head agreed by phone")

    assert not_reached_counts_by_hub()[hub.pk] == 1
    services.registration_withdraw(registration=registration)
    assert not_reached_counts_by_hub()[hub.pk] == 2
