"""Navigation: each role sees its own entry points."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accounts.selectors import Roles, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    section: str
    children: tuple = ()


def _item(label, url_name, section, *args):
    return NavItem(label, reverse(url_name, args=args), section)


def build_navigation(user, roles: Roles | None = None) -> list[NavItem]:
    roles = roles if roles is not None else roles_of(user)
    items = [_item("Maths Hubs", "hubs:list", "public")]
    if roles.is_teacher:
        items += [
            _item("My CPD", "workgroups:my_cpd", "teacher"),
            _item("Find a Work Group", "workgroups:find", "teacher"),
            _item("Open lessons", "mastery:open_lessons", "teacher"),
        ]
    elif not user.is_authenticated:
        items += [_item("Find a Work Group", "workgroups:find", "public")]
    if roles.leads_work_groups:
        items.append(_item("Work Groups I lead", "workgroups:led", "lead"))
    for hub in roles.member_hubs:
        # One menu per hub: its dashboard, its Work Groups (for those who run them) and its report.
        children = [
            _item("Dashboard", "hubs:dashboard", "hub", hub.slug),
            _item("Work Groups", "workgroups:hub_list", "hub", hub.slug) if hub in roles.managed_hubs else None,
            _item("People", "hubs:people", "hub", hub.slug) if hub in roles.managed_hubs else None,
            _item("Calendar", "mastery:hub_calendar", "hub", hub.slug),
            _item("Mastery Specialists", "mastery:hub_specialists", "hub", hub.slug)
            if hub in roles.managed_hubs
            else None,
            _item("Hub report", "reports:hub", "hub", hub.slug),
        ]
        items.append(NavItem(f"{hub.name} hub", children[0].url, "hub", tuple(c for c in children if c)))
    if roles.is_ncetm_staff or roles.is_site_admin:
        items += [
            _item("Network reports", "reports:network", "ncetm"),
            _item("National projects", "workgroups:project_list", "ncetm"),
            _item("Schools register", "schools:import", "ncetm"),
            _item("Hub leads and NCETM staff", "hubs:network_people", "ncetm"),
            _item("Mastery Specialist cohorts", "mastery:cohorts", "ncetm"),
        ]
    if roles.is_ncetm_staff or roles.is_site_admin or roles.managed_hubs:
        items.append(_item("Audit trail", "audit:list", "audit"))
    if roles.is_site_admin:
        items.append(_item("Site admin", "admin:index", "admin"))
    return items


def navigation(request):
    user = request.user
    roles = SimpleLazyObject(lambda: roles_of(user))  # read once, by the menu and by pages that ask
    return {
        "nav_items": SimpleLazyObject(lambda: build_navigation(user, roles)),
        "user_roles": roles,
    }
