"""The network's figures, each computed by aggregation in PostgreSQL in a fixed number of queries.

Every selector takes a ``ReportFilters`` (academic year, and optionally region, hub, phase, national project) and
returns plain rows (dicts of counts and rates). These selectors cross hubs on purpose: they are the national
reports. Views narrow the filters to one hub for a hub's own report.

Definitions (also written on the report pages, see ``reports.definitions``):

- A school is *served by* a hub through its explicit override, else through its local authority's hub area.
- *Open* schools are those GIAS lists as open (``School.objects.open()``); closed schools are never counted.
- A school *participated* in a year when at least one registration for it, in a Work Group of that year, is
  approved or completed. The school is the one on the registration, so a teacher who moved school counts for the
  school they registered from. Applied, waitlisted, offered, rejected and withdrawn registrations do not count.
- A school *completed* in a year when at least one registration for it in that year is completed.
- The *most disadvantaged* schools are the fifth of the network's open schools (with a known figure) with the
  highest % free school meals; schools tied at the boundary are left out.
"""

from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.utils import timezone

from hubs.models import Hub, served_hub, served_region
from mastery.enums import AccreditationStatus
from mastery.models import MasterySpecialist
from reports.models import ImpactSurveyResponse
from schools.enums import Phase
from schools.models import Region, School
from workgroups.engagement import engaged_registrations
from workgroups.enums import (
    ATTENDED_STATUSES,
    PARTICIPANT_STATUSES,
    RUN_STATUSES,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import AcademicYear, Attendance, Evaluation, NationalProject, Registration, WorkGroup


@dataclass(frozen=True)
class ReportFilters:
    academic_year: AcademicYear
    region: Region | None = None
    hub: Hub | None = None
    phase: str = ""
    project: NationalProject | None = None

    def network(self) -> "ReportFilters":
        """The same figures for the whole network (for comparison beside one hub)."""
        return replace(self, region=None, hub=None)


def rate(numerator, denominator) -> float | None:
    """A percentage to one decimal place; ``None`` when there is nothing to divide by."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def hubs_in_scope(filters: ReportFilters) -> QuerySet[Hub]:
    hubs = Hub.objects.select_related("region").order_by("name")
    if filters.hub is not None:
        hubs = hubs.filter(pk=filters.hub.pk)
    if filters.region is not None:
        hubs = hubs.filter(region=filters.region)
    return hubs


def schools_in_scope(filters: ReportFilters) -> QuerySet[School]:
    """Open schools served by a hub, narrowed by the region, hub and phase filters, with ``served_hub``."""
    schools = (
        School.objects.open()
        .annotate(served_hub=served_hub(), served_region=served_region())
        .filter(served_hub__isnull=False)
    )
    if filters.hub is not None:
        schools = schools.filter(served_hub=filters.hub.pk)
    if filters.region is not None:
        schools = schools.filter(served_region=filters.region.pk)
    if filters.phase:
        schools = schools.filter(phase=filters.phase)
    return schools


def work_groups_in_scope(filters: ReportFilters, *, any_year: bool = False) -> QuerySet[WorkGroup]:
    """Work Groups that ran (not drafts, not cancelled), narrowed by every filter."""
    work_groups = WorkGroup.objects.filter(status__in=RUN_STATUSES)
    if not any_year:
        work_groups = work_groups.filter(academic_year=filters.academic_year)
    if filters.hub is not None:
        work_groups = work_groups.filter(hub=filters.hub)
    if filters.region is not None:
        work_groups = work_groups.filter(hub__region=filters.region)
    if filters.phase:
        work_groups = work_groups.filter(phase=filters.phase)
    if filters.project is not None:
        work_groups = work_groups.filter(project=filters.project)
    return work_groups


def _year_engaged_registrations(filters: ReportFilters) -> QuerySet[Registration]:
    """The year's engaged registrations (``workgroups.engagement``), narrowed to the project filter."""
    registrations = engaged_registrations(academic_year=filters.academic_year)
    if filters.project is not None:
        registrations = registrations.filter(work_group__project=filters.project)
    return registrations


def disadvantaged_threshold() -> float | None:
    """The % free school meals above which an open school is in the network's most disadvantaged fifth.

    The top fifth are the ``n // 5`` open schools (of the ``n`` with a known figure) with the highest % FSM; the
    threshold is the figure of the next school down, so schools tied with it at the boundary are left out.
    ``None`` when fewer than five schools have a figure. Two queries, on PostgreSQL and SQLite alike.
    """
    with_fsm = School.objects.open().filter(percentage_fsm__isnull=False)
    top_fifth = with_fsm.count() // 5
    if top_fifth == 0:
        return None
    value = with_fsm.order_by("-percentage_fsm").values_list("percentage_fsm", flat=True)[top_fifth]
    return float(value)


# ---------------------------------------------------------------- engagement


ENGAGEMENT_COUNTS = (
    "open_schools",
    "participating_schools",
    "completed_schools",
    "disadvantaged_schools",
    "disadvantaged_participating",
)


def rollup(grid: list[dict], by: str | None, counts) -> list[dict]:
    """Sum the additive counts of a grouped result up to one of its keys (or to one total row for ``by=None``).

    Only for counts where each underlying row falls in exactly one group (a school is in one hub and one phase,
    an attendance mark belongs to one Work Group): the database groups once, by every key at once, and the hub,
    region, phase and network figures are the sums of its few dozen rows.
    """
    totals: dict = {}
    for row in grid:
        key = row[by] if by else None
        total = totals.setdefault(key, dict.fromkeys(counts, 0))
        for name in counts:
            total[name] += row[name] or 0
    if by is None:
        return [totals.get(None, dict.fromkeys(counts, 0))]
    return [{"key": key, **values} for key, values in sorted(totals.items(), key=lambda kv: (kv[0] is None, kv[0]))]


def engagement_grid(filters: ReportFilters, threshold: float | None) -> list[dict]:
    """Open, participating, completed and most disadvantaged schools per (hub, region, phase). One query.

    One pass over the open schools in scope: a school participates when it is among the schools of the year's
    approved or completed registrations, and completed when among those of its completed ones. Each set is an
    uncorrelated subquery that PostgreSQL reads once (through the (academic_year, status) index) into a hash probed
    per school: no per-school subquery runs and no registration is joined to its school's hub area.
    """
    schools = schools_in_scope(filters)
    # Above the threshold: with no FSM figures at all there are no "most disadvantaged" schools.
    if threshold is None:
        disadvantaged = Value(False)
    else:
        disadvantaged = ExpressionWrapper(Q(percentage_fsm__gt=threshold), output_field=BooleanField())
    engaged = _year_engaged_registrations(filters)
    # Grouped by "most disadvantaged" too (so each set of schools is built once); those rows, a few hundred at
    # most, are added up here.
    rows = schools.values(
        hub=F("served_hub"), region=F("served_region"), school_phase=F("phase"), disadvantaged=disadvantaged
    ).annotate(
        open_schools=Count("pk"),
        participating_schools=Count("pk", filter=Q(pk__in=engaged.values("school_id"))),
        completed_schools=Count(
            "pk", filter=Q(pk__in=engaged.filter(status=RegistrationStatus.COMPLETED).values("school_id"))
        ),
    )
    grid: dict = {}
    for row in rows:
        cell = grid.setdefault(
            (row["hub"], row["region"], row["school_phase"]),
            {"hub": row["hub"], "region": row["region"], "school_phase": row["school_phase"]}
            | dict.fromkeys(ENGAGEMENT_COUNTS, 0),
        )
        for name in ("open_schools", "participating_schools", "completed_schools"):
            cell[name] += row[name]
        if row["disadvantaged"]:
            cell["disadvantaged_schools"] += row["open_schools"]
            cell["disadvantaged_participating"] += row["participating_schools"]
    return list(grid.values())


def engagement_rates(grid: list[dict], by: str | None) -> list[dict]:
    """``grid`` summed per hub, region or phase (``by``), or for the network (``None``), with its rates."""
    rows = rollup(grid, {"phase": "school_phase"}.get(by, by), ENGAGEMENT_COUNTS)
    for row in rows:
        row["participating_rate"] = rate(row["participating_schools"], row["open_schools"])
        row["completed_rate"] = rate(row["completed_schools"], row["open_schools"])
        row["disadvantaged_rate"] = rate(row["disadvantaged_participating"], row["disadvantaged_schools"])
    return rows


def engagement(filters: ReportFilters, *, by: str | None, threshold: float | None = None) -> list[dict]:
    """Schools participating (and completing) ÷ open schools, per hub, region or phase, or for the network (``by=None``).

    Two queries (plus two for the disadvantaged threshold when not given). Rows carry ``key`` (hub id, region id or
    phase) except the network row.
    """
    if threshold is None:
        threshold = disadvantaged_threshold()
    return engagement_rates(engagement_grid(filters, threshold), by)


# ---------------------------------------------------------------- participation


PARTICIPATION_DIMENSIONS = {"hub": "hub", "project": "project", "phase": "phase", "year": "academic_year"}
MARK_COUNTS = ("marks", "attended")


def attendance_grid(filters: ReportFilters, *, any_year: bool = False) -> list[dict]:
    """Register marks and attendances per (hub, project, phase, year) of Work Group. One query.

    Marks of approved or completed participants at sessions held (not cancelled, started before now).
    """
    marks = Attendance.objects.filter(
        session__work_group__in=work_groups_in_scope(filters, any_year=any_year),
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__lte=timezone.now(),
        registration__status__in=PARTICIPANT_STATUSES,
    )
    if not any_year:
        # Start from the year's registrations (index) rather than from five years of marks.
        marks = marks.filter(registration__academic_year=filters.academic_year)
    keys = {name: F(f"session__work_group__{field}") for name, field in PARTICIPATION_DIMENSIONS.items()}
    return list(
        marks.values(**keys).annotate(marks=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED_STATUSES)))
    )


