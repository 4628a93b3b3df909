"""Every CSV and XLSX the portal writes passes its cells through the one neutraliser: data that a spreadsheet
would run as a formula (a school, teacher or hub named "=HYPERLINK(…)") arrives as text."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.audit import audit_record
from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from hubs_portal.downloads import FORMULA_PREFIXES, spreadsheet_cell
from schools.services import schools_import_gias
from schools.tests.extracts import school_row, write_extract
from schools.tests.factories import SchoolFactory
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import AcademicYearFactory, RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example","x")'


def cells_of_csv(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def cells_of_xlsx(body: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(body)).active
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_neutral(cells: list[str], where: str) -> None:
    assert cells, f"{where}: empty"
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]
    assert not dangerous, f"{where}: cells a spreadsheet would run: {dangerous}"
    assert any(cell == "'" + EVIL for cell in cells), f"{where}: the hostile value is missing"


@pytest.fixture
def hostile_network():
    year = AcademicYearFactory()
    hub = HubFactory(name=EVIL, slug="alpha")
    area = HubAreaFactory(hub=hub).local_authority
    school = SchoolFactory(name=EVIL, local_authority=area)
    work_group = WorkGroupFactory(hub=hub, status=WorkGroupStatus.RUNNING, project__academic_year=year, title=EVIL)
    RegistrationFactory(
        work_group=work_group,
        school=school,
        status=RegistrationStatus.APPROVED,
        teacher__full_name=EVIL,
        role_in_school=EVIL,
    )
    lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD).user
    audit_record(actor=None, action="hub.updated", target=hub, hub=hub, reason=EVIL)
    open_school_counts_rebuild()  # the school was made with a factory: the reports' counts once, after
    return hub, lead, year


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_download_of_the_portal_neutralises_formulas(client, hostile_network, settings):
    settings.REPORTS_CACHE_SECONDS = 0
    hub, lead, year = hostile_network
    downloads = [
        (lead, reverse("hubs:schools_csv", args=[hub.slug]), {}),
        (lead, reverse("reports:hub_registrations", args=[hub.slug]), {"year": year.pk}),
        (lead, reverse("reports:hub_download", args=[hub.slug, "participation_by_hub", "csv"]), {"year": year.pk}),
        (lead, reverse("reports:hub_download", args=[hub.slug, "participation_by_hub", "xlsx"]), {"year": year.pk}),
        (lead, reverse("audit:csv"), {}),
        (
            UserFactory(is_ncetm_staff=True),
            reverse("reports:network_download", args=["engagement_by_hub", "csv"]),
            {"year": year.pk},
        ),
        (
            UserFactory(is_ncetm_staff=True),
            reverse("reports:network_download", args=["engagement_by_hub", "xlsx"]),
            {"year": year.pk},
        ),
    ]
    for user, url, params in downloads:
        client.force_login(user)
        response = client.get(url, params)
        assert response.status_code == 200, url
        content = body(response)
        cells = cells_of_xlsx(content) if url.endswith(".xlsx") else cells_of_csv(content.decode("utf-8"))
        assert_neutral(cells, url)


def test_your_data_download_neutralises_formulas(client, hostile_network):
    teacher = RegistrationFactory(teacher__full_name="Tess", role_in_school=EVIL).teacher
    client.force_login(teacher)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:your_data_download")).content))
    assert_neutral(cells_of_csv(archive.read("registrations.csv").decode("utf-8")), "registrations.csv")


def test_gias_reject_report_neutralises_formulas(tmp_path):
    path = write_extract(tmp_path, [school_row(URN="100001"), school_row(URN="x1", EstablishmentName=EVIL)])
    result = schools_import_gias(path=path, report_dir=tmp_path)
    assert_neutral(cells_of_csv(result.reject_report.read_text(encoding="utf-8-sig")), "reject report")


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+44 1223", "'+44 1223"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("＝1+1", "'＝1+1"),
        ("bell\x07", "bell"),
        ("Plain name", "Plain name"),
        (-2, -2),
        (None, None),
    ],
)
def test_spreadsheet_cell(value, expected):
    assert spreadsheet_cell(value) == expected
