from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from schools.enums import FINISHED_RUN_STATUSES, OPEN_STATUSES, EstablishmentStatus, ImportRunStatus, Phase
from schools.grid import GRID_MAX_EASTING, GRID_MAX_NORTHING


class Region(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class LocalAuthority(models.Model):
    code = models.CharField("GIAS code", max_length=10, unique=True)
    name = models.CharField(max_length=150)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="local_authorities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name


class Trust(models.Model):
    """A multi-academy trust."""

    code = models.CharField("GIAS code", max_length=20, unique=True)
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class School(models.Model):
    """An establishment from GIAS, keyed by its URN. Closed schools stay, with their history."""

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=255)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.NOT_APPLICABLE)
    type_name = models.CharField("type", max_length=150, blank=True)
    status = models.CharField(max_length=30, choices=EstablishmentStatus.choices, default=EstablishmentStatus.OPEN)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="schools"
    )
    trust = models.ForeignKey(Trust, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools")
    postcode = models.CharField(max_length=10, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    percentage_fsm = models.DecimalField("% free school meals", max_digits=5, decimal_places=2, null=True, blank=True)
    ofsted_rating = models.CharField(max_length=60, blank=True)
    # British National Grid, metres (GIAS "Easting" and "Northing"): straight-line distances need no outside service.
    easting = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(GRID_MAX_EASTING)])
    northing = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(GRID_MAX_NORTHING)])
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["postcode"]), models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.urn})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_grid_reference(self) -> bool:
        return self.easting is not None and self.northing is not None


class GiasImportRun(models.Model):
    """One import of a GIAS extract uploaded in the browser: its file, progress, counts and rejects."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="gias_imports"
    )
    # Private storage (MEDIA_ROOT is never served publicly); the worker reads it from there.
    file = models.FileField(upload_to="gias-uploads/")
    original_name = models.CharField(max_length=255)
    partial = models.BooleanField(default=False, help_text="A partial extract: schools it does not list stay open.")
    status = models.CharField(max_length=20, choices=ImportRunStatus.choices, default=ImportRunStatus.QUEUED)
    message = models.TextField(blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    closed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    # The first rejects, for the page; the full list is the CSV report.
    rejects = models.JSONField(default=list, blank=True)
    # Schools imported with a problem that did not reject them (a blank or malformed grid reference).
    noted_count = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)
    reject_report = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"GIAS import {self.pk} ({self.original_name}, {self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_RUN_STATUSES

    @property
    def percent_done(self) -> int:
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
