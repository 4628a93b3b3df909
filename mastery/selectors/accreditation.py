"""Reads of specialists' accreditations: where a specialist stands as PD Lead (for lists and reports), and one
specialist's accreditations with their history (for their page). Each in a fixed number of queries."""

from django.db.models import Case, DateField, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from mastery.enums import HOLDS_ACCREDITATION, PD_LEAD_STANDING, AccreditationKind, AccreditationStatus
from mastery.models import Accreditation, AccreditationEvent, MasterySpecialist

_STANDING = Case(
    *(When(status=status, then=Value(rank)) for status, rank in PD_LEAD_STANDING.items()),
    default=Value(0),
    output_field=IntegerField(),
)


def _pd_lead_of_specialist() -> QuerySet[Accreditation]:
    """The specialist's (``OuterRef("pk")``) PD Lead accreditation that stands for them: when they have several
    (phases), the best standing (accredited, re-registration due, in progress, lapsed, not started), then the most
    recently accredited."""
    return (
        Accreditation.objects.filter(specialist=OuterRef("pk"), kind=AccreditationKind.PD_LEAD)
        .alias(standing=_STANDING)
        .order_by("-standing", "-accredited_on", "pk")
    )


def pd_lead_status_expression():
    """A specialist's PD Lead status, as an expression on a ``MasterySpecialist`` queryset: never null (a specialist
    without a PD Lead accreditation counts as not started)."""
    return Coalesce(Subquery(_pd_lead_of_specialist().values("status")[:1]), Value(AccreditationStatus.NOT_STARTED))


def with_pd_lead_status(specialists: QuerySet[MasterySpecialist]) -> QuerySet[MasterySpecialist]:
    """``specialists`` annotated with their PD Lead accreditation (still one query):

    - ``pd_lead_status``: an ``AccreditationStatus`` value, never null;
    - ``pd_lead_phase``: the ``AccreditationPhase`` value of that accreditation, or None;
    - ``pd_lead_accredited_on``: the date it was (last) granted, or None.

    Group or count by status with ``pd_lead_status_expression()`` in ``alias()``.
    """
    pd_lead = _pd_lead_of_specialist()
    return specialists.annotate(
        pd_lead_status=pd_lead_status_expression(),
        pd_lead_phase=Subquery(pd_lead.values("phase")[:1]),
        pd_lead_accredited_on=Subquery(pd_lead.values("accredited_on")[:1], output_field=DateField()),
    )


def holds_pd_lead_q(prefix: str = "") -> Q:
    """Holding PD Lead accreditation (accredited, or accredited with re-registration due), for a filter on a
    relation ``prefix`` (e.g. ``"specialists__"``) leading to ``MasterySpecialist``."""
    return Q(
        **{
            f"{prefix}accreditations__kind": AccreditationKind.PD_LEAD,
            f"{prefix}accreditations__status__in": HOLDS_ACCREDITATION,
        }
    )


def accreditations_prefetch(to_attr: str | None = None) -> Prefetch:
    """``MasterySpecialist.accreditations`` in the page's order (PD Lead first, by phase), with who decided."""
    return Prefetch(
        "accreditations",
        queryset=Accreditation.objects.select_related("decided_by").order_by("kind", "phase"),
        to_attr=to_attr,
    )


def accreditations_of(*, specialist: MasterySpecialist) -> list[Accreditation]:
    """The specialist's accreditations, PD Lead first, each with ``history`` (its events, oldest first, with who
    recorded them). Two queries whatever the number of accreditations and moves."""
    return list(
        Accreditation.objects.filter(specialist=specialist)
        .select_related("decided_by")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=AccreditationEvent.objects.select_related("by").order_by("at", "pk"),
                to_attr="history",
            )
        )
        .order_by("kind", "phase", "pk")
    )


def accreditation_history(*, accreditation: Accreditation) -> list[AccreditationEvent]:
    """The accreditation's recorded moves, oldest first, with who recorded them. One query."""
    return list(
        AccreditationEvent.objects.filter(accreditation=accreditation).select_related("by").order_by("at", "pk")
    )


def accreditation_for_page(*, pk: int) -> Accreditation | None:
    """One accreditation with its specialist, their hub, cohort and school (what its pages show and check)."""
    return (
        Accreditation.objects.select_related(
            "specialist__user__school", "specialist__hub", "specialist__cohort__academic_year", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
