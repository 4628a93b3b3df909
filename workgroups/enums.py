from enum import StrEnum

from django.db import models

from schools.enums import Phase


class Strand(models.TextChoices):
    SCHOOL_IMPROVEMENT = "school_improvement", "Whole-school/department improvement"
    CLASSROOM_PRACTICE = "classroom_practice", "Better classroom practitioners"
    PD_LEADERS = "pd_leaders", "Leaders of maths-specific PD"


class JourneyStage(models.TextChoices):
    """The stage of a school's Teaching for Mastery journey a national project serves (one academic year each;
    a school does Development once). ``NONE``: not a journey stage. ``mastery.journey`` derives schools' stages."""

    NONE = "none", "None"
    READINESS = "readiness", "Mastery Readiness"
    DEVELOPMENT = "development", "Development"
    EMBEDDING = "embedding", "Embedding"
    SUSTAINING = "sustaining", "Sustaining"


# The journey's order: a school moves on from one stage to the next, never back.
JOURNEY_ORDER = (JourneyStage.READINESS, JourneyStage.DEVELOPMENT, JourneyStage.EMBEDDING, JourneyStage.SUSTAINING)
# A stage's rank (1-4) in the journey: the furthest stage is the highest rank; 0 is "not started".
JOURNEY_RANK = {stage: number for number, stage in enumerate(JOURNEY_ORDER, start=1)}

# A school is "reached" in a year when it took part in a Work Group in this many years up to it, that one included.
REACH_YEARS = 3


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


# Work Groups that are going on: their sessions are reminded. Not drafts, not cancelled or completed ones.
ACTIVE_WORKGROUP_STATUSES = (WorkGroupStatus.OPEN, WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING)

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
    # Ended by someone else: the headteacher declined, an offer lapsed, the Work Group was cancelled.
    DECLINED = "declined", "Declined by headteacher"
    EXPIRED = "expired", "Offer expired"
    CANCELLED = "cancelled", "Work Group cancelled"


# Registrations that hold a place in the group (count against capacity and the per-school limit).
PLACE_HOLDING_STATUSES = (
    RegistrationStatus.APPLIED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.COMPLETED,
)

# A teacher's live registrations in a Work Group: at most one at a time (a database constraint). The others
# (rejected, withdrawn, declined, expired, cancelled) are history, kept beside a new registration.
ACTIVE_REGISTRATION_STATUSES = (
    RegistrationStatus.APPLIED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.COMPLETED,
)

# Registrations whose headteacher's answer is still wanted; an ended one (withdrawn, cancelled with its Work Group …)
# needs none: its consent request is skipped and the consent page says so.
AWAITING_CONSENT_STATUSES = (
    RegistrationStatus.APPLIED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
)

# Registrations whose sessions are in the teacher's calendar feed: those holding a place, and those of a cancelled
# Work Group (its events stay, marked CANCELLED, so subscribed calendars drop them).
CALENDAR_REGISTRATION_STATUSES = (*PLACE_HOLDING_STATUSES, RegistrationStatus.CANCELLED)

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


class MailKind(StrEnum):
    """The kinds of e-mail Work Groups send (declared in ``workgroups.mail_kinds``, queued by the services).

    The values are stored on outbox rows and in unsubscribe links: never change one.
    """

    SESSION_REMINDER = "session"
    TASK_REFLECTION = "task_reflection"
    HUB_DIGEST = "hub_digest"
    REGISTRATION_RECEIVED = "registration_received"
    REGISTRATION_WAITLISTED = "registration_waitlisted"
    REGISTRATION_APPROVED = "registration_approved"
    REGISTRATION_REJECTED = "registration_rejected"
    REGISTRATION_OFFERED = "registration_offered"
    # The ends of a registration or a Work Group (``workgroups.mail_kinds.endings``).
    REGISTRATION_WITHDRAWN = "registration_withdrawn"
    WITHDRAWAL_REPORTED = "withdrawal_reported"
    REGISTRATION_DECLINED = "registration_declined"
    REGISTRATION_OFFER_EXPIRED = "registration_offer_expired"
    REGISTRATION_COMPLETED = "registration_completed"
    WORKGROUP_CANCELLED = "workgroup_cancelled"
    CONSENT_REQUEST = "consent_request"
    SESSION_MOVED = "session_moved"
    SESSION_CANCELLED = "session_cancelled"
    ABSENCES_IN_A_ROW = "absences_in_a_row"


# The phases of school whose teachers a Work Group of each phase takes: its own, all-through schools, and the
# neighbours a middle or sixth-form school spans. Schools GIAS gives no phase ("Not applicable": special schools,
# pupil referral units) may join any group.
SCHOOL_PHASES_FOR_WORK_GROUP = {
    Phase.NURSERY: (Phase.NURSERY, Phase.PRIMARY, Phase.ALL_THROUGH),
    Phase.PRIMARY: (Phase.PRIMARY, Phase.MIDDLE, Phase.ALL_THROUGH),
    Phase.MIDDLE: (Phase.MIDDLE, Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH),
    Phase.SECONDARY: (Phase.SECONDARY, Phase.MIDDLE, Phase.ALL_THROUGH, Phase.SIXTEEN_PLUS),
    Phase.ALL_THROUGH: tuple(Phase),
    Phase.SIXTEEN_PLUS: (Phase.SIXTEEN_PLUS, Phase.SECONDARY, Phase.ALL_THROUGH),
    Phase.NOT_APPLICABLE: tuple(Phase),
}
