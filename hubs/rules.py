"""Who may do what to a hub. Roles are per hub; NCETM staff read every hub, change none of its people but its leads.

Who gives which role (and takes it away again) is one table, ``GRANTED_BY``:

- NCETM staff appoint hub leads (one or two per hub) and NCETM staff;
- a hub lead gives every other role of their own hub: hub administrator, leadership team member, Work Group lead;
- a hub administrator gives leadership team and Work Group lead roles of their own hub;
- nobody gives a role of a hub they do not run (the pages answer 404); site administrators may do everything.

The last hub lead of a hub cannot be removed by anyone: that is a rule of the data, kept by the service.
"""

from dataclasses import dataclass

import rules

from accounts.rules import is_network_staff, is_site_admin
from hubs.enums import MANAGING_ROLES, HubRole, PersonRole


def _roles_in(user, hub) -> set[str]:
    if not user.is_authenticated or hub is None:
        return set()
    # Cached per user object for the request: navigation and several checks ask in one page.
    cache = user.__dict__.setdefault("_hub_roles_cache", {})
    if hub.pk not in cache:
        cache[hub.pk] = set(user.hub_memberships.filter(hub=hub).values_list("role", flat=True))
    return cache[hub.pk]


@rules.predicate
def is_hub_lead(user, hub) -> bool:
    return HubRole.LEAD in _roles_in(user, hub)


@rules.predicate
def is_hub_manager(user, hub) -> bool:
    """Hub lead or hub administrator of this hub."""
    return bool(_roles_in(user, hub) & set(MANAGING_ROLES))


@rules.predicate
def is_hub_member(user, hub) -> bool:
    return bool(_roles_in(user, hub))


@dataclass(frozen=True)
class RoleGrant:
    """A role as the grant rules judge it: which role, in which hub (None for NCETM staff)."""

    role: str
    hub: object = None

    @classmethod
    def of(cls, holder) -> "RoleGrant":
        """The grant a membership or an invitation stands for (both have ``role`` and ``hub``)."""
        return cls(role=holder.role, hub=holder.hub)


def _network_staff(user, hub) -> bool:
    return is_network_staff(user)


def _hub_lead(user, hub) -> bool:
    return hub is not None and is_hub_lead(user, hub)


def _hub_manager(user, hub) -> bool:
    return hub is not None and is_hub_manager(user, hub)


# Role → who gives it and takes it away (asked with the user and the role's hub).
GRANTED_BY = {
    PersonRole.LEAD: _network_staff,
    PersonRole.ADMINISTRATOR: _hub_lead,
    PersonRole.LEADERSHIP_TEAM: _hub_manager,
    PersonRole.WORK_GROUP_LEAD: _hub_manager,
    PersonRole.NCETM_STAFF: _network_staff,
}

# The network's own people, given by NCETM staff (their page lists them): hub leads and NCETM staff.
NETWORK_ROLES = tuple(role for role, granted_by in GRANTED_BY.items() if granted_by is _network_staff)


@rules.predicate
def may_grant_role(user, grant: RoleGrant) -> bool:
    if grant is None or not (user.is_authenticated and user.is_active):
        return False
    granted_by = GRANTED_BY.get(grant.role)
    return bool(granted_by and granted_by(user, grant.hub))


def roles_grantable_by(user, hub=None) -> list[str]:
    """The roles ``user`` may give in ``hub`` (or, with no hub, the network's: hub leads, NCETM staff), in order."""
    return [role for role in PersonRole.values if user.has_perm("hubs.grant_role", RoleGrant(role=role, hub=hub))]


rules.add_perm("hubs.view_hub_dashboard", is_hub_member | is_network_staff)
rules.add_perm("hubs.manage_hub", is_hub_manager)
rules.add_perm("hubs.change_hub_area", is_network_staff)
# Contact details and lead schools: the hub's lead (the area stays an NCETM decision) and network staff.
rules.add_perm("hubs.change_hub_details", is_hub_lead | is_network_staff)
rules.add_perm("hubs.view_hub_people", is_hub_member | is_site_admin)
# The hub's People page: everyone with a role in it, its invitations; the hub's lead and administrators.
rules.add_perm("hubs.manage_hub_people", is_hub_manager)
# The network's people: every hub's leads and the NCETM staff.
rules.add_perm("hubs.manage_network_people", is_network_staff)
# Give a role (invite to it, send or withdraw the invitation) and take it away: see GRANTED_BY.
rules.add_perm("hubs.grant_role", may_grant_role)
rules.add_perm("hubs.remove_role", may_grant_role)
