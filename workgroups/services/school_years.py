"""Keeping each school's academic years in the reports' terms (``workgroups.models.SchoolYear``) current.

A school's year is folded from its participations (``SchoolParticipation``) in Work Groups of that year that ran,
with the register's answers beside it (its serving hub while open, phase, most disadvantaged). What changes it,
and who refreshes it, inside the transaction of the change:

- a Work Group's participants (``work_group_figures_refresh``: the schools it had and has, for its year);
- a Work Group's status into or out of the ones that ran (``status_change``: publishing, cancelling);
- a project's Teaching for Mastery stage (``project_save``), a Work Group's project or a deletion in the admin;
- the register, or who serves whom (``hubs.services.open_school_counts_refresh``): every row is rebuilt, as the
  open-school counts are, with the threshold they were counted with.

``school_years_refresh`` locks the schools' rows (``FOR NO KEY UPDATE``, in id order: a registration's insert is
not held up) before it reads, so two changes to one school's year at once (two Work Groups of a hub) count one
after the other and the second sees the first's rows.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, IntegerField, Max, Q, Value, When
from django.db.models.functions import Coalesce

from hubs.models import SchoolRegisterSummary, served_hub
from schools.enums import OPEN_STATUSES
from schools.models import School
from workgroups.enums import JOURNEY_RANK, RUN_STATUSES
from workgroups.models import SchoolParticipation, SchoolYear
from workgroups.services.school_year_counts import school_year_counts_rebuild, school_year_counts_refresh

COLUMNS = ("school_id", "academic_year_id", "completed", "completed_rank", "hub_id", "phase", "disadvantaged")


def _years_of(participations, threshold):
    """One row per (school, year) of ``participations`` in Work Groups that ran, in ``COLUMNS``' order."""
    rank = Case(
        *(When(work_group__project__journey_stage=stage, then=Value(n)) for stage, n in JOURNEY_RANK.items()),
        output_field=IntegerField(),
    )
    open_and_served = Case(
        When(school__status__in=OPEN_STATUSES, then=served_hub("school__")), default=None, output_field=IntegerField()
    )
    if threshold is None:  # with no FSM figures at all there are no "most disadvantaged" schools
        disadvantaged = Value(False)
    else:
        disadvantaged = Case(
            When(school__percentage_fsm__gt=threshold, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    return (
        participations.filter(work_group__status__in=RUN_STATUSES)
        .values(
            "school_id",
            year=F("work_group__academic_year"),
            hub=open_and_served,
            school_phase=Coalesce("school__phase", Value("")),
            is_disadvantaged=disadvantaged,
        )
        .annotate(
            completions=Count("pk", filter=Q(completed=True)),
            rank=Coalesce(Max(rank, filter=Q(completed=True)), 0),
        )
        .annotate(
            is_completed=Case(
                When(completions__gt=0, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .values_list("school_id", "year", "is_completed", "rank", "hub", "school_phase", "is_disadvantaged")
        .order_by()
    )


def _insert(participations, threshold) -> None:
    select, params = _years_of(participations, threshold).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SchoolYear._meta.db_table} ({', '.join(COLUMNS)}) {select}", params)


def _threshold():
    return SchoolRegisterSummary.objects.values_list("disadvantaged_threshold", flat=True).first()


def school_years_refresh(*, schools_by_year: dict[int, Iterable[int]]) -> None:
    """Recompute the years of these schools (academic year id → school ids) from their participations, now.

    Call it inside the transaction of the change, after the change. Locks the schools' rows first (see the
    module). Three queries a year named, then the counts of the schools' hubs (``school_year_counts_refresh``),
    none when no school is named.
    """
    wanted = {year: sorted(set(schools)) for year, schools in schools_by_year.items() if schools}
    if not wanted:
        return
    every_school = sorted({school for schools in wanted.values() for school in schools})
    list(School.objects.select_for_update(no_key=True).filter(pk__in=every_school).order_by("pk").values_list("pk"))
    hubs = _hubs_of(every_school)
    threshold = _threshold()
    for year, schools in sorted(wanted.items()):
        SchoolYear.objects.filter(academic_year_id=year, school_id__in=schools).delete()
        _insert(SchoolParticipation.objects.filter(work_group__academic_year_id=year, school_id__in=schools), threshold)
    # The hubs the schools' years were counted in and are now (the same but for a register change not yet counted).
    school_year_counts_refresh(hub_ids=hubs | _hubs_of(every_school), academic_year_ids=wanted)


def _hubs_of(schools: list[int]) -> set[int]:
    return set(SchoolYear.objects.filter(school_id__in=schools).values_list("hub_id", flat=True).distinct())


def school_years_of_work_groups(work_group_ids: Iterable[int]) -> dict[int, set[int]]:
    """The schools taking part in these Work Groups, by the Work Groups' academic year (for a refresh)."""
    found: dict[int, set[int]] = {}
    rows = SchoolParticipation.objects.filter(work_group_id__in=list(work_group_ids)).values_list(
        "work_group__academic_year_id", "school_id"
    )
    for year, school in rows:
        found.setdefault(year, set()).add(school)
    return found


def school_years_register_refresh() -> int:
    """Rewrite the register's answers on every kept school year (its school's serving hub while open, phase, and
    "most disadvantaged" by the kept threshold) where they changed; returns how many schools changed.

    Call it inside the transaction of a change to the register or to who serves whom, after the open-school counts
    (their threshold): ``hubs.services.open_school_counts_refresh`` does. Two reads (the schools, the kept years'
    answers) and one update per new answer given: a register change moves a handful of schools, so it writes a
    handful of rows rather than rebuilding every year. Then every count (``school_year_counts_rebuild``: the
    schools moved move between the counts' cells, and a year created since is counted with them).
    """
    threshold = _threshold()
    if threshold is None:
        disadvantaged = Value(False)
    else:
        disadvantaged = Case(
            When(percentage_fsm__gt=threshold, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    answers = dict(
        (school, (hub, phase, is_disadvantaged))
        for school, hub, phase, is_disadvantaged in School.objects.filter(pk__in=SchoolYear.objects.values("school_id"))
        .annotate(
            serving=Case(When(status__in=OPEN_STATUSES, then=served_hub()), default=None, output_field=IntegerField()),
            is_disadvantaged=disadvantaged,
        )
        .values_list("pk", "serving", "phase", "is_disadvantaged")
        .order_by()
    )
    moved: dict[tuple, list[int]] = {}
    for school, *kept in SchoolYear.objects.values_list("school_id", "hub_id", "phase", "disadvantaged").distinct():
        answer = answers.get(school)
        if answer is not None and tuple(kept) != answer:
            moved.setdefault(answer, []).append(school)
    for (hub, phase, is_disadvantaged), schools in moved.items():
        SchoolYear.objects.filter(school_id__in=schools).update(hub=hub, phase=phase, disadvantaged=is_disadvantaged)
    school_year_counts_rebuild()
    return sum(len(schools) for schools in moved.values())


def school_years_rebuild(
    *, participation_model=SchoolParticipation, school_year_model=SchoolYear, summary_model=SchoolRegisterSummary
) -> None:
    """Recompute every school's every year, with the kept most-disadvantaged threshold, and every count of them
    (``school_year_counts_rebuild``): after a change to the register or to who serves whom (every row's hub, phase
    and "most disadvantaged" may move), a bulk load, or a repair. Call it inside a transaction, after the
    open-school counts (their threshold). Two queries and the counts'. The models may be a migration's own; the
    counts are then left to the migration that made their table (it counts what is there)."""
    school_year_model.objects.all().delete()
    threshold = summary_model.objects.values_list("disadvantaged_threshold", flat=True).first()
    select, params = _years_of(participation_model.objects.all(), threshold).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {school_year_model._meta.db_table} ({', '.join(COLUMNS)}) {select}", params)
    if school_year_model is SchoolYear:
        school_year_counts_rebuild()
