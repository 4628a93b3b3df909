import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from mastery.enums import (
    ONCE_ACCREDITED_STATUSES,
    REREGISTRATION_YEARS,
    AccreditationKind,
    AccreditationPhase,
    AccreditationStatus,
)


def reregistration_due_for(accredited_on: datetime.date) -> datetime.date:
    """The day re-registration is due for an accreditation granted on ``accredited_on``: ``REREGISTRATION_YEARS``
    later (granted on 29 February: the 28th)."""
    try:
        return accredited_on.replace(year=accredited_on.year + REREGISTRATION_YEARS)
    except ValueError:
        return accredited_on.replace(year=accredited_on.year + REREGISTRATION_YEARS, day=28)


def accreditation_document_upload_to(instance, filename: str) -> str:
    """A random, unguessable name (as for reflections' student work); the uploader's file name is kept in
    ``document_name`` only."""
    suffix = Path(filename).suffix.lower()
    return f"accreditation-evidence/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Accreditation(models.Model):
    """A specialist's NCETM accreditation of one kind (PD Lead in one phase, or School Development Lead) and where
    it stands. NCETM staff decide its moves (``mastery.services.accreditation_move``); each is kept as an
    ``AccreditationEvent``.

    ``accredited_on`` is the date it was last granted: kept through re-registration due, lapsing and a new start,
    so "was it ever accredited?" is ``accredited_on is not None``. ``reregistration_due_on`` follows from it.
    """

    specialist = models.ForeignKey("mastery.MasterySpecialist", on_delete=models.CASCADE, related_name="accreditations")
    kind = models.CharField(max_length=30, choices=AccreditationKind.choices)
    phase = models.CharField(max_length=30, choices=AccreditationPhase.choices, null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=AccreditationStatus.choices, default=AccreditationStatus.NOT_STARTED
    )
    accredited_on = models.DateField("accredited on", null=True, blank=True)
    reregistration_due_on = models.DateField("re-registration due on", null=True, blank=True)
    evidence_notes = models.TextField("evidence notes", blank=True, max_length=5000)
    # Private: MEDIA_ROOT has no URL; the file is served by a view that checks who asks (as reflections' files).
    document = models.FileField("evidence document", upload_to=accreditation_document_upload_to, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["specialist", "kind", "phase"]
        constraints = [
            # Two partial constraints rather than one with NULLS NOT DISTINCT: the demo runs on SQLite too.
            models.UniqueConstraint(
                fields=["specialist", "kind", "phase"],
                condition=models.Q(phase__isnull=False),
                name="one_accreditation_per_kind_and_phase",
            ),
            models.UniqueConstraint(
                fields=["specialist", "kind"],
                condition=models.Q(phase__isnull=True),
                name="one_accreditation_per_phaseless_kind",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, phase__isnull=True)
                    | (~models.Q(kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD) & models.Q(phase__isnull=False))
                ),
                name="accreditation_phase_iff_pd_lead",
            ),
            # Accredited, due for re-registration or lapsed: only with the date it was granted.
            models.CheckConstraint(
                condition=~models.Q(status__in=ONCE_ACCREDITED_STATUSES) | models.Q(accredited_on__isnull=False),
                name="accreditation_date_when_once_accredited",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(accredited_on__isnull=True, reregistration_due_on__isnull=True)
                    | models.Q(reregistration_due_on__gt=models.F("accredited_on"))
                ),
                name="reregistration_due_after_accreditation",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return f"{self.label} accreditation of {self.specialist.user}"

    @property
    def label(self) -> str:
        """ "PD Lead (Primary)", "School Development Lead"."""
        kind = self.get_kind_display()
        return f"{kind} ({self.get_phase_display()})" if self.phase else kind


class AccreditationEvent(models.Model):
    """One recorded move of an accreditation: from, to, the date it took effect, who recorded it and when.

    The accreditation's history on its pages (the audit trail has the same facts, for the audit's readers)."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=AccreditationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AccreditationStatus.choices)
    on = models.DateField("took effect on")
    notes = models.TextField(blank=True, max_length=5000)
    document_name = models.CharField(max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["accreditation", "at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or 'New'} → {self.get_to_status_display()}"
