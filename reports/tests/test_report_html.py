"""The report pages' markup written in Python (``{% load report_html %}``): every value escaped, the filters' labels,
ids and error messages as crispy's bootstrap5 field template wrote them."""

import re

import pytest
from django.template import engines
from django.urls import reverse

from hubs.tests.factories import HubFactory
from reports.forms import PHASES, ReportFilterForm
from reports.tables.table import COUNT, TEXT, Column, Table
from schools.models import Region
from workgroups.tests.factories import AcademicYearFactory, NationalProjectFactory

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load report_html %}" + source).render(context)


def _table(**overrides):
    fields = {
        "key": "engagement_by_hub",
        "title": "Schools <engaged> & more",
        "definition": 'Open schools "engaged" <b>here</b>.',
        "columns": [Column("name", "Hub <name>", TEXT), Column("schools", "Schools", COUNT)],
        "rows": [{"name": "North & <East>", "schools": 1234}],
        "chart_series": ["schools"],
        "per_hub": True,
        "hubs_left_out": ["Empty <one>", "Quiet & still"],
    }
    return Table(**(fields | overrides))


def test_report_section_escapes_every_value_and_links_the_downloads_with_the_filters():
    page = _render("{% report_sections tables query=query %}", tables=[_table()], query="year=3&phase=<x>")

    assert '<h2 id="engagement_by_hub-heading" class="h4">Schools &lt;engaged&gt; &amp; more</h2>' in page
    assert 'data-testid="definition">Open schools &quot;engaged&quot; &lt;b&gt;here&lt;/b&gt;.</p>' in page
    assert '<th scope="col">Hub &lt;name&gt;</th><th scope="col" class="text-end">Schools</th>' in page
    assert '<th scope="row">North &amp; &lt;East&gt;</th><td class="text-end">1,234</td>' in page
    assert (
        "Not listed: 2 hubs with no open school in this selection and no figures "
        "(Empty &lt;one&gt;, Quiet &amp; still).</p>"
    ) in page
    csv = reverse("reports:network_download", args=["engagement_by_hub", "csv"])
    xlsx = reverse("reports:network_download", args=["engagement_by_hub", "xlsx"])
    assert f'<a href="{csv}?year=3&amp;phase=&lt;x&gt;">CSV<span class="visually-hidden"> of schools' in page
    assert f'<a href="{xlsx}?year=3&amp;phase=&lt;x&gt;">Excel (XLSX)' in page
    assert 'aria-label="Chart of schools &lt;engaged&gt; &amp; more, hubs in order of the first figure;' in page
    # The chart's data is JSON a script element cannot end early.
    assert '"labels": ["North \\u0026 \\u003CEast\\u003E"]' in page
    assert '<details class="report-details" open>' in page  # the only section on its page opens


def test_report_sections_of_a_hub_link_the_hubs_downloads_and_fold_when_there_are_several():
    hub = HubFactory(slug="north-east")
    tables = [_table(), _table(key="participation_by_hub", hubs_left_out=["One"])]

    page = _render("{% report_sections tables hub=hub %}", tables=tables, hub=hub)

    assert reverse("reports:hub_download", args=["north-east", "participation_by_hub", "xlsx"]) + "?" in page
    assert page.count('<details class="report-details">') == 2
    assert "Not listed: 1 hub with no open school" in page


def test_not_reached_rows_link_each_hub_and_escape_its_name():
    hub = HubFactory(name="Tees & <Wear>", slug="tees-wear")

    page = _render("{% not_reached_rows rows %}", rows=[(hub, 12)])

    link = reverse("hubs:not_reached", args=["tees-wear"])
    assert page == (
        f'<tr><td data-label="Hub"><a href="{link}">Tees &amp; &lt;Wear&gt;</a></td>'
        '<td data-label="Schools not reached" class="text-end">12</td></tr>'
    )


def test_filter_field_labels_its_select_and_names_its_errors():
    year = AcademicYearFactory()
    other = NationalProjectFactory(academic_year=AcademicYearFactory(start_year=year.start_year - 1))
    form = ReportFilterForm({"year": str(year.pk), "project": str(other.pk)})
    assert not form.is_valid()

    year_html = _render("{% filter_field field %}", field=form["year"])
    project_html = _render("{% filter_field field %}", field=form["project"])

    assert year_html.startswith(
        '<div id="div_id_year" class="mb-3"><label for="id_year" class="form-label requiredField">Academic year'
        '<span class="asteriskField">*</span></label><select name="year" class="quickselect form-select" id="id_year">'
    )
    assert "invalid-feedback" not in year_html
    assert '<label for="id_project" class="form-label">National project</label>' in project_html
    assert (
        '<select name="project" aria-describedby="id_project_error" aria-invalid="true" '
        'class="quickselect form-select is-invalid" id="id_project">'
    ) in project_html
    assert project_html.endswith(
        f'<div id="id_project_error" class="invalid-feedback"><p id="error_1_id_project"><strong>{other.code} is a '
        f"project of {other.academic_year}, not {year}.</strong></p></div></div>"
    )


def test_filter_choices_are_read_once_each_with_a_plain_query(django_assert_num_queries):
    year = AcademicYearFactory()
    NationalProjectFactory.create_batch(3, academic_year=year)
    HubFactory.create_batch(2)
    form = ReportFilterForm({"year": str(year.pk)})
    assert form.is_valid()

    # Year, region, hub and project: one query each, though a required select is asked for its first choice too.
    with django_assert_num_queries(4) as captured:
        html = _render("{% for field in form %}{% filter_field field %}{% endfor %}", form=form)

    assert not any("DECLARE" in query["sql"] for query in captured.captured_queries)
    options = {name: body.count("<option") for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html)}
    assert options == {"year": 1, "region": 1 + Region.objects.count(), "hub": 3, "phase": 1 + len(PHASES), "project": 4}
    assert f'<option value="{year.pk}" selected>{year}</option>' in html
