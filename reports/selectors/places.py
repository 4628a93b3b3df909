"""Participation: Work Groups run, teachers, schools, attendance and completion, by hub, project, phase and year.

Read from the kept figures (``workgroups.models.figures``): one row per Work Group (its places, completions,
teachers, schools and evaluations) and one per session (its register's marks), a year's few thousand rows, instead
of its registrations and register marks. Each Work Group's own status, hub, project, phase and year, and each
session's status and time, are read live.
"""

import json

from django.db.models import F, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from reports.selectors.scope import ReportFilters, grouped, rate, rollup, work_groups_in_scope
from workgroups.enums import SessionStatus, WorkGroupStatus
from workgroups.models import SessionRegister, WorkGroup, YearParticipation

PARTICIPATION_DIMENSIONS = {"hub": "hub", "project": "project", "phase": "phase", "year": "academic_year"}
MARK_COUNTS = ("marks", "attended")
PLACE_COUNTS = ("teachers", "schools", "places", "places_in_completed_groups", "completions")
FIGURES = ("places", "completions", "teacher_ids", "school_ids", "evaluations", "overall_total", "impact_total")
ID_LISTS = ("teacher_ids", "school_ids")


def work_group_rows(filters: ReportFilters, *, any_year: bool = False, id_lists: bool = True) -> list[dict]:
    """The Work Groups in scope, each with its figures: one query, one row per Work Group.

    Rows carry ``hub``, ``project``, ``phase``, ``year``, ``status``, ``work_groups`` (1, so ``rollup`` counts
    them) and the figures (zero for a group no one has joined yet). ``id_lists=False``: without ``teacher_ids``
    and ``school_ids`` (the bulk of the rows), for a caller that reads the distinct counts from the kept ones
    (``kept_place_sets``).
    """
    names = FIGURES if id_lists else tuple(name for name in FIGURES if name not in ID_LISTS)
    # The id lists come as their JSON text and are decoded in one call for all the rows: decoding them one value
    # at a time (the JSONField's own way) was a large part of a report's time in Python.
    rows = list(
        work_groups_in_scope(filters, any_year=any_year)
        .values("pk", "hub", "project", "phase", "status", year=F("academic_year"))
        .annotate(
            **{
                name: Cast(f"figures__{name}", TextField()) if name in ID_LISTS else F(f"figures__{name}")
                for name in names
            }
        )
        .order_by()
    )
    lists = iter(())
    if id_lists:
        texts = [row[name] or "[]" for row in rows for name in ID_LISTS]
        lists = iter(json.loads("[" + ",".join(texts) + "]"))
    for row in rows:
        row["work_groups"] = 1
        for name in names:
            if name in ID_LISTS:
                row[name] = next(lists)
            elif row[name] is None:
                row[name] = 0
    return rows


def place_sets(rows: list[dict], bys=(*PARTICIPATION_DIMENSIONS, None), *, distinct: bool = True) -> dict[str | None, dict]:
    """Teachers and schools (distinct), places and completions, for each grouping in ``bys``.

    Distinct teachers and schools do not add up across Work Groups (a teacher can be in two hubs' groups): each
    grouping's are the union of its groups' sets. Returns ``{by: {key: row}}`` with ``by`` in
    hub/project/phase/year and ``None`` for the whole selection (key ``None``). ``distinct=False``: no unions
    (teachers and schools 0), for a caller that reads them from the kept counts (``kept_place_sets``).
    """
    completed = WorkGroupStatus.COMPLETED
    result: dict[str | None, dict] = {}
    for by in bys:
        # Each group's sets are unioned in one call over its rows' lists, not updated row by row.
        groups = {}
        for key, group in grouped(rows, by).items():
            done = [row for row in group if row["status"] == completed]
            groups[key] = {
                **({"key": key} if by else {}),
                "teachers": len(set().union(*[row["teacher_ids"] for row in group])) if distinct else 0,
                "schools": len(set().union(*[row["school_ids"] for row in group])) if distinct else 0,
                "places": sum(row["places"] for row in group),
                "places_in_completed_groups": sum(row["places"] for row in done),
                "completions": sum(row["completions"] for row in done),
            }
        result[by] = groups
    return result


KEPT_GROUPINGS = ("hub", "project", "phase", None)
_ANY = object()  # a kept field that must name something (the grouping's own key)


