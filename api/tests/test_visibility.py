"""Every endpoint shows what the pages would: a hub's people their hub, NCETM staff the network, teachers their own.

The list selectors are checked against the rules they stand for, object by object, for every role.
"""

import pytest

from accounts.tests.factories import UserFactory
from workgroups import selectors
from workgroups.models import Registration, WorkGroup

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_ncetm_token_lists_the_networks_work_groups_of_a_year(network, api_as):
    year = network.alpha_group.academic_year.name
    response = api_as(network.ncetm).get("/api/v1/work-groups/", {"academic_year": year})
    assert ids(response) == {network.alpha_group.pk, network.beta_group.pk}
    assert {row["hub"] for row in response.json()["results"]} == {"alpha", "beta"}
    assert response.json()["results"][0]["academic_year"] == year
    last_year = api_as(network.ncetm).get(
        "/api/v1/work-groups/", {"academic_year": network.last_year_group.academic_year.start_year}
    )
    assert ids(last_year) == {network.last_year_group.pk}


def test_hub_lead_token_cannot_see_another_hubs_registration(network, api_as):
    client = api_as(network.alpha_lead)
    assert client.get(f"/api/v1/registrations/{network.beta_registration.pk}/").status_code == 404
    assert ids(client.get("/api/v1/registrations/")) == {network.alpha_registration.pk}
    assert ids(client.get("/api/v1/registrations/", {"hub": "beta"})) == set()
    own = client.get(f"/api/v1/registrations/{network.alpha_registration.pk}/").json()
    assert own["teacher_name"] == "Tom Teacher" and own["trn"] == "1234567"


def test_registration_decision_of_another_hub_answers_404_and_changes_nothing(network, api_as):
    client = api_as(network.alpha_lead, scope="read_write")
    response = client.post(f"/api/v1/registrations/{network.beta_registration.pk}/decision/", {"action": "approve"})
    assert response.status_code == 404
    network.beta_registration.refresh_from_db()
    assert network.beta_registration.status == "applied"


def test_ncetm_reads_registrations_without_personal_data(network, api_as):
    response = api_as(network.ncetm).get("/api/v1/registrations/")
    assert ids(response) == {network.alpha_registration.pk, network.beta_registration.pk}
    row = next(r for r in response.json()["results"] if r["id"] == network.alpha_registration.pk)
    assert row["teacher"] == network.teacher.pk
    for field in ("teacher_name", "teacher_email", "trn", "headteacher_name", "headteacher_email"):
        assert row[field] is None


def test_work_group_lead_reads_their_groups_people_only(network, api_as):
    client = api_as(network.wg_lead)
    response = client.get("/api/v1/registrations/")
    assert ids(response) == {network.alpha_registration.pk}
    assert response.json()["results"][0]["teacher_email"] == network.teacher.email


def test_teacher_reads_no_registrations_but_their_own_cpd(network, api_as):
    client = api_as(network.teacher)
    assert ids(client.get("/api/v1/registrations/")) == set()
    assert client.get(f"/api/v1/registrations/{network.alpha_registration.pk}/").status_code == 404
    cpd = client.get("/api/v1/me/cpd/").json()
    assert [entry["registration"] for entry in cpd] == [network.alpha_registration.pk]
    assert cpd[0]["sessions"] == []  # applied, not yet a participant


def test_drafts_are_seen_by_their_hub_only(network, api_as):
    assert network.alpha_draft.pk in ids(api_as(network.alpha_lead).get("/api/v1/work-groups/"))
    for user in (network.beta_lead, network.teacher, network.ncetm):
        assert network.alpha_draft.pk not in ids(api_as(user).get("/api/v1/work-groups/"))
        assert api_as(user).get(f"/api/v1/work-groups/{network.alpha_draft.pk}/").status_code == 404


def test_hub_report_of_another_hub_answers_404(network, api_as):
    assert api_as(network.alpha_lead).get("/api/v1/reports/hubs/beta/").status_code == 404
    assert api_as(network.alpha_lead).get("/api/v1/reports/hubs/alpha/").status_code == 200
    assert api_as(network.alpha_lead).get("/api/v1/reports/network/").status_code == 403


def _everyone(network):
    return [
        network.alpha_lead,
        network.beta_lead,
        network.wg_lead,
        network.ncetm,
        network.teacher,
        UserFactory(is_superuser=True, is_staff=True),
    ]


def test_workgroups_visible_to_agrees_with_the_view_rule(network):
    for user in _everyone(network):
        listed = set(selectors.workgroups_visible_to(user=user).values_list("pk", flat=True))
        allowed = {wg.pk for wg in WorkGroup.objects.all() if user.has_perm("workgroups.view_workgroup", wg)}
        assert listed == allowed, user


def test_registrations_visible_to_marks_people_by_the_people_rule(network):
    for user in _everyone(network):
        rows = {r.pk: r.with_people for r in selectors.registrations_visible_to(user=user)}
        for registration in Registration.objects.select_related("work_group__hub"):
            may_see_people = user.has_perm("workgroups.view_workgroup_people", registration.work_group)
            if may_see_people:
                assert rows.get(registration.pk) is True, user
            elif user.has_perm("accounts.view_network"):
                assert rows.get(registration.pk) is False, user
            else:
                assert registration.pk not in rows, user
