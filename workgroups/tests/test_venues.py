"""A Work Group's venue: a school by URN, or a named venue with the postcode and grid reference the hub types."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _form(work_group, **venue):
    return {
        "title": work_group.title,
        "phase": "primary",
        "format": "in_person",
        "capacity": 4,
        "min_schools": 2,
        "teachers_per_school": 2,
        "required_attendance_percent": 75,
        "lead_emails": "",
        **venue,
    }


def test_venue_school_by_urn_takes_the_schools_name_and_is_audited(client, work_group, hub_lead):
    school = SchoolFactory(urn=137001, name="Histon Primary School", easting=545120, northing=262410)
    client.force_login(hub_lead)

    response = client.post(reverse("workgroups:edit", args=[work_group.pk]), _form(work_group, venue_school_urn=137001))

    assert response.status_code == 302
    work_group.refresh_from_db()
    assert (work_group.venue_school, work_group.venue) == (school, "Histon Primary School")
    entry = AuditEntry.objects.filter(action="workgroup.updated").latest("pk")
    assert entry.after["venue_school"] == school.pk


def test_venue_named_with_postcode_and_grid_reference_is_kept(client, work_group, hub_lead):
    client.force_login(hub_lead)

    response = client.post(
        reverse("workgroups:edit", args=[work_group.pk]),
        _form(work_group, venue="Ely Hub Room", venue_postcode="cb7  4dl", venue_easting=554000, venue_northing=280100),
    )

    assert response.status_code == 302
    work_group.refresh_from_db()
    assert (work_group.venue, work_group.venue_postcode) == ("Ely Hub Room", "CB7 4DL")
    assert (work_group.venue_easting, work_group.venue_northing) == (554000, 280100)
    edit = client.get(reverse("workgroups:edit", args=[work_group.pk])).content.decode()
    assert 'value="554000"' in edit


@pytest.mark.parametrize(
    ("venue", "error"),
    [
        ({"venue_school_urn": 999999}, "No school in the register has the URN 999999."),
        ({"venue_school_urn": "abc"}, "Enter a whole number."),
        ({"venue_easting": 554000}, "Give both the easting and the northing of the venue."),
        ({"venue_easting": 554000, "venue_northing": 99_999_999}, "less than or equal to 1300000"),
        ({"venue_school_urn": 137002, "venue_easting": 1, "venue_northing": 1}, "not both"),
    ],
)
def test_venue_bad_input_re_renders_the_form_with_the_error(client, work_group, hub_lead, venue, error):
    SchoolFactory(urn=137002)
    client.force_login(hub_lead)

    response = client.post(reverse("workgroups:edit", args=[work_group.pk]), _form(work_group, **venue))

    assert response.status_code == 200
    assert error in response.content.decode()
    work_group.refresh_from_db()
    assert work_group.venue_school is None and work_group.venue_easting is None


def test_venue_of_another_hubs_work_group_cannot_be_changed(client, work_group, other_hub_lead):
    client.force_login(other_hub_lead)

    response = client.post(
        reverse("workgroups:edit", args=[work_group.pk]),
        _form(work_group, venue_easting=554000, venue_northing=280100),
    )

    assert response.status_code == 404
    work_group.refresh_from_db()
    assert work_group.venue_easting is None
