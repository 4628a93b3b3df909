import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.models import Hub, HubArea, SchoolHubOverride
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory, kept_figures_after_factories
from schools.enums import EstablishmentStatus, Phase
from schools.tests.factories import LocalAuthorityFactory, SchoolFactory, TrustFactory
from workgroups.enums import RegistrationStatus
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_a():
    """Hub A: two local authorities, schools of several kinds, one engaged; plus hub B next door."""
    hub = HubFactory(name="Alpha", slug="alpha")
    la1 = HubAreaFactory(hub=hub, local_authority=LocalAuthorityFactory(name="Cambridgeshire")).local_authority
    la2 = HubAreaFactory(hub=hub, local_authority=LocalAuthorityFactory(name="Peterborough")).local_authority
    trust = TrustFactory(name="Anglian Learning")
    hub_b = HubFactory(name="Beta", slug="beta")
    la_b = HubAreaFactory(hub=hub_b, local_authority=LocalAuthorityFactory(name="Norfolk")).local_authority
    schools = {
        "histon": SchoolFactory(name="Histon Primary", urn=110001, postcode="CB24 9JB", local_authority=la1),
        "ely": SchoolFactory(
            name="Ely College", urn=110002, phase=Phase.SECONDARY, local_authority=la1, trust=trust, postcode="CB6 2SH"
        ),
        "orton": SchoolFactory(name="Orton Primary", urn=110003, local_authority=la2, postcode="PE2 5RQ"),
        "closed": SchoolFactory(name="Shut School", urn=110004, local_authority=la1, status=EstablishmentStatus.CLOSED),
        "norwich": SchoolFactory(name="Norwich Primary", urn=110005, local_authority=la_b, postcode="NR1 1AA"),
        "moved": SchoolFactory(name="Thetford Academy", urn=110006, local_authority=la_b, postcode="IP24 3LH"),
        "left": SchoolFactory(name="Wisbech Grammar", urn=110007, local_authority=la2, postcode="PE13 1JX"),
    }
    SchoolHubOverride.objects.create(school=schools["moved"], hub=hub)
    SchoolHubOverride.objects.create(school=schools["left"], hub=hub_b)
    RegistrationFactory(school=schools["ely"], status=RegistrationStatus.APPROVED)
    RegistrationFactory(school=schools["orton"], status=RegistrationStatus.APPLIED)
    lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD, user__full_name="Helen Lead").user
    HubMembershipFactory(hub=hub, role=HubRole.LEADERSHIP_TEAM, user__full_name="Lena Team", title="Secondary lead")
    other_lead = HubMembershipFactory(hub=hub_b, role=HubRole.LEAD).user
    kept_figures_after_factories()
    return {
        "hub": hub,
        "hub_b": hub_b,
        "la1": la1,
        "la2": la2,
        "trust": trust,
        "lead": lead,
        "other": other_lead,
        **schools,
    }


def dashboard(client, user, hub, **params):
    client.force_login(user)
    return client.get(reverse("hubs:dashboard", args=[hub.slug]), params)


def names(response):
    return [school.name for school in response.context["page"].object_list]


def test_hub_dashboard_lists_the_open_schools_the_hub_serves(client, hub_a):
    response = dashboard(client, hub_a["lead"], hub_a["hub"])

    assert response.status_code == 200
    assert names(response) == ["Ely College", "Histon Primary", "Orton Primary", "Thetford Academy"]
    assert {s.name: s.engaged for s in response.context["page"].object_list} == {
        "Ely College": True,
        "Histon Primary": False,
        "Orton Primary": False,
        "Thetford Academy": False,
    }
    page = response.content.decode()
    assert "1 of 4 open schools engaged" in page
    assert "Helen Lead" in page and "Lena Team" in page and "Secondary lead" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"phase": "secondary"}, ["Ely College"]),
        ({"local_authority": "la2"}, ["Orton Primary"]),
        ({"trust": "trust"}, ["Ely College"]),
        ({"engaged": "yes"}, ["Ely College"]),
        ({"engaged": "no"}, ["Histon Primary", "Orton Primary", "Thetford Academy"]),
        ({"q": "histon"}, ["Histon Primary"]),
        ({"q": "110003"}, ["Orton Primary"]),
        ({"q": "CB6"}, ["Ely College"]),
        ({"q": "cb249jb"}, ["Histon Primary"]),
        ({"q": "Norwich"}, []),
    ],
)
def test_hub_dashboard_filters_and_searches(client, hub_a, params, expected):
    params = {key: hub_a[value].pk if value in ("la2", "trust") else value for key, value in params.items()}

    assert names(dashboard(client, hub_a["lead"], hub_a["hub"], **params)) == expected


