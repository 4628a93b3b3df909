"""Each specialist's old PD Lead status becomes a PD Lead accreditation in their cohort's phase.

- not started, in progress: the same status, no dates;
- accredited on a date: accredited, with re-registration due three years later; when that day has passed (the old
  field could not say so), re-registration due.

No history rows are made: the portal did not record who decided the old statuses or when (the accreditation date is
kept on the accreditation). Reversed, a specialist's PD Lead accreditation in their cohort's phase goes back into
the old fields (re-registration due: accredited; lapsed: in progress with no date, which the old fields allowed).
"""

import datetime

from django.db import migrations
from django.utils import timezone

# Frozen here (not imported from mastery.enums, which will move on): a cohort's phase → its PD Lead phase.
COHORT_PD_LEAD_PHASE = {"primary": "primary", "secondary": "secondary", "16_plus": "core_maths_level_3"}
REREGISTRATION_YEARS = 3
BATCH = 2000


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def accreditations_from_specialists(apps, schema_editor):
    Specialist = apps.get_model("mastery", "MasterySpecialist")
    Accreditation = apps.get_model("mastery", "Accreditation")
    today = timezone.localdate()
    rows = []
    specialists = Specialist.objects.order_by("pk").values_list(
        "pk", "cohort__phase", "accreditation_status", "accredited_on", "nominated_at"
    )
    for pk, cohort_phase, status, accredited_on, nominated_at in specialists.iterator(chunk_size=BATCH):
        due_on = None
        if status == "accredited" and accredited_on is not None:
            due_on = _years_later(accredited_on, REREGISTRATION_YEARS)
            if due_on <= today:
                status = "reregistration_due"
        elif status == "accredited":  # no date (the old constraint forbade it; kept from failing regardless)
            status = "in_progress"
        elif status != "in_progress":
            status, accredited_on = "not_started", None
        else:
            accredited_on = None
        rows.append(
            Accreditation(
                specialist_id=pk,
                kind="pd_lead",
                phase=COHORT_PD_LEAD_PHASE.get(cohort_phase, "primary"),
                status=status,
                accredited_on=accredited_on,
                reregistration_due_on=due_on,
                created_at=nominated_at,
            )
        )
        if len(rows) >= BATCH:
            Accreditation.objects.bulk_create(rows)
            rows.clear()
    Accreditation.objects.bulk_create(rows)


def specialists_from_accreditations(apps, schema_editor):
    Specialist = apps.get_model("mastery", "MasterySpecialist")
    Accreditation = apps.get_model("mastery", "Accreditation")
    back = {"accredited": "accredited", "reregistration_due": "accredited", "in_progress": "in_progress"}
    for specialist in Specialist.objects.select_related("cohort").iterator(chunk_size=BATCH):
        phase = COHORT_PD_LEAD_PHASE.get(specialist.cohort.phase, "primary")
        row = Accreditation.objects.filter(specialist=specialist, kind="pd_lead", phase=phase).first()
        if row is None:
            continue
        status = back.get(row.status, "in_progress" if row.status == "lapsed" else "not_started")
        Specialist.objects.filter(pk=specialist.pk).update(
            accreditation_status=status, accredited_on=row.accredited_on if status == "accredited" else None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mastery", "0004_accreditations"),
    ]

    operations = [
        migrations.RunPython(accreditations_from_specialists, specialists_from_accreditations),
    ]
