"""Demo Work Groups: a Teaching for Mastery project run by the Matrix hub, led by the demo Work Group lead."""

import datetime

from django.utils import timezone

from accounts.models import User
from schools.enums import Phase
from workgroups.enums import Strand, WorkGroupStatus
from workgroups.models import AcademicYear, NationalProject, Session, WorkGroup


def seed(hubs) -> None:
    today = timezone.localdate()
    year, _ = AcademicYear.objects.get_or_create(start_year=AcademicYear.start_year_for(today))
    yy = year.start_year % 100
    project, _ = NationalProject.objects.get_or_create(
        code=f"NCP{yy:02d}-11",
        defaults={
            "title": "Primary Teaching for Mastery Development",
            "phases": [Phase.PRIMARY],
            "strand": Strand.SCHOOL_IMPROVEMENT,
            "academic_year": year,
            "is_teaching_for_mastery": True,
        },
    )
    matrix = hubs["matrix"]
    work_group, created = WorkGroup.objects.get_or_create(
        code=f"{project.code}-MAT-01",
        defaults={
            "hub": matrix,
            "project": project,
            "academic_year": year,
            "title": "Primary TfM Development — Cambridge",
            "phase": Phase.PRIMARY,
            "venue": "Matrix Maths Hub, Cambridge",
            "status": WorkGroupStatus.OPEN,
            "registration_deadline": today + datetime.timedelta(days=30),
        },
    )
    work_group.leads.add(User.objects.get(email="wglead@demo.mathshubs.test"))
    if created:
        first = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=14), datetime.time(13, 30))
        )
        for number in range(1, project.default_sessions + 1):
            starts = first + datetime.timedelta(weeks=6 * (number - 1))
            Session.objects.create(
                work_group=work_group,
                number=number,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2, minutes=30),
                venue=work_group.venue,
                agenda=f"Session {number}: planning for mastery.",
                task="Try a variation task with your class and bring two pieces of student work.",
            )
