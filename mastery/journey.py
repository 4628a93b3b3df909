"""A school's Teaching for Mastery journey, derived once for the whole portal: the school page, the hub's school
list, the reports and the headteacher's page read it from here.

- A school **completed a stage** in an academic year when one of its teachers completed a Work Group of that year
  (one that ran) whose national project carries the stage (``NationalProject.journey_stage``). The school is the
  one on the registration (``SchoolParticipation``), so a teacher who moves school takes no history with them and
  leaves the old school's history in place.
- A school's **derived stage** is the furthest stage it has completed: the journey only moves on (Readiness →
  Development → Embedding → Sustaining). A stage completed again (a repeated year; Development is done once)
  keeps the school where it is and is marked a repeat in its history.
- A hub lead may **record the stage** (``SchoolJourneyOverride``, with a reason, audited): it replaces the derived
  stage wherever a stage is shown or counted; the derived history is still shown beside it.
- A school **moved on a stage in a year** when the furthest stage it completed that year is beyond every stage it
  completed before (derived history only: a recorded stage has no year).
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Max, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from mastery.models import SchoolJourneyOverride
from workgroups.engagement import engaged_participations
from workgroups.enums import JOURNEY_RANK, JourneyStage

RANK = JOURNEY_RANK
STAGE_OF_RANK = {number: stage for stage, number in RANK.items()}
LABELS = dict(JourneyStage.choices)


def _rank_case(field_name: str) -> Case:
    return Case(*(When(**{field_name: stage}, then=Value(n)) for stage, n in RANK.items()), output_field=IntegerField())


def stage_completions() -> QuerySet:
    """Every (school, year, stage) a school completed: the rows of the kept figures whose Work Group ran, was
    completed by one of the school's teachers and whose project carries a stage. Unordered, for subqueries."""
    return engaged_participations().filter(completed=True).exclude(work_group__project__journey_stage=JourneyStage.NONE)


def derived_rank_subquery(
    school_ref="pk", *, before_year: int | None = None, in_year: int | None = None, through_year: int | None = None
):
    """The furthest stage's rank (1-4) a school completed, as a subquery on ``OuterRef(school_ref)``; None if
    none. ``before_year``, ``in_year``, ``through_year`` (start years) narrow it to the years before one, to one
    year, or to the years up to and including one."""
    rows = stage_completions().filter(school=OuterRef(school_ref))
    if through_year is not None:
        rows = rows.filter(work_group__academic_year__start_year__lte=through_year)
    if before_year is not None:
        rows = rows.filter(work_group__academic_year__start_year__lt=before_year)
    if in_year is not None:
        rows = rows.filter(work_group__academic_year__start_year=in_year)
    ranked = rows.annotate(rank=_rank_case("work_group__project__journey_stage")).values("school")
    return Subquery(ranked.annotate(top=Max("rank")).values("top")[:1], output_field=IntegerField())


def override_rank_subquery(school_ref="pk"):
    """The rank of the stage a hub lead recorded for the school (0 for "not started"), or None."""
    rows = SchoolJourneyOverride.objects.filter(school=OuterRef(school_ref)).annotate(
        rank=Coalesce(_rank_case("stage"), Value(0))
    )
    return Subquery(rows.values("rank")[:1], output_field=IntegerField())


def journey_rank_expression(school_ref="pk", *, through_year: int | None = None):
    """The school's stage as a rank, for a queryset of schools: the recorded stage if any, else the derived one
    (from the years up to ``through_year`` if given); 0 for not started. Filter and group by it; ``stage_of_rank``
    turns it back into a stage."""
    return Coalesce(
        override_rank_subquery(school_ref),
        derived_rank_subquery(school_ref, through_year=through_year),
        Value(0),
        output_field=IntegerField(),
    )


def completed_rank():
    """The rank (1-4) of the stage a row of ``stage_completions()`` completed, as an expression (Max it per school
    for the furthest)."""
    return _rank_case("work_group__project__journey_stage")


