"""A person's rights over their data (UK GDPR): everything held about them as a download, and closing the account.

The download is a zip: ``data.json`` (everything, nested), one CSV per kind of record, and the files they uploaded
with their reflections and the evidence documents of their accreditations. The closure anonymises the person
where they are named (name, e-mail, TRN, reflection texts and files, evaluation comments, the Mastery programme's
evidence notes and documents: ``mastery.personal_data``) and keeps every row the network's figures count
(registrations, attendance, evaluation scores, accreditation statuses), so every report figure is the same before
and after.
"""

import csv
import datetime
import io
import json
import zipfile

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEntry
from hubs_portal.downloads import spreadsheet_row
from mastery.models import Accreditation
from mastery.personal_data import mastery_data_collect, mastery_data_erase, mastery_documents
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from workgroups.models import Attendance, CalendarFeed, Evaluation, Registration, TaskResponse

CLOSED_NAME = "Closed account"
_MASTERY_RECORDS = (
    "mastery_specialisms",
    "accreditations",
    "accreditation_history",
    "open_lessons_hosted",
    "open_lesson_bookings",
)
# The download's spreadsheets, one per kind of record (``audit_entries_about_you.csv`` is written after them).
CSV_RECORDS = ("registrations", "attendance", "reflections", "evaluations", *_MASTERY_RECORDS, "emails_sent_to_you")


def _registrations(user) -> list[dict]:
    rows = Registration.objects.filter(teacher=user).select_related("work_group", "school").order_by("created_at")
    return [
        {
            "work_group": r.work_group.code,
            "title": r.work_group.title,
            "school": str(r.school),
            "role_in_school": r.role_in_school,
            "trn": r.trn,
            "status": r.get_status_display(),
            "headteacher_name": r.headteacher_name,
            "headteacher_email": r.headteacher_email,
            "headteacher_answer": r.get_consent_status_display(),
            "registered_at": r.created_at,
            "decided_at": r.decided_at,
            "completed_at": r.completed_at,
        }
        for r in rows
    ]


def _attendance(user) -> list[dict]:
    rows = Attendance.objects.filter(registration__teacher=user).select_related("session__work_group")
    return [
        {
            "work_group": a.session.work_group.code,
            "session": a.session.number,
            "starts_at": a.session.starts_at,
            "attendance": a.get_status_display(),
            "recorded_at": a.recorded_at,
        }
        for a in rows.order_by("session__starts_at")
    ]


def _reflections(user) -> list[TaskResponse]:
    return list(
        TaskResponse.objects.filter(registration__teacher=user)
        .select_related("session__work_group")
        .order_by("session__starts_at")
    )


def _emails(user) -> list[dict]:
    rows = OutboxMessage.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email)).order_by("due_at")
    return [
        {
            "kind": m.kind,
            "about": m.object_key,
            "status": m.get_status_display(),
            "due_at": m.due_at,
            "sent_at": m.sent_at,
            "message_id": m.message_id,
        }
        for m in rows
    ]


def _audit(user) -> list[dict]:
    rows = AuditEntry.objects.filter(subject=user).select_related("actor").order_by("created_at")
    return [
        {
            "when": e.created_at,
            "who": e.who,
            "action": e.action,
            "object": e.target_label,
            "before": e.before,
            "after": e.after,
            "reason": e.reason,
        }
        for e in rows
    ]


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.writer(buffer)
        writer.writerow(spreadsheet_row(rows[0].keys()))
        for row in rows:
            writer.writerow(spreadsheet_row(json.loads(json.dumps(list(row.values()), cls=DjangoJSONEncoder))))
    return buffer.getvalue()


def personal_data_collect(*, user) -> dict:
    """Everything the portal holds about ``user``, as plain data (what the download's ``data.json`` holds)."""
    reflections = _reflections(user)
    return {
        "profile": {
            "name": user.full_name,
            "email": user.email,
            "school": str(user.school) if user.school_id else "",
            "joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
            "hub_roles": [
                {"hub": m.hub.name, "role": m.get_role_display(), "title": m.title}
                for m in user.hub_memberships.select_related("hub")
            ],
            "leads_work_groups": list(user.led_work_groups.values_list("code", flat=True)),
        },
        "registrations": _registrations(user),
        "attendance": _attendance(user),
        "reflections": [
            {
                "work_group": t.session.work_group.code,
                "session": t.session.number,
                "reflection": t.reflection,
                "file": f"files/{t.pk}-{t.file_name}" if t.file else "",
                "submitted_at": t.submitted_at,
            }
            for t in reflections
        ],
        "evaluations": [
            {
                "work_group": e.registration.work_group.code,
                "overall": e.overall,
                "impact_on_practice": e.impact_on_practice,
                "comments": e.comments,
                "submitted_at": e.submitted_at,
            }
            for e in Evaluation.objects.filter(registration__teacher=user).select_related("registration__work_group")
        ],
        **mastery_data_collect(user=user),
        "emails_sent_to_you": _emails(user),
        "audit_entries_about_you": _audit(user),
    }


