"""An upload is refused as soon as the stream passes its page's limit: never read to disk in full."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from accounts.tests.factories import UserFactory
from workgroups.enums import RegistrationStatus
from workgroups.models import TaskResponse
from workgroups.services import TASK_FILE_MAX_BYTES
from workgroups.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db
RECEIVED = []


class CountingUploadHandler(FileUploadHandler):
    """Stands where the memory and disk handlers stand: records how many bytes reached them."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        RECEIVED.append(0)

    def receive_data_chunk(self, raw_data, start):
        RECEIVED[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def counted_uploads(settings, tmp_path):
    RECEIVED.clear()
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_UPLOAD_HANDLERS = [
        "hubs_portal.uploads.LimitedUploadHandler",
        "hubs_portal.tests.test_uploads.CountingUploadHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    return RECEIVED


@pytest.fixture
def participant():
    registration = RegistrationFactory(status=RegistrationStatus.APPROVED)
    return registration, SessionFactory(work_group=registration.work_group)


def post_reflection(client, registration, session, size):
    client.force_login(registration.teacher)
    upload = SimpleUploadedFile("work.pdf", b"%PDF" + b"x" * (size - 4), content_type="application/pdf")
    return client.post(
        reverse("workgroups:task_response", args=[registration.pk, session.pk]),
        {"reflection": "It went well.", "file": upload},
    )


def test_a_50_mb_student_work_is_refused_before_it_is_read(client, counted_uploads, participant):
    registration, session = participant

    response = post_reflection(client, registration, session, 50 * 1024 * 1024)

    assert response.status_code == 200
    assert "The file is too large: the limit is 5 MB." in response.content.decode()
    assert "It went well." in response.content.decode()  # what was typed is kept
    assert sum(counted_uploads) == 0  # the request said 50 MB: stopped at the first byte
    assert not TaskResponse.objects.exists()


def test_a_file_that_grows_past_the_limit_is_stopped_at_the_limit(client, counted_uploads, participant, settings):
    # A request that hides its size (or lies) is stopped as the bytes pass the limit, not at the end.
    registration, session = participant
    settings.UPLOAD_DEFAULT_MAX_BYTES = 100 * 1024  # the request's size (150 KB) is within the form's slack
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("big.csv", b"x" * (150 * 1024))
    client.post(reverse("admin:schools_school_changelist"), {"file": upload})
    assert counted_uploads and 0 < max(counted_uploads) <= 100 * 1024


def test_a_file_within_the_limit_is_kept(client, counted_uploads, participant):
    registration, session = participant

    response = post_reflection(client, registration, session, TASK_FILE_MAX_BYTES - 1024)

    assert response.status_code == 302
    assert TaskResponse.objects.get().file
    assert counted_uploads == [TASK_FILE_MAX_BYTES - 1024]
