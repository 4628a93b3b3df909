"""Participants' reflections on the task between sessions, with their private files."""

from django.core.exceptions import ValidationError
from django.db import transaction

from workgroups.enums import (
    PARTICIPANT_STATUSES,
    RegistrationStatus,
)
from workgroups.models import (
    Registration,
    Session,
    TaskResponse,
)

RS = RegistrationStatus


TASK_FILE_MAX_BYTES = 5 * 1024 * 1024
# Extension → the bytes such a file starts with (checked, so a renamed file is refused).
TASK_FILE_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
}


def task_file_check(upload) -> None:
    """Refuse a file that is too large or is not really a PDF, PNG, JPEG or Word (.docx) document."""
    name = getattr(upload, "name", "") or ""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in TASK_FILE_SIGNATURES:
        raise ValidationError({"file": "Upload a PDF, PNG, JPEG or Word (.docx) file."})
    if upload.size > TASK_FILE_MAX_BYTES:
        raise ValidationError({"file": f"The file is {upload.size / 1048576:.1f} MB; the limit is 5 MB."})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in TASK_FILE_SIGNATURES[suffix]):
        raise ValidationError({"file": f"The file does not look like a {suffix[1:].upper()} file."})


@transaction.atomic
def task_response_submit(*, registration: Registration, session: Session, reflection: str, upload=None) -> TaskResponse:
    """Save (or replace) a participant's reflection on a session's task, with an optional checked file."""
    if registration.status not in PARTICIPANT_STATUSES:
        raise ValidationError("Only participants with a place can submit reflections.")
    if session.work_group_id != registration.work_group_id:
        raise ValidationError("That session belongs to another Work Group.")
    if not reflection.strip():
        raise ValidationError({"reflection": "Write a few lines about how the task went."})
    if upload is not None:
        task_file_check(upload)
    response = TaskResponse.objects.select_for_update().filter(registration=registration, session=session).first()
    if response is None:
        response = TaskResponse(registration=registration, session=session)
    response.reflection = reflection
    old_file = response.file.name if response.file else ""
    if upload is not None:
        response.file_name = upload.name.rsplit("/", 1)[-1][:255]
        response.file.save(upload.name, upload, save=False)
    response.save()
    if upload is not None and old_file:
        storage = response.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return response
