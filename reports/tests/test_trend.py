"""The trend: each year's figures are the year tables' own, and they follow the changes the services make."""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.models import Hub
from reports import selectors
from reports.selectors import ReportFilters
from reports.selectors.trend import leads_by_year, participation_by_year
from reports.tables import Report
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import AttendanceStatus, RegistrationStatus, WorkGroupStatus
from workgroups.models import NationalProject
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def _by_key(rows):
    return {row["key"]: row for row in rows}


def _year_tables(filters: ReportFilters) -> dict:
    """Each year's participation and evaluations as the year's selectors give them, grouped by year."""
    participation = _by_key(selectors.participation(filters, by="year", any_year=True))
    evaluations = _by_key(selectors.evaluation_scores(filters, by="year", any_year=True))
    return {key: {**row, **evaluations[key]} for key, row in participation.items()}


def _filter_sets(year) -> list[ReportFilters]:
    """The network, a hub, its region, a phase, a hub and a phase, and a project of the year."""
    hub = Hub.objects.filter(work_groups__academic_year=year).order_by("pk").first()
    project = NationalProject.objects.filter(academic_year=year).order_by("pk").first()
    return [
        ReportFilters(academic_year=year),
        ReportFilters(academic_year=year, hub=hub),
        ReportFilters(academic_year=year, region=hub.region),
        ReportFilters(academic_year=year, phase=Phase.PRIMARY),
        ReportFilters(academic_year=year, phase=Phase.SECONDARY, hub=hub),
        ReportFilters(academic_year=year, project=project),
    ]


@pytest.mark.parametrize("network", ["participation_network", "engagement_network", "leadership_network"])
def test_trend_figures_per_year_are_those_of_the_year_tables(request, network):
    net = request.getfixturevalue(network)

    for filters in _filter_sets(net.year):
        expected = _year_tables(filters)
        rows = _by_key(participation_by_year(filters))
        assert set(rows) == set(expected), filters
        for key, row in rows.items():
            assert {name: expected[key][name] for name in row if name != "key"} == {
                name: value for name, value in row.items() if name != "key"
            }, filters
        leads = {key: row["leads"] for key, row in _by_key(leads_by_year(filters)).items()}
        year_leads = _by_key(selectors.leadership(filters, by="year", any_year=True))
        assert leads == {key: row["leads"] for key, row in year_leads.items()}, filters


def test_trend_counts_participation_of_each_year(participation_network):
    net = participation_network

    (row,) = participation_by_year(ReportFilters(academic_year=net.year))

    assert (row["key"], row["work_groups"], row["teachers"], row["schools"]) == (net.year.pk, 2, 5, 3)
    assert (row["attended"], row["marks"], row["attendance_rate"]) == (7, 10, 70.0)
    assert (row["completions"], row["places_in_completed_groups"], row["completion_rate"]) == (3, 4, 75.0)
    assert (row["evaluations"], row["average_overall"], row["average_impact_on_practice"]) == (3, 4.0, 4.0)


def _trend_row(filters: ReportFilters) -> dict:
    (table,) = Report(filters).tables("trend")
    (row,) = [row for row in table.rows if row["name"] == filters.academic_year.name]
    return row


def test_trend_follows_a_decision_a_register_and_a_withdrawal(participation_network):
    net, lead = participation_network, UserFactory()
    filters = ReportFilters(academic_year=net.year)
    work_group = WorkGroupFactory(
        hub=net.hub, project=net.primary_project, status=WorkGroupStatus.RUNNING, capacity=5, phase=Phase.PRIMARY
    )
    session = SessionFactory(work_group=work_group, number=1, starts_at=timezone.now() - datetime.timedelta(days=1))
    registration = RegistrationFactory(
        work_group=work_group,
        school=SchoolFactory(),
        status=RegistrationStatus.APPLIED,
        consent_status="confirmed",
    )
    before = _trend_row(filters)
    assert (before["teachers"], before["schools"], before["attendance_rate"]) == (5, 3, 70.0)

    services.registration_approve(registration=registration, actor=lead)
    approved = _trend_row(filters)
    services.attendance_record(session=session, marks={registration.pk: AttendanceStatus.ABSENT}, recorded_by=lead)
    marked = _trend_row(filters)
    services.registration_withdraw(registration=registration)
    withdrawn = _trend_row(filters)

    assert (approved["work_groups"], approved["teachers"], approved["schools"]) == (3, 6, 4)
    assert marked["attendance_rate"] == round(100 * 7 / 11, 1)
    assert (withdrawn["teachers"], withdrawn["schools"], withdrawn["attendance_rate"]) == (5, 3, 70.0)


def test_year_participation_tables_follow_a_decision_and_a_withdrawal(participation_network):
    """The year's participation tables read the kept distinct counts: an approval of a new teacher from a new school
    moves the hub's, the project's and the phase's teachers and schools at once, a withdrawal moves them back."""
    net, lead = participation_network, UserFactory()
    report = lambda: Report(ReportFilters(academic_year=net.year))  # noqa: E731 (a fresh report: nothing kept)
    work_group = WorkGroupFactory(
        hub=net.hub, project=net.primary_project, status=WorkGroupStatus.RUNNING, capacity=5, phase=Phase.PRIMARY
    )
    registration = RegistrationFactory(
        work_group=work_group, school=SchoolFactory(), status=RegistrationStatus.APPLIED, consent_status="confirmed"
    )

    def counts():
        figures = report()
        hub = figures.participation(figures.filters, by="hub")
        project = {row["key"]: row for row in figures.participation(figures.filters, by="project")}
        phase = {row["key"]: row for row in figures.participation(figures.filters, by="phase")}
        (total,) = figures.participation(figures.filters, by=None)
        return (
            [(row["teachers"], row["schools"]) for row in hub],
            (project[net.primary_project.pk]["teachers"], project[net.primary_project.pk]["schools"]),
            (phase[Phase.PRIMARY]["teachers"], phase[Phase.PRIMARY]["schools"]),
            (total["teachers"], total["schools"]),
        )

    before = counts()
    services.registration_approve(registration=registration, actor=lead)
    approved = counts()
    services.registration_withdraw(registration=registration)
    withdrawn = counts()

    assert before == ([(5, 3)], (4, 2), (4, 2), (5, 3))
    assert approved == ([(6, 4)], (5, 3), (5, 3), (6, 4))
    assert withdrawn == before
