"""Mastery Specialists in the API: NCETM staff read the network's, a hub's managers their hub's, a specialist
their own, by the rules of the specialists' pages; filters, incremental sync and ETags as every list."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from mastery import selectors
from mastery.enums import AccreditationKind, AccreditationStatus
from mastery.models import MasterySpecialist
from mastery.services import accreditation_move, specialist_milestones_record
from mastery.tests.factories import AccreditationFactory, CohortFactory, MasterySpecialistFactory
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups.tests.factories import AcademicYearFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/mastery-specialists/"


@dataclass
class Specialists:
    alpha_primary: MasterySpecialist  # this year's primary cohort, programme year 1
    alpha_secondary: MasterySpecialist  # last year's secondary cohort, programme year 2
    beta: MasterySpecialist


@pytest.fixture
def specialists(network) -> Specialists:
    this_year = network.alpha_group.academic_year
    last_year = AcademicYearFactory(start_year=this_year.start_year - 1)
    primary = CohortFactory(academic_year=this_year, phase=Phase.PRIMARY)
    secondary = CohortFactory(academic_year=last_year, phase=Phase.SECONDARY)
    return Specialists(
        alpha_primary=MasterySpecialistFactory(
            hub=network.alpha, cohort=primary, user=UserFactory(full_name="Priya Primary", school=SchoolFactory())
        ),
        alpha_secondary=MasterySpecialistFactory(hub=network.alpha, cohort=secondary, programme_year=2),
        beta=MasterySpecialistFactory(hub=network.beta, cohort=primary),
    )


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_specialists_ncetm_staff_read_the_network(network, specialists, api_as):
    response = api_as(network.ncetm).get(URL)

    assert ids(response) == {specialists.alpha_primary.pk, specialists.alpha_secondary.pk, specialists.beta.pk}
    assert response.json()["count"] == 3


def test_specialists_hub_lead_reads_their_hub_and_another_hubs_answers_404(network, specialists, api_as):
    client = api_as(network.alpha_lead)

    assert ids(client.get(URL)) == {specialists.alpha_primary.pk, specialists.alpha_secondary.pk}
    assert ids(client.get(URL, {"hub": "beta"})) == set()
    assert client.get(f"{URL}{specialists.beta.pk}/").status_code == 404
    assert api_as(network.beta_lead).get(f"{URL}{specialists.alpha_primary.pk}/").status_code == 404


def test_specialists_hub_administrator_reads_the_hub_but_the_leadership_team_does_not(network, specialists, api_as):
    admin = HubMembershipFactory(hub=network.alpha, role=HubRole.ADMINISTRATOR).user
    team = HubMembershipFactory(hub=network.alpha, role=HubRole.LEADERSHIP_TEAM).user

    assert ids(api_as(admin).get(URL)) == {specialists.alpha_primary.pk, specialists.alpha_secondary.pk}
    assert ids(api_as(team).get(URL)) == set()
    assert api_as(team).get(f"{URL}{specialists.alpha_primary.pk}/").status_code == 404


def test_specialist_reads_themself_only(network, specialists, api_as):
    client = api_as(specialists.alpha_primary.user)

    assert ids(client.get(URL)) == {specialists.alpha_primary.pk}
    assert client.get(f"{URL}{specialists.alpha_secondary.pk}/").status_code == 404
    assert ids(api_as(network.teacher).get(URL)) == set()


def test_specialist_detail_shows_their_programme(network, specialists, api_as):
    specialist = specialists.alpha_primary
    AccreditationFactory(
        specialist=specialist,
        status=AccreditationStatus.ACCREDITED,
        accredited_on=datetime.date(2025, 2, 28),
        evidence_notes="Observed leading the Work Group's third session",
    )
    AccreditationFactory(specialist=specialist, kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, phase=None)

    response = api_as(network.alpha_lead).get(f"{URL}{specialist.pk}/")

    row = response.json()

    assert row == {
        "id": specialist.pk,
        "teacher": specialist.user_id,
        "name": "Priya Primary",
        "email": specialist.user.email,
        "school": specialist.user.school.urn,
        "hub": "alpha",
        "cohort": {
            "id": specialist.cohort_id,
            "start_year": network.alpha_group.academic_year.name,
            "phase": "primary",
        },
        "programme_year": 1,
        "nominated_at": row["nominated_at"],
        "training_days_attended": 0,
        "launch_attendee": "",
        "launch_attendee_name": "",
        "first_work_group": None,
        "accreditations": [
            {
                "kind": "pd_lead",
                "phase": "primary",
                "status": "accredited",
                "accredited_on": "2025-02-28",
                "reregistration_due_on": "2028-02-28",
            },
            {
                "kind": "school_development_lead",
                "phase": None,
                "status": "not_started",
                "accredited_on": None,
                "reregistration_due_on": None,
            },
        ],
        "updated_at": row["updated_at"],
    }
    assert b"Observed leading" not in response.content  # the evidence stays on the portal's pages


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"hub": "alpha"}, {"alpha_primary", "alpha_secondary"}),
        ({"phase": "secondary"}, {"alpha_secondary"}),
        ({"programme_year": "2"}, {"alpha_secondary"}),
        ({"cohort_start_year": "this"}, {"alpha_primary", "beta"}),
        ({"cohort_start_year": "last/yy"}, {"alpha_secondary"}),
        ({"hub": "beta", "phase": "primary"}, {"beta"}),
    ],
)
def test_specialists_filters(network, specialists, api_as, query, expected):
    start = network.alpha_group.academic_year.start_year
    years = {"this": str(start), "last/yy": f"{start - 1}/{start % 100:02d}"}
    query = {name: years.get(value, value) for name, value in query.items()}

    response = api_as(network.ncetm).get(URL, query)

    assert ids(response) == {getattr(specialists, name).pk for name in expected}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"hub": "nowhere"}, "hub"),
        ({"phase": "nursery"}, "phase"),
        ({"programme_year": "4"}, "programme_year"),
        ({"cohort_start_year": "2025/27"}, "cohort_start_year"),
        ({"modified_since": "yesterday"}, "modified_since"),
    ],
)
def test_specialists_bad_filter_answers_400_naming_it(network, specialists, api_as, query, field):
    response = api_as(network.ncetm).get(URL, query)

    assert response.status_code == 400
    assert field in response.json()


def test_specialists_modified_since_gives_only_what_changed(network, specialists, api_as, time_machine):
    client = api_as(network.alpha_lead)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=5), tick=False)
    generated = client.get(URL)["X-Page-Generated"]
    time_machine.shift(datetime.timedelta(minutes=1))
    specialist_milestones_record(
        specialist=specialists.alpha_secondary,
        programme_year=2,
        training_days_attended=12,
        launch_attendee="",
        launch_attendee_name="",
        first_work_group=None,
        actor=network.alpha_lead,
    )

    changed = client.get(URL, {"modified_since": generated})

    assert ids(changed) == {specialists.alpha_secondary.pk}
    assert changed.json()["results"][0]["training_days_attended"] == 12


def test_specialists_modified_since_includes_a_changed_accreditation(network, specialists, api_as, time_machine):
    accreditation = AccreditationFactory(specialist=specialists.beta)
    client = api_as(network.ncetm)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=5), tick=False)
    generated = client.get(URL)["X-Page-Generated"]
    assert ids(client.get(URL, {"modified_since": generated})) == set()
    time_machine.shift(datetime.timedelta(minutes=1))

    accreditation_move(accreditation=accreditation, to_status=AccreditationStatus.IN_PROGRESS, by=network.ncetm)

    changed = client.get(URL, {"modified_since": generated})
    assert ids(changed) == {specialists.beta.pk}
    assert changed.json()["results"][0]["accreditations"][0]["status"] == "in_progress"


def test_specialists_etag_answers_304_until_something_changes(network, specialists, api_as):
    client = api_as(network.ncetm)
    etag = client.get(URL)["ETag"]

    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    MasterySpecialist.objects.filter(pk=specialists.beta.pk).update(training_days_attended=3)
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_specialists_visible_to_agrees_with_the_view_rule(network, specialists):
    users = [
        network.alpha_lead,
        network.beta_lead,
        network.wg_lead,
        network.ncetm,
        network.teacher,
        specialists.alpha_primary.user,
        HubMembershipFactory(hub=network.alpha, role=HubRole.ADMINISTRATOR).user,
        HubMembershipFactory(hub=network.alpha, role=HubRole.LEADERSHIP_TEAM).user,
        UserFactory(is_superuser=True, is_staff=True),
    ]
    for user in users:
        listed = set(selectors.specialists_visible_to(user=user).values_list("pk", flat=True))
        allowed = {
            s.pk for s in MasterySpecialist.objects.select_related("hub") if user.has_perm("mastery.view_specialist", s)
        }
        assert listed == allowed, user
