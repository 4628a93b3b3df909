from django.db import models


class AccreditationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACCREDITED = "accredited", "Accredited"


class ProgrammeYear(models.IntegerChoices):
    TRAINING = 1, "Year 1 (training)"
    LEADING = 2, "Year 2 (leading a Work Group)"
    SUSTAINING = 3, "Year 3 (sustaining)"
