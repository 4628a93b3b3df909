"""Network-wide roles. Per-hub and per-Work-Group roles are in ``hubs.rules`` and ``workgroups.rules``."""

import rules


@rules.predicate
def is_ncetm_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_ncetm_staff)


@rules.predicate
def is_site_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


is_network_reader = is_ncetm_staff | is_site_admin

rules.add_perm("accounts.view_network", is_network_reader)
