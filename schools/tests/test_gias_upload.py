from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from schools.enums import ImportRunStatus
from schools.models import GiasImportRun, School
from schools.tests.extracts import extract_bytes, school_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, content: bytes, name="edubasealldata.csv"):
    return client.post(reverse("schools:import"), {"extract": SimpleUploadedFile(name, content, "text/csv")})


@pytest.fixture
def ncetm_client(client):
    client.force_login(UserFactory(is_ncetm_staff=True))
    return client


def test_gias_upload_runs_the_import_and_shows_counts_and_rejects(ncetm_client, django_capture_on_commit_callbacks):
    rows = [
        school_row(URN="100001", EstablishmentName="Ærø School, Upper"),
        school_row(URN="100002"),
        school_row(URN="", EstablishmentName="Nameless URN"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(ncetm_client, extract_bytes(rows, encoding="cp1252"))

    run = GiasImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:import_run", args=[run.pk])
    assert run.status == ImportRunStatus.DONE
    assert (run.created_count, run.rejected_count) == (2, 1)
    assert School.objects.get(urn=100001).name == "Ærø School, Upper"
    page = ncetm_client.get(response["Location"]).content.decode()
    assert 'data-testid="count-created">2<' in page
    assert "missing URN" in page and "Nameless URN" in page
    report = ncetm_client.get(reverse("schools:import_run_rejects", args=[run.pk]))
    assert report.status_code == 200
    assert b"".join(report.streaming_content).decode("utf-8-sig").splitlines()[1] == "4,,Nameless URN,missing URN"


def test_gias_upload_of_a_wrong_file_is_refused_and_imports_nothing(ncetm_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(ncetm_client, b"Name,Email\nAda,ada@example.com\n", name="people.csv")

    run = GiasImportRun.objects.get()
    assert run.status == ImportRunStatus.REFUSED
    assert "missing required columns “URN”" in run.message
    assert not School.objects.exists()
    assert "missing required columns" in ncetm_client.get(response["Location"]).content.decode()


def test_gias_upload_of_a_non_csv_name_rerenders_with_an_error(ncetm_client):
    response = upload(ncetm_client, b"PK\x03\x04", name="extract.xlsx")

    assert response.status_code == 200
    assert "Choose a CSV file" in response.content.decode()
    assert not GiasImportRun.objects.exists()


def test_gias_import_status_json_reports_progress(ncetm_client):
    run = GiasImportRun.objects.create(original_name="x.csv", file="gias-uploads/x.csv", rows_done=500, rows_total=2000)

    data = ncetm_client.get(reverse("schools:import_run_status", args=[run.pk])).json()

    assert data == {
        "status": "queued",
        "status_display": "Queued",
        "finished": False,
        "percent": 25,
        "rows_done": 500,
        "rows_total": 2000,
        "message": "",
    }


def test_gias_import_page_is_open_to_site_admins(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert client.get(reverse("schools:import")).status_code == 200


@pytest.mark.parametrize("role", ["teacher", "hub_lead"])
def test_gias_import_pages_are_forbidden_to_teachers_and_hub_leads(client, role):
    user = UserFactory() if role == "teacher" else HubMembershipFactory(role=HubRole.LEAD).user
    run = GiasImportRun.objects.create(original_name="x.csv", file="gias-uploads/x.csv")
    client.force_login(user)

    for url in (
        reverse("schools:import"),
        reverse("schools:import_run", args=[run.pk]),
        reverse("schools:import_run_status", args=[run.pk]),
        reverse("schools:import_run_rejects", args=[run.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert upload(client, extract_bytes([school_row()])).status_code == 403
    assert not School.objects.exists()


def test_gias_import_run_executes_once_when_redelivered(ncetm_client, django_capture_on_commit_callbacks):
    from schools.services import gias_import_run_execute

    with django_capture_on_commit_callbacks(execute=True):
        upload(ncetm_client, extract_bytes([school_row()]))
    run = GiasImportRun.objects.get()
    finished_at = run.finished_at

    again = gias_import_run_execute(run_id=run.pk)

    assert again.finished_at == finished_at
    assert again.created_count == 1


def test_gias_import_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("schools:import"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_gias_upload_of_a_partial_extract_closes_nothing_else(ncetm_client, django_capture_on_commit_callbacks):
    from schools.enums import EstablishmentStatus
    from schools.tests.factories import SchoolFactory

    elsewhere = SchoolFactory(urn=300001)
    with django_capture_on_commit_callbacks(execute=True):
        ncetm_client.post(
            reverse("schools:import"),
            {"extract": SimpleUploadedFile("la.csv", extract_bytes([school_row()]), "text/csv"), "partial": "on"},
        )

    run = GiasImportRun.objects.get()
    assert (run.partial, run.created_count, run.closed_count) == (True, 1, 0)
    elsewhere.refresh_from_db()
    assert elsewhere.status == EstablishmentStatus.OPEN


def test_gias_upload_waits_for_a_running_import(ncetm_client):
    GiasImportRun.objects.create(original_name="first.csv", file="gias-uploads/first.csv", status="running")

    response = upload(ncetm_client, extract_bytes([school_row()]))

    assert response.status_code == 200
    assert "Another import is under way" in response.content.decode()
    assert GiasImportRun.objects.count() == 1


def test_gias_import_run_deletes_the_uploaded_file_when_finished(ncetm_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(ncetm_client, extract_bytes([school_row()]))

    run = GiasImportRun.objects.get()
    assert run.status == ImportRunStatus.DONE
    assert not run.file
    assert not list(Path(run.file.storage.location).rglob("*.csv"))


def test_gias_import_page_lists_runs_in_the_same_number_of_queries_for_1_and_5(ncetm_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(runs):
        for n in range(runs):
            GiasImportRun.objects.create(
                original_name=f"run-{n}.csv", file="gias-uploads/x.csv", uploaded_by=UserFactory(), status="done"
            )
        with CaptureQueriesContext(connection) as queries:
            page = ncetm_client.get(reverse("schools:import")).content.decode()
        assert page.count("run-") == GiasImportRun.objects.count()
        return len(queries)

    assert count(1) == count(4)
