"""Demo open lessons and school journeys, so each demo role can try its part right after ``make run``.

- wglead@ (Wendy Lead) is a Mastery Specialist of the Matrix hub (year 2) and hosts its open lessons: one in ten
  days that is full (teacher@ and three participants booked, participant4@ on the waitlist), one in three weeks
  with places free, one last month that took place, and one cancelled.
- teacher@ sees the booking in My CPD and can book the second lesson; hublead@ sees both in the hub's calendar.
- Five Matrix schools along the Teaching for Mastery journey (``seed_journeys``).

Keyed by natural keys (the host and the lesson's focus): seeding twice changes nothing. Rows are written directly
(not through the services) because the demo needs a lesson in the past and must not send e-mails.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from hubs.models import school_in_hub_q
from mastery.enums import BookingStatus, OpenLessonStatus
from mastery.models import MasterySpecialist, OpenLesson, OpenLessonBooking, SchoolJourneyOverride
from schools.enums import Phase
from schools.models import School
from workgroups.enums import ConsentStatus, JourneyStage, RegistrationStatus, Strand, WorkGroupStatus
from workgroups.models import AcademicYear, NationalProject, Registration, WorkGroup

DEMO = "@demo.mathshubs.test"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def demo_specialist(hubs) -> MasterySpecialist | None:
    """wglead@ as a Mastery Specialist of the Matrix hub (made by ``mastery.demo``, which runs first)."""
    return (
        MasterySpecialist.objects.filter(user__email=f"wglead{DEMO}", hub=hubs["matrix"])
        .select_related("user")
        .order_by("pk")
        .first()
    )


def _lesson(specialist, focus, *, days, **fields) -> tuple[OpenLesson, bool]:
    starts = _at(days, 9, 30)
    return OpenLesson.objects.get_or_create(
        specialist=specialist,
        focus=focus,
        defaults={
            "school_id": specialist.user.school_id,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=1, minutes=30),
            "details": "Sign in at the main office; the discussion follows in the staff room.",
            **fields,
        },
    )


def _book(lesson, email, status, *, minutes_after=0) -> None:
    teacher = User.objects.get(email=email)
    OpenLessonBooking.objects.get_or_create(
        lesson=lesson,
        teacher=teacher,
        defaults={
            "school_id": teacher.school_id,
            "status": status,
            "waitlisted_at": timezone.now() + datetime.timedelta(minutes=minutes_after)
            if status == BookingStatus.WAITLISTED
            else None,
        },
    )


def seed(hubs) -> None:
    seed_journeys(hubs)
    specialist = demo_specialist(hubs)
    if specialist is None or specialist.user.school_id is None:
        return
    full, created = _lesson(specialist, "Reasoning with fractions", days=10, class_or_year_group="Year 4", capacity=4)
    if created:
        for email in (f"teacher{DEMO}", f"participant1{DEMO}", f"participant2{DEMO}", f"participant3{DEMO}"):
            _book(full, email, BookingStatus.BOOKED)
        _book(full, f"participant4{DEMO}", BookingStatus.WAITLISTED)
    _lesson(specialist, "Fluency in number bonds", days=21, class_or_year_group="Year 1", capacity=8)
    past, created = _lesson(specialist, "Bar models for word problems", days=-30, class_or_year_group="Year 6")
    if created:
        _book(past, f"teacher{DEMO}", BookingStatus.BOOKED)
        _book(past, f"participant5{DEMO}", BookingStatus.BOOKED)
    _lesson(
        specialist,
        "Place value with Dienes",
        days=14,
        class_or_year_group="Year 2",
        status=OpenLessonStatus.CANCELLED,
        cancelled_reason="The class is on a school trip that day.",
        sequence=1,
    )


# --------------------------------------------------------------------------- school journeys

# (years ago, stage, project title): five Matrix schools, one at each stage (one of them repeated Embedding), and
# one whose stage the hub lead recorded.
JOURNEY_YEARS = [
    (4, JourneyStage.READINESS, "Primary Teaching for Mastery Readiness"),
    (3, JourneyStage.DEVELOPMENT, "Primary Teaching for Mastery Development"),
    (2, JourneyStage.EMBEDDING, "Primary Teaching for Mastery Embedding"),
    (1, JourneyStage.EMBEDDING, "Primary Teaching for Mastery Embedding"),
    (1, JourneyStage.SUSTAINING, "Primary Teaching for Mastery Sustaining"),
]


def seed_journeys(hubs) -> None:
    """Matrix schools at each stage of the Teaching for Mastery journey, from completed Work Groups of past years
    (the figures are rebuilt by ``seed_demo`` afterwards): the 4th-8th schools of the hub by URN."""
    matrix = hubs["matrix"]
    schools = list(School.objects.open().filter(school_in_hub_q(matrix)).order_by("urn")[3:8])
    if len(schools) < 5:
        return
    this_year = AcademicYear.start_year_for(timezone.localdate())
    # Completed: Readiness (schools 1-4), Development (2-4), Embedding (3-4, and again the next year: school 3
    # repeated it), Sustaining (4). School 0 completed nothing; its stage is recorded by the hub lead.
    takers = {
        (4, JourneyStage.READINESS): schools[1:5],
        (3, JourneyStage.DEVELOPMENT): schools[2:5],
        (2, JourneyStage.EMBEDDING): schools[3:5],
        (1, JourneyStage.EMBEDDING): schools[3:4],
        (1, JourneyStage.SUSTAINING): schools[4:5],
    }
    for number, (years_ago, stage, title) in enumerate(JOURNEY_YEARS, start=1):
        year, _ = AcademicYear.objects.get_or_create(start_year=this_year - years_ago)
        project, _ = NationalProject.objects.get_or_create(
            code=f"NCP{year.start_year % 100:02d}-4{number}",
            defaults={
                "title": title,
                "phases": [Phase.PRIMARY],
                "strand": Strand.SCHOOL_IMPROVEMENT,
                "academic_year": year,
                "is_teaching_for_mastery": True,
                "journey_stage": stage,
            },
        )
        work_group, created = WorkGroup.objects.get_or_create(
            code=f"{project.code}-MAT-J",
            defaults={
                "hub": matrix,
                "project": project,
                "academic_year": year,
                "title": f"{title} — Matrix",
                "phase": Phase.PRIMARY,
                "status": WorkGroupStatus.COMPLETED,
            },
        )
        if not created:
            continue
        for school in takers[(years_ago, stage)]:
            teacher, _ = User.objects.get_or_create(
                email=f"advocate.{school.urn}{DEMO}",
                defaults={"full_name": f"Mastery Advocate of {school.name}"[:150], "school": school},
            )
            Registration.objects.create(
                work_group=work_group,
                academic_year=year,
                teacher=teacher,
                school=school,
                role_in_school="Maths lead",
                headteacher_name="Pat Head",
                headteacher_email=f"head.{school.urn}@demo-school.test",
                status=RegistrationStatus.COMPLETED,
                consent_status=ConsentStatus.CONFIRMED,
            )
    SchoolJourneyOverride.objects.get_or_create(
        school=schools[0],
        defaults={
            "stage": JourneyStage.DEVELOPMENT,
            "reason": "Development year done with another hub in 2019/20, before the portal.",
            "recorded_by": User.objects.filter(email=f"hublead{DEMO}").first(),
        },
    )