def personal_data_zip(*, user) -> bytes:
    """The download: ``data.json``, a CSV per kind of record and the uploaded files. Recorded in the audit trail."""
    data = personal_data_collect(user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        for name in CSV_RECORDS:
            if name in _MASTERY_RECORDS and not data[name]:
                continue  # someone never on the Mastery programme gets no empty spreadsheets of it
            archive.writestr(f"{name}.csv", "\ufeff" + _csv(data[name]))
        archive.writestr("audit_entries_about_you.csv", "\ufeff" + _csv(data["audit_entries_about_you"]))
        for response in _reflections(user):
            if response.file:
                with response.file.open("rb") as handle:
                    archive.writestr(f"files/{response.pk}-{response.file_name}", handle.read())
        for path, document in mastery_documents(user=user):
            with document.open("rb") as handle:
                archive.writestr(path, handle.read())
    audit_record(actor=user, action="account.data_downloaded", target=user, subject=user)
    return buffer.getvalue()


@transaction.atomic
def account_close(*, user) -> None:
    """Close ``user``'s account: they can no longer log in, and they are anonymised where they are named.

    Name, e-mail (and every e-mail address), TRN, reflection texts and files, evaluation comments, the calendar
    feed and the Mastery programme's free text and evidence documents go; registrations, attendance and evaluation scores stay (unnamed), so the network's figures do not
    change. Recorded in the audit trail (the entry names no one: its subject is the closed account).
    """
    locked = get_user_model().objects.select_for_update().get(pk=user.pk)
    files = [t.file.name for t in TaskResponse.objects.filter(registration__teacher=locked) if t.file]
    storage = TaskResponse._meta.get_field("file").storage
    documents = mastery_data_erase(user=locked)
    document_storage = Accreditation._meta.get_field("document").storage
    TaskResponse.objects.filter(registration__teacher=locked).update(reflection="", file="", file_name="")
    Evaluation.objects.filter(registration__teacher=locked).update(comments="")
    Registration.objects.filter(teacher=locked).update(trn="")
    CalendarFeed.objects.filter(user=locked).delete()
    EmailAddress.objects.filter(user=locked).delete()
    OutboxMessage.objects.filter(recipient=locked, status=OutboxStatus.QUEUED).update(
        status=OutboxStatus.SKIPPED, skip_reason="Account closed"
    )
    OutboxMessage.objects.filter(recipient=locked).update(to_email="", to_name="", context={})
    old_name, old_email = locked.full_name, locked.email
    locked.full_name = CLOSED_NAME
    locked.email = f"closed-{locked.pk}@closed.invalid"
    # The audit trail's labels were written with the name ("Tess Teacher in WG-01"): they lose it too.
    label = F("target_label")
    for old, new in ((old_name, CLOSED_NAME), (old_email, locked.email)):
        if old:
            label = Replace(label, Value(old), Value(new))
    AuditEntry.objects.filter(Q(subject=locked) | Q(target_type="accounts.user", target_id=str(locked.pk))).update(
        target_label=label
    )
    locked.is_active = False
    locked.set_unusable_password()
    locked.save()
    audit_record(
        actor=locked, action="account.closed", target=locked, subject=locked, after={"closed_at": timezone.now()}
    )
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    transaction.on_commit(lambda: [document_storage.delete(name) for name in documents])


@transaction.atomic
def personal_data_retention_apply(*, now=None) -> dict:
    """Remove what the retention settings say is kept no longer (daily, from beat; safe to run again).

    Students' work files uploaded more than ``RETENTION_REFLECTION_FILE_DAYS`` ago are deleted (the reflection's
    text stays); headteachers' e-mail addresses given more than ``RETENTION_HEADTEACHER_EMAIL_DAYS`` ago are
    blanked; outbox rows finished (sent, failed, skipped) more than ``RETENTION_OUTBOX_DAYS`` ago lose their
    personal fields (address, name, the context they were rendered from, the last error). Returns the counts,
    also recorded in the audit trail when anything was removed.
    """
    now = now or timezone.now()
    file_cutoff = now - datetime.timedelta(days=settings.RETENTION_REFLECTION_FILE_DAYS)
    email_cutoff = now - datetime.timedelta(days=settings.RETENTION_HEADTEACHER_EMAIL_DAYS)
    old_files = TaskResponse.objects.select_for_update().filter(submitted_at__lt=file_cutoff).exclude(file="")
    names = list(old_files.values_list("file", flat=True))
    removed_files = old_files.update(file="", file_name="")
    removed_emails = (
        Registration.objects.filter(created_at__lt=email_cutoff)
        .exclude(headteacher_email="")
        .update(headteacher_email="")
    )
    outbox_cutoff = now - datetime.timedelta(days=settings.RETENTION_OUTBOX_DAYS)
    pruned_outbox = (
        OutboxMessage.objects.filter(updated_at__lt=outbox_cutoff)
        .exclude(status=OutboxStatus.QUEUED)
        .exclude(to_email="", to_name="", context={}, last_error="")
        .update(to_email="", to_name="", context={}, last_error="")
    )
    storage = TaskResponse._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    counts = {"reflection_files": removed_files, "headteacher_emails": removed_emails, "outbox_rows": pruned_outbox}
    if removed_files or removed_emails or pruned_outbox:
        audit_record(actor=None, action="retention.applied", after=counts)
    return counts
