"""Cohorts and specialists, each read in a fixed number of queries whatever the number of specialists.

Every specialist read here carries ``open_lessons_hosted``: the "open lessons hosted" milestone, derived from the
open lessons they hosted that have taken place (``open_lessons_held_q``), never typed in.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.rules import reads_the_network
from hubs.models import Hub, school_in_hub_q
from hubs.selectors import hubs_managed_by
from mastery.models import Cohort, MasterySpecialist, OpenLesson
from mastery.selectors.accreditation import holds_pd_lead_q, with_pd_lead_status
from mastery.selectors.open_lessons import open_lessons_held_q
from workgroups.models import WorkGroup

SPECIALIST_RELATED = ("user__school", "hub", "cohort__academic_year", "first_work_group")


def specialists_with_milestones() -> QuerySet[MasterySpecialist]:
    """Specialists with what their progress shows beside them (school, hub, cohort, first Work Group), their PD
    Lead status (``with_pd_lead_status``) and ``open_lessons_hosted``. One query however many: each figure is a
    subquery per row, so nothing fans out or needs grouping."""
    held = (
        OpenLesson.objects.filter(open_lessons_held_q(), specialist=OuterRef("pk"))
        .order_by()
        .values("specialist")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return with_pd_lead_status(MasterySpecialist.objects.select_related(*SPECIALIST_RELATED)).annotate(
        open_lessons_hosted=Coalesce(Subquery(held, output_field=IntegerField()), 0)
    )


def cohorts_with_counts() -> QuerySet[Cohort]:
    """Every cohort, newest first, with ``specialists_count`` and ``accredited_count`` (specialists holding PD Lead
    accreditation, ``holds_pd_lead_q``). One query."""
    return (
        Cohort.objects.select_related("academic_year")
        .annotate(
            specialists_count=Count("specialists", distinct=True),
            accredited_count=Count("specialists", filter=holds_pd_lead_q("specialists__"), distinct=True),
        )
        .order_by("-academic_year__start_year", "phase")
    )


def cohort_specialists(*, cohort: Cohort) -> QuerySet[MasterySpecialist]:
    """The cohort's specialists across the network (NCETM staff read it), by hub and name, with their PD Lead
    status and milestones (``specialists_with_milestones``). One query."""
    return specialists_with_milestones().filter(cohort=cohort).order_by("hub__name", "user__full_name", "pk")


def hub_specialists(*, hub: Hub) -> QuerySet[MasterySpecialist]:
    """The hub's specialists, newest cohort first, then by name, with their PD Lead status (``with_pd_lead_status``).
    One query."""
    return (
        specialists_with_milestones()
        .filter(hub=hub)
        .order_by("-cohort__academic_year__start_year", "cohort__phase", "user__full_name", "pk")
    )


def specialists_visible_to(*, user) -> QuerySet[MasterySpecialist]:
    """The specialists ``user`` may read (``mastery.view_specialist``, for a whole list): every one for network
    staff, the hubs' they manage (lead or administrator) and their own place on the programme for anyone else.
    Unordered; no duplicates (a subquery, not a join)."""
    if not user.is_authenticated:
        return MasterySpecialist.objects.none()
    if reads_the_network(user):
        return MasterySpecialist.objects.all()
    return MasterySpecialist.objects.filter(Q(user_id=user.pk) | Q(hub_id__in=hubs_managed_by(user=user)))


def specialist_for_page(*, pk: int) -> MasterySpecialist | None:
    """One specialist with what their page shows beside them (hub, cohort, school, first Work Group, PD Lead
    status, open lessons hosted), or None."""
    return specialists_with_milestones().filter(pk=pk).first()


def specialisms_of(*, user) -> list[MasterySpecialist]:
    """The person's own places on the programme (usually one), newest first."""
    if not user.is_authenticated:
        return []
    return list(
        MasterySpecialist.objects.filter(user=user)
        .select_related("hub", "cohort__academic_year")
        .order_by("-cohort__academic_year__start_year")
    )


def hub_teacher_by_email(*, hub: Hub, email: str):
    """The active account with this e-mail address whose school the hub serves, or None."""
    return (
        get_user_model()
        .objects.filter(school_in_hub_q(hub, prefix="school__"), email__iexact=email.strip(), is_active=True)
        .select_related("school")
        .first()
    )


def work_groups_led_by(*, specialist: MasterySpecialist) -> QuerySet[WorkGroup]:
    """The Work Groups of the specialist's hub that they lead or led, oldest first (the first is their first)."""
    return (
        WorkGroup.objects.filter(hub_id=specialist.hub_id, leads=specialist.user_id)
        .select_related("academic_year")
        .order_by("academic_year__start_year", "code")
    )