PLACE_COUNTS = ("teachers", "schools", "places", "places_in_completed_groups", "completions")


def work_group_grid(filters: ReportFilters, *, any_year: bool = False) -> list[dict]:
    """Work Groups that ran per (hub, project, phase, year). One query over Work Groups only."""
    return list(
        work_groups_in_scope(filters, any_year=any_year)
        .values("hub", "project", "phase", year=F("academic_year"))
        .annotate(work_groups=Count("pk"))
        .order_by()
    )


def _registrations_in_scope(filters: ReportFilters, *, any_year: bool = False) -> QuerySet[Registration]:
    """Approved or completed registrations in the Work Groups in scope (no ordering: only aggregated)."""
    registrations = Registration.objects.filter(
        work_group__in=work_groups_in_scope(filters, any_year=any_year), status__in=PARTICIPANT_STATUSES
    )
    if not any_year:
        registrations = registrations.filter(academic_year=filters.academic_year)
    return registrations.order_by()


def place_sets(filters: ReportFilters, *, any_year: bool = False) -> dict[str | None, dict]:
    """Teachers and schools (distinct), places and completions, for every grouping at once. One query.

    Distinct teachers and schools do not add up across groups (a teacher can be in two hubs' Work Groups), so on
    PostgreSQL one ``GROUPING SETS ((hub), (project), (phase), (year), ())`` pass over the registrations gives
    each grouping its own distinct counts. Returns ``{by: {key: row}}`` with ``by`` in hub/project/phase/year and
    ``None`` for the whole selection. Other databases run one query per grouping (``place_rows``).
    """
    registrations = _registrations_in_scope(filters, any_year=any_year).values_list(
        "work_group__hub_id",
        "work_group__project_id",
        "work_group__phase",
        "work_group__academic_year_id",
        "teacher_id",
        "school_id",
        "status",
        "work_group__status",
    )
    if connection.vendor != "postgresql":
        return {
            by: {row.get("key"): row for row in place_rows(filters, by, any_year=any_year)}
            for by in (*PARTICIPATION_DIMENSIONS, None)
        }
    inner, params = registrations.query.sql_with_params()
    year_column, year_flag = ("year", "GROUPING(year)") if any_year else ("NULL", "1")
    sql = f"""
        SELECT hub, project, phase, {year_column}, GROUPING(hub), GROUPING(project), GROUPING(phase), {year_flag},
               COUNT(DISTINCT teacher), COUNT(DISTINCT school), COUNT(*),
               COUNT(*) FILTER (WHERE wg_status = %s),
               COUNT(*) FILTER (WHERE wg_status = %s AND status = %s)
        FROM ({inner}) AS r (hub, project, phase, year, teacher, school, status, wg_status)
        GROUP BY GROUPING SETS ((hub), (project), (phase), {"(year), " if any_year else ""}())
    """
    finished, completed = WorkGroupStatus.COMPLETED, RegistrationStatus.COMPLETED
    result: dict[str | None, dict] = {by: {} for by in (*PARTICIPATION_DIMENSIONS, None)}
    with connection.cursor() as cursor:
        cursor.execute(sql, [finished, finished, completed, *params])  # in the order of the placeholders
        for hub, project, phase, year, *flags_and_counts in cursor.fetchall():
            flags, counts = flags_and_counts[:4], flags_and_counts[4:]
            row = dict(zip(PLACE_COUNTS, counts, strict=True))
            grouped = [by for by, flag in zip(PARTICIPATION_DIMENSIONS, flags, strict=True) if flag == 0]
            by = grouped[0] if grouped else None
            key = {"hub": hub, "project": project, "phase": phase, "year": year, None: None}[by]
            result[by][key] = {"key": key, **row} if by else row
    total = result[None].get(None)
    if not any_year and total and total["places"]:
        # One year selected: its row is the whole selection's, so PostgreSQL is spared a fifth grouping (each
        # costs a sort of the year's registrations and two of its distinct counts).
        year = filters.academic_year.pk
        result["year"][year] = {"key": year, **total}
    return result


