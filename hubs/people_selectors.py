"""Reads of people's roles: a hub's People page, the network's hub leads and NCETM staff, pending invitations.

Each returns what one page shows in a fixed number of queries, whatever the number of people.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from hubs.enums import HubRole, InvitationStatus
from hubs.models import Hub, HubMembership, Invitation
from mastery.models import MasterySpecialist
from mastery.selectors.accreditation import with_pd_lead_status
from workgroups.enums import WORKGROUP_TRANSITIONS
from workgroups.models import WorkGroup


def work_group_finished(work_group: WorkGroup) -> bool:
    """Completed or cancelled: a Work Group with no move left. Its leads led it; nobody is invited to it."""
    return not WORKGROUP_TRANSITIONS[work_group.status]


def work_groups_open_to_leads(*, hub: Hub) -> QuerySet[WorkGroup]:
    """The hub's Work Groups that can still take a lead (not completed, not cancelled), newest year first."""
    unfinished = [status for status, moves in WORKGROUP_TRANSITIONS.items() if moves]
    return (
        WorkGroup.objects.filter(hub=hub, status__in=unfinished)
        .select_related("academic_year")
        .order_by("-academic_year__start_year", "code")
    )


@dataclass
class Person:
    """One person of a hub, with everything they are in it."""

    user: object
    memberships: list = field(default_factory=list)
    leads_now: list = field(default_factory=list)
    led_before: list = field(default_factory=list)
    specialisms: list = field(default_factory=list)


def hub_people(*, hub: Hub) -> list[Person]:
    """Everyone with a role in ``hub``: its members (hub lead, administrator, leadership team), the leads of its
    Work Groups (those they run now and those they ran), its Mastery Specialists; by name. Three queries."""
    people: dict[int, Person] = {}

    def person(user) -> Person:
        return people.setdefault(user.pk, Person(user=user))

    for membership in HubMembership.objects.filter(hub=hub).select_related("user", "hub").order_by("role"):
        person(membership.user).memberships.append(membership)
    leads = (
        WorkGroup.leads.through.objects.filter(workgroup__hub=hub)
        .select_related("user", "workgroup__academic_year")
        .order_by("-workgroup__academic_year__start_year", "workgroup__code")
    )
    for lead in leads:
        entry = person(lead.user)
        (entry.led_before if work_group_finished(lead.workgroup) else entry.leads_now).append(lead.workgroup)
    specialists = with_pd_lead_status(MasterySpecialist.objects.filter(hub=hub)).select_related(
        "user", "cohort__academic_year"
    )
    for specialism in specialists.order_by("-cohort__academic_year__start_year"):
        person(specialism.user).specialisms.append(specialism)
    return sorted(people.values(), key=lambda p: (p.user.full_name.lower(), p.user.email))


def invitations_pending(*, hub: Hub | None = None, roles=None) -> QuerySet[Invitation]:
    """Pending invitations (expired ones too: they can be sent again), newest first: of ``hub``, or of ``roles``."""
    invitations = Invitation.objects.filter(status=InvitationStatus.PENDING).select_related(
        "hub", "work_group", "invited_by"
    )
    if hub is not None:
        invitations = invitations.filter(hub=hub)
    if roles is not None:
        invitations = invitations.filter(role__in=roles)
    return invitations.order_by("-sent_at", "-pk")


def invited_leads(*, work_group: WorkGroup) -> list[Invitation]:
    """The people invited to lead ``work_group`` who have not accepted yet (the group shows them as invited)."""
    return list(Invitation.objects.filter(work_group=work_group, status=InvitationStatus.PENDING).order_by("email"))


def network_hub_leads() -> list[Hub]:
    """Every hub with its hub leads (``hub.leads``: memberships with their users), by name. Two queries."""
    leads = HubMembership.objects.filter(role=HubRole.LEAD).select_related("user").order_by("user__full_name")
    return list(Hub.objects.prefetch_related(Prefetch("memberships", queryset=leads, to_attr="leads")).order_by("name"))


def ncetm_staff() -> QuerySet:
    """The NCETM's staff in the portal, by name."""
    return get_user_model().objects.filter(is_ncetm_staff=True, is_active=True).order_by("full_name", "email")