def recorded_rank(override_ref: str):
    """The rank of the stage a hub lead recorded, through the relation ``override_ref`` to the school's
    ``SchoolJourneyOverride`` (``"school__journey_override"`` from a completion): 0 for "not started", None when
    no stage is recorded. A join, for queries that group schools rather than probe each one."""
    return Case(
        When(**{f"{override_ref}__isnull": True}, then=Value(None)),
        default=Coalesce(_rank_case(f"{override_ref}__stage"), Value(0)),
        output_field=IntegerField(),
    )


def stage_of_rank(rank: int | None) -> str:
    return STAGE_OF_RANK.get(rank or 0, JourneyStage.NONE)


@dataclass(frozen=True)
class JourneyYear:
    start_year: int
    stage: str  # the furthest stage completed that year
    stage_after: str  # where the school stood at the end of the year
    moved_on: bool
    repeated: bool  # a stage completed again: the school stays where it was

    @property
    def year(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def stage_label(self) -> str:
        return LABELS[self.stage]

    @property
    def stage_after_label(self) -> str:
        return LABELS[self.stage_after]


@dataclass
class SchoolJourney:
    """A school's journey: its stage now (recorded if a hub lead recorded one, else derived) and its history."""

    stage: str
    derived_stage: str
    history: list[JourneyYear] = field(default_factory=list)
    override: object = None  # the SchoolJourneyOverride, if any

    @property
    def stage_label(self) -> str:
        return LABELS[self.stage] if self.stage != JourneyStage.NONE else "Not started"

    @property
    def derived_stage_label(self) -> str:
        return LABELS[self.derived_stage] if self.derived_stage != JourneyStage.NONE else "Not started"


def history_from(completions: list[tuple[int, str]]) -> list[JourneyYear]:
    """The year-by-year history from (start year, stage completed) pairs, in any order (a year may come twice)."""
    furthest_per_year: dict[int, int] = {}
    for start_year, stage in completions:
        furthest_per_year[start_year] = max(furthest_per_year.get(start_year, 0), RANK[stage])
    history, reached = [], 0
    for start_year in sorted(furthest_per_year):
        rank = furthest_per_year[start_year]
        moved_on = rank > reached
        reached = max(reached, rank)
        history.append(
            JourneyYear(
                start_year=start_year,
                stage=STAGE_OF_RANK[rank],
                stage_after=STAGE_OF_RANK[reached],
                moved_on=moved_on,
                repeated=not moved_on,
            )
        )
    return history


def school_journeys(*, school_ids) -> dict[int, SchoolJourney]:
    """Each school's journey, for any number of schools, in two queries."""
    school_ids = list(school_ids)
    pairs: dict[int, list] = {pk: [] for pk in school_ids}
    rows = stage_completions().filter(school_id__in=school_ids)
    for school_id, start_year, stage in rows.values_list(
        "school_id", "work_group__academic_year__start_year", "work_group__project__journey_stage"
    ).distinct():
        pairs[school_id].append((start_year, stage))
    overrides = {o.school_id: o for o in SchoolJourneyOverride.objects.filter(school_id__in=school_ids)}
    journeys = {}
    for pk in school_ids:
        history = history_from(pairs[pk])
        derived = history[-1].stage_after if history else JourneyStage.NONE
        override = overrides.get(pk)
        journeys[pk] = SchoolJourney(
            stage=override.stage if override else derived, derived_stage=derived, history=history, override=override
        )
    return journeys


def school_journey_stage(school) -> SchoolJourney:
    """One school's Teaching for Mastery journey (``stage``, ``stage_label``, ``history``, ``override``): for the
    school page and the headteacher's page. Two queries."""
    return school_journeys(school_ids=[school.pk])[school.pk]


def stage_label(rank: int | None) -> str:
    """What people read for a stage's rank: "Not started", "Mastery Readiness" … "Sustaining"."""
    stage = stage_of_rank(rank)
    return LABELS[stage] if stage != JourneyStage.NONE else "Not started"
