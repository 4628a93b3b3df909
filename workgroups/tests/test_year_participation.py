"""The kept distinct teachers and schools of each year (``YearParticipation``) follow every change that moves them."""

import random
import threading

import pytest
from django.db import connections
from django.db.models import Count
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.models import Hub
from hubs.seeding import seed_network
from hubs.tests.factories import HubFactory
from schools.enums import Phase
from schools.tests.factories import RegionFactory, SchoolFactory
from workgroups import services
from workgroups.enums import PARTICIPANT_STATUSES, RUN_STATUSES, RegistrationStatus
from workgroups.models import AcademicYear, NationalProject, Registration, YearParticipation
from workgroups.tests.changes import random_decisions
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    SessionFactory,
    WorkGroupFactory,
)

RS = RegistrationStatus


def _counts(year, *, region=None, hub=None, phase="", project=None) -> tuple[int, int]:
    row = YearParticipation.objects.filter(
        academic_year=year, region=region, hub=hub, phase=phase, project=project
    ).first()
    return (row.teachers, row.schools) if row else (0, 0)


@pytest.fixture
def two_hubs():
    """Two open Work Groups of one year in two hubs of two regions, of two phases and two projects, each with a
    teacher applying (consent confirmed) from a school of their own; a third teacher applies to both."""
    year = AcademicYearFactory(start_year=2025)
    north, south = RegionFactory(name="North", slug="north"), RegionFactory(name="South", slug="south")
    alpha, beta = HubFactory(region=north), HubFactory(region=south)
    primary = WorkGroupFactory(
        hub=alpha, project=NationalProjectFactory(academic_year=year), phase=Phase.PRIMARY, capacity=10
    )
    secondary = WorkGroupFactory(
        hub=beta,
        project=NationalProjectFactory(academic_year=year, phases=[Phase.SECONDARY]),
        phase=Phase.SECONDARY,
        capacity=10,
    )
    for work_group in (primary, secondary):
        SessionFactory(work_group=work_group, number=1)

    def apply(work_group, teacher=None, school=None):
        extra = {"teacher": teacher} if teacher else {}
        return RegistrationFactory(
            work_group=work_group,
            school=school or SchoolFactory(),
            status=RS.APPLIED,
            consent_status="confirmed",
            **extra,
        )

    both_teacher, both_school = UserFactory(), SchoolFactory()
    return {
        "year": year,
        "north": north,
        "alpha": alpha,
        "beta": beta,
        "primary": primary,
        "secondary": secondary,
        "in_primary": apply(primary),
        "in_secondary": apply(secondary),
        "both": (apply(primary, both_teacher, both_school), apply(secondary, both_teacher, both_school)),
    }


@pytest.mark.django_db
def test_year_participation_follows_decisions_and_withdrawals(two_hubs):
    net, lead = two_hubs, UserFactory()
    year, primary = net["year"], net["primary"]
    assert _counts(year) == (0, 0)

    services.registration_approve(registration=net["in_primary"], actor=lead)
    services.registration_approve(registration=net["in_secondary"], actor=lead)
    assert _counts(year) == (2, 2)

    for registration in net["both"]:
        services.registration_approve(registration=registration, actor=lead)
    # The teacher (and school) in both groups counts once for the network, once in each hub, region and phase.
    assert _counts(year) == (3, 3)
    assert _counts(year, region=net["north"]) == (2, 2)
    assert _counts(year, region=net["north"], hub=net["alpha"]) == (2, 2)
    assert _counts(year, region=net["beta"].region, hub=net["beta"], phase=Phase.SECONDARY) == (2, 2)
    assert _counts(year, phase=Phase.PRIMARY) == (2, 2)
    assert _counts(year, project=primary.project) == (2, 2)
    assert _counts(year, region=net["north"], phase=Phase.SECONDARY) == (0, 0)

    services.registration_withdraw(registration=net["both"][0])
    assert _counts(year) == (3, 3)  # still in the secondary group
    assert _counts(year, region=net["north"], hub=net["alpha"]) == (1, 1)
    assert _counts(year, phase=Phase.PRIMARY, project=primary.project) == (1, 1)

    services.registration_withdraw(registration=net["in_primary"])
    assert _counts(year) == (2, 2)
    assert _counts(year, region=net["north"]) == (0, 0)


