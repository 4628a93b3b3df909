import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from mastery.models import Cohort, MasterySpecialist
from mastery.tests.factories import MasterySpecialistFactory
from schools.tests.factories import SchoolFactory
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db


def test_cohort_list_makes_a_cohort_for_ncetm_staff(client, programme):
    client.force_login(programme.ncetm)
    start = programme.next_year.academic_year.start_year + 1

    response = client.post(reverse("mastery:cohorts"), {"start_year": start, "phase": "secondary"}, follow=True)

    assert Cohort.objects.filter(academic_year__start_year=start, phase="secondary").exists()
    assert "is made" in response.content.decode()


def test_cohort_list_says_when_the_cohort_exists(client, programme):
    client.force_login(programme.ncetm)
    start = programme.this_year.academic_year.start_year

    response = client.post(reverse("mastery:cohorts"), {"start_year": start, "phase": "primary"})

    assert response.status_code == 200
    assert "There is a Primary cohort starting in" in response.content.decode()


def test_cohort_pages_are_refused_to_a_hub_lead(client, programme):
    client.force_login(programme.lead)
    assert client.get(reverse("mastery:cohorts")).status_code == 403
    assert client.get(reverse("mastery:cohort", args=[programme.this_year.pk])).status_code == 403


def test_nominate_by_email_makes_the_teacher_a_specialist(client, programme):
    client.force_login(programme.lead)

    response = client.post(
        reverse("mastery:nominate", args=["matrix"]), {"email": "TARA@school.example", "cohort": programme.next_year.pk}
    )

    specialist = MasterySpecialist.objects.get()
    assert response.url == reverse("mastery:specialist", args=[specialist.pk])
    assert (specialist.user, specialist.hub, specialist.cohort) == (
        programme.teacher,
        programme.hub,
        programme.next_year,
    )


def test_nominate_refuses_an_address_without_an_account_at_the_hubs_schools(client, programme):
    client.force_login(programme.lead)

    for email in ("bob@school.example", "nobody@school.example"):
        response = client.post(
            reverse("mastery:nominate", args=["matrix"]), {"email": email, "cohort": programme.next_year.pk}
        )
        assert response.status_code == 200
        assert "No account with this address teaches at a school the Matrix hub serves" in response.content.decode()
    assert not MasterySpecialist.objects.exists()


def test_nominate_offers_only_cohorts_not_yet_started(client, programme):
    client.force_login(programme.lead)

    response = client.post(
        reverse("mastery:nominate", args=["matrix"]), {"email": "tara@school.example", "cohort": programme.last_year.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not MasterySpecialist.objects.exists()


def test_another_hubs_lead_gets_404_on_every_page_and_changes_nothing(client, programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)
    client.force_login(programme.other_lead)

    for name, args in (
        ("mastery:hub_specialists", ["matrix"]),
        ("mastery:nominate", ["matrix"]),
        ("mastery:specialist", [specialist.pk]),
        ("mastery:milestones", [specialist.pk]),
        ("mastery:place", [specialist.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    response = client.post(
        reverse("mastery:milestones", args=[specialist.pk]),
        {"programme_year": 3, "training_days_attended": 1, "launch_attendee": "", "launch_attendee_name": ""},
    )
    assert response.status_code == 404
    specialist.refresh_from_db()
    assert specialist.programme_year == 1
    assert not AuditEntry.objects.filter(action__startswith="mastery.").exists()


def test_specialist_sees_their_own_progress_and_is_linked_from_home(client, programme):
    specialist = MasterySpecialistFactory(
        hub=programme.hub, user=programme.teacher, cohort=programme.this_year, training_days_attended=7
    )
    client.force_login(programme.teacher)

    home = client.get("/").content.decode()
    page = client.get(reverse("mastery:specialist", args=[specialist.pk])).content.decode()

    assert reverse("mastery:specialist", args=[specialist.pk]) in home
    assert "Your Mastery Specialist programme" in page
    assert "7 training days attended" in page
    assert "Record milestones" not in page
    assert client.get(reverse("mastery:milestones", args=[specialist.pk])).status_code == 404


def test_another_specialist_gets_404_on_a_specialists_page(client, programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)
    other = MasterySpecialistFactory(hub=programme.hub, cohort=programme.this_year)
    client.force_login(other.user)

    assert client.get(reverse("mastery:specialist", args=[specialist.pk])).status_code == 404


def test_milestones_form_records_and_refuses_with_errors(client, programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)
    work_group = WorkGroupFactory(hub=programme.hub, code="NCP26-01-MAT-01", title="Primary TfM Development")
    work_group.leads.add(programme.teacher)
    client.force_login(programme.admin)
    url = reverse("mastery:milestones", args=[specialist.pk])

    bad = client.post(url, {"programme_year": 2, "training_days_attended": 99})
    good = client.post(
        url,
        {
            "programme_year": 2,
            "training_days_attended": 15,
            "launch_attendee": "senior_leader",
            "launch_attendee_name": "Dee Deputy",
            "first_work_group": work_group.pk,
        },
    )

    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert good.status_code == 302
    page = client.get(reverse("mastery:specialist", args=[specialist.pk])).content.decode()
    assert "First Work Group led: NCP26-01-MAT-01 Primary TfM Development" in page
    assert "another senior leader Dee Deputy" in page


def test_ncetm_staff_read_a_hubs_specialists_and_place_one_in_another_cohort(client, programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)
    client.force_login(programme.ncetm)

    listing = client.get(reverse("mastery:hub_specialists", args=["matrix"])).content.decode()
    response = client.post(reverse("mastery:place", args=[specialist.pk]), {"cohort": programme.next_year.pk})

    assert "Tara Teacher" in listing and "Nominate a teacher" not in listing
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert specialist.cohort == programme.next_year
    assert client.get(reverse("mastery:nominate", args=["matrix"])).status_code == 404


def _specialists(programme, count):
    for _ in range(count):
        MasterySpecialistFactory(
            hub=programme.hub,
            user=UserFactory(school=SchoolFactory()),
            cohort=programme.this_year,
            first_work_group=WorkGroupFactory(hub=programme.hub),
        )


@pytest.mark.parametrize("count", [1, 4])
def test_hub_specialists_page_runs_a_fixed_number_of_queries(client, programme, django_assert_num_queries, count):
    _specialists(programme, count)
    client.force_login(programme.lead)
    url = reverse("mastery:hub_specialists", args=["matrix"])
    client.get(url)  # the session's first read

    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_cohort_pages_run_a_fixed_number_of_queries(client, programme, django_assert_num_queries, count):
    _specialists(programme, count)
    client.force_login(programme.ncetm)
    client.get(reverse("mastery:cohorts"))

    with django_assert_num_queries(4):
        assert client.get(reverse("mastery:cohorts")).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(reverse("mastery:cohort", args=[programme.this_year.pk])).status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_specialist_pages_run_a_fixed_number_of_queries(client, programme, django_assert_num_queries, count):
    _specialists(programme, count)
    specialist = MasterySpecialist.objects.first()
    for _ in range(count):
        WorkGroupFactory(hub=programme.hub).leads.add(specialist.user)
    client.force_login(programme.lead)
    client.get(reverse("mastery:specialist", args=[specialist.pk]))

    with django_assert_num_queries(6):  # with their accreditations (none here; see test_accreditation_pages)
        assert client.get(reverse("mastery:specialist", args=[specialist.pk])).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("mastery:milestones", args=[specialist.pk])).status_code == 200
