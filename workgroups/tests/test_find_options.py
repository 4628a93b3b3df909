"""The find page's lists of hubs and projects come from the cache, and never show a list older than the last change."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hubs.models import Hub
from hubs.tests.factories import HubFactory
from workgroups.forms import FindForm
from workgroups.models import NationalProject
from workgroups.selectors.find_options import find_filter_options, find_options_changed
from workgroups.tests.factories import AcademicYearFactory, NationalProjectFactory

pytestmark = pytest.mark.django_db


def _find_page(client) -> str:
    return client.get(reverse("workgroups:find")).content.decode()


def test_find_options_are_read_once_then_kept(django_assert_num_queries):
    hub = HubFactory(name="Fenland")
    project = NationalProjectFactory(code="NCP26-01", title="Fractions")
    with django_assert_num_queries(2):
        first = find_filter_options()
    with django_assert_num_queries(0):
        form = FindForm({"hub": str(hub.pk), "project": str(project.pk)})
        assert form.is_valid()

    assert (hub.pk, "Fenland Maths Hub") in first.hubs
    assert (project.pk, "NCP26-01 Fractions") in first.projects
    assert form.filters().hub == hub.pk and form.filters().project == project.pk


def test_find_options_renamed_hub_shows_at_once(client):
    hub = HubFactory(name="Fenland")
    assert "Fenland Maths Hub" in _find_page(client)

    hub.name = "Fens and Marshes"
    hub.save()

    page = _find_page(client)
    assert "Fens and Marshes Maths Hub" in page and "Fenland Maths Hub" not in page


def test_find_options_renamed_project_shows_at_once(client):
    project = NationalProjectFactory(title="Fractions first")
    assert "Fractions first" in _find_page(client)

    project.title = "Fractions at the heart"
    project.save()

    page = _find_page(client)
    assert "Fractions at the heart" in page and "Fractions first" not in page


def test_find_options_new_and_deleted_rows_show_at_once(client):
    old_hub = HubFactory(name="Closing")
    old_project = NationalProjectFactory(title="Retired project")
    _find_page(client)

    Hub.objects.filter(pk=old_hub.pk).delete()
    NationalProject.objects.filter(pk=old_project.pk).delete()
    HubFactory(name="Opening")
    NationalProjectFactory(title="Brand new project")

    page = _find_page(client)
    assert "Opening Maths Hub" in page and "Brand new project" in page
    assert "Closing Maths Hub" not in page and "Retired project" not in page


def test_find_options_chosen_hub_renamed_is_still_chosen(client):
    hub = HubFactory(name="Fenland")
    client.get(reverse("workgroups:find"), {"hub": hub.pk})
    Hub.objects.filter(pk=hub.pk).update(name="Fens")
    find_options_changed()  # a queryset's update sends no signal

    response = client.get(reverse("workgroups:find"), {"hub": hub.pk})

    assert f'<option value="{hub.pk}" selected>Fens Maths Hub</option>' in response.content.decode()


def test_find_options_read_before_the_commit_are_not_kept_after_it(django_capture_on_commit_callbacks):
    """A page that reads the lists between a save and its commit sees the old rows; after the commit, they go."""
    hub = HubFactory(name="Fenland")
    with django_capture_on_commit_callbacks(execute=True):
        hub.name = "Fens"
        hub.save()
        # Another worker's read before the commit: it sees the committed row, the old name.
        Hub.objects.filter(pk=hub.pk).update(name="Fenland")
        assert (hub.pk, "Fenland Maths Hub") in find_filter_options().hubs
        Hub.objects.filter(pk=hub.pk).update(name="Fens")

    assert (hub.pk, "Fens Maths Hub") in find_filter_options().hubs


def test_find_options_move_on_with_the_academic_year(client):
    with time_machine.travel(datetime.datetime(2026, 8, 31, 12, tzinfo=datetime.UTC), tick=False):
        NationalProjectFactory(academic_year=AcademicYearFactory(start_year=2025), title="Project of last year")
        NationalProjectFactory(
            academic_year=AcademicYearFactory(start_year=2027), title="Project of the year after next"
        )
        august = _find_page(client)
    with time_machine.travel(datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC), tick=False):
        september = _find_page(client)

    assert "Project of last year" in august and "Project of the year after next" not in august
    assert "Project of last year" not in september and "Project of the year after next" in september
