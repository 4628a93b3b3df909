from django.db import models


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SIXTEEN_PLUS = "16_plus", "16 plus"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class EstablishmentStatus(models.TextChoices):
    OPEN = "open", "Open"
    OPEN_PROPOSED_TO_CLOSE = "open_proposed_to_close", "Open, but proposed to close"
    PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (EstablishmentStatus.OPEN, EstablishmentStatus.OPEN_PROPOSED_TO_CLOSE)


class ImportRunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


FINISHED_RUN_STATUSES = (ImportRunStatus.DONE, ImportRunStatus.REFUSED, ImportRunStatus.FAILED)
