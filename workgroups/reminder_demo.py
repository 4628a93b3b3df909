"""Demo data for reminders: a running Work Group with sessions due for reminders soon after ``make run``.

Session 2 is tomorrow (its 1-day reminder and the task reflection reminder are due), session 3
is in six days (its 7-day reminder is due); teacher@ is an approved participant who has not
reflected on session 1's task, wglead@ leads it. The worker's embedded beat sweeps within a
minute and the e-mails appear at /dev/mailbox/. Created once; running the seed again changes nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from schools.enums import Phase
from workgroups.enums import ConsentStatus, RegistrationStatus, WorkGroupStatus
from workgroups.models import AcademicYear, NationalProject, Registration, Session, WorkGroup


def seed(hubs) -> None:
    matrix = hubs["matrix"]
    this_year = AcademicYear.start_year_for(timezone.localdate())
    if WorkGroup.objects.filter(hub=matrix, code__endswith="-MAT-REM").exists():
        return  # seeded already (the first project by code may since be another one: seed_network adds projects)
    project = (
        NationalProject.objects.filter(academic_year__start_year=this_year).order_by("code").first()
        or NationalProject.objects.order_by("-academic_year__start_year", "code").first()
    )
    if project is None:
        return
    work_group, created = WorkGroup.objects.get_or_create(
        code=f"{project.code}-MAT-REM",
        defaults={
            "hub": matrix,
            "project": project,
            "academic_year": project.academic_year,
            "title": "Primary TfM Development — Peterborough (reminders demo)",
            "phase": Phase.PRIMARY,
            "venue": "Park Primary School, Peterborough",
            "status": WorkGroupStatus.RUNNING,
        },
    )
    if not created:
        return
    work_group.leads.add(User.objects.get(email="wglead@demo.mathshubs.test"))
    teacher = User.objects.get(email="teacher@demo.mathshubs.test")
    Registration.objects.get_or_create(
        work_group=work_group,
        teacher=teacher,
        defaults={
            "school": teacher.school,
            "role_in_school": "Year 4 teacher",
            "status": RegistrationStatus.APPROVED,
            "headteacher_name": "Pat Head",
            "headteacher_email": "head@park-primary.example",
            "consent_status": ConsentStatus.CONFIRMED,
        },
    )
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    # Session 2 inside its 1-day window at a daytime hour, session 3 inside its 7-day window.
    if now.hour < 8:
        soon = now.replace(hour=16)
    else:
        soon = now.replace(hour=min(now.hour, 17)) + datetime.timedelta(days=1)
    starts = [soon - datetime.timedelta(days=42), soon, soon + datetime.timedelta(days=5)]
    for number, start in enumerate(starts, start=1):
        Session.objects.create(
            work_group=work_group,
            number=number,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2, minutes=30),
            venue=work_group.venue,
            agenda=f"Session {number}: representations and structures.",
            task="Use a bar model with your class for a comparison problem; bring two pieces of student work.",
        )
