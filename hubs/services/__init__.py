"""Writes to the hubs: the network and its areas (``network``), people's roles (``people``), invitations to a
role (``invitations``), the reports' count of the open schools each hub serves (``counts``)."""

from hubs.services.counts import open_school_counts_rebuild, open_school_counts_refresh
from hubs.services.invitations import (
    InvitationRefused,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from hubs.services.network import (
    HUBS_CSV,
    HubAreaConflict,
    LoadResult,
    hub_membership_record,
    hub_update,
    hubs_load_network,
)
from hubs.services.people import (
    RoleRefused,
    hub_role_grant,
    hub_role_remove,
    ncetm_staff_grant,
    ncetm_staff_remove,
    work_group_lead_add,
    work_group_lead_remove,
)

__all__ = [
    "HUBS_CSV",
    "HubAreaConflict",
    "InvitationRefused",
    "LoadResult",
    "RoleRefused",
    "hub_membership_record",
    "hub_role_grant",
    "hub_role_remove",
    "hub_update",
    "hubs_load_network",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "open_school_counts_rebuild",
    "open_school_counts_refresh",
    "ncetm_staff_grant",
    "ncetm_staff_remove",
    "work_group_lead_add",
    "work_group_lead_remove",
]