def place_rows(filters: ReportFilters, by: str | None, *, any_year: bool = False) -> list[dict]:
    """One grouping's distinct teachers and schools, places and completions (portable, one query)."""
    registrations = _registrations_in_scope(filters, any_year=any_year)
    finished = Q(work_group__status=WorkGroupStatus.COMPLETED)
    aggregates = {
        "teachers": Count("teacher", distinct=True),
        "schools": Count("school", distinct=True),
        "places": Count("pk"),
        "places_in_completed_groups": Count("pk", filter=finished),
        "completions": Count("pk", filter=finished & Q(status=RegistrationStatus.COMPLETED)),
    }
    if by is None:
        return [registrations.aggregate(**aggregates)]
    field = PARTICIPATION_DIMENSIONS[by]
    return list(registrations.values(key=F(f"work_group__{field}")).annotate(**aggregates))


def participation(
    filters: ReportFilters,
    *,
    by: str | None,
    any_year: bool = False,
    marks: list[dict] | None = None,
    groups: list[dict] | None = None,
    places: dict | None = None,
) -> list[dict]:
    """Work Groups run, teachers, schools, attendance and completion, grouped ``by`` hub/project/phase/year.

    Built from three results a report computes once and shares between its tables (computed here when not
    given): the Work Group grid, the place sets and the attendance grid.
    - Work Groups run: published, not cancelled;
    - teachers and schools: distinct, over approved or completed registrations;
    - attendance rate: present or late ÷ marks recorded for those registrations at sessions held (not
      cancelled, started before now);
    - completion rate: completed ÷ approved-or-completed registrations in Work Groups that have completed.
    """
    if marks is None:
        marks = attendance_grid(filters, any_year=any_year)
    if groups is None:
        groups = work_group_grid(filters, any_year=any_year)
    if places is None:
        places = place_sets(filters, any_year=any_year)
    empty_places = dict.fromkeys(PLACE_COUNTS, 0)
    mark_rows = {row.get("key"): row for row in rollup(marks, by, MARK_COUNTS)}
    rows = []
    for group in rollup(groups, by, ("work_groups",)):
        key = group.get("key")
        row = {**group, **empty_places, **places[by].get(key, {})}
        mark = mark_rows.get(key, {"marks": 0, "attended": 0})
        row["marks"], row["attended"] = mark["marks"], mark["attended"]
        row["attendance_rate"] = rate(mark["attended"], mark["marks"])
        row["completion_rate"] = rate(row["completions"], row["places_in_completed_groups"])
        rows.append(row)
    return rows


