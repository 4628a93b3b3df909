import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone

from hubs.enums import HubRole, InvitationStatus, PersonRole
from schools.enums import Phase
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


class OpenSchoolCount(models.Model):
    """How many open schools a hub serves, per phase and "most disadvantaged" (``SchoolRegisterSummary``'s
    threshold): the reports' denominators, kept by ``hubs.services.open_school_counts_refresh`` inside the
    transaction of every change to the register or to who serves whom, so a report reads a few hundred rows
    instead of some 24,000 open schools. A hub's region is read live (it is the hub's, whatever the school)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    disadvantaged = models.BooleanField()
    schools = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "phase", "disadvantaged"], name="one_open_school_count_per_cell")
        ]

    def __str__(self):
        return f"{self.hub_id} {self.phase} {'disadvantaged' if self.disadvantaged else ''}: {self.schools}"


class SchoolRegisterSummary(models.Model):
    """One row: the % free school meals above which an open school is in the network's most disadvantaged fifth,
    and when the counts were last recounted. Its row lock serialises the refreshes."""

    disadvantaged_threshold = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "school register summaries"

    def __str__(self):
        return f"Open schools counted {self.refreshed_at:%Y-%m-%d %H:%M}" if self.refreshed_at else "Not counted yet"


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


class Invitation(models.Model):
    """An e-mailed invitation to take a role: in a hub, as a Work Group's lead, or as NCETM staff.

    The e-mail carries a signed link that names the invitation and its send (``sends``): a resend makes the
    earlier link void, and every link expires ``INVITATION_DAYS`` after it was sent. A Work Group lead's
    invitation reserves the lead place: the Work Group shows the person as invited until they accept.
    """

    email = models.EmailField("e-mail address")
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    work_group = models.ForeignKey(
        "workgroups.WorkGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="lead_invitations"
    )
    title = models.CharField(max_length=150, blank=True, help_text="e.g. 'Secondary lead', 'Hub manager'.")
    status = models.CharField(max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    sends = models.PositiveSmallIntegerField(default=1)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # A Work Group exactly for a Work Group lead; a hub for every role but NCETM staff.
            models.CheckConstraint(
                condition=Q(role=PersonRole.WORK_GROUP_LEAD, work_group__isnull=False)
                | (~Q(role=PersonRole.WORK_GROUP_LEAD) & Q(work_group__isnull=True)),
                name="invitation_work_group_iff_lead",
            ),
            models.CheckConstraint(
                condition=Q(role=PersonRole.NCETM_STAFF, hub__isnull=True)
                | (~Q(role=PersonRole.NCETM_STAFF) & Q(hub__isnull=False)),
                name="invitation_hub_unless_ncetm",
            ),
            # One pending invitation per person and place.
            models.UniqueConstraint(
                fields=["email", "hub", "role"],
                condition=Q(status=InvitationStatus.PENDING, work_group__isnull=True, hub__isnull=False),
                name="unique_pending_hub_invitation",
            ),
            models.UniqueConstraint(
                fields=["email", "work_group"],
                condition=Q(status=InvitationStatus.PENDING, work_group__isnull=False),
                name="unique_pending_lead_invitation",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status=InvitationStatus.PENDING, role=PersonRole.NCETM_STAFF),
                name="unique_pending_staff_invitation",
            ),
        ]
        indexes = [models.Index(fields=["hub", "status"])]

    def __str__(self):
        return f"{self.get_role_display()} of {self.place}"

    @property
    def place(self) -> str:
        """What the role is of: the Work Group, the hub, or the NCETM."""
        return str(self.work_group or self.hub or "the NCETM")

    @property
    def expires_at(self):
        return self.sent_at + datetime.timedelta(days=settings.INVITATION_DAYS)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
