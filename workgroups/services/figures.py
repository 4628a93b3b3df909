"""Keeping the reports' figures of each Work Group (``workgroups.models.figures``) up to date.

``work_group_figures_refresh`` is called, inside their transaction, by every service that changes a Work Group's
participants (a decision, a withdrawal, completion), its registers (marks, apologies) or its evaluations, so the
reports never read a stale figure; with them, the years of the schools they touch (``school_years_refresh``).
``work_group_figures_rebuild`` recomputes every Work Group at once (after a bulk load such as ``seed_network``, or
the migration that added the figures); it is also safe at any time.

The refresh also moves the year's distinct teachers and schools (``workgroups.services.year_participation``) by the
teachers and schools that joined or left the Work Group.
"""

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from hubs.models import Hub
from workgroups.enums import ATTENDED_STATUSES, PARTICIPANT_STATUSES, RUN_STATUSES, RegistrationStatus
from workgroups.models import (
    Attendance,
    Evaluation,
    Registration,
    SchoolParticipation,
    Session,
    SessionRegister,
    WorkGroup,
    WorkGroupFigures,
)
from workgroups.services.school_years import school_years_rebuild, school_years_refresh
from workgroups.services.year_participation import (
    work_group_filter_sets,
    year_participation_move,
    year_participation_recount,
)

REBUILD_CHUNK = 500  # Work Groups recomputed per round of queries


def _recompute(work_group_ids: list[int], *, school_years: bool = True) -> dict[int, dict]:
    """Replace the figures of these Work Groups by what their registrations, marks and evaluations say now; and,
    with ``school_years``, the years of the schools they had and have (``school_years_refresh``). Returns each
    group's participants: ``teachers`` (a set of ids) and ``schools`` (id → completed)."""
    had = (
        set(
            SchoolParticipation.objects.filter(work_group_id__in=work_group_ids).values_list(
                "work_group_id", "school_id", "completed"
            )
        )
        if school_years
        else set()
    )
    places: dict[int, dict] = {
        pk: {"places": 0, "completions": 0, "teachers": set(), "schools": {}} for pk in work_group_ids
    }
    years: dict[int, tuple[int, bool]] = {}  # Work Group → (its academic year, whether it ran), for the participations
    for work_group_id, teacher_id, school_id, status, year_id, group_status in Registration.objects.filter(
        work_group_id__in=work_group_ids, status__in=PARTICIPANT_STATUSES
    ).values_list("work_group_id", "teacher_id", "school_id", "status", "academic_year_id", "work_group__status"):
        years[work_group_id] = (year_id, group_status in RUN_STATUSES)
        group = places[work_group_id]
        completed = status == RegistrationStatus.COMPLETED
        group["places"] += 1
        group["completions"] += completed
        group["teachers"].add(teacher_id)
        group["schools"][school_id] = group["schools"].get(school_id, False) or completed
    evaluations = {
        row["work_group_id"]: row
        for row in Evaluation.objects.filter(
            registration__work_group_id__in=work_group_ids, registration__status__in=PARTICIPANT_STATUSES
        )
        .values(work_group_id=F("registration__work_group_id"))
        .annotate(n=Count("pk"), overall=Sum("overall"), impact=Sum("impact_on_practice"))
        .order_by()
    }
    # Through the registration (its (work_group, status) index), not the session: the register names only the
    # participants of the session's own Work Group.
    registers = (
        Attendance.objects.filter(
            registration__work_group_id__in=work_group_ids, registration__status__in=PARTICIPANT_STATUSES
        )
        .values("session_id")
        .annotate(marks=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED_STATUSES)))
        .values_list("session_id", "marks", "attended")
        .order_by()
    )
    WorkGroupFigures.objects.filter(work_group_id__in=work_group_ids).delete()
    SessionRegister.objects.filter(session__work_group_id__in=work_group_ids).delete()
    SchoolParticipation.objects.filter(work_group_id__in=work_group_ids).delete()
    empty = {"n": 0, "overall": 0, "impact": 0}
    WorkGroupFigures.objects.bulk_create(
        WorkGroupFigures(
            work_group_id=pk,
            places=group["places"],
            completions=group["completions"],
            teacher_ids=sorted(group["teachers"]),
            school_ids=sorted(group["schools"]),
            evaluations=evaluations.get(pk, empty)["n"],
            overall_total=evaluations.get(pk, empty)["overall"] or 0,
            impact_total=evaluations.get(pk, empty)["impact"] or 0,
        )
        for pk, group in places.items()
    )
    # The registers straight from the count (INSERT … SELECT): a session's row is never built in Python, which was
    # most of a rebuild's time (sessions outnumber Work Groups five to one).
    select, params = registers.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SessionRegister._meta.db_table} (session_id, marks, attended) {select}", params)
    SchoolParticipation.objects.bulk_create(
        SchoolParticipation(
            work_group_id=pk, school_id=school_id, completed=completed, academic_year_id=years[pk][0], ran=years[pk][1]
        )
        for pk, group in places.items()
        for school_id, completed in sorted(group["schools"].items())
    )
    has = {(pk, school, completed) for pk, group in places.items() for school, completed in group["schools"].items()}
    if school_years and has != had:  # an evaluation, say, changes no school's year
        group_years = dict(WorkGroup.objects.filter(pk__in=work_group_ids).values_list("pk", "academic_year_id"))
        schools_by_year: dict[int, set[int]] = {}
        for pk, school, _ in had ^ has:
            schools_by_year.setdefault(group_years[pk], set()).add(school)
        school_years_refresh(schools_by_year=schools_by_year)
    return places