def _kept_cells(filters: ReportFilters, by: str | None) -> dict[str, object]:
    """The kept counts' fields (``YearParticipation``) of the grouping ``by`` for ``filters``: a value each, or
    ``_ANY`` for the grouping's own field (not blank)."""
    hub, region = filters.hub, filters.region
    if by == "hub":
        cells = {"hub_id": _ANY if hub is None else hub.pk}
        if region is not None:
            cells["region_id"] = region.pk
    elif hub is not None:
        cells = {"region_id": hub.region_id, "hub_id": hub.pk}
    else:
        cells = {"region_id": None if region is None else region.pk, "hub_id": None}
    cells["phase"] = _ANY if by == "phase" and not filters.phase else filters.phase
    project = None if filters.project is None else filters.project.pk
    cells["project_id"] = _ANY if by == "project" and project is None else project
    return cells


def kept_place_counts(*filter_sets: ReportFilters, bys=KEPT_GROUPINGS) -> list[dict[str | None, dict]]:
    """The distinct teachers and schools of the year's Work Groups in scope of each filter set (one academic year
    for all: a hub's and the network's beside it), per grouping in ``bys`` ("hub", "project", "phase", None) and
    key, from the kept per-year counts (``YearParticipation``): ``{by: {key: (teachers, schools)}}`` for each filter
    set, in order. One query of a few dozen rows whatever the size of the network; a key with no kept row has no
    participants."""
    (year,) = {filters.academic_year for filters in filter_sets}
    found = [{by: {} for by in bys} for _ in filter_sets]
    cells = {}
    for index, filters in enumerate(filter_sets):
        hub, region = filters.hub, filters.region
        if hub is not None and region is not None and hub.region_id != region.pk:
            continue  # no Work Group is in both
        for by in bys:
            cells[(index, by)] = _kept_cells(filters, by)
    if not cells:
        return found
    wanted = Q()
    for by_cells in cells.values():
        wanted |= Q(
            *(~Q(**{field: ""}) if field == "phase" else Q(**{f"{field}__isnull": False})
              for field, value in by_cells.items() if value is _ANY),
            **{field: value for field, value in by_cells.items() if value is not _ANY},
        )  # fmt: skip
    fields = ("region_id", "hub_id", "phase", "project_id")
    keys = {"hub": "hub_id", "project": "project_id", "phase": "phase"}
    rows = YearParticipation.objects.filter(wanted, academic_year=year)
    for row in rows.values(*fields, "teachers", "schools").order_by():
        for (index, by), by_cells in cells.items():
            if all(
                row[field] not in (None, "") if value is _ANY else row[field] == value
                for field, value in by_cells.items()
            ):
                found[index][by][row[keys[by]] if by else None] = (row["teachers"], row["schools"])
    return found


def kept_place_sets(
    filters: ReportFilters, rows: list[dict], by: str | None, *, counts: dict | None = None
) -> dict[str | None, dict]:
    """``place_sets(rows, bys=[by])`` for the year's Work Groups in scope (``rows``: ``work_group_rows(filters)``),
    with the distinct teachers and schools read from the kept per-year counts (``kept_place_counts``; ``counts``:
    theirs when the caller has them already) instead of unions of every group's id lists: the same figures, in a
    time that does not grow with the network. ``by``: one of ``KEPT_GROUPINGS`` (no grouping by year is kept).

    Places and completions still add up from ``rows``.
    """
    if by not in KEPT_GROUPINGS:
        raise ValueError(f"No kept distinct counts by {by!r}")
    if counts is None or by not in counts:
        (counts,) = kept_place_counts(filters, bys=[by])
    totals = place_sets(rows, bys=[by], distinct=False)
    for key, group in totals[by].items():
        group["teachers"], group["schools"] = counts[by].get(key, (0, 0))
    return totals


def attendance_grid(filters: ReportFilters, *, any_year: bool = False) -> list[dict]:
    """Register marks and attendances per (hub, project, phase, year) of Work Group. One query.

    Marks of participants (approved or completed) at sessions held: not cancelled, started before now.
    """
    keys = {name: F(f"session__work_group__{field}") for name, field in PARTICIPATION_DIMENSIONS.items()}
    return list(
        SessionRegister.objects.filter(
            session__work_group__in=work_groups_in_scope(filters, any_year=any_year),
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__lte=timezone.now(),
        )
        .values(**keys)
        .annotate(marks=Sum("marks"), attended=Sum("attended"))
        .order_by()
    )


