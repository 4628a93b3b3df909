"""Small hand-built networks whose figures are known, for the report tests."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.models import SchoolHubOverride
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory
from schools.enums import EstablishmentStatus, Phase
from schools.tests.factories import LocalAuthorityFactory, RegionFactory, SchoolFactory
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    WorkGroupFactory,
)

APPROVED, COMPLETED = RegistrationStatus.APPROVED, RegistrationStatus.COMPLETED


@pytest.fixture
def engagement_network():
    """Hub Alpha serves 10 open schools (9 through its local authority, 1 by override) and 2 closed ones;
    7 of the open schools took part in 2024/25, 3 of them completed. Hub Beta serves 5 open schools, 1 engaged.

    Traps: a closed school with an approved teacher, a school whose only registration was withdrawn, one whose
    only registration was rejected, a teacher who moved to an unengaged school after registering, a 2023/24
    registration, a school in no hub's area, and a draft Work Group's approved registration.
    """
    year, last_year = AcademicYearFactory(start_year=2024), AcademicYearFactory(start_year=2023)
    north, south = RegionFactory(name="North", slug="north"), RegionFactory(name="South", slug="south")
    alpha, beta = HubFactory(name="Alpha", region=north), HubFactory(name="Beta", region=south)
    la_alpha, la_beta = LocalAuthorityFactory(region=north), LocalAuthorityFactory(region=south)
    HubAreaFactory(hub=alpha, local_authority=la_alpha)
    HubAreaFactory(hub=beta, local_authority=la_beta)

    # Alpha's ten open schools: % FSM 10, 20, ... 100; six primary, four secondary.
    phases = [Phase.PRIMARY] * 6 + [Phase.SECONDARY] * 4
    alpha_schools = [
        SchoolFactory(local_authority=la_alpha, phase=phases[i], percentage_fsm=10 * (i + 1)) for i in range(9)
    ]
    overridden = SchoolFactory(local_authority=la_beta, phase=phases[9], percentage_fsm=100)
    SchoolHubOverride.objects.create(school=overridden, hub=alpha)
    alpha_schools.append(overridden)
    closed = [
        SchoolFactory(local_authority=la_alpha, status=EstablishmentStatus.CLOSED, percentage_fsm=99) for _ in range(2)
    ]
    beta_schools = [SchoolFactory(local_authority=la_beta, percentage_fsm=None) for _ in range(5)]
    no_hub_school = SchoolFactory(local_authority=LocalAuthorityFactory())

    project = NationalProjectFactory(academic_year=year)
    other_project = NationalProjectFactory(academic_year=year)
    wg = WorkGroupFactory(hub=alpha, project=project, academic_year=year, status=WorkGroupStatus.RUNNING)
    wg_other = WorkGroupFactory(hub=beta, project=other_project, academic_year=year, status=WorkGroupStatus.RUNNING)
    draft = WorkGroupFactory(hub=alpha, project=project, academic_year=year, status=WorkGroupStatus.DRAFT)
    old = WorkGroupFactory(hub=alpha, project=NationalProjectFactory(academic_year=last_year), academic_year=last_year)

    # Engaged: Alpha schools 0-5 in Alpha's group (0-2 completed), school 9 (FSM 100, overridden) in Beta's group.
    for i in range(6):
        RegistrationFactory(work_group=wg, school=alpha_schools[i], status=COMPLETED if i < 3 else APPROVED)
    RegistrationFactory(work_group=wg_other, school=alpha_schools[9], status=APPROVED)
    RegistrationFactory(work_group=wg_other, school=beta_schools[0], status=APPROVED)
    # Teacher moved: registered (approved) from school 0, now works at school 6, which took no part.
    mover = RegistrationFactory(work_group=wg_other, school=alpha_schools[0], status=APPROVED).teacher
    mover.school = alpha_schools[6]
    mover.save()
    # Not counted.
    RegistrationFactory(work_group=wg, school=closed[0], status=APPROVED)
    RegistrationFactory(work_group=wg, school=alpha_schools[7], status=RegistrationStatus.WITHDRAWN)
    RegistrationFactory(work_group=wg, school=alpha_schools[8], status=RegistrationStatus.REJECTED)
    RegistrationFactory(work_group=wg, school=alpha_schools[6], status=RegistrationStatus.APPLIED)
    RegistrationFactory(work_group=draft, school=alpha_schools[8], status=APPROVED)
    RegistrationFactory(work_group=wg, school=no_hub_school, status=APPROVED)
    RegistrationFactory(work_group=old, school=alpha_schools[7], status=COMPLETED)
    RegistrationFactory(work_group=old, school=alpha_schools[8], status=APPROVED)

    # Built with factories, not the services: the kept figures and counts are computed once, as after a bulk load.
    work_group_figures_rebuild()
    open_school_counts_rebuild()
    return SimpleNamespace(
        year=year,
        last_year=last_year,
        north=north,
        south=south,
        alpha=alpha,
        beta=beta,
        alpha_schools=alpha_schools,
        beta_schools=beta_schools,
        closed=closed,
        project=project,
        other_project=other_project,
    )


@pytest.fixture
def participation_network():
    """One hub's 2024/25 Work Groups with known places, attendance marks and completions."""
    from workgroups.enums import AttendanceStatus, SessionStatus
    from workgroups.models import Attendance, Evaluation
    from workgroups.tests.factories import SessionFactory

    year = AcademicYearFactory(start_year=2024)
    hub = HubFactory(name="Alpha")
    primary_project, secondary_project = (NationalProjectFactory(academic_year=year) for _ in range(2))
    finished = WorkGroupFactory(
        hub=hub, project=primary_project, academic_year=year, status=WorkGroupStatus.COMPLETED, phase=Phase.PRIMARY
    )
    running = WorkGroupFactory(
        hub=hub,
        project=secondary_project,
        academic_year=year,
        status=WorkGroupStatus.RUNNING,
        phase=Phase.SECONDARY,
    )
    cancelled = WorkGroupFactory(hub=hub, project=primary_project, academic_year=year, status=WorkGroupStatus.CANCELLED)
    school_a, school_b, school_c = SchoolFactory(), SchoolFactory(), SchoolFactory()
    # Finished group: 3 completed + 1 approved (4 places, 75% completion), 1 withdrawn (not counted).
    finished_regs = [
        RegistrationFactory(work_group=finished, school=school, status=status)
        for school, status in [
            (school_a, COMPLETED),
            (school_a, COMPLETED),
            (school_b, COMPLETED),
            (school_b, APPROVED),
        ]
    ]
    withdrawn = RegistrationFactory(work_group=finished, school=school_c, status=RegistrationStatus.WITHDRAWN)
    # Running group: 2 approved teachers, one of whom is also in the finished group (same teacher counted once).
    running_regs = [
        RegistrationFactory(work_group=running, school=school_c, status=APPROVED),
        RegistrationFactory(work_group=running, school=school_a, status=APPROVED, teacher=finished_regs[0].teacher),
    ]
    RegistrationFactory(work_group=cancelled, school=school_c, status=APPROVED)

    past = timezone.now() - datetime.timedelta(days=30)
    held = SessionFactory(work_group=finished, number=1, starts_at=past)
    held_2 = SessionFactory(work_group=finished, number=2, starts_at=past + datetime.timedelta(days=1))
    future = SessionFactory(work_group=running, number=1, starts_at=timezone.now() + datetime.timedelta(days=5))
    called_off = SessionFactory(work_group=running, number=2, starts_at=past, status=SessionStatus.CANCELLED)
    held_running = SessionFactory(work_group=running, number=3, starts_at=past)
    P, L, A, AP = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT, AttendanceStatus.APOLOGIES)
    marks = [
        (finished_regs[0], held, P),
        (finished_regs[1], held, L),
        (finished_regs[2], held, A),
        (finished_regs[3], held, P),
        (finished_regs[0], held_2, P),
        (finished_regs[1], held_2, AP),
        (finished_regs[2], held_2, P),
        (finished_regs[3], held_2, P),
        # Not counted: a withdrawn participant, a future session, a cancelled session.
        (withdrawn, held, P),
        (running_regs[0], future, P),
        (running_regs[0], called_off, A),
        (running_regs[0], held_running, A),
        (running_regs[1], held_running, P),
    ]
    for registration, session, status in marks:
        Attendance.objects.create(registration=registration, session=session, status=status)
    Evaluation.objects.create(registration=finished_regs[0], overall=5, impact_on_practice=4)
    Evaluation.objects.create(registration=finished_regs[1], overall=4, impact_on_practice=3)
    Evaluation.objects.create(registration=finished_regs[2], overall=3, impact_on_practice=5)
    Evaluation.objects.create(registration=withdrawn, overall=1, impact_on_practice=1)
    # Built with factories, not the services: the kept figures are computed once, as after a bulk load.
    work_group_figures_rebuild()
    return SimpleNamespace(
        year=year,
        hub=hub,
        finished=finished,
        running=running,
        primary_project=primary_project,
        secondary_project=secondary_project,
    )


