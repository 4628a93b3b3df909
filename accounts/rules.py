"""Network-wide roles. Per-hub and per-Work-Group roles are in ``hubs.rules`` and ``workgroups.rules``.

Predicates name who a person is; the permissions built from them name what they grant.
"""

import rules

from accounts.selectors import roles_of


@rules.predicate
def is_ncetm_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_ncetm_staff)


@rules.predicate
def is_site_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# The network's own people: NCETM staff and site administrators. They read every hub's figures and keep the
# network's shared records (hub areas, the project catalogue, the schools register, the survey questions).
is_network_staff = is_ncetm_staff | is_site_admin


@rules.predicate
def manages_a_hub(user) -> bool:
    """Hub lead or hub administrator of at least one hub."""
    return bool(user.is_authenticated and user.is_active and roles_of(user).managed_hubs)


rules.add_perm("accounts.view_network", is_network_staff)


def reads_the_network(user) -> bool:
    """``user.has_perm("accounts.view_network")``, for selectors that scope a whole list, without asking Django's
    ModelBackend: the permission is a rule that no Permission row grants, so the backend's two queries for the
    person's Django permissions (one per API request of a hub's people) could never say yes."""
    return rules.has_perm("accounts.view_network", user)


# The audit trail: network staff read every entry, hub managers their own hubs' (accounts.selectors).
rules.add_perm("accounts.view_audit_trail", is_network_staff | manages_a_hub)
