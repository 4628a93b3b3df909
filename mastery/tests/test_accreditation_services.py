"""NCETM staff's accreditation decisions: every allowed move, every refused one, what each records."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from mastery.enums import ACCREDITATION_MOVES, ONCE_ACCREDITED_STATUSES, AccreditationKind, AccreditationPhase
from mastery.enums import AccreditationStatus as AS
from mastery.models import Accreditation, AccreditationEvent
from mastery.services import MasteryRefused, accreditation_move, accreditation_start, specialist_nominate
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
GRANTED = datetime.date(2024, 7, 10)
PDF = b"%PDF-1.4 evidence"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 11, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def ncetm():
    return UserFactory(full_name="Nina NCETM", is_ncetm_staff=True)


def _at(status, *, programme_year=2, **kwargs):
    """An accreditation at ``status``; a once-accredited one granted on ``GRANTED``."""
    kwargs.setdefault("accredited_on", GRANTED if status in ONCE_ACCREDITED_STATUSES else None)
    return AccreditationFactory(
        specialist=MasterySpecialistFactory(programme_year=programme_year), status=status, **kwargs
    )


def _unchanged(accreditation) -> bool:
    fresh = Accreditation.objects.get(pk=accreditation.pk)
    return (
        (fresh.status, fresh.accredited_on, fresh.decided_by_id)
        == (accreditation.status, accreditation.accredited_on, None)
        and not AccreditationEvent.objects.filter(accreditation=accreditation).exists()
        and not AuditEntry.objects.filter(action="mastery.accreditation_moved").exists()
    )


ALLOWED = [(source, target) for source, targets in ACCREDITATION_MOVES.items() for target in targets]
REFUSED = [(s, t) for s in AS.values for t in AS.values if s != t and (s, t) not in ALLOWED]


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_accreditation_move_makes_each_allowed_move_and_records_it(ncetm, source, target):
    accreditation = _at(source)
    on = datetime.date(2026, 11, 20)

    moved = accreditation_move(accreditation=accreditation, to_status=target, by=ncetm, on=on, notes="Panel met.")

    fresh = Accreditation.objects.get(pk=accreditation.pk)
    assert fresh.status == moved.status == target
    assert (fresh.decided_by, fresh.decided_at, fresh.evidence_notes) == (
        ncetm,
        datetime.datetime(2026, 12, 1, 11, tzinfo=datetime.UTC),
        "Panel met.",
    )
    if target == AS.ACCREDITED:
        assert (fresh.accredited_on, fresh.reregistration_due_on) == (on, datetime.date(2029, 11, 20))
    else:  # the date it was granted stays (through re-registration due, lapsing and a new start)
        assert fresh.accredited_on == accreditation.accredited_on
    (event,) = AccreditationEvent.objects.filter(accreditation=accreditation)
    assert (event.from_status, event.to_status, event.on, event.by, event.notes) == (
        source,
        target,
        on,
        ncetm,
        "Panel met.",
    )
    entry = AuditEntry.objects.get(action="mastery.accreditation_moved")
    assert (entry.actor, entry.target_type, entry.target_id) == (ncetm, "mastery.accreditation", str(accreditation.pk))
    assert (entry.before["status"], entry.after["status"], entry.after["on"]) == (source, target, "2026-11-20")
    assert (entry.hub_id, entry.subject_id) == (accreditation.specialist.hub_id, accreditation.specialist.user_id)
    assert entry.created_at == datetime.datetime(2026, 12, 1, 11, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_accreditation_move_refuses_every_move_outside_the_graph(ncetm, source, target):
    accreditation = _at(source)

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(accreditation=accreditation, to_status=target, by=ncetm)

    assert list(refused.value.message_dict) == ["status"]
    assert _unchanged(accreditation)


def test_accreditation_move_names_the_moves_allowed_from_where_it_stands(ncetm):
    accreditation = _at(AS.ACCREDITED)

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(accreditation=accreditation, to_status=AS.IN_PROGRESS, by=ncetm)

    assert refused.value.message_dict["status"] == [
        "An accreditation that is accredited can move to re-registration due, not in progress."
    ]


def test_accreditation_move_refuses_accredited_while_year_one_is_not_complete(ncetm):
    accreditation = _at(AS.IN_PROGRESS, programme_year=1)

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(accreditation=accreditation, to_status=AS.ACCREDITED, by=ncetm)

    assert "programme year 1 (training)" in refused.value.message_dict["status"][0]
    assert _unchanged(accreditation)


def test_accreditation_move_refuses_lapsed_without_ever_having_been_accredited(ncetm):
    accreditation = _at(AS.IN_PROGRESS)

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(accreditation=accreditation, to_status=AS.LAPSED, by=ncetm)

    assert "has never been accredited as PD Lead (Primary)" in refused.value.message_dict["status"][0]
    assert _unchanged(accreditation)


@pytest.mark.parametrize("target", [AS.IN_PROGRESS, AS.ACCREDITED])
def test_accreditation_move_refuses_a_date_in_the_future(ncetm, target):
    accreditation = _at(AS.NOT_STARTED if target == AS.IN_PROGRESS else AS.IN_PROGRESS)

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(accreditation=accreditation, to_status=target, by=ncetm, on=TODAY + datetime.timedelta(1))

    assert refused.value.message_dict["on"] == [
        "2 December 2026 is in the future: record a decision on the day it is made, or after."
    ]
    assert _unchanged(accreditation)


def test_accreditation_move_takes_today_by_default_and_refuses_a_date_before_the_last_move(ncetm):
    accreditation = _at(AS.NOT_STARTED)
    accreditation_move(accreditation=accreditation, to_status=AS.IN_PROGRESS, by=ncetm, on=datetime.date(2026, 9, 1))

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(accreditation=accreditation, to_status=AS.ACCREDITED, by=ncetm, on=datetime.date(2026, 8, 1))
    accreditation_move(accreditation=accreditation, to_status=AS.ACCREDITED, by=ncetm)

    assert "1 September 2026" in refused.value.message_dict["on"][0]
    fresh = Accreditation.objects.get(pk=accreditation.pk)
    assert (fresh.status, fresh.accredited_on, fresh.reregistration_due_on) == (
        AS.ACCREDITED,
        TODAY,
        datetime.date(2029, 12, 1),
    )


def test_accreditation_move_refuses_the_status_it_has(ncetm):
    accreditation = _at(AS.IN_PROGRESS)

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(accreditation=accreditation, to_status=AS.IN_PROGRESS, by=ncetm)

    assert refused.value.message_dict["status"] == ["The accreditation is in progress already."]


def test_accreditation_move_judges_on_the_status_in_the_database_not_the_callers_copy(ncetm):
    accreditation = _at(AS.IN_PROGRESS)
    stale = Accreditation.objects.get(pk=accreditation.pk)
    accreditation_move(accreditation=accreditation, to_status=AS.NOT_STARTED, by=ncetm)

    with pytest.raises(MasteryRefused):
        accreditation_move(accreditation=stale, to_status=AS.ACCREDITED, by=ncetm)  # from not started: refused

    assert Accreditation.objects.get(pk=accreditation.pk).status == AS.NOT_STARTED


def test_accreditation_move_keeps_a_checked_evidence_document_and_replaces_the_old_one(
    ncetm, django_capture_on_commit_callbacks
):
    accreditation = _at(AS.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_move(
            accreditation=accreditation,
            to_status=AS.ACCREDITED,
            by=ncetm,
            document=SimpleUploadedFile("Portfolio.pdf", PDF, content_type="application/pdf"),
        )
    first = Accreditation.objects.get(pk=accreditation.pk)
    storage = first.document.storage

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_move(
            accreditation=accreditation,
            to_status=AS.REREGISTRATION_DUE,
            by=ncetm,
            document=SimpleUploadedFile("Renewal.pdf", PDF, content_type="application/pdf"),
        )

    second = Accreditation.objects.get(pk=accreditation.pk)
    assert second.document_name == "Renewal.pdf" and second.document.name.startswith("accreditation-evidence/")
    assert "Renewal" not in second.document.name  # a random name on disk
    assert storage.exists(second.document.name) and not storage.exists(first.document.name)
    assert list(accreditation.events.values_list("document_name", flat=True)) == ["Portfolio.pdf", "Renewal.pdf"]
    storage.delete(second.document.name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evidence.exe", b"MZ", "Upload a PDF, PNG, JPEG or Word (.docx) file."),
        ("evidence.pdf", b"GIF89a", "The file does not look like a PDF file."),
    ],
)
def test_accreditation_move_refuses_an_evidence_document_reflections_would_refuse(ncetm, name, content, message):
    accreditation = _at(AS.IN_PROGRESS)

    with pytest.raises(MasteryRefused) as refused:
        accreditation_move(
            accreditation=accreditation, to_status=AS.ACCREDITED, by=ncetm, document=SimpleUploadedFile(name, content)
        )

    assert refused.value.message_dict["document"] == [message]
    assert _unchanged(accreditation)


def test_accreditation_start_opens_one_not_started_with_its_first_line_of_history(ncetm):
    specialist = MasterySpecialistFactory()

    accreditation = accreditation_start(
        specialist=specialist, kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, phase="", actor=ncetm
    )

    assert (accreditation.status, accreditation.phase, accreditation.label) == (
        AS.NOT_STARTED,
        None,
        "School Development Lead",
    )
    (event,) = accreditation.events.all()
    assert (event.from_status, event.to_status, event.by, event.on) == ("", AS.NOT_STARTED, ncetm, TODAY)
    entry = AuditEntry.objects.get(action="mastery.accreditation_started")
    assert (entry.actor, entry.target_id, entry.hub_id) == (ncetm, str(accreditation.pk), specialist.hub_id)


@pytest.mark.parametrize(
    ("kind", "phase", "field"),
    [
        (AccreditationKind.PD_LEAD, "", "phase"),
        (AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, AccreditationPhase.PRIMARY, "phase"),
        (AccreditationKind.PD_LEAD, AccreditationPhase.PRIMARY, "kind"),  # the factory's: there already
    ],
)
def test_accreditation_start_refuses_a_kind_without_its_phase_or_one_there_already(ncetm, kind, phase, field):
    existing = AccreditationFactory()

    with pytest.raises(MasteryRefused) as refused:
        accreditation_start(specialist=existing.specialist, kind=kind, phase=phase, actor=ncetm)

    assert list(refused.value.message_dict) == [field]
    assert Accreditation.objects.count() == 1


def test_specialist_nominate_opens_a_pd_lead_accreditation_in_the_cohorts_phase(programme):
    specialist = specialist_nominate(
        hub=programme.hub, user=programme.teacher, cohort=programme.next_year, actor=programme.lead
    )

    (accreditation,) = specialist.accreditations.all()
    assert (accreditation.kind, accreditation.phase, accreditation.status) == (
        AccreditationKind.PD_LEAD,
        AccreditationPhase.PRIMARY,
        AS.NOT_STARTED,
    )
