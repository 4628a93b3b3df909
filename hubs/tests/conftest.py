import types

import pytest

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from workgroups.tests.factories import WorkGroupFactory


@pytest.fixture
def people_world():
    """Hub Matrix with its lead, administrator, leadership team member and a Work Group with its lead; hub Beta
    next door with its own lead; NCETM staff; a person with no role."""
    hub = HubFactory(name="Matrix", slug="matrix")
    other_hub = HubFactory(name="Beta", slug="beta")
    lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD, user__full_name="Helen Lead").user
    admin = HubMembershipFactory(hub=hub, role=HubRole.ADMINISTRATOR, user__full_name="Adam Admin").user
    team_membership = HubMembershipFactory(hub=hub, role=HubRole.LEADERSHIP_TEAM, user__full_name="Tess Team")
    other_lead = HubMembershipFactory(hub=other_hub, role=HubRole.LEAD, user__full_name="Olga Other").user
    work_group = WorkGroupFactory(hub=hub, code="NCP26-11-MAT-01", title="Primary TfM Development")
    wg_lead = UserFactory(full_name="Wendy Lead")
    work_group.leads.add(wg_lead)
    return types.SimpleNamespace(
        hub=hub,
        other_hub=other_hub,
        lead=lead,
        admin=admin,
        admin_membership=admin.hub_memberships.get(),
        team=team_membership.user,
        team_membership=team_membership,
        other_lead=other_lead,
        other_work_group=WorkGroupFactory(hub=other_hub),
        work_group=work_group,
        wg_lead=wg_lead,
        ncetm=UserFactory(full_name="Nina NCETM", is_ncetm_staff=True),
        nobody=UserFactory(full_name="Nobody Yet"),
    )
