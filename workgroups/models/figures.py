"""The figures the reports add up, kept per Work Group and per session by ``workgroups.services.figures``.

Every service that changes a Work Group's participants, registers or evaluations refreshes its rows in the same
transaction, so a report is never stale. The reports read these few thousand rows a year instead of scanning
registrations and register marks: a Work Group's status, year, hub, project and phase, and a session's status and
time, are read live from their own rows (they change without touching these).

"Participant" is ``workgroups.engagement``'s: a registration approved or completed (``PARTICIPANT_STATUSES``).
"""

from django.db import models
from django.db.models.functions import Coalesce


class WorkGroupFigures(models.Model):
    """A Work Group's participants, completions and evaluations."""

    work_group = models.OneToOneField(
        "workgroups.WorkGroup", primary_key=True, on_delete=models.CASCADE, related_name="figures"
    )
    places = models.PositiveIntegerField(default=0, help_text="Participant registrations (approved or completed).")
    completions = models.PositiveIntegerField(default=0, help_text="Completed registrations.")
    # Distinct teachers and schools of the participant registrations, sorted ids: distinct counts over several
    # Work Groups (a hub, a project, the network) are unions of these, since one teacher can be in two groups.
    teacher_ids = models.JSONField(default=list)
    school_ids = models.JSONField(default=list)
    evaluations = models.PositiveIntegerField(default=0, help_text="End-of-group evaluations of participants.")
    overall_total = models.PositiveIntegerField(default=0)
    impact_total = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "Work Group figures"

    def __str__(self):
        return f"Figures of Work Group {self.work_group_id}"


class SessionRegister(models.Model):
    """A session's register in two numbers: participants' marks recorded, and of those present or late."""

    session = models.OneToOneField(
        "workgroups.Session", primary_key=True, on_delete=models.CASCADE, related_name="register_figures"
    )
    marks = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Register of session {self.session_id}: {self.attended}/{self.marks}"


class SchoolParticipation(models.Model):
    """A school took part in a Work Group: a teacher from it holds a participant registration there.

    ``completed``: one of them completed. A school is engaged in a year when it took part in a Work Group of that
    year that ran (``workgroups.engagement``). The reports read the Work Group's status and year live; the hub
    dashboards read the copies here (``academic_year``, fixed once a group has registrations, and ``ran``, which
    ``workgroups.services.lifecycle.status_change`` rewrites whenever a group starts or stops counting), so "which
    of these schools are engaged this year" is one index of the year's rows, not a join to every Work Group.
    """

    work_group = models.ForeignKey(
        "workgroups.WorkGroup", on_delete=models.CASCADE, related_name="school_participations"
    )
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="participations")
    completed = models.BooleanField(default=False)
    academic_year = models.ForeignKey("workgroups.AcademicYear", on_delete=models.CASCADE, related_name="+")
    ran = models.BooleanField(default=False, help_text="The Work Group is published and not cancelled (RUN_STATUSES).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["work_group", "school"], name="one_participation_per_school_and_group")
        ]
        indexes = [
            models.Index(
                fields=["academic_year", "school"], condition=models.Q(ran=True), name="participation_ran_in_year"
            )
        ]

    def __str__(self):
        return f"School {self.school_id} in Work Group {self.work_group_id}"


