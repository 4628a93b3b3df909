"""NCETM staff's decisions on specialists' accreditations: starting one, and moving it along its allowed moves.

Each change is one transaction: the accreditation, an ``AccreditationEvent`` (the history its pages show) and an
entry in the audit trail. Who may call these is decided by the caller (``mastery.decide_accreditation``); these
functions keep the programme's rules whatever the caller.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_record
from mastery.enums import (
    ACCREDITATION_MOVES,
    AccreditationKind,
    AccreditationPhase,
    AccreditationStatus,
    ProgrammeYear,
)
from mastery.models import Accreditation, AccreditationEvent, MasterySpecialist
from mastery.models.accreditation import reregistration_due_for
from mastery.services.specialists import MasteryRefused
from workgroups.services.reflections import task_file_check

AS = AccreditationStatus
MOVE_FIELDS = ("status", "accredited_on", "reregistration_due_on")


def evidence_document_check(upload) -> None:
    """The checks of reflections' student work (type by content, 5 MB), its message on the ``document`` field."""
    try:
        task_file_check(upload)
    except ValidationError as error:
        raise MasteryRefused({"document": error.message_dict.get("file", error.messages)}, code="document") from None


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _label(status: str) -> str:
    return AS(status).label.lower()


@transaction.atomic
def accreditation_start(*, specialist: MasterySpecialist, kind: str, phase: str | None, actor) -> Accreditation:
    """Open an accreditation of ``kind`` (PD Lead in ``phase``; School Development Lead: no phase) for the
    specialist, not started. Records "mastery.accreditation_started" and the first line of its history.

    Raises ``MasteryRefused`` for a PD Lead without a phase, a School Development Lead with one, or one the
    specialist has already.
    """
    phase = phase or None
    if kind not in AccreditationKind.values:
        raise MasteryRefused({"kind": "Choose PD Lead or School Development Lead."}, code="kind")
    if kind == AccreditationKind.PD_LEAD and phase not in AccreditationPhase.values:
        raise MasteryRefused({"phase": "Choose the phase of the PD Lead accreditation."}, code="phase")
    if kind == AccreditationKind.SCHOOL_DEVELOPMENT_LEAD and phase is not None:
        raise MasteryRefused({"phase": "School Development Lead accreditation has no phase."}, code="phase")
    try:
        with transaction.atomic():
            accreditation = Accreditation.objects.create(specialist=specialist, kind=kind, phase=phase)
    except IntegrityError:
        accreditation = Accreditation(specialist=specialist, kind=kind, phase=phase)
        raise MasteryRefused(
            {"kind": f"{specialist.user} has a {accreditation.label} accreditation already: record a decision on it."},
            code="exists",
        ) from None
    AccreditationEvent.objects.create(
        accreditation=accreditation, from_status="", to_status=AS.NOT_STARTED, on=timezone.localdate(), by=actor
    )
    audit_record(
        actor=actor,
        action="mastery.accreditation_started",
        target=accreditation,
        hub=specialist.hub_id,
        subject=specialist.user_id,
        after={"kind": kind, "phase": phase, "status": AS.NOT_STARTED},
    )
    return accreditation


def _refuse_move(accreditation: Accreditation, to_status: str, on: datetime.date, last_on) -> None:
    """The first rule the move breaks, as a message on the form's field it is about."""
    current = accreditation.status
    who = accreditation.specialist.user
    if to_status not in AS.values:
        raise MasteryRefused({"status": "Choose a status."}, code="status")
    if on > timezone.localdate():
        raise MasteryRefused(
            {"on": f"{_day(on)} is in the future: record a decision on the day it is made, or after."},
            code="future",
        )
    if last_on is not None and on < last_on:
        raise MasteryRefused(
            {"on": f"The last move was recorded as taking effect on {_day(last_on)}: give that date or a later one."},
            code="before_last",
        )
    if to_status == current:
        raise MasteryRefused({"status": f"The accreditation is {_label(current)} already."}, code="same")
    if to_status == AS.ACCREDITED and accreditation.specialist.programme_year < ProgrammeYear.LEADING:
        raise MasteryRefused(
            {
                "status": f"{who} is in programme year 1 (training): they can be accredited once year 1 is complete "
                "(their hub records the programme year)."
            },
            code="year_1",
        )
    if to_status == AS.LAPSED and accreditation.accredited_on is None:
        raise MasteryRefused(
            {"status": f"{who} has never been accredited as {accreditation.label}: only an accreditation can lapse."},
            code="never_accredited",
        )
    allowed = ACCREDITATION_MOVES[current]
    if to_status not in allowed:
        choices = " or ".join(_label(s) for s in allowed)
        raise MasteryRefused(
            {"status": f"An accreditation that is {_label(current)} can move to {choices}, not {_label(to_status)}."},
            code="not_allowed",
        )


