"""Who may do what to a hub. Roles are per hub; NCETM staff read every hub, change none of its people."""

import rules

from accounts.rules import is_network_staff, is_site_admin
from hubs.enums import MANAGING_ROLES, HubRole


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


rules.add_perm("hubs.view_hub_dashboard", is_hub_member | is_network_staff)
rules.add_perm("hubs.manage_hub", is_hub_manager)
rules.add_perm("hubs.change_hub_area", is_network_staff)
rules.add_perm("hubs.view_hub_people", is_hub_member | is_site_admin)
