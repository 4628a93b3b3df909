"""UK GDPR: a person downloads everything held about them, closes their account, and old data is removed."""

import datetime
import io
import json
import os
import zipfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, User
from accounts.personal_data import CLOSED_NAME, personal_data_retention_apply
from accounts.tasks import personal_data_retention
from accounts.tests.factories import PASSWORD, UserFactory
from hubs.models import Hub
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from reports.selectors import ReportFilters
from reports.tables import HUB, NETWORK, TABLES, Report
from workgroups import services
from workgroups.enums import AttendanceStatus, RegistrationStatus, WorkGroupStatus
from workgroups.models import AcademicYear, Evaluation, Registration, TaskResponse
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def participant():
    """A teacher with a completed Work Group: attendance, a reflection with a file, an evaluation, an audit entry."""
    teacher = UserFactory(full_name="=Tess Teacher")  # a name a spreadsheet would run as a formula
    registration = RegistrationFactory(
        teacher=teacher,
        trn="1234567",
        status=RegistrationStatus.COMPLETED,
        work_group__status=WorkGroupStatus.COMPLETED,
    )
    held = timezone.now() - datetime.timedelta(days=3)
    session = SessionFactory(
        work_group=registration.work_group, starts_at=held, ends_at=held + datetime.timedelta(hours=2)
    )
    services.attendance_record(
        session=session, marks={registration.pk: AttendanceStatus.PRESENT}, recorded_by=UserFactory()
    )
    reflection = TaskResponse(registration=registration, session=session, reflection="My class loved it.")
    reflection.file.save("work.pdf", ContentFile(b"%PDF-1.4 students' work"), save=False)
    reflection.file_name = "work.pdf"
    reflection.save()
    Evaluation.objects.create(registration=registration, overall=5, impact_on_practice=4, comments="Superb.")
    return teacher, registration, reflection


def test_your_data_download_holds_everything_about_the_person_and_nothing_of_others(client, participant):
    teacher, registration, _ = participant
    other = RegistrationFactory(work_group=registration.work_group, trn="7654321")
    client.force_login(teacher)

    response = client.get(reverse("accounts:your_data_download"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == teacher.email
    assert [r["trn"] for r in data["registrations"]] == ["1234567"]
    assert data["attendance"][0]["attendance"] == "Present"
    assert data["reflections"][0]["reflection"] == "My class loved it."
    assert data["evaluations"][0]["comments"] == "Superb."
    assert {e["action"] for e in data["audit_entries_about_you"]} >= {"attendance.recorded"}
    assert archive.read(data["reflections"][0]["file"]) == b"%PDF-1.4 students' work"
    assert set(archive.namelist()) >= {"registrations.csv", "attendance.csv", "reflections.csv", "evaluations.csv"}
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    assert "7654321" not in everything and other.teacher.email not in everything
    assert AuditEntry.objects.filter(action="account.data_downloaded", subject=teacher).count() == 1


def _figures():
    """Every figure of every report (network and each hub, every year): what must not change."""
    figures = {}
    for year in AcademicYear.objects.all():
        network = Report(ReportFilters(academic_year=year), scope=NETWORK)
        figures[(year.pk, "network")] = {key: network.table(key).values() for key in TABLES if network.shows(key)}
        for hub in Hub.objects.all():
            report = Report(ReportFilters(academic_year=year, hub=hub), scope=HUB)
            figures[(year.pk, hub.slug)] = {key: report.table(key).values() for key in TABLES if report.shows(key)}
    return figures


def test_closing_an_account_anonymises_the_person_and_changes_no_report_figure(client, settings):
    settings.REPORTS_CACHE_SECONDS = 0
    call_command("seed_demo", stdout=StringIO())
    teacher = User.objects.get(email="teacher@demo.mathshubs.test")
    assert Registration.objects.filter(teacher=teacher).exists()
    before = _figures()
    client.force_login(teacher)

    response = client.post(reverse("accounts:close"), {"password": "maths-hubs-demo", "confirm": "on"})

    assert response.status_code == 302
    assert _figures() == before
    teacher.refresh_from_db()
    assert (teacher.full_name, teacher.is_active, teacher.has_usable_password()) == (CLOSED_NAME, False, False)
    assert not User.objects.filter(email="teacher@demo.mathshubs.test").exists()
    assert not Registration.objects.filter(teacher=teacher).exclude(trn="").exists()
    assert not TaskResponse.objects.filter(registration__teacher=teacher).exclude(reflection="").exists()
    assert not Evaluation.objects.filter(registration__teacher=teacher).exclude(comments="").exists()
    assert not AuditEntry.objects.filter(target_label__contains="Tom Teacher").exists()
    assert AuditEntry.objects.filter(action="account.closed", subject=teacher).exists()
    assert "_auth_user_id" not in client.session
    assert not client.login(email="teacher@demo.mathshubs.test", password="maths-hubs-demo")


def test_closing_an_account_needs_the_password_and_the_tick(client, participant):
    teacher, registration, reflection = participant
    client.force_login(teacher)

    wrong = client.post(reverse("accounts:close"), {"password": "not it", "confirm": "on"})
    unticked = client.post(reverse("accounts:close"), {"password": PASSWORD})

    assert wrong.status_code == unticked.status_code == 200
    assert "That is not your password." in wrong.content.decode()
    teacher.refresh_from_db()
    reflection.refresh_from_db()
    assert teacher.is_active and teacher.full_name == "=Tess Teacher"
    assert reflection.file and reflection.reflection == "My class loved it."


def test_closing_an_account_deletes_the_uploaded_files(client, participant, django_capture_on_commit_callbacks):
    teacher, _, reflection = participant
    path = reflection.file.path
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})
    reflection.refresh_from_db()
    assert not reflection.file
    assert not os.path.exists(path)


