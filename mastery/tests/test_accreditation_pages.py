"""Accreditation in the browser's pages: NCETM staff decide; the specialist and their hub's managers read."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from mastery.enums import AccreditationKind, AccreditationPhase
from mastery.enums import AccreditationStatus as AS
from mastery.models import Accreditation, AccreditationEvent
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 11, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(programme):
    """Tara, the Matrix hub's year-2 specialist, with her PD Lead (Primary) accreditation in progress and an
    evidence document kept."""
    w = programme
    w.specialist = MasterySpecialistFactory(hub=w.hub, user=w.teacher, cohort=w.last_year, programme_year=2)
    w.accreditation = AccreditationFactory(specialist=w.specialist, status=AS.IN_PROGRESS, evidence_notes="Gap tasks.")
    w.accreditation.document.save("portfolio.pdf", ContentFile(b"%PDF-1.4 portfolio"), save=False)
    w.accreditation.document_name = "portfolio.pdf"
    w.accreditation.save()
    yield w
    w.accreditation.document.storage.delete(w.accreditation.document.name)


def _decide(accreditation):
    return reverse("mastery:accreditation_decide", args=[accreditation.pk])


def _page(client, user, specialist):
    client.force_login(user)
    return client.get(reverse("mastery:specialist", args=[specialist.pk]))


@pytest.mark.parametrize("who", ["teacher", "lead", "admin", "ncetm"])
def test_specialist_page_shows_each_accreditation_and_its_history_to_those_who_read_it(client, world, who):
    AccreditationEvent.objects.create(
        accreditation=world.accreditation, from_status=AS.NOT_STARTED, to_status=AS.IN_PROGRESS,
        on=datetime.date(2026, 10, 1), by=world.ncetm, notes="Began the face-to-face sessions.",
    )  # fmt: skip

    html = _page(client, getattr(world, who), world.specialist).content.decode()

    assert "PD Lead (Primary)" in html and "In progress" in html and "Gap tasks." in html
    assert "1 October 2026" in html and "Not started → In progress" in html and "Nina NCETM" in html
    assert reverse("mastery:accreditation_document", args=[world.accreditation.pk]) in html
    # Only NCETM staff are offered the decisions.
    assert (_decide(world.accreditation) in html) == (who == "ncetm")
    assert (reverse("mastery:accreditation_new", args=[world.specialist.pk]) in html) == (who == "ncetm")


def test_ncetm_staff_record_a_decision_with_a_document(client, world):
    client.force_login(world.ncetm)
    upload = SimpleUploadedFile("Panel letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf")

    response = client.post(
        _decide(world.accreditation),
        {"status": AS.ACCREDITED, "on": "2026-11-30", "notes": "Panel met; accredited.", "document": upload},
    )

    assert response.url == reverse("mastery:specialist", args=[world.specialist.pk])
    accreditation = Accreditation.objects.get(pk=world.accreditation.pk)
    assert (accreditation.status, accreditation.accredited_on, accreditation.reregistration_due_on) == (
        AS.ACCREDITED,
        datetime.date(2026, 11, 30),
        datetime.date(2029, 11, 30),
    )
    assert (accreditation.document_name, accreditation.evidence_notes, accreditation.decided_by) == (
        "Panel letter.pdf",
        "Panel met; accredited.",
        world.ncetm,
    )
    assert AuditEntry.objects.filter(action="mastery.accreditation_moved", actor=world.ncetm).count() == 1
    html = client.get(response.url).content.decode()
    assert "PD Lead (Primary) accreditation is accredited" in html and "30 November 2029" in html
    accreditation.document.storage.delete(accreditation.document.name)


@pytest.mark.parametrize(
    ("setup", "post", "field_message"),
    [
        ({"programme_year": 1}, {"status": AS.ACCREDITED}, "programme year 1 (training)"),
        ({}, {"status": AS.LAPSED}, "has never been accredited as PD Lead (Primary)"),
        ({}, {"status": AS.ACCREDITED, "on": "2026-12-02"}, "2 December 2026 is in the future"),
        ({}, {"status": AS.REREGISTRATION_DUE}, "can move to accredited or not started, not re-registration due"),
    ],
    ids=["year-1", "never-accredited", "future", "not-in-graph"],
)
def test_decision_form_shows_the_refusal_and_keeps_what_was_typed(client, world, setup, post, field_message):
    for name, value in setup.items():
        setattr(world.specialist, name, value)
    world.specialist.save()
    client.force_login(world.ncetm)

    response = client.post(_decide(world.accreditation), {"on": "2026-11-30", "notes": "Kept, please.", **post})

    html = response.content.decode()
    assert response.status_code == 200
    assert field_message in html and "Kept, please." in html
    assert Accreditation.objects.get(pk=world.accreditation.pk).status == AS.IN_PROGRESS
    assert not AuditEntry.objects.filter(action="mastery.accreditation_moved").exists()


def test_a_document_over_5_mb_is_refused_on_its_way_in_and_what_was_typed_stays(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.ncetm)
    upload = SimpleUploadedFile("huge.pdf", b"%PDF" + b"x" * (6 * 1024 * 1024), content_type="application/pdf")

    response = client.post(
        _decide(world.accreditation),
        {"status": AS.ACCREDITED, "on": "2026-11-30", "notes": "Kept, please.", "document": upload},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The file is too large: the limit is 5 MB." in html and "Kept, please." in html
    assert Accreditation.objects.get(pk=world.accreditation.pk).status == AS.IN_PROGRESS


def test_lapsing_asks_for_confirmation_first(client, world):
    Accreditation.objects.filter(pk=world.accreditation.pk).update(
        status=AS.REREGISTRATION_DUE,
        accredited_on=datetime.date(2023, 7, 10),
        reregistration_due_on=datetime.date(2026, 7, 10),
    )
    client.force_login(world.ncetm)
    data = {"status": AS.LAPSED, "on": "2026-11-01", "notes": "Did not re-register."}

    asked = client.post(_decide(world.accreditation), data)

    html = asked.content.decode()
    assert asked.status_code == 200 and "Record the accreditation as lapsed?" in html
    assert "will be recorded as lapsed on 1 November 2026" in html and "Yes, record it as lapsed" in html
    assert Accreditation.objects.get(pk=world.accreditation.pk).status == AS.REREGISTRATION_DUE

    done = client.post(_decide(world.accreditation), {**data, "confirm": "yes"})

    assert done.status_code == 302
    accreditation = Accreditation.objects.get(pk=world.accreditation.pk)
    assert (accreditation.status, accreditation.accredited_on) == (AS.LAPSED, datetime.date(2023, 7, 10))


def test_ncetm_staff_start_an_accreditation_and_a_second_of_the_kind_is_refused(client, world):
    client.force_login(world.ncetm)
    url = reverse("mastery:accreditation_new", args=[world.specialist.pk])

    started = client.post(url, {"kind": AccreditationKind.PD_LEAD, "phase": AccreditationPhase.EARLY_YEARS})
    again = client.post(url, {"kind": AccreditationKind.PD_LEAD, "phase": AccreditationPhase.EARLY_YEARS})
    no_phase = client.post(url, {"kind": AccreditationKind.PD_LEAD, "phase": ""})

    new = Accreditation.objects.get(phase=AccreditationPhase.EARLY_YEARS)
    assert started.url == _decide(new) and new.status == AS.NOT_STARTED
    assert "has a PD Lead (Early Years) accreditation already" in again.content.decode()
    assert "Choose the phase of the PD Lead accreditation." in no_phase.content.decode()
    assert Accreditation.objects.filter(specialist=world.specialist).count() == 2


@pytest.mark.parametrize("who", ["teacher", "lead", "admin"])
def test_decision_pages_are_404_to_all_but_ncetm_staff_and_change_nothing(client, world, who):
    client.force_login(getattr(world, who))

    assert client.get(_decide(world.accreditation)).status_code == 404
    assert client.post(_decide(world.accreditation), {"status": AS.NOT_STARTED, "on": "2026-11-30"}).status_code == 404
    new = reverse("mastery:accreditation_new", args=[world.specialist.pk])
    assert client.post(new, {"kind": AccreditationKind.SCHOOL_DEVELOPMENT_LEAD}).status_code == 404

    assert list(Accreditation.objects.values_list("status", flat=True)) == [AS.IN_PROGRESS]


@pytest.mark.parametrize(
    ("who", "status"),
    [("teacher", 200), ("lead", 200), ("admin", 200), ("ncetm", 200), ("other_lead", 404), ("other_teacher", 404)],
)
def test_evidence_document_downloads_only_for_those_who_read_the_specialist(client, world, who, status):
    client.force_login(getattr(world, who))

    response = client.get(reverse("mastery:accreditation_document", args=[world.accreditation.pk]))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="portfolio.pdf"'
        assert b"".join(response.streaming_content) == b"%PDF-1.4 portfolio"


def test_another_hubs_lead_and_another_specialist_get_404_on_the_specialists_accreditations(client, world):
    stranger = MasterySpecialistFactory(hub=world.other_hub, user=world.other_teacher)

    for user in (world.other_lead, stranger.user, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("mastery:specialist", args=[world.specialist.pk])).status_code == 404


def _accreditations(specialist, count):
    for phase in list(AccreditationPhase.values)[:count]:
        accreditation = Accreditation.objects.filter(specialist=specialist, phase=phase).first() or (
            AccreditationFactory(specialist=specialist, phase=phase)
        )
        for day in range(1, count + 1):
            AccreditationEvent.objects.create(
                accreditation=accreditation,
                from_status=AS.NOT_STARTED,
                to_status=AS.IN_PROGRESS,
                on=datetime.date(2026, 10, day),
                by=UserFactory(),
            )


@pytest.mark.parametrize("count", [1, 3])
def test_accreditation_pages_run_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    _accreditations(world.specialist, count)
    client.force_login(world.ncetm)
    page = reverse("mastery:specialist", args=[world.specialist.pk])
    client.get(page)  # the session's first read

    # The page's own reads plus two for the accreditations and their histories, however many.
    with django_assert_num_queries(7):
        assert client.get(page).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(_decide(world.accreditation)).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(reverse("mastery:accreditation_new", args=[world.specialist.pk])).status_code == 200
