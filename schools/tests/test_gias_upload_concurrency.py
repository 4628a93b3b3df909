"""One browser import at a time holds even when two uploads arrive together and no run exists yet."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from schools.models import GiasImportRun
from schools.services import ImportAlreadyRunning, gias_import_run_create
from schools.tests.extracts import extract_bytes, school_row

pytestmark = pytest.mark.django_db(transaction=True)
UPLOADS = 8


@pytest.fixture
def queued_not_run(settings, tmp_path, celery_broker):
    """Imports are queued on the broker and not run inline, so the first run stays queued while the others try."""
    settings.MEDIA_ROOT = tmp_path / "media"


def test_gias_import_run_create_lets_one_of_simultaneous_uploads_start(queued_not_run):
    user = UserFactory(is_ncetm_staff=True)
    content = extract_bytes([school_row(URN="100001")])
    barrier = threading.Barrier(UPLOADS)
    started, refused, errors = [], [], []

    def upload(n):
        try:
            barrier.wait()
            run = gias_import_run_create(uploaded_file=SimpleUploadedFile(f"gias-{n}.csv", content), user=user)
            started.append(run.pk)
        except ImportAlreadyRunning:
            refused.append(n)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(UPLOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(started) == 1 and len(refused) == UPLOADS - 1
    assert list(GiasImportRun.objects.values_list("pk", flat=True)) == started
    assert connection.vendor == "postgresql"
