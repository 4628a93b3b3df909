from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When

from hubs.enums import HubRole
from schools.models import LocalAuthority, Region, School


class Hub(models.Model):
    """One of England's Maths Hubs, led from one or two lead schools, serving an area of local authorities."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="hubs")
    lead_schools = models.ManyToManyField(School, blank=True, related_name="led_hubs")
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    active_since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} Maths Hub"


class HubArea(models.Model):
    """A local authority in a hub's area. Each local authority is served by one hub."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="area")
    local_authority = models.OneToOneField(LocalAuthority, on_delete=models.CASCADE, related_name="hub_area")

    def __str__(self):
        return f"{self.local_authority} → {self.hub}"


class SchoolHubOverride(models.Model):
    """An explicit choice of hub for one school, over its local authority's hub. Survives re-imports."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="hub_override")
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="school_overrides")
    reason = models.CharField(max_length=255, blank=True)

    def __str__(self):
        return f"{self.school} → {self.hub}"


def school_in_hub_q(hub, prefix: str = "") -> Q:
    """The condition "this school is served by ``hub``": its override, else its local authority's hub."""
    return Q(**{f"{prefix}hub_override__hub": hub}) | Q(
        **{f"{prefix}hub_override__isnull": True, f"{prefix}local_authority__hub_area__hub": hub}
    )


def served_hub(prefix: str = "") -> Case:
    """The id of the hub serving a school, as an expression (the same rule as ``school_in_hub_q``), so a query can
    group or label every school by its hub at once."""
    return Case(
        When(**{f"{prefix}hub_override__isnull": False}, then=F(f"{prefix}hub_override__hub")),
        default=F(f"{prefix}local_authority__hub_area__hub"),
    )


def served_region(prefix: str = "") -> Case:
    """The region of the hub serving a school, as an expression."""
    return Case(
        When(**{f"{prefix}hub_override__isnull": False}, then=F(f"{prefix}hub_override__hub__region")),
        default=F(f"{prefix}local_authority__hub_area__hub__region"),
    )


class HubMembership(models.Model):
    """A person's role in one hub. Roles are per hub: a lead of hub A has no rights in hub B."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_memberships")
    role = models.CharField(max_length=20, choices=HubRole.choices)
    title = models.CharField(max_length=150, blank=True, help_text="e.g. 'Secondary lead', 'Hub manager'.")

    class Meta:
        ordering = ["hub", "role", "user"]
        constraints = [models.UniqueConstraint(fields=["hub", "user", "role"], name="unique_hub_membership")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.hub.name}"