def test_retention_removes_old_files_and_headteacher_addresses_only(participant, django_capture_on_commit_callbacks):
    _, registration, reflection = participant
    fresh = RegistrationFactory(work_group=WorkGroupFactory())
    later = timezone.now() + datetime.timedelta(days=731)
    TaskResponse.objects.filter(pk=reflection.pk).update(submitted_at=timezone.now())
    Registration.objects.filter(pk=fresh.pk).update(created_at=later - datetime.timedelta(days=10))
    sent = OutboxMessage.objects.create(
        kind="impact_survey",
        object_key="school:1:2024",
        recipient_key="email:head@school.example",
        to_email="head@school.example",
        to_name="Pat Head",
        context={"school": "Histon"},
        status=OutboxStatus.SENT,
        due_at=timezone.now(),
        next_attempt_at=timezone.now(),
    )
    waiting = OutboxMessage.objects.create(
        kind="impact_survey",
        object_key="school:2:2024",
        recipient_key="email:other@school.example",
        to_email="other@school.example",
        due_at=later,
        next_attempt_at=later,
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = personal_data_retention_apply(now=later)

    assert counts == {"reflection_files": 1, "headteacher_emails": 1, "outbox_rows": 1}
    sent.refresh_from_db()
    waiting.refresh_from_db()
    assert (sent.to_email, sent.to_name, sent.context, sent.status) == ("", "", {}, OutboxStatus.SENT)
    assert waiting.to_email == "other@school.example"  # still to be sent
    reflection.refresh_from_db()
    registration.refresh_from_db()
    fresh.refresh_from_db()
    assert not reflection.file and reflection.reflection == "My class loved it."
    assert registration.headteacher_email == "" and fresh.headteacher_email != ""
    assert personal_data_retention_apply(now=later) == {
        "reflection_files": 0,
        "headteacher_emails": 0,
        "outbox_rows": 0,
    }
    assert AuditEntry.objects.filter(action="retention.applied").count() == 1


def test_retention_runs_daily_from_beat(settings):
    assert settings.CELERY_BEAT_SCHEDULE["personal-data-retention"]["task"] == "accounts.personal_data_retention"
    assert personal_data_retention.name == "accounts.personal_data_retention"


def test_privacy_notice_is_linked_from_the_footer_and_sign_up(client):
    notice = client.get(reverse("privacy")).content.decode()
    assert "Department for Education" in notice and "6(1)(e)" in notice and "TRN" in notice
    assert reverse("privacy") in client.get(reverse("account_signup")).content.decode()
    assert reverse("privacy") in client.get(reverse("home")).content.decode()


def test_security_txt_names_a_contact_and_an_expiry(client):
    body = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: mailto:security@mathshubs.example" in body
    expires = datetime.datetime.strptime(body.split("Expires: ")[1].split("\n")[0], "%Y-%m-%dT%H:%M:%SZ")
    assert expires > datetime.datetime.now()