class YearParticipation(models.Model):
    """Distinct teachers and schools taking part in one academic year's Work Groups that ran, for one set of the
    reports' filters: the network (no region, hub, phase or project), or narrowed by region or hub, phase and
    national project (each empty: any). The trend reads these instead of unions of every Work Group's teachers.

    A teacher (a school) takes part through a participant registration (``PARTICIPANT_STATUSES``) in a Work Group
    of the year that ran (``RUN_STATUSES``); a hub's cells name its region too. Recounted a year at a time by
    ``workgroups.services.figures`` whenever a Work Group's participants, status or phase change.
    """

    academic_year = models.ForeignKey("workgroups.AcademicYear", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("schools.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=20, blank=True)
    project = models.ForeignKey(
        "workgroups.NationalProject", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    teachers = models.PositiveIntegerField(default=0)
    schools = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # "Any" is NULL: COALESCE makes two NULLs one key (nulls_distinct=False would, but not on SQLite).
            models.UniqueConstraint(
                "academic_year",
                Coalesce("region", 0),
                Coalesce("hub", 0),
                "phase",
                Coalesce("project", 0),
                name="one_year_participation_per_filter_set",
            )
        ]

    def __str__(self):
        return f"Participation in year {self.academic_year_id}: {self.teachers} teachers, {self.schools} schools"


class SchoolYear(models.Model):
    """A school's academic year in the reports' terms, folded from its participations in Work Groups of that year
    that ran (``workgroups.engagement``): one row per school engaged that year, kept by
    ``workgroups.services.school_years``.

    ``completed``: it completed a national project that year; ``completed_rank``: the furthest Teaching for
    Mastery stage (1-4, ``JOURNEY_RANK``) it completed that year, 0 for none. ``hub``, ``phase`` and
    ``disadvantaged`` are the register's answers (the hub serving the school while it is open, else none; above the
    kept most-disadvantaged threshold), rewritten whenever the register or who serves whom changes; so a report
    groups a year's few thousand rows instead of joining its participations to the register.
    """

    # Derived rows, rewritten in bulk (every row when the register changes): the database's foreign-key checks
    # made a rebuild eight times slower, so the relations are kept by Django (its cascades) and by the rebuilds.
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    academic_year = models.ForeignKey(
        "workgroups.AcademicYear", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    completed = models.BooleanField(default=False)
    completed_rank = models.PositiveSmallIntegerField(default=0)
    hub = models.ForeignKey(
        "hubs.Hub",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    phase = models.CharField(max_length=20, blank=True)
    disadvantaged = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "academic_year"], name="one_school_year")]
        # A hub's years, counted again at each change to them (``workgroups.services.school_year_counts``).
        indexes = [models.Index(fields=["hub"], name="school_year_hub")]

    def __str__(self):
        return f"School {self.school_id} in academic year {self.academic_year_id}"


class SchoolYearCount(models.Model):
    """The kept school years (``SchoolYear``) counted per academic year, serving hub, phase, "most disadvantaged"
    and Teaching for Mastery stage: what the reports' engagement, journey and reach figures add up, a few thousand
    rows at any scale instead of a fold of every school's years. Kept by ``workgroups.services.school_year_counts``.

    A row counts the schools with a kept year up to and including ``academic_year`` (their hub, phase and "most
    disadvantaged" are the register's, the same on every year of a school). ``stage``: the furthest stage (1-4,
    ``JOURNEY_RANK``) they completed up to the year, 0 for none (a hub lead's recorded stage is not applied: the
    report corrects the few schools with one). Of them: ``participating`` took part in a Work Group of the year
    that ran, ``completed`` completed a project in it, ``reached`` took part in one of the last ``REACH_YEARS``
    years (this one included), ``moved_on`` completed a stage in the year beyond every one before.
    """

    academic_year = models.ForeignKey(
        "workgroups.AcademicYear", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    phase = models.CharField(max_length=20, blank=True)
    disadvantaged = models.BooleanField(default=False)
    stage = models.PositiveSmallIntegerField(default=0)
    schools = models.PositiveIntegerField(default=0)
    participating = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    reached = models.PositiveIntegerField(default=0)
    moved_on = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "hub", "phase", "disadvantaged", "stage"], name="one_school_year_count"
            )
        ]

    def __str__(self):
        return f"Schools of hub {self.hub_id} in academic year {self.academic_year_id}, stage {self.stage}"


class SchoolYearCounted(models.Model):
    """An academic year whose ``SchoolYearCount`` rows are counted for every hub. A year without one (created since
    the last full count) is read from the school years themselves until it is counted."""

    academic_year = models.OneToOneField(
        "workgroups.AcademicYear", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self):
        return f"Academic year {self.academic_year_id} counted"
