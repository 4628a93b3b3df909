from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from hubs_portal.input_guard import refuse_direction_overrides
from schools.enums import Phase
from schools.grid import GRID_MAX_EASTING, GRID_MAX_NORTHING
from workgroups.enums import Format, SessionStatus, WorkGroupStatus

# Letters, digits and hyphens (NCP24-12-MAT-01): a code goes into file names, calendar UIDs and e-mail subjects.
work_group_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9-]*$", "A Work Group code is letters, digits and hyphens, e.g. NCP24-12-MAT-01."
)


class WorkGroup(models.Model):
    """One hub's run of one national project in one academic year."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="work_groups")
    project = models.ForeignKey("workgroups.NationalProject", on_delete=models.PROTECT, related_name="work_groups")
    academic_year = models.ForeignKey("workgroups.AcademicYear", on_delete=models.PROTECT, related_name="work_groups")
    code = models.CharField(max_length=30, unique=True, validators=[work_group_code_validator])
    title = models.CharField(max_length=255, validators=[refuse_direction_overrides])
    description = models.TextField(blank=True, max_length=5000)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(max_length=255, blank=True)
    # Where it meets: a school (its grid reference comes from GIAS) or a named venue whose postcode and grid
    # reference the hub types. Online groups have no place, so no distance (workgroups.selectors.distance).
    venue_school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="work_groups_hosted"
    )
    venue_postcode = models.CharField(max_length=10, blank=True)
    venue_easting = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(GRID_MAX_EASTING)])
    venue_northing = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(GRID_MAX_NORTHING)]
    )
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="led_work_groups")
    capacity = models.PositiveSmallIntegerField(default=20, validators=[MinValueValidator(1)])
    min_schools = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1)])
    teachers_per_school = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1)])
    registration_deadline = models.DateField(null=True, blank=True)
    required_attendance_percent = models.PositiveSmallIntegerField(
        default=75, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(max_length=20, choices=WorkGroupStatus.choices, default=WorkGroupStatus.DRAFT)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-academic_year__start_year", "code"]
        indexes = [models.Index(fields=["hub", "status"]), models.Index(fields=["academic_year", "status"])]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        super().clean()
        if (self.venue_easting is None) != (self.venue_northing is None):
            raise ValidationError({"venue_easting": "A grid reference needs both its easting and its northing."})
        if self.venue_school_id and self.venue_easting is not None:
            raise ValidationError(
                {"venue_easting": "The venue is a school: its grid reference comes from the schools register."}
            )

    @property
    def has_place(self) -> bool:
        """It meets somewhere (not online only), so it has a venue to be near."""
        return self.format != Format.ONLINE

    @property
    def registration_is_open(self) -> bool:
        """Registration is open: the group is published for it and its deadline has not passed."""
        return self.status == WorkGroupStatus.OPEN and not (
            self.registration_deadline and timezone.localdate() > self.registration_deadline
        )


class Session(models.Model):
    """A meeting of a Work Group. Times are stored in UTC and shown in Europe/London."""

    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=255, blank=True)
    online_link = models.URLField(blank=True)
    agenda = models.TextField(blank=True, max_length=5000)
    task = models.TextField("classroom task before the next session", blank=True, max_length=5000)
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    # iCalendar SEQUENCE: raised on every move or cancellation so calendars replace the old event.
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["work_group", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["work_group", "number"], name="unique_session_number"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            # The reports' sessions held (scheduled, started) of a year's Work Groups, read from the index alone on
            # the way to their kept registers (``reports.selectors.attendance_grid``).
            models.Index(
                fields=["work_group", "status", "starts_at"], include=["id"], name="session_held_by_work_group"
            ),
        ]

    def __str__(self):
        return f"{self.work_group.code} session {self.number}"
