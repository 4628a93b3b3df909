"""Cohorts, nominations, placements and milestones. Each change is recorded in the audit trail (who, when, before,
after) inside its own transaction.

Who may call which is decided by the caller through ``mastery.rules``; these functions keep the rules of the data
whatever the caller (a nominee teaches at one of the hub's schools, a first Work Group is one the specialist led).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_changes, audit_record, audit_values
from hubs.models import Hub, school_in_hub_q
from mastery.enums import COHORT_PD_LEAD_PHASE, COHORT_PHASES, AccreditationKind, ProgrammeYear
from mastery.models import Accreditation, Cohort, MasterySpecialist
from mastery.models.specialists import TRAINING_DAYS_MAX
from schools.models import School
from workgroups.models import AcademicYear, WorkGroup

MILESTONE_FIELDS = (
    "programme_year",
    "training_days_attended",
    "launch_attendee",
    "launch_attendee_name",
    "first_work_group",
)


class MasteryRefused(ValidationError):
    """The change would break a rule of the programme; the message says which, for the person who asked."""


def current_start_year() -> int:
    return AcademicYear.start_year_for(timezone.localdate())


@transaction.atomic
def cohort_create(*, start_year: int, phase: str, actor) -> Cohort:
    """Make the cohort of ``phase`` starting in the academic year ``start_year``. Records "mastery.cohort_created".

    Raises ``MasteryRefused`` for a phase the programme has no cohorts in, or a cohort that exists already.
    """
    if phase not in COHORT_PHASES:
        raise MasteryRefused({"phase": "Cohorts are primary, secondary or post-16."}, code="phase")
    year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(academic_year=year, phase=phase, created_by=actor)
    except IntegrityError:
        label = dict(Cohort._meta.get_field("phase").choices)[phase]
        raise MasteryRefused(
            {"start_year": f"There is a {label} cohort starting in {year} already."}, code="exists"
        ) from None
    audit_record(
        actor=actor,
        action="mastery.cohort_created",
        target=cohort,
        after=audit_values(cohort, "academic_year", "phase"),
    )
    return cohort


def _refuse_nominee(*, hub: Hub, user, cohort: Cohort) -> None:
    if user.school_id is None or not School.objects.filter(school_in_hub_q(hub), pk=user.school_id).exists():
        raise MasteryRefused(
            {
                "email": f"{user} does not teach at a school the {hub.name} hub serves: they link themself to "
                "their school in their profile first."
            },
            code="not_hub_school",
        )
    if cohort.academic_year.start_year < current_start_year():
        raise MasteryRefused(
            {"cohort": f"The {cohort} has started its training already: choose this year's cohort or a later one."},
            code="cohort_started",
        )
    already = MasterySpecialist.objects.filter(user=user).select_related("cohort__academic_year", "hub").first()
    if already is not None:
        raise MasteryRefused(
            {"email": f"{user} is a Mastery Specialist already ({already.cohort}, {already.hub})."}, code="already"
        )


@transaction.atomic
def specialist_nominate(*, hub: Hub, user, cohort: Cohort, actor) -> MasterySpecialist:
    """Nominate ``user``, a teacher of one of ``hub``'s schools, to ``cohort``: they start in programme year 1.

    Their PD Lead accreditation in the cohort's phase is opened, not started. Raises ``MasteryRefused`` when they
    teach elsewhere, are a specialist already, or the cohort's training has started (its start year is past).
    Records "mastery.specialist_nominated" (subject: the teacher).
    """
    # Two nominations of one person at once are decided one after the other (the second is refused).
    type(user).objects.select_for_update().filter(pk=user.pk).first()
    _refuse_nominee(hub=hub, user=user, cohort=cohort)
    specialist = MasterySpecialist.objects.create(
        user=user, hub=hub, cohort=cohort, programme_year=ProgrammeYear.TRAINING, nominated_by=actor
    )
    # Every specialist works towards PD Lead accreditation in their cohort's phase: it starts as not started.
    Accreditation.objects.create(
        specialist=specialist, kind=AccreditationKind.PD_LEAD, phase=COHORT_PD_LEAD_PHASE[cohort.phase]
    )
    audit_record(
        actor=actor,
        action="mastery.specialist_nominated",
        target=specialist,
        subject=user,
        after=audit_values(specialist, "cohort", "programme_year"),
    )
    return specialist


@transaction.atomic
def specialist_place(*, specialist: MasterySpecialist, cohort: Cohort, actor, reason: str = "") -> bool:
    """Place the specialist in another cohort (NCETM staff); return whether it changed. Records
    "mastery.specialist_placed". Raises ``MasteryRefused`` if they are in that cohort already by another place."""
    specialist = MasterySpecialist.objects.select_for_update().get(pk=specialist.pk)
    if specialist.cohort_id == cohort.pk:
        return False
    before = audit_values(specialist, "cohort")
    specialist.cohort = cohort
    specialist.save(update_fields=["cohort"])
    audit_record(
        actor=actor,
        action="mastery.specialist_placed",
        target=specialist,
        subject=specialist.user_id,
        before=before,
        after=audit_values(specialist, "cohort"),
        reason=reason,
    )
    return True


def _refuse_milestones(specialist: MasterySpecialist, values: dict) -> None:
    errors = {}
    days = values["training_days_attended"]
    if days is None or not 0 <= days <= TRAINING_DAYS_MAX:
        errors["training_days_attended"] = f"Give the training days attended, from 0 to {TRAINING_DAYS_MAX}."
    if values["programme_year"] not in ProgrammeYear.values:
        errors["programme_year"] = "The programme year is 1, 2 or 3."
    if values["launch_attendee_name"].strip() and not values["launch_attendee"]:
        errors["launch_attendee"] = "Say whether they were the headteacher or another senior leader."
    work_group = values["first_work_group"]
    if (
        work_group is not None
        and not WorkGroup.objects.filter(pk=work_group.pk, hub_id=specialist.hub_id, leads=specialist.user_id).exists()
    ):
        errors["first_work_group"] = f"Choose a Work Group of the hub that {specialist.user} leads or led."
    if errors:
        raise MasteryRefused(errors, code="milestones")


@transaction.atomic
def specialist_milestones_record(
    *,
    specialist: MasterySpecialist,
    programme_year: int,
    training_days_attended: int,
    launch_attendee: str,
    launch_attendee_name: str,
    first_work_group: WorkGroup | None,
    actor,
) -> bool:
    """Record the specialist's milestones (the hub's managers): their programme year, training days attended, who
    from their school came to the launch, the first Work Group they led (one of the hub's they lead or led).
    Returns whether anything changed. Raises ``MasteryRefused`` naming each bad field. Records
    "mastery.milestones_recorded" with only the fields that changed."""
    values = {
        "programme_year": programme_year,
        "training_days_attended": training_days_attended,
        "launch_attendee": launch_attendee or "",
        "launch_attendee_name": (launch_attendee_name or "").strip(),
        "first_work_group": first_work_group,
    }
    _refuse_milestones(specialist, values)
    specialist = MasterySpecialist.objects.select_for_update().get(pk=specialist.pk)
    before = audit_values(specialist, *MILESTONE_FIELDS)
    for name, value in values.items():
        setattr(specialist, name, value)
    after = audit_values(specialist, *MILESTONE_FIELDS)
    before, after = audit_changes(before, after)
    if not after:
        return False
    specialist.save(update_fields=list(MILESTONE_FIELDS))
    audit_record(
        actor=actor,
        action="mastery.milestones_recorded",
        target=specialist,
        subject=specialist.user_id,
        before=before,
        after=after,
    )
    return True
