""" "Engaged" is one definition (``workgroups.engagement``): the hub dashboard and the network reports agree."""

import pytest

from hubs.selectors import hub_engagement, hub_schools
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory
from reports import selectors as report_selectors
from reports.selectors import ReportFilters
from schools.tests.factories import LocalAuthorityFactory, SchoolFactory
from workgroups.engagement import completed_registrations, engaged_registrations, engaged_school_ids
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db

RS = RegistrationStatus


@pytest.fixture
def network():
    """Hub Alpha's four open schools in 2024/25: one approved in a running group, one completed in a completed
    group, one approved only in a cancelled group, one only applied."""
    year = AcademicYearFactory(start_year=2024)
    hub = HubFactory(name="Alpha")
    la = HubAreaFactory(hub=hub, local_authority=LocalAuthorityFactory()).local_authority
    running, finished, cancelled, applied = (SchoolFactory(local_authority=la) for _ in range(4))
    project = NationalProjectFactory(academic_year=year)

    def group(status):
        return WorkGroupFactory(hub=hub, project=project, academic_year=year, status=status)

    RegistrationFactory(work_group=group(WorkGroupStatus.RUNNING), school=running, status=RS.APPROVED)
    RegistrationFactory(work_group=group(WorkGroupStatus.COMPLETED), school=finished, status=RS.COMPLETED)
    RegistrationFactory(work_group=group(WorkGroupStatus.CANCELLED), school=cancelled, status=RS.APPROVED)
    RegistrationFactory(work_group=group(WorkGroupStatus.OPEN), school=applied, status=RS.APPLIED)
    work_group_figures_rebuild()  # written with factories: the reports' kept figures once, as after a bulk load
    open_school_counts_rebuild()
    return {"year": year, "hub": hub, "running": running, "finished": finished, "cancelled": cancelled}


def test_engaged_registrations_leave_out_cancelled_work_groups(network):
    schools = set(engaged_school_ids(academic_year=network["year"]).values_list("school_id", flat=True))

    assert schools == {network["running"].pk, network["finished"].pk}
    assert [r.school for r in completed_registrations(start_year=2024)] == [network["finished"]]
    assert engaged_registrations(start_year=2023).count() == 0


def test_engaged_is_the_same_on_the_hub_dashboard_and_in_the_network_report(network):
    dashboard = hub_engagement(hub=network["hub"], start_year=2024)
    report = report_selectors.engagement(ReportFilters(academic_year=network["year"]), by="hub")[0]

    assert (dashboard["schools"], dashboard["engaged"]) == (4, 2)
    assert (report["open_schools"], report["participating_schools"]) == (4, 2)
    engaged_on_dashboard = {s.pk for s in hub_schools(hub=network["hub"], start_year=2024) if s.engaged}
    assert engaged_on_dashboard == {network["running"].pk, network["finished"].pk}