def participation(
    filters: ReportFilters,
    *,
    by: str | None,
    any_year: bool = False,
    marks: list[dict] | None = None,
    rows: list[dict] | None = None,
    places: dict | None = None,
) -> list[dict]:
    """Work Groups run, teachers, schools, attendance and completion, grouped ``by`` hub/project/phase/year.

    Built from three results a report computes once and shares between its tables (computed here when not
    given): the Work Group rows, their place sets and the attendance grid.
    - Work Groups run: published, not cancelled;
    - teachers and schools: distinct, over approved or completed registrations;
    - attendance rate: present or late ÷ marks recorded for those registrations at sessions held (not
      cancelled, started before now);
    - completion rate: completed ÷ approved-or-completed registrations in Work Groups that have completed.
    """
    if rows is None:
        rows = work_group_rows(filters, any_year=any_year)
    if marks is None:
        marks = attendance_grid(filters, any_year=any_year)
    if places is None or by not in places:
        places = place_sets(rows, bys=[by])
    empty_places = dict.fromkeys(PLACE_COUNTS, 0)
    mark_rows = {row.get("key"): row for row in rollup(marks, by, MARK_COUNTS)}
    result = []
    for group in rollup(rows, by, ("work_groups",)):
        key = group.get("key")
        row = {**group, **empty_places, **places[by].get(key, {})}
        mark = mark_rows.get(key, {"marks": 0, "attended": 0})
        row["marks"], row["attended"] = mark["marks"], mark["attended"]
        row["attendance_rate"] = rate(mark["attended"], mark["marks"])
        row["completion_rate"] = rate(row["completions"], row["places_in_completed_groups"])
        result.append(row)
    return result


def work_group_figures(filters: ReportFilters) -> list[dict]:
    """Each Work Group of the selection with its teachers, schools, attendance and completion. Two queries.

    For a hub's own report (a hub runs about sixty Work Groups a year); the definitions are participation's.
    """
    return figures_of_work_groups(work_groups_in_scope(filters))


def figures_of_work_groups(work_groups: QuerySet[WorkGroup]) -> list[dict]:
    """Each of ``work_groups`` (by code) with its teachers, schools, attendance and completion, and its evaluations'
    number and score totals (``evaluations``, ``overall_total``, ``impact_total``: ``evaluation_scores`` averages
    them). Two queries whatever the number of groups.

    The definitions are participation's: attendance over marks at sessions held; completion only for a group that
    has completed. The caller chooses the groups (a hub's year, a Mastery Specialist's groups) and keeps to those
    that ran (``work_groups_in_scope``'s statuses) for figures comparable with the reports.
    """
    rows = list(
        work_groups.values(
            "pk", "code", "title", "status", project_code=F("project__code"), start_year=F("academic_year__start_year")
        )
        .annotate(
            places=F("figures__places"),
            completions=F("figures__completions"),
            teacher_ids=F("figures__teacher_ids"),
            school_ids=F("figures__school_ids"),
            **{name: F(f"figures__{name}") for name in ("evaluations", "overall_total", "impact_total")},
        )
        .order_by("code")
    )
    marks = {
        row["key"]: row
        for row in SessionRegister.objects.filter(
            session__work_group__in=work_groups,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__lte=timezone.now(),
        )
        .values(key=F("session__work_group"))
        .annotate(marks=Sum("marks"), attended=Sum("attended"))
        .order_by()
    }
    for row in rows:
        row["teachers"] = len(row.pop("teacher_ids") or [])
        row["schools"] = len(row.pop("school_ids") or [])
        for name in ("places", "completions", "evaluations", "overall_total", "impact_total"):
            row[name] = row[name] or 0
        mark = marks.get(row["pk"], {"marks": 0, "attended": 0})
        row["attendance_rate"] = rate(mark["attended"], mark["marks"])
        finished = row["status"] == WorkGroupStatus.COMPLETED
        row["completion_rate"] = rate(row["completions"], row["places"]) if finished else None
    return rows
