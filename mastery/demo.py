"""Demo data for the Mastery Specialist programme: cohorts of three start years (two years ago to this year, primary
and secondary), and specialists of the Matrix hub at each programme year. Keyed by natural keys, so seeding
twice changes nothing.

- wglead@ is a year-2 specialist whose first Work Group is the running one they lead;
- specialist@ (a login of its own) is in this year's cohort, in year 1: their progress page is linked from home.
- Accreditations at each status NCETM staff meet first (``ACCREDITATIONS``): Sam in progress (year 1, so not yet
  accreditable), Wendy in progress in year 2 (ncetm@ can record her accreditation), Sunita accredited last July
  and working towards School Development Lead, Simon not started. Written directly with their history, decided by
  ncetm@ (the service would refuse back-dated histories and needs no e-mail).
"""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.services import user_create_verified
from hubs.demo import DEMO_PASSWORD, DemoLogin
from hubs.models import school_in_hub_q
from mastery.enums import COHORT_PD_LEAD_PHASE, AccreditationKind, LaunchAttendee
from mastery.enums import AccreditationStatus as AS
from mastery.models import Accreditation, AccreditationEvent, Cohort, MasterySpecialist
from mastery.models.accreditation import reregistration_due_for
from schools.enums import Phase
from schools.models import School
from workgroups.models import AcademicYear, WorkGroup

# (e-mail local part, name, cohort's start year from now, phase, programme year, training days, launch)
SPECIALISTS = [
    ("specialist", "Sam Specialist", 0, Phase.PRIMARY, 1, 4, LaunchAttendee.HEADTEACHER),
    ("wglead", None, -1, Phase.PRIMARY, 2, 15, LaunchAttendee.HEADTEACHER),
    ("specialist.sustaining", "Sunita Sustain", -2, Phase.SECONDARY, 3, 15, LaunchAttendee.SENIOR_LEADER),
    ("specialist.secondary", "Simon Second", -1, Phase.SECONDARY, 2, 12, ""),
]


# e-mail local part → [(kind, its moves: (status, days ago))]; PD Lead is in the cohort's phase.
ACCREDITATIONS = {
    "specialist": [(AccreditationKind.PD_LEAD, [(AS.IN_PROGRESS, 20)])],
    "wglead": [(AccreditationKind.PD_LEAD, [(AS.IN_PROGRESS, 300)])],
    "specialist.sustaining": [
        (AccreditationKind.PD_LEAD, [(AS.IN_PROGRESS, 650), (AS.ACCREDITED, 150)]),
        (AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, [(AS.IN_PROGRESS, 60)]),
    ],
    "specialist.secondary": [(AccreditationKind.PD_LEAD, [])],
}


def _accreditations(specialist: MasterySpecialist, local: str, decider) -> None:
    today = timezone.localdate()
    for kind, moves in ACCREDITATIONS[local]:
        phase = COHORT_PD_LEAD_PHASE[specialist.cohort.phase] if kind == AccreditationKind.PD_LEAD else None
        if Accreditation.objects.filter(specialist=specialist, kind=kind, phase=phase).exists():
            continue
        accreditation = Accreditation(specialist=specialist, kind=kind, phase=phase)
        events, status = [], AS.NOT_STARTED
        for to_status, days_ago in moves:
            on = today - datetime.timedelta(days=days_ago)
            if to_status == AS.ACCREDITED:
                accreditation.accredited_on = on
                accreditation.reregistration_due_on = reregistration_due_for(on)
                accreditation.evidence_notes = "Face-to-face sessions and gap tasks completed; portfolio reviewed."
            events.append(AccreditationEvent(from_status=status, to_status=to_status, on=on, by=decider))
            status = to_status
        accreditation.status = status
        if events:
            accreditation.decided_by, accreditation.decided_at = decider, timezone.now()
        accreditation.save()
        for event in events:
            event.accreditation = accreditation
        AccreditationEvent.objects.bulk_create(events)


def _cohorts(current: int) -> dict:
    cohorts = {}
    # Three start years, up to this one (a next year's AcademicYear would become the reports' "latest year").
    for offset in (-2, -1, 0):
        year, _ = AcademicYear.objects.get_or_create(start_year=current + offset)
        for phase in (Phase.PRIMARY, Phase.SECONDARY):
            cohorts[offset, phase] = Cohort.objects.get_or_create(academic_year=year, phase=phase)[0]
    return cohorts


def seed(hubs) -> list[DemoLogin]:
    """The cohorts and the Matrix hub's specialists; returns the demo logins it made."""
    current = AcademicYear.start_year_for(timezone.localdate())
    cohorts = _cohorts(current)
    matrix = hubs["matrix"]
    schools = list(School.objects.open().filter(school_in_hub_q(matrix)).order_by("urn"))
    lead = matrix.memberships.filter(role="lead").select_related("user").first()
    decider = User.objects.filter(is_ncetm_staff=True).order_by("pk").first()
    logins = []
    for n, (local, name, offset, phase, programme_year, days, launch) in enumerate(SPECIALISTS):
        email = f"{local}@demo.mathshubs.test"
        if name is None:
            user = User.objects.get(email=email)  # the Work Group demo made this login
        else:
            user = user_create_verified(
                email=email, full_name=name, password=DEMO_PASSWORD, school=schools[(n + 3) % len(schools)]
            )
            if local == "specialist":
                logins.append(DemoLogin("Mastery Specialist (year 1)", email))
        first = (
            WorkGroup.objects.filter(hub=matrix, leads=user).order_by("academic_year__start_year", "code").first()
            if programme_year >= 2
            else None
        )
        specialist, _ = MasterySpecialist.objects.get_or_create(
            user=user,
            cohort=cohorts[offset, phase],
            defaults={
                "hub": matrix,
                "programme_year": programme_year,
                "training_days_attended": days,
                "launch_attendee": launch,
                "launch_attendee_name": "Pat Head"
                if launch == LaunchAttendee.HEADTEACHER
                else "Dee Deputy"
                if launch
                else "",
                "first_work_group": first,
                "nominated_by": lead.user if lead else None,
            },
        )
        _accreditations(specialist, local, decider)
    return logins