def work_group_figures_refresh(*, work_group: WorkGroup | int) -> None:
    """Recompute one Work Group's figures from its registrations, registers and evaluations, now.

    Call it inside the transaction of the change, after the change (it runs in that transaction: no savepoint of
    its own, so the pages that change things keep their query counts). The Work Group's row is locked first, so
    two changes to one group at once (a decision and a withdrawal, an evaluation) refresh one after the other and
    the second counts the first's rows: the figures always match what was committed. Raises
    ``TransactionManagementError`` outside a transaction.
    """
    work_group_id = work_group if isinstance(work_group, int) else work_group.pk
    locked = (
        WorkGroup.objects.select_for_update(of=("self",))
        .filter(pk=work_group_id)
        .values("academic_year", "status", "hub", "phase", "project", region=F("hub__region"))
        .first()
    )
    before = WorkGroupFigures.objects.filter(work_group_id=work_group_id).values("teacher_ids", "school_ids").first()
    (after,) = _recompute([work_group_id]).values()
    if locked is not None:
        filter_sets = work_group_filter_sets(
            status=locked["status"],
            region=locked["region"],
            hub=locked["hub"],
            phase=locked["phase"],
            project=locked["project"],
        )
        year_participation_move(
            academic_year_id=locked["academic_year"],
            work_group_id=work_group_id,
            filter_sets=(filter_sets, filter_sets),
            teachers=(set(before["teacher_ids"]) if before else set(), after["teachers"]),
            schools=(set(before["school_ids"]) if before else set(), set(after["schools"])),
        )


def work_group_participation_regroup(*, work_group: WorkGroup, status: str, phase: str) -> None:
    """Its participants leave the filter sets the Work Group counted in with this ``status`` and ``phase`` (before a
    cancellation, a change of phase) and join those it counts in now (``workgroups.services.year_participation``).

    Call it inside the transaction of the change, after the change, with the group's row locked. Its kept
    participants are those of its last refresh: a cancellation ends their registrations without one.
    """
    figures = WorkGroupFigures.objects.filter(work_group=work_group).values("teacher_ids", "school_ids").first()
    teachers = set(figures["teacher_ids"]) if figures else set()
    schools = set(figures["school_ids"]) if figures else set()
    region = Hub.objects.filter(pk=work_group.hub_id).values_list("region", flat=True).first()
    keys = {"region": region, "hub": work_group.hub_id, "project": work_group.project_id}
    year_participation_move(
        academic_year_id=work_group.academic_year_id,
        work_group_id=work_group.pk,
        filter_sets=(
            work_group_filter_sets(status=status, phase=phase, **keys),
            work_group_filter_sets(status=work_group.status, phase=work_group.phase, **keys),
        ),
        teachers=(teachers, teachers),
        schools=(schools, schools),
    )


def school_participations_ran_refresh(*, work_group: WorkGroup) -> None:
    """Copy whether ``work_group`` runs now (``RUN_STATUSES``: published and not cancelled) onto its schools'
    participations, after its status changed: the engagement the hub dashboards read follows a publication or a
    cancellation at once. One update; call it in the transaction of the change, after the change."""
    SchoolParticipation.objects.filter(work_group=work_group).update(ran=work_group.status in RUN_STATUSES)


def session_register_refresh(*, session: Session, statuses: dict[int, str] | None = None) -> None:
    """Recompute one session's register figures (its participants' marks, and of those present or late).

    For a change to one session's marks only. ``statuses``: every participant's mark at the session after the
    change (registration id → status), when the caller has them already (the register does: no query then);
    otherwise they are counted. The caller holds the session's row lock (as the register and apologies do), so
    two changes to one register are counted one after the other. One upsert.
    """
    if statuses is None:
        counts = Attendance.objects.filter(session=session, registration__status__in=PARTICIPANT_STATUSES).aggregate(
            marks=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED_STATUSES))
        )
    else:
        counts = {"marks": len(statuses), "attended": sum(1 for s in statuses.values() if s in ATTENDED_STATUSES)}
    SessionRegister.objects.bulk_create(
        [SessionRegister(session_id=session.pk, **counts)],
        update_conflicts=True,
        unique_fields=["session"],
        update_fields=["marks", "attended"],
    )


def work_group_figures_rebuild(*, work_group_ids=None) -> int:
    """Recompute the figures of every Work Group (or of ``work_group_ids``), a chunk per transaction.

    For bulk loads and repairs; the services keep the figures current themselves. Returns how many groups.
    """
    ids = list(
        WorkGroup.objects.order_by("pk").values_list("pk", flat=True)
        if work_group_ids is None
        else sorted(set(work_group_ids))
    )
    everything = work_group_ids is None
    for start in range(0, len(ids), REBUILD_CHUNK):
        with transaction.atomic():
            _recompute(ids[start : start + REBUILD_CHUNK], school_years=not everything)
    if everything:  # every school's years at once, rather than chunk by chunk
        with transaction.atomic():
            school_years_rebuild()
    # Every year, not only those of the groups: an edit in the admin may have moved a group to another year.
    with transaction.atomic():
        year_participation_recount()
    return len(ids)
