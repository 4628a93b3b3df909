from django.db import models

from schools.enums import Phase


class AccreditationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACCREDITED = "accredited", "Accredited"


class ProgrammeYear(models.IntegerChoices):
    TRAINING = 1, "Year 1 (training)"
    LEADING = 2, "Year 2 (leading a Work Group)"
    SUSTAINING = 3, "Year 3 (sustaining)"


# A cohort of specialists starts each year in one of these phases (the programme's own: primary, secondary, post-16).
COHORT_PHASES = (Phase.PRIMARY, Phase.SECONDARY, Phase.SIXTEEN_PLUS)
COHORT_PHASE_CHOICES = [
    (phase.value, "Post-16" if phase == Phase.SIXTEEN_PLUS else phase.label) for phase in COHORT_PHASES
]


class LaunchAttendee(models.TextChoices):
    """Who from the specialist's school came to the launch of their training year."""

    HEADTEACHER = "headteacher", "Headteacher"
    SENIOR_LEADER = "senior_leader", "Another senior leader"
