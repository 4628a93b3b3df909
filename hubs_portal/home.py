"""The home page of a signed-in person: what needs them, for each role they hold (hub manager, Work Group lead,
teacher, NCETM staff), each item linking to where it is done. The reads are the apps' own selectors; each runs a
fixed number of queries, so the page does too whatever the size of the hub or the network."""

from accounts.selectors import roles_of
from mastery.selectors import specialisms_of
from reports.overview import network_overview
from schools.selectors import gias_import_runs_recent
from workgroups import selectors


def home_context(*, user) -> dict:
    roles = roles_of(user)
    context = {"roles": roles, "specialisms": specialisms_of(user=user)}
    if roles.managed_hubs:
        context["hub_tasks"] = selectors.hub_tasks(hubs=roles.managed_hubs)
    if roles.leads_work_groups:
        context["lead"] = selectors.lead_tasks(user=user)
    national = roles.is_ncetm_staff or roles.is_site_admin
    if national:
        context["network"] = network_overview()
        context["imports"] = list(gias_import_runs_recent(limit=3))
    if roles.is_teacher:
        cpd = selectors.my_cpd(user=user)
        # A hub lead or Work Group lead who takes no part in a Work Group has no CPD section to look at.
        if cpd or not (roles.managed_hubs or roles.leads_work_groups or national):
            context["teacher"] = selectors.teacher_tasks(cpd=cpd)
    return context