@pytest.mark.django_db
def test_year_participation_follows_a_cancellation_and_a_change_of_phase(two_hubs):
    net, lead = two_hubs, UserFactory()
    year = net["year"]
    for registration in (net["in_primary"], net["in_secondary"], *net["both"]):
        services.registration_approve(registration=registration, actor=lead)

    services.workgroup_update(work_group=net["secondary"], phase=Phase.PRIMARY, actor=lead)
    assert _counts(year, phase=Phase.PRIMARY) == (3, 3)
    assert _counts(year, phase=Phase.SECONDARY) == (0, 0)

    services.workgroup_cancel(work_group=net["secondary"], actor=lead)
    assert _counts(year) == (2, 2)
    assert _counts(year, region=net["beta"].region) == (0, 0)


@pytest.mark.django_db
def test_year_participation_follows_a_hub_moved_to_another_region_in_the_admin(client, two_hubs):
    net = two_hubs
    services.registration_approve(registration=net["in_primary"], actor=UserFactory())
    alpha, south = net["alpha"], net["beta"].region
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = {
        "name": alpha.name,
        "slug": alpha.slug,
        "region": str(south.pk),
        "area-TOTAL_FORMS": "0",
        "area-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:hubs_hub_change", args=[alpha.pk]), form)

    assert response.status_code == 302
    assert _counts(net["year"], region=south) == (1, 1)
    assert _counts(net["year"], region=net["north"]) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_year_participation_counts_approvals_in_two_groups_at_once(two_hubs):
    net, lead = two_hubs, UserFactory()
    barrier = threading.Barrier(2)
    errors = []

    def approve(registration):
        try:
            barrier.wait()
            services.registration_approve(registration=registration, actor=lead)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(r,)) for r in (net["in_primary"], net["in_secondary"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _counts(net["year"]) == (2, 2)


def _all_counts() -> dict:
    return {
        (row.academic_year_id, row.region_id, row.hub_id, row.phase, row.project_id): (row.teachers, row.schools)
        for row in YearParticipation.objects.all()
    }


@pytest.mark.django_db
def test_year_participation_moved_by_the_services_matches_a_recount_from_scratch():
    seed_network(scale=0.02, seed=5)
    rng = random.Random(5)
    lead = UserFactory()
    moved = len(random_decisions(rng, count=40, actor=lead))
    kept = _all_counts()

    services.year_participation_recount()

    assert moved
    assert _all_counts() == kept


@pytest.mark.django_db
def test_year_participation_of_a_seeded_network_is_that_of_its_registrations():
    seed_network(scale=0.02, seed=3)
    participants = Registration.objects.filter(status__in=PARTICIPANT_STATUSES, work_group__status__in=RUN_STATUSES)
    for year in AcademicYear.objects.all():
        in_year = participants.filter(academic_year=year)
        project = NationalProject.objects.filter(academic_year=year).order_by("pk").first()
        hub = in_year.values_list("work_group__hub", flat=True).order_by("work_group__hub").first()
        cases = [
            ({}, in_year),
            ({"phase": Phase.PRIMARY}, in_year.filter(work_group__phase=Phase.PRIMARY)),
            ({"project": project}, in_year.filter(work_group__project=project)),
        ]
        if hub is not None:
            hub = Hub.objects.get(pk=hub)
            cases.append(({"region": hub.region, "hub": hub}, in_year.filter(work_group__hub=hub)))
        for cell, registrations in cases:
            expected = registrations.aggregate(
                teachers=Count("teacher", distinct=True), schools=Count("school", distinct=True)
            )
            assert _counts(year, **cell) == (expected["teachers"], expected["schools"]), (year, cell)
