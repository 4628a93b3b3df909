from django.db import models

from schools.enums import OPEN_STATUSES, EstablishmentStatus, Phase


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
