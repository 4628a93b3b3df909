"""The registrations list page by page: a page's ids are read from the visible, filtered list, then its rows by id
alone (``RegistrationViewSet.page_rows``); the filters are passed by when the request names none of them."""

import pytest
from django.http import QueryDict

from api.filters import RegistrationFilter, SchoolFilter, names_a_filter
from workgroups.enums import RegistrationStatus
from workgroups.models import Registration
from workgroups.tests.factories import RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/registrations/"


def every_page(client, **params) -> tuple[list[dict], list[dict]]:
    """Each page's envelope (without its rows) and every row, following ``next`` from page 1."""
    envelopes, rows = [], []
    answer = client.get(URL, params).json()
    while True:
        rows += answer.pop("results")
        envelopes.append(answer)
        if not answer["next"]:
            return envelopes, rows
        answer = client.get(answer["next"]).json()


@pytest.fixture
def seven_in_alpha(network):
    """Seven registrations in Alpha (the network's one, six more: two approved) and two more in Beta."""
    for status in [RegistrationStatus.APPROVED, RegistrationStatus.APPROVED] + [RegistrationStatus.APPLIED] * 4:
        RegistrationFactory(work_group=network.alpha_group, status=status)
    RegistrationFactory.create_batch(2, work_group=network.beta_group)
    return network


@pytest.mark.parametrize("page_size", [1, 3, 7, 100])
def test_registration_pages_split_the_hubs_list_at_every_boundary(seven_in_alpha, api_as, page_size):
    alpha = sorted(Registration.objects.filter(work_group__hub=seven_in_alpha.alpha).values_list("pk", flat=True))

    envelopes, rows = every_page(api_as(seven_in_alpha.alpha_lead), page_size=page_size)

    assert [row["id"] for row in rows] == alpha
    assert len(envelopes) == -(-len(alpha) // page_size)
    assert {envelope["count"] for envelope in envelopes} == {len(alpha)}
    assert envelopes[0]["previous"] is None and all(envelope["previous"] for envelope in envelopes[1:])
    assert all(row["hub"] == "alpha" and row["teacher_email"] for row in rows)


def test_registration_page_past_the_last_answers_404_and_an_empty_list_has_one_page(seven_in_alpha, api_as):
    client = api_as(seven_in_alpha.alpha_lead)

    assert client.get(URL, {"page_size": 7, "page": 2}).status_code == 404
    assert client.get(URL, {"page_size": 7, "page": 0}).status_code == 404
    empty = client.get(URL, {"status": RegistrationStatus.WITHDRAWN, "page": 1}).json()
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}


def test_registration_pages_of_a_filtered_list_count_and_hold_only_its_rows(seven_in_alpha, api_as):
    approved = sorted(
        Registration.objects.filter(
            work_group__hub=seven_in_alpha.alpha, status=RegistrationStatus.APPROVED
        ).values_list("pk", flat=True)
    )

    envelopes, rows = every_page(api_as(seven_in_alpha.alpha_lead), page_size=1, status=RegistrationStatus.APPROVED)

    assert [row["id"] for row in rows] == approved and len(approved) == 2
    assert [envelope["count"] for envelope in envelopes] == [2, 2]
    assert "status=approved" in envelopes[0]["next"]


def test_registration_pages_of_a_work_group_lead_hold_only_the_groups_they_lead(seven_in_alpha, api_as):
    other = WorkGroupFactory(hub=seven_in_alpha.alpha, project=seven_in_alpha.alpha_group.project)
    RegistrationFactory(work_group=other)
    led = sorted(seven_in_alpha.alpha_group.registrations.values_list("pk", flat=True))

    envelopes, rows = every_page(api_as(seven_in_alpha.wg_lead), page_size=4)

    assert [row["id"] for row in rows] == led
    assert [envelope["count"] for envelope in envelopes] == [len(led)] * 2


def test_registration_pages_of_a_network_reader_show_people_only_of_the_groups_they_lead(seven_in_alpha, api_as):
    seven_in_alpha.beta_group.leads.add(seven_in_alpha.ncetm)

    envelopes, rows = every_page(api_as(seven_in_alpha.ncetm), page_size=4)

    assert [row["id"] for row in rows] == sorted(Registration.objects.values_list("pk", flat=True))
    assert envelopes[0]["count"] == Registration.objects.count()
    shown = {row["id"] for row in rows if row["teacher_email"]}
    assert shown == set(seven_in_alpha.beta_group.registrations.values_list("pk", flat=True))


def test_names_a_filter_only_for_the_filters_own_parameters():
    assert not names_a_filter(QueryDict("page=2&page_size=100"), RegistrationFilter)
    assert not names_a_filter(QueryDict(""), RegistrationFilter)
    assert names_a_filter(QueryDict("page=2&status="), RegistrationFilter)
    assert names_a_filter(QueryDict("modified_since=2025-01-01T00:00:00Z"), RegistrationFilter)
    assert names_a_filter(QueryDict("consent_status=pending"), RegistrationFilter)
    assert names_a_filter(QueryDict("local_authority=123"), SchoolFilter)
    assert not names_a_filter(QueryDict("work_group=1&consent_status=pending"), SchoolFilter)


def test_registration_list_with_an_empty_filter_is_the_unfiltered_list(seven_in_alpha, api_as):
    client = api_as(seven_in_alpha.alpha_lead)

    unfiltered = client.get(URL, {"page_size": 100}).json()

    assert client.get(URL, {"page_size": 100, "status": ""}).json() == unfiltered
    assert client.get(URL, {"page_size": 100, "status": "nonsense"}).status_code == 400


def test_registration_page_past_any_possible_list_answers_404(seven_in_alpha, api_as):
    client = api_as(seven_in_alpha.alpha_lead)

    assert client.get(URL, {"page": 2**63}).status_code == 404
    assert client.get(URL, {"page": 10**30, "page_size": 100}).status_code == 404
    assert client.get(URL, {"page": "2.5"}).status_code == 404


def test_registration_last_page_by_name_holds_the_lists_end(seven_in_alpha, api_as):
    alpha = sorted(Registration.objects.filter(work_group__hub=seven_in_alpha.alpha).values_list("pk", flat=True))

    last = api_as(seven_in_alpha.alpha_lead).get(URL, {"page_size": 3, "page": "last"}).json()

    assert [row["id"] for row in last["results"]] == alpha[6:]
    assert last["count"] == 7 and last["next"] is None and "page=2" in last["previous"]
