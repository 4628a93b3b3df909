"""Keeping each academic year's distinct teachers and schools (``YearParticipation``) current.

Distinct counts do not add up from one Work Group's figures (a teacher can be in two groups of a year), so each
year keeps its own per set of the reports' filters. A Work Group counts in twelve sets: the network, its hub's
region and its hub, each for any phase or the group's own, and for any project or the group's own.

``year_participation_move`` is the services': when teachers or schools join or leave one Work Group (the refresh),
or the group itself leaves its sets or moves to others (a cancellation, a change of phase), each set moves by those
who are in it through this group only (none of their other participant registrations of the year, in a group that
ran, falls in that set). ``year_participation_recount`` counts whole years again, for bulk loads and the admin. Both lock the year's row first (a no-key lock: registrations referring to the year are still written
meanwhile), so two changes in one year are counted one after the other and the second reads what the first
committed: the counts always match the registrations as committed.
"""

from collections import defaultdict

from django.db.models import Count, Q

from workgroups.enums import PARTICIPANT_STATUSES, RUN_STATUSES
from workgroups.models import AcademicYear, Registration, YearParticipation

FilterSet = tuple[int | None, int | None, str, int | None]  # (region, hub, phase, project); None or "": any


def _filter_sets(region: int | None, hub: int, phase: str, project: int) -> list[FilterSet]:
    scopes = [(None, None), (region, None), (region, hub)] if region is not None else [(None, None), (None, hub)]
    return [(r, h, p, j) for r, h in scopes for p in ("", phase) for j in (None, project)]


def work_group_filter_sets(*, status: str, region: int | None, hub: int, phase: str, project: int) -> list[FilterSet]:
    """The filter sets a Work Group of this status, hub (and the hub's region), phase and project counts in; none
    when it did not run. A hub without a region counts in the network's sets and its own."""
    return _filter_sets(region, hub, phase, project) if status in RUN_STATUSES else []


def _lock_years(academic_year_ids) -> list[int]:
    years = AcademicYear.objects.order_by("pk")
    if academic_year_ids is not None:
        years = years.filter(pk__in=list(academic_year_ids))
    return list(years.select_for_update(no_key=True).values_list("pk", flat=True))


def year_participation_move(
    *,
    academic_year_id: int,
    work_group_id: int,
    filter_sets: tuple[list[FilterSet], list[FilterSet]],
    teachers: tuple[set, set],
    schools: tuple[set, set],
) -> None:
    """Move the year's counts by the teachers and schools that joined or left one Work Group, or by all of them when
    the group moved to other filter sets (a change of phase; none once cancelled).

    Each pair is (before, after) the change: ``filter_sets`` the group's (``work_group_filter_sets``), ``teachers``
    and ``schools`` its participants. Call it inside the transaction of the change, after the change, with the
    group's row locked. At most five small queries and three writes (none when nothing moved).
    """
    sets_before, sets_after = set(filter_sets[0]), set(filter_sets[1])
    changes = {"teacher": teachers, "school": schools}
    if sets_before == sets_after and (not sets_after or all(b == a for b, a in changes.values())):
        return
    _lock_years([academic_year_id])
    deltas: dict[FilterSet, list[int]] = defaultdict(lambda: [0, 0])
    for index, (member, (before, after)) in enumerate(changes.items()):
        moved = before ^ after if sets_before == sets_after else before | after
        if not moved:
            continue
        elsewhere = defaultdict(set)  # each member's sets through its other participant registrations of the year
        for member_id, region, hub, phase, project in (
            Registration.objects.filter(
                **{f"{member}_id__in": moved},
                academic_year_id=academic_year_id,
                status__in=PARTICIPANT_STATUSES,
                work_group__status__in=RUN_STATUSES,
            )
            .exclude(work_group_id=work_group_id)
            .values_list(
                f"{member}_id", "work_group__hub__region", "work_group__hub", "work_group__phase", "work_group__project"
            )
        ):
            elsewhere[member_id].update(_filter_sets(region, hub, phase, project))
        for member_id in moved:
            was = (sets_before if member_id in before else set()) - elsewhere[member_id]
            now = (sets_after if member_id in after else set()) - elsewhere[member_id]
            for filter_set in now - was:
                deltas[filter_set][index] += 1
            for filter_set in was - now:
                deltas[filter_set][index] -= 1
    _apply(academic_year_id, {key: delta for key, delta in deltas.items() if delta != [0, 0]})


def _apply(academic_year_id: int, deltas: dict[FilterSet, list[int]]) -> None:
    if not deltas:
        return
    wanted = Q()
    for region, hub, phase, project in deltas:
        wanted |= Q(region_id=region, hub_id=hub, phase=phase, project_id=project)
    rows = {
        (row.region_id, row.hub_id, row.phase, row.project_id): row
        for row in YearParticipation.objects.filter(wanted, academic_year_id=academic_year_id)
    }
    changed, created, emptied = [], [], []
    for key, (teachers, schools) in deltas.items():
        row = rows.get(key)
        if row is None:
            region, hub, phase, project = key
            row = YearParticipation(
                academic_year_id=academic_year_id, region_id=region, hub_id=hub, phase=phase, project_id=project
            )
            created.append(row)
        elif row.teachers + teachers == 0 and row.schools + schools == 0:
            emptied.append(row.pk)  # as a recount leaves it: no row for a set no one is in
            continue
        else:
            changed.append(row)
        row.teachers += teachers
        row.schools += schools
    YearParticipation.objects.bulk_update(changed, ["teachers", "schools"])
    YearParticipation.objects.bulk_create(created)
    YearParticipation.objects.filter(pk__in=emptied).delete()


# The recount's groupings, one per shape of filter set: the network, the region or the hub (with its region), each
# for any phase or one, and any project or one.
_SCOPES = ((), ("work_group__hub__region",), ("work_group__hub__region", "work_group__hub"))
_NARROWINGS = ((), ("work_group__phase",), ("work_group__project",), ("work_group__phase", "work_group__project"))


def year_participation_recount(*, academic_year_ids=None) -> None:
    """Count again the distinct teachers and schools of these academic years (every year when ``None``), for every
    set of the reports' filters, from the participant registrations in Work Groups that ran.

    Call it inside the transaction of the change, after the change. A grouping per shape of filter set, twelve (not
    GROUPING SETS, which SQLite lacks); a year of the scale 1.0 network takes a few tenths of a second, so the
    refresh moves the counts instead (``year_participation_move``).
    """
    years = _lock_years(academic_year_ids)
    if not years:
        return
    participants = Registration.objects.filter(
        academic_year__in=years, status__in=PARTICIPANT_STATUSES, work_group__status__in=RUN_STATUSES
    ).order_by()
    rows = []
    for scope in _SCOPES:
        for narrowing in _NARROWINGS:
            grouped = (
                participants.filter(work_group__hub__region__isnull=False) if scope == _SCOPES[1] else participants
            )
            for row in grouped.values("academic_year", *scope, *narrowing).annotate(
                teachers=Count("teacher", distinct=True), schools=Count("school", distinct=True)
            ):
                rows.append(
                    YearParticipation(
                        academic_year_id=row["academic_year"],
                        region_id=row.get("work_group__hub__region"),
                        hub_id=row.get("work_group__hub"),
                        phase=row.get("work_group__phase", ""),
                        project_id=row.get("work_group__project"),
                        teachers=row["teachers"],
                        schools=row["schools"],
                    )
                )
    YearParticipation.objects.filter(academic_year__in=years).delete()
    YearParticipation.objects.bulk_create(rows, batch_size=2000)
