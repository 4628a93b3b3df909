"""The synthetic programme: five years of national projects, Work Groups, sessions, registrations, registers,
reflections, evaluations, headteachers' survey answers, Mastery Specialists and the hubs' people.

Each year is planned around its engagement figure: a share of each hub's open schools (near the network's
published figure, varying by hub, most schools returning from the year before) is chosen first, each chosen school
joins one project (a quarter join a second), and each project's schools are grouped into Work Groups of the
project's size. So every chosen school has an approved teacher, and the number of Work Groups follows from the
schools, at any scale. Registers follow each teacher's reliability; completion follows the register (75 %).
"""

import datetime
import zoneinfo
from collections.abc import Callable

from hubs.models import Hub
from hubs.seeding import catalogue as c
from hubs.seeding.register import Register, SchoolPlan, person_name
from hubs.seeding.writer import next_id
from workgroups.enums import (
    ATTENDED_STATUSES,
    AttendanceStatus,
    ConsentStatus,
    Format,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")
RS, WS = RegistrationStatus, WorkGroupStatus
MODELS = (
    "user",
    "membership",
    "lead_school",
    "specialist",
    "accreditation",
    "accreditation_event",
    "work_group",
    "lead",
    "session",
    "registration",
    "attendance",
    "reflection",
    "evaluation",
    "survey",
)


def engagement_target(start_year: int) -> float:
    if start_year in c.ENGAGEMENT:
        return c.ENGAGEMENT[start_year]
    return c.ENGAGEMENT_LATER if start_year > max(c.ENGAGEMENT) else c.ENGAGEMENT_EARLIER


def _email_part(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", ".") if ch.isalnum() or ch == ".")


class Programme:
    """Plans rows year by year and hands each year's rows to ``flush`` (model label → rows) to keep memory flat."""

    def __init__(self, *, rng, scale, now, register: Register, hubs: list[Hub], years, projects, half_terms, model_of):
        self.rng, self.scale, self.now = rng, scale, now
        self.register, self.hubs, self.years = register, hubs, years  # years: AcademicYear objects, oldest first
        self.projects = projects  # (start_year, shape number) → NationalProject
        self.half_terms = half_terms  # start_year → {number: (starts_on, ends_on)}
        self.ids = {label: next_id(model) for label, model in model_of.items()}
        self.rows: dict[str, list[dict]] = {label: [] for label in MODELS}
        self.hub_size = {hub.pk: len(register.by_hub[hub.pk]) for hub in hubs}
        mean = sum(self.hub_size.values()) / len(hubs)
        # Hubs differ: some reach far more of their schools than others (the network's figure is their mean).
        reach = {hub.pk: rng.uniform(0.78, 1.22) for hub in hubs}
        weighted_mean = sum(reach[pk] * size for pk, size in self.hub_size.items()) / max(
            1, sum(self.hub_size.values())
        )
        self.reach = {pk: value / weighted_mean for pk, value in reach.items()}
        self.hub_lead: dict[int, int] = {}
        self.local_leaders: dict[int, list[int]] = {}
        self.specialists: dict[int, list[tuple[int, int]]] = {hub.pk: [] for hub in hubs}  # (user id, cohort year)
        self.codes: set[str] = set()
        self.engaged_before: dict[int, set[int]] = {}
        self.mean_hub_size = mean

    def next_id(self, label: str) -> int:
        value = self.ids[label]
        self.ids[label] = value + 1
        return value

    def user(self, name: str, school: SchoolPlan | None, email: str = "") -> int:
        pk = self.next_id("user")
        email = email or f"{_email_part(name)}.{pk}@{c.EMAIL_DOMAIN}"
        self.rows["user"].append(
            {"id": pk, "email": email, "full_name": name, "password": "!", "school_id": school.id if school else None}
        )
        return pk

    def teacher(self, school: SchoolPlan, index: int) -> int:
        while len(school.teachers) <= index:
            school.teachers.append(self.user(person_name(self.rng), school))
        return school.teachers[index]

    # ---------------------------------------------------------------- a year

    def _session_times(self, start_year: int, count: int, first_half_term: int, long_day: bool):
        terms = self.half_terms[start_year]
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
            day = starts_on + datetime.timedelta(days=self.rng.randint(7, 24))
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

    def _choose_engaged(self, hub: Hub, start_year: int, is_current: bool) -> list[SchoolPlan]:
        schools = self.register.by_hub[hub.pk]
        # A few groups are cancelled (their schools do not count): choose a little above the figure.
        share = engagement_target(start_year) * self.reach[hub.pk] * (c.CURRENT_YEAR_SHARE if is_current else 1.02)
        target = min(len(schools), round(len(schools) * min(0.95, share)))
        before = self.engaged_before.get(hub.pk, set())
        returning = [s for s in schools if s.id in before and self.rng.random() < c.RETURNING]
        others = [s for s in schools if s.id not in before]
        self.rng.shuffle(returning)
        self.rng.shuffle(others)
        chosen = (returning + others)[:target]
        if len(chosen) < target:
            chosen += [s for s in schools if s not in chosen][: target - len(chosen)]
        self.engaged_before[hub.pk] = {s.id for s in chosen}
        return chosen

    def plan_year(self, year, flush: Callable[[dict], None]) -> None:
        rng = self.rng
        is_current = year.start_year == self.years[-1].start_year
        shapes = c.PROJECTS
        for hub in self.hubs:
            engaged = self._choose_engaged(hub, year.start_year, is_current)
            queues: dict[str, list[SchoolPlan]] = {shape.number: [] for shape in shapes}
            for school in engaged:
                eligible = [s for s in shapes if school.phase in c.RECRUITS[s.phase]]
                first = rng.choices(eligible, weights=[s.weight for s in eligible])[0]
                queues[first.number].append(school)
                if rng.random() < c.SECOND_PROJECT and len(eligible) > 1:
                    rest = [s for s in eligible if s is not first]
                    queues[rng.choices(rest, weights=[s.weight for s in rest])[0].number].append(school)
            self._dissolve_small(queues)
            abbreviation = self._abbreviation(hub)
            for shape in shapes:
                chunks = self._groups_of(queues[shape.number], shape.schools)
                project = self.projects[(year.start_year, shape.number)]
                for n, chunk in enumerate(chunks, start=1):
                    self._plan_group(
                        hub, year, is_current, shape, project, f"{project.code}-{abbreviation}-{n:02d}", chunk
                    )
            if not is_current:
                for school in engaged:
                    if rng.random() < c.HEADTEACHER_RESPONSE:
                        submitted = datetime.datetime(year.start_year + 1, 6, rng.randint(16, 30), 10, tzinfo=LONDON)
                        self.rows["survey"].append(
                            {
                                "id": self.next_id("survey"),
                                "school_id": school.id,
                                "academic_year_id": year.pk,
                                "positive_impact": rng.random() < c.POSITIVE_IMPACT,
                                "respondent_name": school.headteacher,
                                "submitted_at": submitted,
                            }
                        )
        flush(self.rows)
        for rows in self.rows.values():
            rows.clear()

    @staticmethod
    def _groups_of(schools: list[SchoolPlan], size: tuple[int, int]) -> list[list[SchoolPlan]]:
        """The project's schools in Work Groups of about its size, as even as the number allows, each group's
        schools near one another (the same local authority where possible)."""
        if not schools:
            return []
        count = max(1, round(len(schools) / ((size[0] + size[1]) / 2)))
        while len(schools) / count > size[1] + 1:
            count += 1
        ordered = sorted(schools, key=lambda school: (school.la_id, school.urn))
        groups, start = [], 0
        for n in range(count):
            end = start + len(ordered) // count + (1 if n < len(ordered) % count else 0)
            groups.append(ordered[start:end])
            start = end
        return groups

    def _dissolve_small(self, queues: dict[str, list[SchoolPlan]]) -> None:
        """A project with too few schools for one Work Group is not run by the hub that year: its schools join
        another project open to them (at small scales only the larger projects run)."""
        shapes = {shape.number: shape for shape in c.PROJECTS}
        kept: set[str] = set()
        while True:
            small = [n for n, q in queues.items() if q and len(q) < shapes[n].schools[0] and n not in kept]
            if not small:
                return
            number = min(small, key=lambda n: (len(queues[n]), n))
            moves = []
            for school in queues[number]:
                running = [
                    n for n, q in queues.items() if q and n != number and school.phase in c.RECRUITS[shapes[n].phase]
                ]
                moves.append((school, max(running, key=lambda n: (len(queues[n]), n)) if running else None))
            if any(target is None for _, target in moves):
                kept.add(number)  # some of its schools have no other project: it runs, small
                continue
            queues[number] = []
            for school, target in moves:
                if school not in queues[target]:  # already there through a second project
                    queues[target].append(school)

    def _abbreviation(self, hub: Hub) -> str:
        letters = "".join(ch for ch in hub.name if ch.isalnum()).upper()
        initials = "".join(word[0] for word in hub.name.split() if word[:1].isalnum()).upper()
        for candidate in (letters[:3], initials[:4], letters[:4], f"H{hub.pk}"):
            owner = self.__dict__.setdefault("_abbreviations", {}).get(candidate)
            if owner in (None, hub.pk):
                self._abbreviations[candidate] = hub.pk
                return candidate
        return f"H{hub.pk}"

    def _plan_group(self, hub, year, is_current, shape, project, code, schools) -> None:
        rng = self.rng
        while code in self.codes:  # taken by a group planned already, or by one in the database (the demo's)
            code = f"{code}-S"
        self.codes.add(code)
        spring = shape.sessions[1] < 6 and rng.random() < 0.35
        count = rng.randint(*shape.sessions)
        mastering_number = shape.schools[1] >= 30
        times = self._session_times(year.start_year, count, 3 if spring else 1, long_day=mastering_number)
        first, last = times[0][0], times[-1][1]
        deadline = (first - datetime.timedelta(days=14)).date()
        today = self.now.astimezone(LONDON).date()
        if last < self.now:
            status = WS.CANCELLED if rng.random() < 0.02 else WS.COMPLETED
        elif first <= self.now:
            # Never cancelled in the current year: a small hub's only running group could be, leaving the hub no
            # participating school this year (the random draw stays, so the rest of the network is unchanged).
            status = WS.CANCELLED if rng.random() < 0.02 and not is_current else WS.RUNNING
        else:
            roll = rng.random()
            status = WS.DRAFT if roll < 0.08 else WS.OPEN if roll < 0.7 and deadline >= today else WS.CLOSED
        group = self.next_id("work_group")
        host = schools[0]
        online = rng.random() < 0.12
        tps = shape.teachers_per_school
        self.rows["work_group"].append(
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
        pool = self.local_leaders[hub.pk] + [u for u, cohort in self.specialists[hub.pk] if cohort < year.start_year]
        for lead in rng.sample(pool, min(len(pool), 2 if mastering_number else 1)):
            self.rows["lead"].append({"id": self.next_id("lead"), "workgroup_id": group, "user_id": lead})
        recorder = self.rows["lead"][-1]["user_id"]
        sessions = []
        for number, (starts, ends) in enumerate(times, start=1):
            cancelled = status == WS.CANCELLED or rng.random() < 0.015
            session = self.next_id("session")
            sessions.append((session, starts, ends, cancelled, number < len(times)))
            self.rows["session"].append(
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
        held = [s for s in sessions if not s[3] and s[1] <= self.now]
        planned = sum(1 for s in sessions if not s[3])
        lead = self.hub_lead[hub.pk]
        for school in schools:
            extra = 1 if tps == 1 and rng.random() < 0.15 else 0
            # Some of a school's teachers come back year after year, others are new: a shift per school and group.
            shift = rng.choice([0, 0, 1, 2])
            for seat in range(tps + extra):
                teacher = self.teacher(school, seat + shift)
                self._plan_registration(
                    group, year, status, school, teacher, held, planned, sessions, first, last, lead, recorder
                )
            if rng.random() < 0.05:  # one more teacher who withdrew, or was turned down, or waits for a place
                noise = rng.choice([RS.WITHDRAWN, RS.WITHDRAWN, RS.REJECTED, RS.WAITLISTED])
                teacher = self.teacher(school, tps + extra + shift)
                self._plan_registration(
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

    def _plan_registration(
        self, group, year, status, school, teacher, held, planned, sessions, first, last, lead, recorder, forced=None
    ) -> None:
        rng = self.rng
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
        registration = self.next_id("registration")
        decided = created + datetime.timedelta(days=rng.randint(3, 14))
        self.rows["registration"].append(
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
                "consent_decided_at": None
                if consent == ConsentStatus.PENDING
                else created + datetime.timedelta(days=2),
                "created_at": created,
                "waitlisted_at": created if state == RS.WAITLISTED else None,
                "offered_at": decided if state == RS.OFFERED else None,
                "decided_at": None if state in (RS.APPLIED, RS.OFFERED) else decided,
                "decided_by_id": None if state in (RS.APPLIED, RS.OFFERED) else lead,
                "completed_at": last + datetime.timedelta(days=7) if state == RS.COMPLETED else None,
            }
        )
        is_current = year.start_year == self.years[-1].start_year
        for session, _starts, ends, mark in marks:
            self.rows["attendance"].append(
                {
                    "id": self.next_id("attendance"),
                    "registration_id": registration,
                    "session_id": session,
                    "status": mark,
                    "recorded_by_id": recorder,
                    "recorded_at": ends,
                }
            )
            if mark in ATTENDED_STATUSES and rng.random() < (0.45 if is_current else 0.12):
                self.rows["reflection"].append(
                    {
                        "id": self.next_id("reflection"),
                        "registration_id": registration,
                        "session_id": session,
                        "reflection": rng.choice(c.REFLECTIONS),
                        "submitted_at": ends + datetime.timedelta(days=5),
                    }
                )
        if state == RS.APPROVED and status == WS.RUNNING and rng.random() < 0.02:
            upcoming = [s for s in sessions if not s[3] and s[1] > self.now][:1]
            for session, *_ in upcoming:  # apologies sent ahead of the next session
                self.rows["attendance"].append(
                    {
                        "id": self.next_id("attendance"),
                        "registration_id": registration,
                        "session_id": session,
                        "status": AttendanceStatus.APOLOGIES,
                        "recorded_by_id": teacher,
                        "recorded_at": self.now,
                    }
                )
        if state == RS.COMPLETED and rng.random() < c.EVALUATION_RESPONSE:
            self.rows["evaluation"].append(
                {
                    "id": self.next_id("evaluation"),
                    "registration_id": registration,
                    "overall": rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 14, 42, 40])[0],
                    "impact_on_practice": rng.choices([1, 2, 3, 4, 5], weights=[1, 4, 18, 42, 35])[0],
                    "comments": "",
                    "submitted_at": last + datetime.timedelta(days=10),
                }
            )