def work_group_figures(filters: ReportFilters) -> list[dict]:
    """Each Work Group of the selection with its teachers, schools, attendance and completion. Two queries.

    For a hub's own report (a hub runs about sixty Work Groups a year); the definitions are participation's.
    """
    work_groups = work_groups_in_scope(filters)
    engaged = Q(registrations__status__in=PARTICIPANT_STATUSES)
    rows = list(
        work_groups.values("pk", "code", "title", "status", project_code=F("project__code"))
        .annotate(
            teachers=Count("registrations__teacher", filter=engaged, distinct=True),
            schools=Count("registrations__school", filter=engaged, distinct=True),
            places=Count("registrations", filter=engaged),
            completions=Count("registrations", filter=Q(registrations__status=RegistrationStatus.COMPLETED)),
        )
        .order_by("code")
    )
    marks = {
        row["key"]: row
        for row in Attendance.objects.filter(
            session__work_group__in=work_groups,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__lte=timezone.now(),
            registration__status__in=PARTICIPANT_STATUSES,
        )
        .values(key=F("session__work_group"))
        .annotate(marks=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED_STATUSES)))
    }
    for row in rows:
        mark = marks.get(row["pk"], {"marks": 0, "attended": 0})
        row["attendance_rate"] = rate(mark["attended"], mark["marks"])
        finished = row["status"] == WorkGroupStatus.COMPLETED
        row["completion_rate"] = rate(row["completions"], row["places"]) if finished else None
    return rows


