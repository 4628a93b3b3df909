from django.db import models


class Strand(models.TextChoices):
    SCHOOL_IMPROVEMENT = "school_improvement", "Whole-school/department improvement"
    CLASSROOM_PRACTICE = "classroom_practice", "Better classroom practitioners"
    PD_LEADERS = "pd_leaders", "Leaders of maths-specific PD"


class HalfTermName(models.IntegerChoices):
    AUTUMN_1 = 1, "Autumn 1"
    AUTUMN_2 = 2, "Autumn 2"
    SPRING_1 = 3, "Spring 1"
    SPRING_2 = 4, "Spring 2"
    SUMMER_1 = 5, "Summer 1"
    SUMMER_2 = 6, "Summer 2"


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    BLENDED = "blended", "Blended"


class WorkGroupStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for registration"
    CLOSED = "closed", "Registration closed"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# The only legal moves; anything else is refused by the service that changes status.
WORKGROUP_TRANSITIONS = {
    WorkGroupStatus.DRAFT: (WorkGroupStatus.OPEN, WorkGroupStatus.CANCELLED),
    WorkGroupStatus.OPEN: (WorkGroupStatus.CLOSED, WorkGroupStatus.CANCELLED),
    WorkGroupStatus.CLOSED: (WorkGroupStatus.OPEN, WorkGroupStatus.RUNNING, WorkGroupStatus.CANCELLED),
    WorkGroupStatus.RUNNING: (WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED),
    WorkGroupStatus.COMPLETED: (),
    WorkGroupStatus.CANCELLED: (),
}

# Work Groups that ran: published (open, closed, running or completed), neither drafts nor cancelled groups.
RUN_STATUSES = (WorkGroupStatus.OPEN, WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING, WorkGroupStatus.COMPLETED)


class RegistrationStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    APPROVED = "approved", "Approved"
    WAITLISTED = "waitlisted", "Waitlisted"
    OFFERED = "offered", "Offered a place"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"


# Registrations that hold a place in the group (count against capacity and the per-school limit).
PLACE_HOLDING_STATUSES = (
    RegistrationStatus.APPLIED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.COMPLETED,
)

# Participants: teachers given (and keeping) a place, "approved or completed". They are on the register, get the
# session reminders, submit reflections; their schools are the engaged ones (``workgroups.engagement``).
PARTICIPANT_STATUSES = (RegistrationStatus.APPROVED, RegistrationStatus.COMPLETED)


class ConsentStatus(models.TextChoices):
    PENDING = "pending", "Awaiting headteacher"
    CONFIRMED = "confirmed", "Confirmed by headteacher"
    DECLINED = "declined", "Declined by headteacher"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"
    APOLOGIES = "apologies", "Apologies"


ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
