"""UK GDPR and the Mastery programme: a specialist's download holds their programme records and evidence, and
closing their account removes the evidence while the accreditation figures stay."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from mastery.enums import AccreditationStatus as AS
from mastery.models import Accreditation, AccreditationEvent, MasterySpecialist
from mastery.selectors.accreditation import holds_pd_lead_q
from mastery.services import accreditation_move
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the specialist's portfolio"


@pytest.fixture(autouse=True)
def _today_and_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    with time_machine.travel(datetime.datetime(2026, 12, 1, 11, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def accredited(django_capture_on_commit_callbacks):
    """A second-year specialist accredited as PD Lead (Primary) by NCETM staff, with notes and a portfolio."""
    specialist = MasterySpecialistFactory(
        user=UserFactory(full_name="Sam Specialist"), programme_year=2, launch_attendee_name="Hana Head"
    )
    accreditation = AccreditationFactory(specialist=specialist, status=AS.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_move(
            accreditation=accreditation,
            to_status=AS.ACCREDITED,
            by=UserFactory(is_ncetm_staff=True),
            on=datetime.date(2026, 11, 20),
            notes="Sam's portfolio showed strong coaching of Year 4 colleagues.",
            document=SimpleUploadedFile("Portfolio.pdf", PDF, content_type="application/pdf"),
        )
    accreditation.refresh_from_db()
    return specialist, accreditation


def test_a_specialists_download_holds_their_programme_accreditations_and_evidence(client, accredited):
    specialist, accreditation = accredited
    other = AccreditationFactory(evidence_notes="Someone else's notes.")
    client.force_login(specialist.user)

    response = client.get(reverse("accounts:your_data_download"))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert [(s["hub"], s["programme_year"], s["launch_attendee_name"]) for s in data["mastery_specialisms"]] == [
        (specialist.hub.name, specialist.get_programme_year_display(), "Hana Head")
    ]
    [held] = data["accreditations"]
    assert (held["accreditation"], held["status"], held["accredited_on"]) == (
        "PD Lead (Primary)",
        "Accredited",
        "2026-11-20",
    )
    assert held["evidence_notes"] == "Sam's portfolio showed strong coaching of Year 4 colleagues."
    assert archive.read(held["evidence_document"]) == PDF
    assert [(e["from"], e["to"], e["took_effect_on"]) for e in data["accreditation_history"]][-1] == (
        "In progress",
        "Accredited",
        "2026-11-20",
    )
    assert {"mastery_specialisms.csv", "accreditations.csv", "accreditation_history.csv"} <= set(archive.namelist())
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    assert "Someone else's notes." not in everything and other.specialist.user.email not in everything


def test_someone_never_on_the_programme_gets_no_empty_mastery_spreadsheets(client):
    teacher = UserFactory()
    client.force_login(teacher)

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:your_data_download")).content))

    data = json.loads(archive.read("data.json"))
    assert data["mastery_specialisms"] == data["accreditations"] == data["open_lesson_bookings"] == []
    assert not {name for name in archive.namelist() if "accreditation" in name or "mastery" in name}


def test_closing_a_specialists_account_removes_the_evidence_and_keeps_the_pd_lead_figure(
    client, accredited, django_capture_on_commit_callbacks
):
    specialist, accreditation = accredited
    storage, stored = accreditation.document.storage, accreditation.document.name
    assert storage.exists(stored)
    pd_leads_before = MasterySpecialist.objects.filter(holds_pd_lead_q()).count()
    client.force_login(specialist.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    accreditation.refresh_from_db()
    specialist.refresh_from_db()
    assert (accreditation.evidence_notes, accreditation.document.name, accreditation.document_name) == ("", "", "")
    assert not storage.exists(stored)
    assert not AccreditationEvent.objects.filter(accreditation=accreditation).exclude(notes="").exists()
    assert not AccreditationEvent.objects.filter(accreditation=accreditation).exclude(document_name="").exists()
    assert specialist.launch_attendee_name == ""
    # The figures count the accreditation still: its status and dates stay.
    assert (accreditation.status, accreditation.accredited_on) == (AS.ACCREDITED, datetime.date(2026, 11, 20))
    assert MasterySpecialist.objects.filter(holds_pd_lead_q()).count() == pd_leads_before
    assert Accreditation.objects.filter(pk=accreditation.pk).exists()