# ---------------------------------------------------------------- impact


def _responses(filters: ReportFilters, *, any_year: bool = False) -> QuerySet[ImpactSurveyResponse]:
    responses = ImpactSurveyResponse.objects.filter(school__in=schools_in_scope(filters).values("pk"))
    if not any_year:
        responses = responses.filter(academic_year=filters.academic_year)
    if filters.project is not None:
        responses = responses.filter(
            Exists(engaged_registrations().filter(school=OuterRef("school"), work_group__project=filters.project))
        )
    return responses


def headteacher_impact(filters: ReportFilters, *, by: str | None, any_year: bool = False) -> list[dict]:
    """Share of headteachers answering yes to "positive impact", with the number of responses. One query.

    ``by``: "hub" (the school's hub), "year", or ``None`` for the network.
    """
    responses = _responses(filters, any_year=any_year)
    aggregates = {"responses": Count("pk"), "positive": Count("pk", filter=Q(positive_impact=True))}
    if by is None:
        rows = [responses.aggregate(**aggregates)]
    else:
        key = {"hub": served_hub("school__"), "year": F("academic_year")}[by]
        rows = list(responses.values(key=key).annotate(**aggregates).order_by("key"))
    for row in rows:
        row["positive_rate"] = rate(row["positive"], row["responses"])
    return rows


EVALUATION_COUNTS = ("evaluations", "overall_total", "impact_total")


def evaluation_grid(filters: ReportFilters, *, any_year: bool = False) -> list[dict]:
    """Evaluations and their score totals per (hub, year) of Work Group. One query; averages add up from it."""
    evaluations = Evaluation.objects.filter(
        registration__work_group__in=work_groups_in_scope(filters, any_year=any_year),
        registration__status__in=PARTICIPANT_STATUSES,
    )
    if not any_year:
        evaluations = evaluations.filter(registration__academic_year=filters.academic_year)
    return list(
        evaluations.values(
            hub=F("registration__work_group__hub"), year=F("registration__work_group__academic_year")
        ).annotate(evaluations=Count("pk"), overall_total=Sum("overall"), impact_total=Sum("impact_on_practice"))
    )


