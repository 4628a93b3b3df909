import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from schools.enums import ImportRunStatus
from schools.models import GiasImportRun, School
from schools.tests.extracts import extract_bytes, school_row

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_gias_upload_is_imported_by_a_real_worker(client, celery_worker_process, tmp_path, settings):
    # The worker reads this test's files: the upload and the reject report live under its var/.
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "test-private-media"
    celery_worker_process(var_dir=tmp_path, pool="solo", concurrency=1)
    client.force_login(UserFactory(is_ncetm_staff=True))
    content = extract_bytes(
        [school_row(URN="100001", EstablishmentName="Crème Brûlée Primary, Ely"), school_row(URN="?")]
    )

    response = client.post(reverse("schools:import"), {"extract": SimpleUploadedFile("gias.csv", content)})

    run = GiasImportRun.objects.get()
    deadline = time.monotonic() + 60
    while not run.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        run.refresh_from_db()
    assert response.status_code == 302
    assert run.status == ImportRunStatus.DONE, run.message
    assert (run.created_count, run.rejected_count) == (1, 1)
    assert School.objects.get(urn=100001).name == "Crème Brûlée Primary, Ely"
    assert str(settings.VAR_DIR) in run.reject_report
