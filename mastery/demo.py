"""Demo data for the Mastery Specialist programme: cohorts of three start years (two years ago to this year, primary
and secondary), and specialists of the Matrix hub at each programme year. Keyed by natural keys, so seeding
twice changes nothing.

- wglead@ is a year-2 specialist whose first Work Group is the running one they lead;
- specialist@ (a login of its own) is in this year's cohort, in year 1: their progress page is linked from home.
"""

from django.utils import timezone

from accounts.models import User
from accounts.services import user_create_verified
from hubs.demo import DEMO_PASSWORD, DemoLogin
from hubs.models import school_in_hub_q
from mastery.enums import LaunchAttendee
from mastery.models import Cohort, MasterySpecialist
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
        MasterySpecialist.objects.get_or_create(
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
    return logins