def evaluation_scores(
    filters: ReportFilters, *, by: str | None, any_year: bool = False, grid: list[dict] | None = None
) -> list[dict]:
    """Participants' end-of-group evaluations: number and average scores (1-5), per hub or year, or overall."""
    if grid is None:
        grid = evaluation_grid(filters, any_year=any_year)
    rows = rollup(grid, by, EVALUATION_COUNTS)
    for row in rows:
        n = row["evaluations"]
        row["average_overall"] = round(row.pop("overall_total") / n, 2) if n else None
        row["average_impact_on_practice"] = round(row.pop("impact_total") / n, 2) if n else None
    return rows


# ---------------------------------------------------------------- leadership capacity


def leadership(filters: ReportFilters, *, by: str | None, any_year: bool = False) -> list[dict]:
    """Work Group leads of the Work Groups that ran, and the distinct schools and trusts they come from. One query.

    A lead's school is the school on their profile; leads without one count as leads but add no school or trust.
    """
    through = WorkGroup.leads.through.objects.filter(workgroup__in=work_groups_in_scope(filters, any_year=any_year))
    aggregates = {
        "leads": Count("user", distinct=True),
        "lead_schools": Count("user__school", distinct=True),
        "lead_trusts": Count("user__school__trust", distinct=True),
    }
    if by is None:
        return [through.aggregate(**aggregates)]
    field = PARTICIPATION_DIMENSIONS[by]
    return list(through.values(key=F(f"workgroup__{field}")).annotate(**aggregates).order_by("key"))


def mastery_specialists_by_cohort(filters: ReportFilters) -> list[dict]:
    """Mastery Specialists by cohort (start year) and PD Lead accreditation status, for cohorts up to the year.

    One query. Filters: region, hub and phase (the cohort's phase).
    """
    specialists = MasterySpecialist.objects.filter(cohort_year__start_year__lte=filters.academic_year.start_year)
    if filters.hub is not None:
        specialists = specialists.filter(hub=filters.hub)
    if filters.region is not None:
        specialists = specialists.filter(hub__region=filters.region)
    if filters.phase:
        specialists = specialists.filter(phase=filters.phase)
    rows = list(
        specialists.values(key=F("cohort_year__start_year"))
        .annotate(
            specialists=Count("pk"),
            not_started=Count("pk", filter=Q(accreditation_status=AccreditationStatus.NOT_STARTED)),
            in_progress=Count("pk", filter=Q(accreditation_status=AccreditationStatus.IN_PROGRESS)),
            accredited=Count("pk", filter=Q(accreditation_status=AccreditationStatus.ACCREDITED)),
        )
        .order_by("key")
    )
    for row in rows:
        row["accredited_rate"] = rate(row["accredited"], row["specialists"])
    return rows


# ---------------------------------------------------------------- trends


def engagement_by_year(filters: ReportFilters) -> list[dict]:
    """Participating and completed schools per academic year held, over today's open schools in scope.

    Two queries. The denominator is today's register: GIAS gives no history of openings and closures.
    """
    schools = schools_in_scope(filters)
    open_schools = schools.count()
    registrations = engaged_registrations().filter(school__in=schools.values("pk"))
    if filters.project is not None:
        registrations = registrations.filter(work_group__project=filters.project)
    rows = list(
        registrations.values(key=F("work_group__academic_year"))
        .annotate(
            participating_schools=Count("school", distinct=True),
            completed_schools=Count("school", distinct=True, filter=Q(status=RegistrationStatus.COMPLETED)),
        )
        .order_by("key")
    )
    for row in rows:
        row["open_schools"] = open_schools
        row["participating_rate"] = rate(row["participating_schools"], open_schools)
        row["completed_rate"] = rate(row["completed_schools"], open_schools)
    return rows


def years_held() -> list[AcademicYear]:
    return list(AcademicYear.objects.order_by("start_year"))


def phase_label(value: str) -> str:
    return Phase(value).label if value in Phase.values else value
