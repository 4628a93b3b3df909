"""Demo history for the reports: three academic years of Work Groups in the demo hubs, with registrations,
registers, evaluations, headteachers' survey answers, Work Group leads and Mastery Specialists.

Deterministic (a seeded generator) and keyed by natural keys (project and Work Group codes, e-mails, unique
constraints), so seeding twice changes nothing.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from hubs.models import Hub, school_in_hub_q
from mastery.enums import AccreditationStatus
from mastery.models import MasterySpecialist
from reports.enums import QuestionKind
from reports.models import ImpactSurveyQuestion, ImpactSurveyResponse
from schools.enums import Phase
from schools.models import School
from workgroups.enums import AttendanceStatus, RegistrationStatus, SessionStatus, Strand, WorkGroupStatus
from workgroups.models import AcademicYear, Attendance, Evaluation, NationalProject, Registration, Session, WorkGroup

YEARS_BACK = 2
# Share of each hub's open schools taking part each year: the figures differ visibly between hubs.
HUB_REACH = {"matrix": 0.7, "london-thames": 0.5, "great-north": 0.4}
PROJECTS = [
    ("11", "Primary Teaching for Mastery Development", Phase.PRIMARY, True),
    ("12", "Secondary Teaching for Mastery Development", Phase.SECONDARY, True),
]
ABBREVIATIONS = {"matrix": "MAT", "london-thames": "LT", "great-north": "GN"}


def _user(email: str, full_name: str, school: School | None) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "school": school, "password": make_password(None)}
    )
    return user


def _project(year: AcademicYear, number: str, title: str, phase: str, tfm: bool) -> NationalProject:
    project, _ = NationalProject.objects.get_or_create(
        code=f"NCP{year.start_year % 100:02d}-{number}",
        defaults={
            "title": title,
            "phases": [phase],
            "strand": Strand.SCHOOL_IMPROVEMENT,
            "academic_year": year,
            "is_teaching_for_mastery": tfm,
        },
    )
    return project


def _sessions(work_group: WorkGroup, year: AcademicYear) -> list[Session]:
    sessions = []
    for number in range(1, 5):
        starts = timezone.make_aware(
            datetime.datetime.combine(year.starts_on + datetime.timedelta(weeks=7 * number), datetime.time(13, 30))
        )
        session, _ = Session.objects.get_or_create(
            work_group=work_group,
            number=number,
            defaults={
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=2, minutes=30),
                "venue": work_group.venue,
                "agenda": f"Session {number}",
            },
        )
        sessions.append(session)
    return sessions


def _seed_hub_year(hub: Hub, year: AcademicYear, current: bool) -> None:
    # One generator per hub and year, so a second run draws the same schools whatever the first one created.
    rng = random.Random(f"{hub.slug}-{year.start_year}")
    slug, abbreviation = hub.slug, ABBREVIATIONS.get(hub.slug, hub.slug[:3].upper())
    schools = list(School.objects.open().filter(school_in_hub_q(hub)).order_by("urn"))
    reach = HUB_REACH.get(slug, 0.5) - 0.1 * (AcademicYear.start_year_for(timezone.localdate()) - year.start_year)
    taking_part = [s for s in schools if rng.random() < max(reach, 0.2)]
    now = timezone.now()
    for index, (number, title, phase, tfm) in enumerate(PROJECTS):
        project = _project(year, number, title, phase, tfm)
        work_group, _ = WorkGroup.objects.get_or_create(
            code=f"{project.code}-{abbreviation}-R{index + 1}",
            defaults={
                "hub": hub,
                "project": project,
                "academic_year": year,
                "title": f"{title} — {hub.name}",
                "phase": phase,
                "venue": f"{hub.name} Maths Hub",
                "status": WorkGroupStatus.RUNNING if current else WorkGroupStatus.COMPLETED,
            },
        )
        # Two leads per group, the first from a trust school: the leadership figures then show schools and trusts.
        in_trusts = [s for s in schools if s.trust_id] or schools
        for seat, lead_school in enumerate(
            [in_trusts[index % len(in_trusts)], schools[(index * 3 + 1) % len(schools)]]
        ):
            lead = _user(
                f"lead-{slug}-{index + 1}-{seat + 1}@demo.mathshubs.test",
                f"{hub.name} Work Group lead {index * 2 + seat + 1}",
                lead_school,
            )
            work_group.leads.add(lead)
        sessions = _sessions(work_group, year)
        group_schools = [s for s in taking_part if s.phase in (phase, Phase.ALL_THROUGH)]
        for school in group_schools:
            for seat in range(1, 3):
                teacher = _user(
                    f"participant-{school.urn}-{seat}@demo.mathshubs.test", f"Teacher {seat} of {school.name}", school
                )
                roll = rng.random()
                if roll < 0.06:
                    status = RegistrationStatus.WITHDRAWN
                elif current:
                    status = RegistrationStatus.APPROVED
                else:
                    status = RegistrationStatus.COMPLETED if roll < 0.9 else RegistrationStatus.APPROVED
                registration, created = Registration.objects.get_or_create(
                    work_group=work_group,
                    teacher=teacher,
                    defaults={
                        "academic_year": work_group.academic_year,
                        "school": school,
                        "role_in_school": "Class teacher" if seat == 1 else "Maths lead",
                        "status": status,
                        "headteacher_name": f"Head of {school.name}",
                        "headteacher_email": f"head-{school.urn}@demo.mathshubs.test",
                        "decided_at": timezone.make_aware(datetime.datetime.combine(year.starts_on, datetime.time(9))),
                    },
                )
                if not created:
                    continue
                Attendance.objects.bulk_create(
                    [
                        Attendance(
                            registration=registration,
                            session=session,
                            status=rng.choices(
                                [
                                    AttendanceStatus.PRESENT,
                                    AttendanceStatus.LATE,
                                    AttendanceStatus.ABSENT,
                                    AttendanceStatus.APOLOGIES,
                                ],
                                weights=[80, 6, 6, 8],
                            )[0],
                        )
                        for session in sessions
                        if session.status == SessionStatus.SCHEDULED and session.starts_at <= now
                    ],
                    ignore_conflicts=True,
                )
                if status == RegistrationStatus.COMPLETED:
                    Evaluation.objects.get_or_create(
                        registration=registration,
                        defaults={"overall": rng.choice([3, 4, 4, 5, 5]), "impact_on_practice": rng.choice([3, 4, 5])},
                    )
    if not current:
        for school in taking_part:
            ImpactSurveyResponse.objects.get_or_create(
                school=school,
                academic_year=year,
                defaults={"positive_impact": rng.random() < 0.93, "respondent_name": f"Head of {school.name}"},
            )


def _seed_mastery_specialists(hubs: dict[str, Hub], years: list[AcademicYear]) -> None:
    statuses = [AccreditationStatus.ACCREDITED, AccreditationStatus.IN_PROGRESS, AccreditationStatus.NOT_STARTED]
    for hub_index, hub in enumerate(hubs.values()):
        schools = list(School.objects.open().filter(school_in_hub_q(hub)).order_by("urn"))
        for year_index, year in enumerate(years):
            for n in range(2 + (hub_index + year_index) % 2):
                school = schools[(year_index * 3 + n) % len(schools)]
                user = _user(
                    f"specialist-{hub.slug}-{year.start_year}-{n + 1}@demo.mathshubs.test",
                    f"{hub.name} Mastery Specialist {year.name} {n + 1}",
                    school,
                )
                programme_year = min(3, len(years) - year_index)
                status = statuses[(year_index + n) % 3] if programme_year >= 2 else AccreditationStatus.NOT_STARTED
                MasterySpecialist.objects.get_or_create(
                    user=user,
                    cohort_year=year,
                    defaults={
                        "hub": hub,
                        "phase": Phase.PRIMARY if n % 2 == 0 else Phase.SECONDARY,
                        "programme_year": programme_year,
                        "accreditation_status": status,
                        "accredited_on": datetime.date(year.start_year + 2, 7, 1)
                        if status == AccreditationStatus.ACCREDITED
                        else None,
                    },
                )


def seed(hubs: dict[str, Hub]) -> None:
    current_start = AcademicYear.start_year_for(timezone.localdate())
    years = [
        AcademicYear.objects.get_or_create(start_year=start)[0]
        for start in range(current_start - YEARS_BACK, current_start + 1)
    ]
    for year in years:
        for hub in hubs.values():
            _seed_hub_year(hub, year, current=year.start_year == current_start)
    _seed_mastery_specialists(hubs, years)
    current = years[-1]
    for position, (text, kind) in enumerate(
        [
            ("How much has teachers' confidence in teaching maths grown this year?", QuestionKind.SCALE),
            ("What difference have you seen in pupils' learning?", QuestionKind.TEXT),
        ],
        start=1,
    ):
        ImpactSurveyQuestion.objects.get_or_create(
            academic_year=current, text=text, defaults={"kind": kind, "position": position}
        )
