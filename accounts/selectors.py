import datetime
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q, Value

from accounts.models import AuditEntry


@dataclass(frozen=True)
class Roles:
    """The roles a person holds, for navigation and home-page entry points."""

    is_ncetm_staff: bool = False
    is_site_admin: bool = False
    managed_hubs: list = field(default_factory=list)
    member_hubs: list = field(default_factory=list)
    leads_work_groups: bool = False
    is_teacher: bool = False


_LEADS_WORK_GROUPS = "~leads"  # the row that says they lead a Work Group; no hub role is spelt so


def roles_of(user) -> Roles:
    """Every role of ``user``, in one query: their hub memberships with each hub, and a row more when they lead a
    Work Group (every page's menu asks, so the two readings share a round trip)."""
    if not user.is_authenticated:
        return Roles()
    from hubs.enums import MANAGING_ROLES

    memberships = user.hub_memberships.all()
    hub_model = memberships.model._meta.get_field("hub").related_model
    fields = hub_model._meta.concrete_fields
    columns = [f.attname for f in fields]
    led = user.led_work_groups.through.objects.filter(user_id=user.pk).order_by()
    led = led.values_list(Value(_LEADS_WORK_GROUPS), *(Value(None, output_field=f) for f in fields))
    if connections[memberships.db].features.supports_slicing_ordering_in_compound:
        led = led[:1]  # one row is enough; SQLite (the demo) refuses a LIMIT inside a UNION: a row per group led
    rows = memberships.order_by().values_list("role", *(f"hub__{column}" for column in columns)).union(led, all=True)
    managed, members, leads = set(), set(), False
    for role, *values in rows:
        if role == _LEADS_WORK_GROUPS:
            leads = True
            continue
        hub = hub_model.from_db(rows.db, columns, values)
        members.add(hub)
        if role in MANAGING_ROLES:
            managed.add(hub)
    return Roles(
        is_ncetm_staff=user.is_ncetm_staff,
        is_site_admin=user.is_superuser,
        managed_hubs=sorted(managed, key=lambda h: h.name),
        member_hubs=sorted(members, key=lambda h: h.name),
        leads_work_groups=leads,
        # Every signed-in person can take part in CPD; the teacher menu is for everyone but national staff.
        is_teacher=not user.is_ncetm_staff or user.school_id is not None,
    )


def audit_entries_visible_to(user):
    """The audit entries ``user`` may read: every entry for NCETM staff and site administrators, the entries of
    the hubs they manage for hub leads and administrators, none for anyone else. Newest first."""
    entries = AuditEntry.objects.select_related("actor", "subject", "hub")
    if not (user.is_authenticated and user.is_active):
        return entries.none()
    if user.is_superuser or user.is_ncetm_staff:
        return entries
    managed = roles_of(user).managed_hubs
    return entries.filter(hub__in=managed) if managed else entries.none()


@dataclass(frozen=True)
class AuditFilters:
    hub: int | None = None
    action: str = ""
    query: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def audit_entries_filtered(*, user, filters: AuditFilters = AuditFilters()):
    """``audit_entries_visible_to(user)`` narrowed by the filters: a hub, an action (prefix: "registration" finds
    every registration entry), a person or object (name, e-mail or label), a date range (London dates)."""
    entries = audit_entries_visible_to(user)
    if filters.hub:
        entries = entries.filter(hub_id=filters.hub)
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.query:
        q = filters.query
        entries = entries.filter(
            Q(target_label__icontains=q)
            | Q(actor_label__icontains=q)
            | Q(actor__full_name__icontains=q)
            | Q(actor__email__icontains=q)
            | Q(subject__full_name__icontains=q)
            | Q(subject__email__icontains=q)
        )
    if filters.date_from:
        entries = entries.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(created_at__date__lte=filters.date_to)
    return entries


def audit_hubs_visible_to(user) -> list:
    """The hubs whose entries ``user`` may read, for the hub filter: every hub for network staff."""
    from hubs.models import Hub  # accounts imports no domain app at load time (they all import accounts.audit)

    if user.is_superuser or user.is_ncetm_staff:
        return list(Hub.objects.order_by("name").only("pk", "name"))
    return roles_of(user).managed_hubs
