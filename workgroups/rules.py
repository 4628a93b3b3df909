"""Who may do what to a Work Group: its hub's managers run it, its leads take registers, NCETM staff read."""

import rules

from accounts.rules import is_network_staff
from hubs.rules import is_hub_manager
from workgroups.enums import WorkGroupStatus


@rules.predicate
def is_work_group_lead(user, work_group) -> bool:
    if not user.is_authenticated or work_group is None:
        return False
    return work_group.leads.filter(pk=user.pk).exists()


@rules.predicate
def manages_work_groups_hub(user, work_group) -> bool:
    return work_group is not None and is_hub_manager(user, work_group.hub)


@rules.predicate
def is_published(user, work_group) -> bool:
    """Past its draft: its page is public (a draft is its hub's and its leads' work in progress)."""
    return work_group is not None and work_group.status != WorkGroupStatus.DRAFT


# ``workgroups.selectors.workgroups_visible_to`` answers the same question for a whole list.
rules.add_perm("workgroups.view_workgroup", is_published | is_work_group_lead | manages_work_groups_hub)
rules.add_perm("workgroups.manage_workgroup", manages_work_groups_hub)
rules.add_perm("workgroups.lead_workgroup", is_work_group_lead | manages_work_groups_hub)
# ``workgroups.selectors.registrations_visible_to`` marks the registrations whose people a user may see by this rule.
rules.add_perm("workgroups.view_workgroup_people", is_work_group_lead | manages_work_groups_hub)
rules.add_perm("workgroups.view_workgroup_figures", is_work_group_lead | manages_work_groups_hub | is_network_staff)


@rules.predicate
def is_participant(user, registration) -> bool:
    return bool(user.is_authenticated and registration is not None and registration.teacher_id == user.pk)


@rules.predicate
def leads_or_manages_registrations_group(user, registration) -> bool:
    if registration is None:
        return False
    return is_work_group_lead(user, registration.work_group) or manages_work_groups_hub(user, registration.work_group)


# A participant's reflections and student work: themself, their Work Group's leads, their hub's managers.
rules.add_perm("workgroups.view_registration_work", is_participant | leads_or_manages_registrations_group)
# The national project catalogue is the NCETM's; every signed-in person may read it (hub managers choose from it,
# teachers filter the Work Groups they find by it).
rules.add_perm("workgroups.manage_projects", is_network_staff)
rules.add_perm("workgroups.view_projects", rules.is_authenticated)
