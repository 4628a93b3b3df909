"""Demo Work Groups, so each demo role can try its part right after ``make run``.

- hublead@ (Matrix): an open group with registrations to approve (consent confirmed, pending, declined),
  and a draft group with a session planned, ready to publish.
- wglead@: leads a running group whose latest session is today: take the register.
- teacher@: approved in the running group (My CPD: next session, the task, a reflection to write),
  registered for the open group, and completed last year's group (evaluation and certificate).
- ncetm@: the national project catalogue.

Everything is keyed by natural keys (codes, e-mails, numbers): seeding twice changes nothing.
Rows are written directly (not through the services) because the demo needs sessions in the past
and must not send e-mails.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.services import user_create_verified
from hubs.demo import DEMO_PASSWORD
from hubs.models import school_in_hub_q
from schools.enums import Phase
from schools.models import School
from workgroups import services
from workgroups.enums import ConsentStatus, Format, JourneyStage, RegistrationStatus, Strand, WorkGroupStatus
from workgroups.models import AcademicYear, Attendance, NationalProject, Registration, Session, WorkGroup
from workgroups.models.projects import journey_stage_named_in

PARTICIPANTS = [
    ("Priya Patel", "Year 3 teacher"),
    ("Ben Okafor", "Maths lead"),
    ("Grace Hughes", "Year 5 teacher"),
    ("Daniel Kowalski", "Year 6 teacher"),
    ("Aisha Rahman", "Year 2 teacher"),
    ("Liam Byrne", "Assistant head"),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _project(year, code_suffix, title, phases, strand, **fields) -> NationalProject:
    stage = journey_stage_named_in(title)
    if stage != JourneyStage.NONE:  # a Teaching for Mastery stage: the school journeys derive from it
        fields.setdefault("is_teaching_for_mastery", True)
        fields.setdefault("journey_stage", stage)
    yy = year.start_year % 100
    project, _ = NationalProject.objects.get_or_create(
        code=f"NCP{yy:02d}-{code_suffix}",
        defaults={"title": title, "phases": phases, "strand": strand, "academic_year": year, **fields},
    )
    return project


def _sessions(work_group, first: datetime.datetime, count: int, weeks_apart: int = 6) -> None:
    for number in range(1, count + 1):
        starts = first + datetime.timedelta(weeks=weeks_apart * (number - 1))
        Session.objects.get_or_create(
            work_group=work_group,
            number=number,
            defaults={
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=2, minutes=30),
                "venue": work_group.venue,
                "agenda": f"Session {number}: planning for mastery.",
                "task": "Try a variation task with your class and bring two pieces of student work.",
            },
        )


def _register(work_group, teacher, school, role, *, status, consent) -> Registration:
    now = timezone.now()
    registration, _ = Registration.objects.get_or_create(
        work_group=work_group,
        teacher=teacher,
        defaults={
            "academic_year_id": work_group.academic_year_id,
            "school": school,
            "role_in_school": role,
            "headteacher_name": "Hilary Head",
            "headteacher_email": f"head.{school.urn}@demo-school.test",
            "status": status,
            "consent_status": consent,
            "consent_decided_at": now if consent != ConsentStatus.PENDING else None,
            "decided_at": now if status == RegistrationStatus.APPROVED else None,
        },
    )
    return registration


def seed(hubs) -> None:
    today = timezone.localdate()
    year, _ = AcademicYear.objects.get_or_create(start_year=AcademicYear.start_year_for(today))
    services.half_terms_seed_network_defaults(start_year=year.start_year)
    project = _project(
        year,
        "11",
        "Primary Teaching for Mastery Development",
        [Phase.PRIMARY],
        Strand.SCHOOL_IMPROVEMENT,
        is_teaching_for_mastery=True,
    )
    _project(
        year,
        "12",
        "Secondary Teaching for Mastery Development",
        [Phase.SECONDARY],
        Strand.SCHOOL_IMPROVEMENT,
        is_teaching_for_mastery=True,
    )
    _project(
        year,
        "14b",
        "Sustaining Teaching for Mastery: KS3 multiplicative reasoning",
        [Phase.SECONDARY],
        Strand.SCHOOL_IMPROVEMENT,
    )
    mastering_number = _project(
        year,
        "21",
        "Mastering Number",
        [Phase.PRIMARY],
        Strand.CLASSROOM_PRACTICE,
        default_capacity=40,
        default_teachers_per_school=3,
        default_sessions=4,
    )
    matrix = hubs["matrix"]
    wglead = User.objects.get(email="wglead@demo.mathshubs.test")
    teacher = User.objects.get(email="teacher@demo.mathshubs.test")
    schools = list(School.objects.open().filter(school_in_hub_q(matrix)).order_by("urn"))

    # 1. Open for registration: the hub lead has registrations to approve.
    open_group, created = WorkGroup.objects.get_or_create(
        code=f"{project.code}-MAT-01",
        defaults={
            "hub": matrix,
            "project": project,
            "academic_year": year,
            "title": "Primary TfM Development — Cambridge",
            "phase": Phase.PRIMARY,
            "venue": "Matrix Maths Hub, Cambridge",
            "venue_postcode": "ZZ1 9MH",
            "venue_easting": 545_400,
            "venue_northing": 258_300,
            "status": WorkGroupStatus.OPEN,
            "registration_deadline": today + datetime.timedelta(days=30),
        },
    )
    open_group.leads.add(wglead)
    if created:
        _sessions(open_group, _at(today + datetime.timedelta(days=14), 13, 30), project.default_sessions)

    participants = []
    for index, (name, role) in enumerate(PARTICIPANTS, start=1):
        school = schools[(index + 3) % len(schools)]
        user = User.objects.filter(email=f"participant{index}@demo.mathshubs.test").first()
        if user is None:
            user = user_create_verified(
                email=f"participant{index}@demo.mathshubs.test", full_name=name, password=DEMO_PASSWORD, school=school
            )
        participants.append((user, school, role))
    consents = [ConsentStatus.CONFIRMED, ConsentStatus.CONFIRMED, ConsentStatus.PENDING, ConsentStatus.DECLINED]
    for (user, school, role), consent in zip(participants[:4], consents, strict=True):
        _register(open_group, user, school, role, status=RegistrationStatus.APPLIED, consent=consent)
    _register(
        open_group,
        teacher,
        teacher.school,
        "Year 4 teacher",
        status=RegistrationStatus.APPLIED,
        consent=ConsentStatus.CONFIRMED,
    )

    # 2. A draft with one session planned: the hub lead publishes it.
    draft, created = WorkGroup.objects.get_or_create(
        code=f"{mastering_number.code}-MAT-01",
        defaults={
            "hub": matrix,
            "project": mastering_number,
            "academic_year": year,
            "title": "Mastering Number — Peterborough",
            "phase": Phase.PRIMARY,
            "format": Format.BLENDED,
            "venue": "Peterborough Teaching Centre",
            "venue_postcode": "ZZ1 9PT",
            "venue_easting": 519_100,
            "venue_northing": 298_600,
            "capacity": 40,
            "teachers_per_school": 3,
            "status": WorkGroupStatus.DRAFT,
        },
    )
    draft.leads.add(wglead)
    if created:
        _sessions(draft, _at(today + datetime.timedelta(days=21), 15, 45), 1)

    # 3. Running, its latest session today: the Work Group lead takes the register.
    running, created = WorkGroup.objects.get_or_create(
        code=f"{project.code}-MAT-02",
        defaults={
            "hub": matrix,
            "project": project,
            "academic_year": year,
            "title": "Primary TfM Development — Ely",
            "phase": Phase.PRIMARY,
            "venue": "Ely Primary Hub Room",
            "venue_postcode": "ZZ1 9EL",
            "venue_easting": 554_000,
            "venue_northing": 280_100,
            "status": WorkGroupStatus.RUNNING,
            "min_schools": 3,
        },
    )
    running.leads.add(wglead)
    if created:
        _sessions(running, _at(today - datetime.timedelta(weeks=4), 9, 0), 4, weeks_apart=4)
    members = [
        _register(running, user, school, role, status=RegistrationStatus.APPROVED, consent=ConsentStatus.CONFIRMED)
        for user, school, role in participants
    ]
    members.append(
        _register(
            running,
            teacher,
            teacher.school,
            "Year 4 teacher",
            status=RegistrationStatus.APPROVED,
            consent=ConsentStatus.CONFIRMED,
        )
    )
    first_session = running.sessions.get(number=1)
    for member in members:
        Attendance.objects.get_or_create(
            registration=member, session=first_session, defaults={"status": "present", "recorded_by": wglead}
        )

    # 4. Last year's group, completed: the teacher evaluates it and downloads a certificate.
    last_year, _ = AcademicYear.objects.get_or_create(start_year=year.start_year - 1)
    old_project = _project(
        last_year,
        "11",
        "Primary Teaching for Mastery Readiness",
        [Phase.PRIMARY],
        Strand.SCHOOL_IMPROVEMENT,
        default_sessions=3,
    )
    done, created = WorkGroup.objects.get_or_create(
        code=f"{old_project.code}-MAT-01",
        defaults={
            "hub": matrix,
            "project": old_project,
            "academic_year": last_year,
            "title": "Mastery Readiness — Cambridge",
            "phase": Phase.PRIMARY,
            "venue": "Matrix Maths Hub, Cambridge",
            "status": WorkGroupStatus.COMPLETED,
            "min_schools": 1,
        },
    )
    done.leads.add(wglead)
    if created:
        first_day = last_year.starts_on + datetime.timedelta(days=40)
        first_day += datetime.timedelta(days=(7 - first_day.weekday()) % 7)  # a Monday
        _sessions(done, _at(first_day, 13, 30), 3, weeks_apart=8)
    completed = _register(
        done,
        teacher,
        teacher.school,
        "Year 4 teacher",
        status=RegistrationStatus.APPROVED,
        consent=ConsentStatus.CONFIRMED,
    )
    for session in done.sessions.all():
        Attendance.objects.get_or_create(
            registration=completed, session=session, defaults={"status": "present", "recorded_by": wglead}
        )
    services.registrations_evaluate_completion(work_group=done)