def test_hub_dashboard_paginates_fifty_a_page(client):
    area = HubAreaFactory()
    SchoolFactory.create_batch(55, local_authority=area.local_authority)
    kept_figures_after_factories()
    member = HubMembershipFactory(hub=area.hub, role=HubRole.LEADERSHIP_TEAM).user

    first = dashboard(client, member, area.hub)
    second = dashboard(client, member, area.hub, page=2)

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert "page 1 of 2" in first.content.decode()


def test_hub_schools_csv_exports_the_filtered_list(client, hub_a):
    client.force_login(hub_a["lead"])

    response = client.get(reverse("hubs:schools_csv", args=["alpha"]), {"phase": "primary"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="alpha-schools.csv"'
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["URN", "Name", "Phase"]
    assert [(row[0], row[1], row[2], row[-2]) for row in rows[1:]] == [
        ("110001", "Histon Primary", "Primary", "no"),
        ("110003", "Orton Primary", "Primary", "no"),
        ("110006", "Thetford Academy", "Primary", "no"),
    ]


def test_hub_dashboard_is_open_to_ncetm_staff_without_the_people(client, hub_a):
    hub_a["hub"].lead_schools.add(hub_a["histon"])

    response = dashboard(client, UserFactory(is_ncetm_staff=True), hub_a["hub"])

    page = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 4
    assert "Helen Lead" not in page and "Lena Team" not in page
    assert 'id="lead-schools">Histon Primary<' in page


@pytest.mark.parametrize("who", ["other_lead", "teacher"])
def test_hub_dashboard_and_export_answer_404_to_people_outside_the_hub(client, hub_a, who):
    user = hub_a["other"] if who == "other_lead" else UserFactory()
    client.force_login(user)

    for name in ("hubs:dashboard", "hubs:schools_csv", "hubs:edit"):
        response = client.get(reverse(name, args=["alpha"]))
        assert response.status_code == 404, name
        assert "Helen Lead" not in response.content.decode()


def test_hub_dashboard_of_an_unknown_hub_is_404(client, hub_a):
    assert dashboard(client, UserFactory(is_ncetm_staff=True), Hub(slug="nowhere")).status_code == 404


def test_hub_dashboard_sends_anonymous_visitors_to_log_in(client, hub_a):
    response = client.get(reverse("hubs:dashboard", args=["alpha"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _dashboard_queries(client, size):
    area = HubAreaFactory()
    trusts = TrustFactory.create_batch(3)
    for n in range(size):
        school = SchoolFactory(local_authority=area.local_authority, trust=trusts[n % 3])
        RegistrationFactory(school=school, status=RegistrationStatus.APPROVED if n % 2 else RegistrationStatus.APPLIED)
    HubMembershipFactory.create_batch(2, hub=area.hub, role=HubRole.LEADERSHIP_TEAM)
    member = HubMembershipFactory(hub=area.hub, role=HubRole.LEAD).user
    kept_figures_after_factories()
    client.force_login(member)
    url = reverse("hubs:dashboard", args=[area.hub.slug])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"engaged": "", "phase": "primary"})
    assert len(response.context["page"].object_list) == size
    return len(queries)


def test_hub_dashboard_runs_the_same_number_of_queries_for_3_and_30_schools(client):
    assert _dashboard_queries(client, 3) == _dashboard_queries(client, 30)


def test_hub_list_is_public_and_shows_region_lead_schools_and_area(client, hub_a):
    hub_a["hub"].lead_schools.add(hub_a["histon"])

    response = client.get(reverse("hubs:list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Alpha" in page and "Beta" in page
    assert "Histon Primary" in page
    assert "Cambridgeshire, Peterborough" in page
    assert hub_a["hub"].region.name in page


def test_hub_list_runs_the_same_number_of_queries_for_2_and_12_hubs(client):
    def count(extra):
        for _ in range(extra):
            hub = HubFactory()
            HubAreaFactory(hub=hub)
            hub.lead_schools.add(SchoolFactory())
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("hubs:list"))
        return len(queries)

    assert count(2) == count(10)


def test_load_hubs_creates_the_network_once(capsys):
    call_command("load_hubs")
    call_command("load_hubs")

    out = capsys.readouterr().out
    assert "38 created, 0 updated, 0 unchanged" in out
    assert "0 created, 0 updated, 38 unchanged" in out
    assert Hub.objects.get(slug="matrix").region.name == "East of England"
    assert Hub.objects.get(slug="london-thames").region.name == "London"
    assert Hub.objects.get(slug="angles").region is None


def test_seed_demo_loads_the_real_hubs_and_keeps_the_demo_ones(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    assert Hub.objects.count() == 38
    matrix = Hub.objects.get(slug="matrix")
    assert set(matrix.area.values_list("local_authority__name", flat=True)) == {"Cambridgeshire", "Peterborough"}
    assert Hub.objects.filter(slug__in=["london-thames", "great-north"]).count() == 2


def test_hub_edit_lets_ncetm_staff_set_area_and_lead_schools(client, hub_a):
    free_la = LocalAuthorityFactory(name="Suffolk")
    client.force_login(UserFactory(is_ncetm_staff=True))

    response = client.post(
        reverse("hubs:edit", args=["alpha"]),
        {
            "local_authorities": [hub_a["la1"].pk, free_la.pk],
            "lead_school_urns": "110001, 110002",
            "contact_email": "alpha@mathshubs.example",
            "confirm_removals": "on",
        },
    )

    assert response.status_code == 302
    hub = hub_a["hub"]
    hub.refresh_from_db()
    assert set(hub.area.values_list("local_authority__name", flat=True)) == {"Cambridgeshire", "Suffolk"}
    assert set(hub.lead_schools.values_list("urn", flat=True)) == {110001, 110002}
    assert hub.contact_email == "alpha@mathshubs.example"
    assert SchoolHubOverride.objects.filter(hub=hub).count() == 0  # no moved schools listed: override removed


def test_hub_edit_sets_the_schools_moved_to_the_hub(client, hub_a):
    client.force_login(UserFactory(is_ncetm_staff=True))

    response = client.post(
        reverse("hubs:edit", args=["alpha"]),
        {
            "local_authorities": [hub_a["la1"].pk, hub_a["la2"].pk],
            "moved_school_urns": "110005\n110007",  # Norwich from Beta's area; Wisbech was overridden to Beta
            "confirm_removals": "on",
        },
    )

    assert response.status_code == 302
    assert set(SchoolHubOverride.objects.filter(hub=hub_a["hub"]).values_list("school__urn", flat=True)) == {
        110005,
        110007,
    }
    client.force_login(hub_a["lead"])
    listed = names(dashboard(client, hub_a["lead"], hub_a["hub"]))
    assert "Norwich Primary" in listed and "Wisbech Grammar" in listed and "Thetford Academy" not in listed


def test_hub_edit_refuses_a_local_authority_of_another_hub_and_changes_nothing(client, hub_a):
    norfolk = HubArea.objects.get(hub=hub_a["hub_b"]).local_authority
    client.force_login(UserFactory(is_ncetm_staff=True))

    response = client.post(
        reverse("hubs:edit", args=["alpha"]),
        {
            "local_authorities": [norfolk.pk],
            "lead_school_urns": "",
            "contact_email": "changed@example.com",
            "confirm_removals": "on",
        },
    )

    assert response.status_code == 200
    assert "Already in another hub&#x27;s area: Norfolk (Beta)." in response.content.decode()
    hub_a["hub"].refresh_from_db()
    assert hub_a["hub"].contact_email == ""
    assert hub_a["hub"].area.count() == 2


def test_hub_edit_rejects_unknown_and_closed_lead_schools(client, hub_a):
    client.force_login(UserFactory(is_ncetm_staff=True))
    url = reverse("hubs:edit", args=["alpha"])

    unknown = client.post(url, {"lead_school_urns": "999999, abc"}).content.decode()
    closed = client.post(url, {"lead_school_urns": "110004"}).content.decode()

    assert "Not a URN: abc." in unknown
    assert "Closed schools cannot lead a hub: Shut School." in closed
    assert not hub_a["hub"].lead_schools.exists()


def test_hub_edit_is_forbidden_to_the_hub_lead(client, hub_a):
    client.force_login(hub_a["lead"])

    assert client.get(reverse("hubs:edit", args=["alpha"])).status_code == 403
    assert client.post(reverse("hubs:edit", args=["alpha"]), {"lead_school_urns": "110001"}).status_code == 403
    assert not hub_a["hub"].lead_schools.exists()


def test_hub_schools_q_answers_like_school_in_hub_q(hub_a):
    from hubs.models import school_in_hub_q
    from hubs.selectors import hub_schools_q
    from schools.models import School

    for hub in (hub_a["hub"], hub_a["hub_b"]):
        fast = set(School.objects.filter(hub_schools_q(hub)).values_list("urn", flat=True))
        reference = set(School.objects.filter(school_in_hub_q(hub)).values_list("urn", flat=True))
        assert fast == reference
    assert 110006 in set(School.objects.filter(hub_schools_q(hub_a["hub"])).values_list("urn", flat=True))
    assert 110007 not in set(School.objects.filter(hub_schools_q(hub_a["hub"])).values_list("urn", flat=True))


def test_hub_list_links_only_the_dashboards_the_visitor_may_open(client, hub_a):
    alpha, beta = reverse("hubs:dashboard", args=["alpha"]), reverse("hubs:dashboard", args=["beta"])

    anonymous = client.get(reverse("hubs:list")).content.decode()
    client.force_login(hub_a["lead"])
    lead = client.get(reverse("hubs:list")).content.decode()
    client.force_login(UserFactory(is_ncetm_staff=True))
    ncetm = client.get(reverse("hubs:list")).content.decode()

    assert alpha not in anonymous and beta not in anonymous
    assert alpha in lead and beta not in lead
    assert alpha in ncetm and beta in ncetm


def test_hub_dashboard_of_a_hub_without_an_area_lists_only_its_overrides(client):
    hub = HubFactory()
    moved = SchoolFactory(name="Moved Here")
    SchoolFactory(name="Elsewhere")
    SchoolHubOverride.objects.create(school=moved, hub=hub)
    kept_figures_after_factories()

    response = dashboard(client, UserFactory(is_ncetm_staff=True), hub)

    assert names(response) == ["Moved Here"]
    assert "1 of 1 open schools" not in response.content.decode()
    assert "0 of 1 open schools engaged" in response.content.decode()


def test_hub_edit_page_shows_the_current_area_leads_and_moved_schools(client, hub_a):
    hub_a["hub"].lead_schools.add(hub_a["histon"])
    client.force_login(UserFactory(is_ncetm_staff=True))

    response = client.get(reverse("hubs:edit", args=["alpha"]))

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form["local_authorities"].value()) == {hub_a["la1"].pk, hub_a["la2"].pk}
    assert form["lead_school_urns"].value() == "110001"
    assert form["moved_school_urns"].value() == "110006"
    assert "Now: Histon Primary (110001)" in response.content.decode()


def test_served_hub_names_the_hub_school_in_hub_q_places_the_school_in(hub_a):
    from hubs.models import school_in_hub_q, served_hub
    from schools.models import School

    for hub in (hub_a["hub"], hub_a["hub_b"]):
        by_expression = set(
            School.objects.annotate(hub_id=served_hub()).filter(hub_id=hub.pk).values_list("urn", flat=True)
        )
        reference = set(School.objects.filter(school_in_hub_q(hub)).values_list("urn", flat=True))
        assert by_expression == reference
    assert School.objects.annotate(hub_id=served_hub()).get(urn=110006).hub_id == hub_a["hub"].pk
