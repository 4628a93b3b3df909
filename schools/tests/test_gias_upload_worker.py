import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs_portal.celery import app as celery_app
from schools.enums import ImportRunStatus
from schools.models import GiasImportRun, School
from schools.tests.extracts import extract_bytes, school_row

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def celery_worker_process(tmp_path, settings):
    """A real worker on the Redis broker, reading the test database and this test's files."""
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "test-private-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hubs_portal.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PORTAL_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "REDIS_URL": settings.CELERY_BROKER_URL,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hubs_portal", "worker", "--pool=solo", "--loglevel=WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=20)


def test_gias_upload_is_imported_by_a_real_worker(client, celery_worker_process):
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
