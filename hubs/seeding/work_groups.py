"""A Work Group of the synthetic network: its sessions in the year's half-terms, its leads, and its schools' teachers."""

import datetime

from hubs.seeding import catalogue as c
from hubs.seeding.catalogue import LONDON
from hubs.seeding.participants import plan_registration
from workgroups.enums import (
    Format,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)

RS, WS = RegistrationStatus, WorkGroupStatus


def session_times(rng, terms: dict, count: int, first_half_term: int, long_day: bool) -> list[tuple]:
    """``count`` sessions spread over the half-terms from ``first_half_term`` (``terms``: number → its dates), on a
    Tuesday to Thursday: a morning-to-afternoon day (``long_day``) or an afternoon."""
    numbers = list(range(first_half_term, 7))
    if count >= len(numbers):
        chosen = (numbers * 2)[:count]
    else:
        step = len(numbers) / count
        chosen = [numbers[int(i * step)] for i in range(count)]
    chosen.sort()
    times = []
    previous = None
    for number in chosen:
        starts_on, ends_on = terms[number]
        day = starts_on + datetime.timedelta(days=rng.randint(7, 24))
        if previous and day <= previous:
            day = previous + datetime.timedelta(days=14)
        while day.weekday() not in (1, 2, 3):
            day += datetime.timedelta(days=1)
        day = min(day, ends_on)
        previous = day
        hour, minute, hours = (9, 30, 6) if long_day else (13, 30, 2.5)
        starts = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)
        times.append((starts, starts + datetime.timedelta(hours=hours)))
    return times


def plan_group(programme, hub, year, is_current, shape, project, code, schools) -> None:
    """A Work Group of ``shape`` for ``schools``: its status from its dates, its leads, sessions and participants."""
    rng = programme.rng
    while code in programme.codes:  # taken by a group planned already, or by one in the database (the demo's)
        code = f"{code}-S"
    programme.codes.add(code)
    spring = shape.sessions[1] < 6 and rng.random() < 0.35
    count = rng.randint(*shape.sessions)
    mastering_number = shape.schools[1] >= 30
    times = session_times(
        programme.rng, programme.half_terms[year.start_year], count, 3 if spring else 1, long_day=mastering_number
    )
    first, last = times[0][0], times[-1][1]
    deadline = (first - datetime.timedelta(days=14)).date()
    today = programme.now.astimezone(LONDON).date()
    if last < programme.now:
        status = WS.CANCELLED if rng.random() < 0.02 else WS.COMPLETED
    elif first <= programme.now:
        # Never cancelled in the current year: a small hub's only running group could be, leaving the hub no
        # participating school this year (the random draw stays, so the rest of the network is unchanged).
        status = WS.CANCELLED if rng.random() < 0.02 and not is_current else WS.RUNNING
    else:
        roll = rng.random()
        status = WS.DRAFT if roll < 0.08 else WS.OPEN if roll < 0.7 and deadline >= today else WS.CLOSED
    group = programme.next_id("work_group")
    host = schools[0]
    online = rng.random() < 0.12
    tps = shape.teachers_per_school
    programme.rows["work_group"].append(
        {
            "id": group,
            "hub_id": hub.pk,
            "project_id": project.pk,
            "academic_year_id": year.pk,
            "code": code,
            "title": f"{shape.title} — {host.name.split(' ')[0]}",
            "description": f"{shape.title}, run by the {hub.name} Maths Hub.",
            "phase": shape.phase,
            "format": Format.ONLINE if online else Format.IN_PERSON if rng.random() < 0.9 else Format.BLENDED,
            "venue": "" if online else host.name,
            "venue_school_id": None if online else host.id,
            "capacity": max(len(schools) * tps + 4, 20 if tps < 3 else 40 * 3),
            "min_schools": 10 if mastering_number else min(6, shape.schools[0]),
            "teachers_per_school": tps,
            "registration_deadline": deadline,
            "required_attendance_percent": 75,
            "status": status,
            "created_at": first - datetime.timedelta(days=90),
            "updated_at": first - datetime.timedelta(days=30),
        }
    )
    pool = programme.local_leaders[hub.pk] + [
        u for u, cohort in programme.specialists[hub.pk] if cohort < year.start_year
    ]
    for lead in rng.sample(pool, min(len(pool), 2 if mastering_number else 1)):
        programme.rows["lead"].append({"id": programme.next_id("lead"), "workgroup_id": group, "user_id": lead})
    recorder = programme.rows["lead"][-1]["user_id"]
    sessions = []
    for number, (starts, ends) in enumerate(times, start=1):
        cancelled = status == WS.CANCELLED or rng.random() < 0.015
        session = programme.next_id("session")
        sessions.append((session, starts, ends, cancelled, number < len(times)))
        programme.rows["session"].append(
            {
                "id": session,
                "work_group_id": group,
                "number": number,
                "starts_at": starts,
                "ends_at": ends,
                "venue": "" if online else host.name,
                "online_link": f"https://meet.example/{code.lower()}" if online else "",
                "agenda": f"Session {number} of {shape.title}.",
                "task": rng.choice(c.TASKS) if number < len(times) else "",
                "status": SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED,
            }
        )
    if status == WS.DRAFT:
        return
    held = [s for s in sessions if not s[3] and s[1] <= programme.now]
    planned = sum(1 for s in sessions if not s[3])
    lead = programme.hub_lead[hub.pk]
    for school in schools:
        extra = 1 if tps == 1 and rng.random() < 0.15 else 0
        # Some of a school's teachers come back year after year, others are new: a shift per school and group.
        shift = rng.choice([0, 0, 1, 2])
        for seat in range(tps + extra):
            teacher = programme.teacher(school, seat + shift)
            plan_registration(
                programme, group, year, status, school, teacher, held, planned, sessions, first, last, lead, recorder
            )
        if rng.random() < 0.05:  # one more teacher who withdrew, or was turned down, or waits for a place
            noise = rng.choice([RS.WITHDRAWN, RS.WITHDRAWN, RS.REJECTED, RS.WAITLISTED])
            teacher = programme.teacher(school, tps + extra + shift)
            plan_registration(
                programme,
                group,
                year,
                status,
                school,
                teacher,
                [],
                planned,
                sessions,
                first,
                last,
                lead,
                recorder,
                forced=noise,
            )
