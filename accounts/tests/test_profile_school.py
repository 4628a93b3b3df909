import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from schools.enums import EstablishmentStatus
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    return {
        "histon": SchoolFactory(name="Histon Primary School", urn=110001, postcode="CB24 9JB"),
        "impington": SchoolFactory(name="Impington Village College", urn=110002, postcode="CB24 9LX"),
        "closed": SchoolFactory(name="Histon Old School", urn=110003, status=EstablishmentStatus.CLOSED),
    }


def search(client, q):
    return client.get(reverse("schools:search"), {"q": q}).json()["results"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("histon", ["Histon Primary School"]),
        ("110002", ["Impington Village College"]),
        ("CB24", ["Histon Primary School", "Impington Village College"]),
        ("cb24 9lx", ["Impington Village College"]),
        ("CB249JB", ["Histon Primary School"]),
        ("h", []),
        ("Old School", []),
    ],
)
def test_school_search_finds_open_schools_by_name_urn_or_postcode(client, schools, query, expected):
    client.force_login(UserFactory())

    assert [school["name"] for school in search(client, query)] == expected


def test_school_search_returns_at_most_twenty_with_labels(client):
    SchoolFactory.create_batch(25, name="Oakfield School")
    client.force_login(UserFactory())

    results = search(client, "oakfield")

    assert len(results) == 20
    assert results[0]["label"].startswith("Oakfield School, URN ")
    assert set(results[0]) == {"id", "urn", "name", "postcode", "local_authority", "label"}


def test_school_search_needs_a_login(client, schools):
    response = client.get(reverse("schools:search"), {"q": "histon"})

    assert response.status_code == 302


def test_profile_saves_the_chosen_school(client, schools):
    user = UserFactory(full_name="Tom Teacher")
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"full_name": "Tom Teacher", "school": schools["histon"].pk})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.school == schools["histon"]


def test_profile_refuses_a_closed_school_and_keeps_the_old_one(client, schools):
    user = UserFactory(school=schools["impington"])
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"full_name": "Tom", "school": schools["closed"].pk})

    assert response.status_code == 200
    assert "Choose an open school from the search results." in response.content.decode()
    user.refresh_from_db()
    assert user.school == schools["impington"]


def test_profile_keeps_a_current_school_that_has_closed_since(client, schools):
    user = UserFactory(school=schools["closed"])
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"full_name": "Renamed", "school": schools["closed"].pk})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.school) == ("Renamed", schools["closed"])


def test_profile_search_without_javascript_lists_results_as_radio_buttons(client, schools):
    client.force_login(UserFactory(school=schools["impington"]))

    page = client.get(reverse("accounts:profile"), {"q": "CB24"}).content.decode()

    assert "2 open schools found for “CB24”" in page
    assert f'name="school" id="school-{schools["histon"].pk}" value="{schools["histon"].pk}">' in page
    assert f'id="school-{schools["impington"].pk}" value="{schools["impington"].pk}" checked>' in page
    assert page.count(f'id="school-{schools["impington"].pk}"') == 1
