"""A Work Group's participants in the synthetic network: each teacher's registration, their register marks (which
follow the teacher's reliability), reflections on the classroom tasks, and the evaluation of those who completed
(completion follows the register: 75 %)."""

import datetime

from hubs.seeding import catalogue as c
from workgroups.enums import (
    ATTENDED_STATUSES,
    AttendanceStatus,
    ConsentStatus,
    RegistrationStatus,
    WorkGroupStatus,
)

RS, WS = RegistrationStatus, WorkGroupStatus


def plan_registration(
    programme, group, year, status, school, teacher, held, planned, sessions, first, last, lead, recorder, forced=None
) -> None:
    """One teacher's registration to Work Group ``group`` (``status``), with its marks for the ``held`` sessions,
    reflections and evaluation; ``forced``: a registration that ended (withdrawn, rejected) or waits."""
    rng = programme.rng
    created = first - datetime.timedelta(days=rng.randint(30, 80))
    consent = ConsentStatus.CONFIRMED
    if forced:
        state = forced
    elif status == WS.OPEN:
        state = rng.choices([RS.APPLIED, RS.APPROVED, RS.OFFERED], weights=[55, 43, 2])[0]
        consent = ConsentStatus.PENDING if state == RS.APPLIED and rng.random() < 0.5 else consent
    elif status in (WS.RUNNING, WS.CLOSED) and rng.random() < 0.03:
        state = RS.WITHDRAWN
    else:
        state = RS.APPROVED
    reliability = rng.choices([0.97, 0.85, 0.55], weights=[70, 22, 8])[0]
    marks = []
    if state == RS.APPROVED:
        for session, starts, ends, _, _ in held:
            if rng.random() < reliability:
                mark = AttendanceStatus.PRESENT if rng.random() < 0.93 else AttendanceStatus.LATE
            else:
                mark = AttendanceStatus.APOLOGIES if rng.random() < 0.55 else AttendanceStatus.ABSENT
            marks.append((session, starts, ends, mark))
        if status == WS.COMPLETED and planned:
            attended = sum(1 for m in marks if m[3] in ATTENDED_STATUSES)
            if attended * 100 >= 75 * planned:
                state = RS.COMPLETED
    registration = programme.next_id("registration")
    decided = created + datetime.timedelta(days=rng.randint(3, 14))
    programme.rows["registration"].append(
        {
            "id": registration,
            "work_group_id": group,
            "academic_year_id": year.pk,
            "teacher_id": teacher,
            "school_id": school.id,
            "role_in_school": rng.choice(c.ROLES),
            "trn": f"{rng.randint(1000000, 9999999)}" if rng.random() < 0.7 else "",
            "status": state,
            "headteacher_name": school.headteacher,
            "headteacher_email": f"head.{school.urn}@{c.EMAIL_DOMAIN}",
            "consent_status": consent,
            "consent_decided_at": None if consent == ConsentStatus.PENDING else created + datetime.timedelta(days=2),
            "created_at": created,
            "waitlisted_at": created if state == RS.WAITLISTED else None,
            "offered_at": decided if state == RS.OFFERED else None,
            "decided_at": None if state in (RS.APPLIED, RS.OFFERED) else decided,
            "decided_by_id": None if state in (RS.APPLIED, RS.OFFERED) else lead,
            "completed_at": last + datetime.timedelta(days=7) if state == RS.COMPLETED else None,
        }
    )
    is_current = year.start_year == programme.years[-1].start_year
    for session, _starts, ends, mark in marks:
        programme.rows["attendance"].append(
            {
                "id": programme.next_id("attendance"),
                "registration_id": registration,
                "session_id": session,
                "status": mark,
                "recorded_by_id": recorder,
                "recorded_at": ends,
            }
        )
        if mark in ATTENDED_STATUSES and rng.random() < (0.45 if is_current else 0.12):
            programme.rows["reflection"].append(
                {
                    "id": programme.next_id("reflection"),
                    "registration_id": registration,
                    "session_id": session,
                    "reflection": rng.choice(c.REFLECTIONS),
                    "submitted_at": ends + datetime.timedelta(days=5),
                }
            )
    if state == RS.APPROVED and status == WS.RUNNING and rng.random() < 0.02:
        upcoming = [s for s in sessions if not s[3] and s[1] > programme.now][:1]
        for session, *_ in upcoming:  # apologies sent ahead of the next session
            programme.rows["attendance"].append(
                {
                    "id": programme.next_id("attendance"),
                    "registration_id": registration,
                    "session_id": session,
                    "status": AttendanceStatus.APOLOGIES,
                    "recorded_by_id": teacher,
                    "recorded_at": programme.now,
                }
            )
    if state == RS.COMPLETED and rng.random() < c.EVALUATION_RESPONSE:
        programme.rows["evaluation"].append(
            {
                "id": programme.next_id("evaluation"),
                "registration_id": registration,
                "overall": rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 14, 42, 40])[0],
                "impact_on_practice": rng.choices([1, 2, 3, 4, 5], weights=[1, 4, 18, 42, 35])[0],
                "comments": "",
                "submitted_at": last + datetime.timedelta(days=10),
            }
        )
