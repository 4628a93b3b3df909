"""The reports' kept count of open schools per hub, phase and "most disadvantaged" (``hubs.models.OpenSchoolCount``)
follows every change to the register and to who serves whom, in the transaction of the change."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.models import OpenSchoolCount, SchoolHubOverride, SchoolRegisterSummary, school_in_hub_q
from hubs.services import hub_update, open_school_counts_rebuild, open_school_counts_refresh
from hubs.tests.factories import HubAreaFactory, HubFactory
from reports.selectors import ReportFilters, engagement
from schools.enums import EstablishmentStatus, Phase
from schools.models import LocalAuthority, School
from schools.selectors import most_disadvantaged_threshold
from schools.services import schools_import_gias
from schools.tests.extracts import school_row, write_extract
from schools.tests.factories import LocalAuthorityFactory, SchoolFactory
from workgroups.tests.factories import AcademicYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def kept(hub) -> dict[tuple[str, bool], int]:
    return {(c.phase, c.disadvantaged): c.schools for c in OpenSchoolCount.objects.filter(hub=hub)}


def counted_now(hub) -> dict[tuple[str, bool], int]:
    """The same count straight from the register, as the reports counted it on every read before."""
    threshold = most_disadvantaged_threshold()
    counts: dict = {}
    for school in School.objects.open().filter(school_in_hub_q(hub)):
        flag = threshold is not None and school.percentage_fsm is not None and school.percentage_fsm > threshold
        counts[(school.phase, flag)] = counts.get((school.phase, flag), 0) + 1
    return counts


def open_schools_in_report(hub, year) -> int:
    rows = {row["key"]: row for row in engagement(ReportFilters(academic_year=year), by="hub")}
    return rows.get(hub.pk, {}).get("open_schools", 0)


@pytest.fixture
def cambridgeshire():
    """Hub Alpha serves Cambridgeshire (the extracts' local authority, code 873); Beta serves Norfolk."""
    alpha, beta = HubFactory(name="Alpha"), HubFactory(name="Beta")
    HubAreaFactory(hub=alpha, local_authority=LocalAuthorityFactory(code="873", name="Cambridgeshire"))
    norfolk = HubAreaFactory(hub=beta, local_authority=LocalAuthorityFactory(code="926", name="Norfolk"))
    return alpha, beta, norfolk.local_authority


def extract(**schools) -> list[dict]:
    """Rows of an extract: URN → (phase, status, % FSM)."""
    return [
        school_row(
            URN=str(urn),
            EstablishmentName=f"School {urn}",
            **{"PhaseOfEducation (name)": phase, "EstablishmentStatus (name)": status, "PercentageFSM": fsm},
        )
        for urn, (phase, status, fsm) in ((int(key[1:]), value) for key, value in schools.items())
    ]


@pytest.mark.parametrize("fast_path", [True, False], ids=["postgres-fast-path", "portable-bulk-writes"])
def test_open_school_counts_follow_a_gias_import_that_opens_and_closes_schools(
    tmp_path, settings, cambridgeshire, fast_path
):
    settings.GIAS_IMPORT_FAST_PATH = fast_path
    alpha, beta, _ = cambridgeshire
    year = AcademicYearFactory(start_year=2024)
    first = extract(
        u100001=("Primary", "Open", "10"),
        u100002=("Primary", "Open", "20"),
        u100003=("Primary", "Open", "30"),
        u100004=("Primary", "Open", "40"),
        u100005=("Secondary", "Open", "50"),
        u100006=("Secondary", "Open", "60"),
        u100007=("Secondary", "Open, but proposed to close", "70"),
        u100008=("Secondary", "Closed", "99"),
        u100009=("Nursery", "Open", ""),
        u100010=("Nursery", "Open", "80"),
    )
    schools_import_gias(path=write_extract(tmp_path, first, name="first.csv"))

    # Nine open (one proposed to close), one closed; the top fifth of the 8 with a figure: 1 school (80).
    assert kept(alpha) == {
        (Phase.PRIMARY, False): 4,
        (Phase.SECONDARY, False): 3,
        (Phase.NURSERY, False): 1,
        (Phase.NURSERY, True): 1,
    }
    assert SchoolRegisterSummary.objects.get().disadvantaged_threshold == Decimal("70.00")
    assert kept(beta) == {}
    assert open_schools_in_report(alpha, year) == 9

    second = extract(
        u100001=("Primary", "Open", "10"),
        u100002=("Secondary", "Open", "20"),  # now secondary
        u100003=("Primary", "Closed", "30"),  # the file says closed
        # 100004 left out: closed as missing
        u100005=("Secondary", "Open", "50"),
        u100006=("Secondary", "Open", "95"),
        u100007=("Secondary", "Open, but proposed to close", "70"),
        u100008=("Secondary", "Open", "99"),  # reopened
        u100009=("Nursery", "Open", ""),
        u100010=("Nursery", "Open", "80"),
        u100011=("Primary", "Open", "90"),  # new
        u100012=("Primary", "Proposed to open", "5"),  # not open yet
    )
    result = schools_import_gias(path=write_extract(tmp_path, second, name="second.csv"))

    assert (result.created, result.closed) == (2, 2)
    # Nine open with a figure: the top fifth (1) is 99, above the next one, 95.
    assert SchoolRegisterSummary.objects.get().disadvantaged_threshold == Decimal("95.00")
    assert kept(alpha) == {
        (Phase.PRIMARY, False): 2,
        (Phase.SECONDARY, False): 4,
        (Phase.SECONDARY, True): 1,
        (Phase.NURSERY, False): 2,
    }
    assert kept(alpha) == counted_now(alpha)
    assert open_schools_in_report(alpha, year) == 9


def test_open_school_counts_follow_a_hub_change(cambridgeshire):
    alpha, beta, norfolk = cambridgeshire
    year = AcademicYearFactory(start_year=2024)
    cambs = LocalAuthority.objects.get(code="873")
    for _ in range(3):
        SchoolFactory(local_authority=cambs, phase=Phase.PRIMARY)
    norwich = [SchoolFactory(local_authority=norfolk, phase=Phase.SECONDARY) for _ in range(2)]
    open_school_counts_rebuild()  # factory-made: counted once, as after a bulk load
    assert (open_schools_in_report(alpha, year), open_schools_in_report(beta, year)) == (3, 2)

    # NCETM staff move one Norfolk school to Alpha by override...
    hub_update(hub=alpha, local_authorities=None, lead_schools=[], moved_schools=[norwich[0]], actor=UserFactory())

    assert kept(alpha) == {(Phase.PRIMARY, False): 3, (Phase.SECONDARY, False): 1}
    assert kept(beta) == {(Phase.SECONDARY, False): 1}

    # ...then give Cambridgeshire to Beta (the override stays with Alpha).
    hub_update(hub=alpha, local_authorities=[], lead_schools=[], actor=UserFactory())
    hub_update(hub=beta, local_authorities=[norfolk, cambs], lead_schools=[], actor=UserFactory())

    assert kept(alpha) == counted_now(alpha) == {(Phase.SECONDARY, False): 1}
    assert kept(beta) == counted_now(beta) == {(Phase.PRIMARY, False): 3, (Phase.SECONDARY, False): 1}
    assert (open_schools_in_report(alpha, year), open_schools_in_report(beta, year)) == (1, 4)


def test_open_school_counts_follow_the_admins_edits(client, cambridgeshire):
    alpha, beta, norfolk = cambridgeshire
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    school = SchoolFactory(local_authority=norfolk, phase=Phase.PRIMARY)
    open_school_counts_rebuild()

    # A school closed in the admin...
    form = {
        "urn": school.urn,
        "name": school.name,
        "phase": Phase.PRIMARY,
        "status": EstablishmentStatus.CLOSED,
        "local_authority": norfolk.pk,
    }
    response = client.post(reverse("admin:schools_school_change", args=[school.pk]), form)
    assert response.status_code == 302
    assert kept(beta) == {}

    # ...reopened and moved to Alpha by an override added in the admin, which is then deleted.
    response = client.post(
        reverse("admin:schools_school_change", args=[school.pk]), {**form, "status": EstablishmentStatus.OPEN}
    )
    assert response.status_code == 302
    assert kept(beta) == {(Phase.PRIMARY, False): 1}
    response = client.post(reverse("admin:hubs_schoolhuboverride_add"), {"school": school.pk, "hub": alpha.pk})
    assert response.status_code == 302
    assert (kept(alpha), kept(beta)) == ({(Phase.PRIMARY, False): 1}, {})
    override = SchoolHubOverride.objects.get(school=school)
    response = client.post(reverse("admin:hubs_schoolhuboverride_delete", args=[override.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert (kept(alpha), kept(beta)) == ({}, {(Phase.PRIMARY, False): 1})


@pytest.mark.django_db(transaction=True)
def test_open_school_counts_refresh_refuses_to_run_outside_a_transaction():
    with pytest.raises(transaction.TransactionManagementError):
        open_school_counts_refresh()


@pytest.mark.django_db(transaction=True)
def test_open_school_counts_stay_right_when_two_changes_refresh_at_once(cambridgeshire):
    """Two transactions each open a school and recount at the same moment: the second recount waits for the
    first's lock and counts what it committed, so the kept counts end as the register stands."""
    alpha, _, _ = cambridgeshire
    cambs = LocalAuthority.objects.get(code="873")
    open_school_counts_rebuild()
    barrier = threading.Barrier(2)
    errors = []

    def open_a_school():
        try:
            with transaction.atomic():
                SchoolFactory(local_authority=cambs, phase=Phase.PRIMARY)
                barrier.wait(timeout=10)
                open_school_counts_refresh()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_a_school) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert kept(alpha) == counted_now(alpha) == {(Phase.PRIMARY, False): 2}