def accreditation_move_check(*, accreditation: Accreditation, to_status: str, on: datetime.date | None = None) -> None:
    """Raise ``MasteryRefused`` if ``accreditation_move`` would refuse this move now (for a confirmation step
    before a move is made); return None if it would be made. Writes nothing."""
    on = on or timezone.localdate()
    last_on = accreditation.events.order_by("-on").values_list("on", flat=True).first()
    _refuse_move(accreditation, to_status, on, last_on)


@transaction.atomic
def accreditation_move(
    *,
    accreditation: Accreditation,
    to_status: str,
    by,
    on: datetime.date | None = None,
    notes: str | None = None,
    document=None,
) -> Accreditation:
    """Record NCETM staff's decision: the accreditation moves to ``to_status``, taking effect ``on`` (default:
    today). Returns the accreditation as saved.

    The allowed moves are ``mastery.enums.ACCREDITATION_MOVES``. Accredited sets ``accredited_on`` to ``on`` and
    re-registration due ``REREGISTRATION_YEARS`` later. ``notes``, when given, replace the evidence notes; a
    ``document`` (checked as reflections' files are) replaces the evidence document. Concurrent decisions on one
    accreditation are taken one after the other (a row lock), so the second is judged on the first's outcome.
    Records an ``AccreditationEvent`` and "mastery.accreditation_moved" (from, to, the date; who and when).

    Raises ``MasteryRefused`` (a ``ValidationError`` naming the field) for a date in the future or before the last
    move, accredited while the specialist is in programme year 1, lapsed without ever having been accredited, and
    any move not allowed from the current status; nothing is changed then.
    """
    on = on or timezone.localdate()
    accreditation = (
        Accreditation.objects.select_for_update(of=("self",))
        .select_related("specialist__user")
        .get(pk=accreditation.pk)
    )
    accreditation_move_check(accreditation=accreditation, to_status=to_status, on=on)
    if document is not None:
        evidence_document_check(document)
    before = {name: getattr(accreditation, name) for name in MOVE_FIELDS}
    accreditation.status = to_status
    if to_status == AS.ACCREDITED:
        accreditation.accredited_on = on
        accreditation.reregistration_due_on = reregistration_due_for(on)
    notes = None if notes is None else notes.strip()
    if notes is not None:
        accreditation.evidence_notes = notes
    old_document = accreditation.document.name if accreditation.document else ""
    if document is not None:
        accreditation.document_name = document.name.rsplit("/", 1)[-1][:255]
        accreditation.document.save(document.name, document, save=False)
    accreditation.decided_by = by
    accreditation.decided_at = timezone.now()
    accreditation.save()
    if document is not None and old_document:
        storage = accreditation.document.storage
        transaction.on_commit(lambda: storage.delete(old_document))
    AccreditationEvent.objects.create(
        accreditation=accreditation,
        from_status=before["status"],
        to_status=to_status,
        on=on,
        notes=notes or "",
        document_name=accreditation.document_name if document is not None else "",
        by=by,
        at=accreditation.decided_at,
    )
    audit_record(
        actor=by,
        action="mastery.accreditation_moved",
        target=accreditation,
        hub=accreditation.specialist.hub_id,
        subject=accreditation.specialist.user_id,
        before=before,
        after={**{name: getattr(accreditation, name) for name in MOVE_FIELDS}, "on": on},
        reason=notes or "",
    )
    return accreditation