@pytest.fixture
def leadership_network():
    """14 leads of 2024/25 Work Groups, from 12 schools in 6 trusts (two schools give two leads each)."""
    from schools.tests.factories import TrustFactory

    year = AcademicYearFactory(start_year=2024)
    hub = HubFactory(name="Alpha")
    trusts = [TrustFactory() for _ in range(6)]
    schools = [SchoolFactory(trust=trusts[i // 2]) for i in range(12)]
    leads = [UserFactory(school=schools[i]) for i in range(12)] + [
        UserFactory(school=schools[0]),
        UserFactory(school=schools[1]),
    ]
    project = NationalProjectFactory(academic_year=year)
    groups = [WorkGroupFactory(hub=hub, project=project, academic_year=year) for _ in range(7)]
    for i, lead in enumerate(leads):
        groups[i % 7].leads.add(lead)
    groups[0].leads.add(leads[5])  # leads two groups: still one lead
    # Not counted: a draft group's lead, and last year's lead from another trust.
    other_trust_school = SchoolFactory(trust=TrustFactory())
    draft = WorkGroupFactory(hub=hub, project=project, academic_year=year, status=WorkGroupStatus.DRAFT)
    draft.leads.add(UserFactory(school=other_trust_school))
    last_year = AcademicYearFactory(start_year=2023)
    old = WorkGroupFactory(hub=hub, project=NationalProjectFactory(academic_year=last_year), academic_year=last_year)
    old.leads.add(UserFactory(school=other_trust_school))
    # Built with factories, not the services: the kept figures are computed once, as after a bulk load.
    work_group_figures_rebuild()
    return SimpleNamespace(year=year, last_year=last_year, hub=hub)
