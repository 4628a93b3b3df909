"""Writes to Work Groups, sessions, registrations, registers, reflections and completion.

Every function here is the single way the portal makes that change: views, the admin, management
commands and Celery tasks all call them. They are keyword-only, atomic, and raise
``django.core.exceptions.ValidationError`` with a message fit to show the person who asked.

Concurrency: everything that counts places (sign-up, approval, withdrawal, rejection, a capacity
change) first locks the Work Group row with ``select_for_update()``, so two sign-ups for the last
place are served one after the other and the counts they read are the truth.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from workgroups.enums import (
    ATTENDED_STATUSES,
    PLACE_HOLDING_STATUSES,
    WORKGROUP_TRANSITIONS,
    AttendanceStatus,
    ConsentStatus,
    HalfTermName,
    RegistrationStatus,
    SessionStatus,
    WorkGroupStatus,
)
from workgroups.models import (
    Attendance,
    AttendanceChange,
    CalendarFeed,
    Evaluation,
    NationalProject,
    Registration,
    Session,
    TaskResponse,
    WorkGroup,
)

RS = RegistrationStatus

# --------------------------------------------------------------------------- notifications


def _queue_registration_email(registration: Registration, kind: str) -> None:
    from workgroups import tasks

    registration_id = registration.pk
    transaction.on_commit(lambda: tasks.send_registration_email.delay(registration_id, kind))


def _queue_consent_request(registration: Registration) -> None:
    from workgroups import tasks

    registration_id = registration.pk
    transaction.on_commit(lambda: tasks.send_consent_request.delay(registration_id))


def _queue_session_change_email(session: Session, kind: str) -> None:
    from workgroups import tasks

    session_id = session.pk
    transaction.on_commit(lambda: tasks.send_session_change_email.delay(session_id, kind))


# --------------------------------------------------------------------------- Work Groups

WORK_GROUP_EDITABLE_FIELDS = (
    "title",
    "description",
    "phase",
    "format",
    "venue",
    "capacity",
    "min_schools",
    "teachers_per_school",
    "registration_deadline",
    "required_attendance_percent",
)


@transaction.atomic
def workgroup_create_from_project(*, hub, project: NationalProject, code: str = "", leads=(), **overrides) -> WorkGroup:
    """Create a draft Work Group of ``hub`` running ``project``, with the project's defaults copied.

    ``overrides`` may set any of ``WORK_GROUP_EDITABLE_FIELDS``. Without a ``code`` one is made from
    the project code and the hub (``NCP24-12-MAT-01``). Raises ValidationError on bad values.
    """
    unknown = set(overrides) - set(WORK_GROUP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown Work Group fields: {', '.join(sorted(unknown))}")
    values = {
        "title": project.title,
        "description": project.description,
        "phase": project.phases[0] if project.phases else "",
        "capacity": project.default_capacity,
        "min_schools": project.default_min_schools,
        "teachers_per_school": project.default_teachers_per_school,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    if not code:
        prefix = f"{project.code}-{''.join(c for c in hub.name if c.isalnum())[:3].upper()}-"
        taken = WorkGroup.objects.filter(code__startswith=prefix).count()
        code = f"{prefix}{taken + 1:02d}"
        while WorkGroup.objects.filter(code=code).exists():
            taken += 1
            code = f"{prefix}{taken + 1:02d}"
    work_group = WorkGroup(hub=hub, project=project, academic_year=project.academic_year, code=code, **values)
    work_group.full_clean()
    work_group.save()
    if leads:
        work_group.leads.set(leads)
    return work_group


def _approved_count(work_group: WorkGroup) -> int:
    return work_group.registrations.filter(status__in=(RS.APPROVED, RS.COMPLETED)).count()


@transaction.atomic
def workgroup_update(*, work_group: WorkGroup, leads=None, **values) -> WorkGroup:
    """Change a Work Group's editable fields (and leads). A capacity below current approvals is refused.

    Raising the capacity or the per-school limit offers the freed places to the waitlist.
    """
    unknown = set(values) - set(WORK_GROUP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown Work Group fields: {', '.join(sorted(unknown))}")
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    if "capacity" in values:
        approved = _approved_count(locked)
        if values["capacity"] is not None and values["capacity"] < approved:
            raise ValidationError(
                {"capacity": f"{approved} teachers are already approved; the capacity cannot be lower than that."}
            )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    if leads is not None:
        locked.leads.set(leads)
    _offer_free_places(locked)
    return locked


@transaction.atomic
def workgroup_transition(*, work_group: WorkGroup, to_status: str) -> WorkGroup:
    """Move a Work Group to ``to_status`` if WORKGROUP_TRANSITIONS allows it; completing it evaluates completion."""
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    allowed = WORKGROUP_TRANSITIONS[WorkGroupStatus(locked.status)]
    if to_status not in allowed:
        raise ValidationError(
            f"A Work Group that is {locked.get_status_display().lower()} cannot become "
            f"{WorkGroupStatus(to_status).label.lower() if to_status in WorkGroupStatus.values else to_status}."
        )
    if to_status == WorkGroupStatus.OPEN and not locked.sessions.exists():
        raise ValidationError("Plan at least one session before publishing the Work Group.")
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    if to_status == WorkGroupStatus.COMPLETED:
        registrations_evaluate_completion(work_group=locked)
    return locked


def legal_transitions(work_group: WorkGroup) -> tuple:
    """The statuses this Work Group may move to next (what the hub lead is offered as buttons)."""
    return WORKGROUP_TRANSITIONS[WorkGroupStatus(work_group.status)]


# --------------------------------------------------------------------------- half-terms

# A typical English pattern (month, day) for each half-term's first and last day; hubs edit their own.
TYPICAL_HALF_TERMS = {
    1: ((9, 2), (10, 24)),
    2: ((11, 3), (12, 19)),
    3: ((1, 5), (2, 13)),
    4: ((2, 23), (3, 27)),
    5: ((4, 13), (5, 22)),
    6: ((6, 1), (7, 22)),
}


@transaction.atomic
def half_term_set(*, start_year: int, number: int, starts_on: datetime.date, ends_on: datetime.date, hub=None):
    """Set one half-term's dates for a hub (or, with no hub, the network's default). Creates the year if needed."""
    from workgroups.models import AcademicYear, HalfTerm

    year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
    if not (year.starts_on <= starts_on <= ends_on <= year.ends_on):
        raise ValidationError(
            f"{HalfTermName(number).label if number in HalfTermName.values else number} must lie within "
            f"{year} (1 September to 31 August) and end after it starts."
        )
    if number not in range(1, 7):
        raise ValidationError("Half-terms are numbered 1 (Autumn 1) to 6 (Summer 2).")
    half_term, _ = HalfTerm.objects.update_or_create(
        academic_year=year, hub=hub, number=number, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return half_term


@transaction.atomic
def half_terms_set_for_hub(*, hub, start_year: int, dates: dict) -> None:
    """Set a hub's own half-term dates for a year: ``dates`` maps 1-6 to (start, end), or None to use the
    network's dates for that half-term. The hub's half-terms must follow one another without overlap."""
    from workgroups.models import HalfTerm

    given = sorted((number, span) for number, span in dates.items() if span)
    for (number, (_, ends_on)), (next_number, (starts_on, _)) in zip(given, given[1:], strict=False):
        if starts_on <= ends_on:
            raise ValidationError(
                f"{HalfTermName(next_number).label} must start after {HalfTermName(number).label} ends."
            )
    for number, span in dates.items():
        if span:
            half_term_set(start_year=start_year, number=number, starts_on=span[0], ends_on=span[1], hub=hub)
        else:
            HalfTerm.objects.filter(academic_year__start_year=start_year, hub=hub, number=number).delete()


def half_terms_seed_network_defaults(*, start_year: int) -> int:
    """Give the network default half-term dates for a year where it has none (weekdays; edit them per hub)."""
    from workgroups.models import HalfTerm

    created = 0
    for number, ((sm, sd), (em, ed)) in TYPICAL_HALF_TERMS.items():
        if HalfTerm.objects.filter(academic_year__start_year=start_year, hub__isnull=True, number=number).exists():
            continue
        calendar_year = start_year if number <= 2 else start_year + 1
        starts = datetime.date(calendar_year, sm, sd)
        if starts.weekday() >= 5:  # a weekend: the Monday after
            starts += datetime.timedelta(days=7 - starts.weekday())
        ends = datetime.date(calendar_year, em, ed)
        if ends.weekday() >= 5:  # a weekend: the Friday before
            ends -= datetime.timedelta(days=ends.weekday() - 4)
        half_term_set(start_year=start_year, number=number, starts_on=starts, ends_on=ends)
        created += 1
    return created


# --------------------------------------------------------------------------- sessions


def _check_session_times(starts_at, ends_at) -> None:
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = "A session cannot start in the past."
    if ends_at <= starts_at:
        errors["ends_at"] = "A session must end after it starts."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_create(
    *,
    work_group: WorkGroup,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str = "",
    online_link: str = "",
    agenda: str = "",
    task: str = "",
) -> Session:
    """Plan a session; its number follows the last one. Past dates and ends before starts are refused."""
    _check_session_times(starts_at, ends_at)
    locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    if locked.status in (WorkGroupStatus.COMPLETED, WorkGroupStatus.CANCELLED):
        raise ValidationError("Sessions cannot be added to a completed or cancelled Work Group.")
    number = (locked.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session(
        work_group=locked,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue if venue or online_link else locked.venue,
        online_link=online_link,
        agenda=agenda,
        task=task,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(*, session: Session, **values) -> Session:
    """Change a session's details. A change of time is a move (see ``session_reschedule``)."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    starts_at = values.pop("starts_at", locked.starts_at)
    ends_at = values.pop("ends_at", locked.ends_at)
    for name, value in values.items():
        if name not in ("venue", "online_link", "agenda", "task"):
            raise ValueError(f"Unknown session field: {name}")
        setattr(locked, name, value)
    if (starts_at, ends_at) != (locked.starts_at, locked.ends_at):
        return session_reschedule(session=locked, starts_at=starts_at, ends_at=ends_at)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def session_reschedule(*, session: Session, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Session:
    """Move a session to new times: raises its iCalendar sequence and e-mails the participants."""
    locked = Session.objects.select_for_update().get(pk=session.pk)  # two moves at once: both raise SEQUENCE
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError("A cancelled session cannot be moved.")
    _check_session_times(starts_at, ends_at)
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.sequence = locked.sequence + 1
    session.full_clean()
    session.save()
    _queue_session_change_email(session, "moved")
    return session


@transaction.atomic
def session_cancel(*, session: Session) -> Session:
    """Cancel a session: it stays in calendars as cancelled (sequence raised) and participants are told."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError("This session is already cancelled.")
    locked.status = SessionStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    _queue_session_change_email(locked, "cancelled")
    return locked


# --------------------------------------------------------------------------- registrations


def _place_counts(work_group: WorkGroup, school_id=None) -> tuple[int, int]:
    counts = work_group.registrations.filter(status__in=PLACE_HOLDING_STATUSES).aggregate(
        total=Count("id"), school=Count("id", filter=Q(school_id=school_id))
    )
    return counts["total"], counts["school"]


def _has_room(work_group: WorkGroup, school_id) -> bool:
    total, at_school = _place_counts(work_group, school_id)
    return total < work_group.capacity and at_school < work_group.teachers_per_school


def _offer_free_places(work_group: WorkGroup) -> list[Registration]:
    """Offer every free place to the waitlist, first come first served, keeping the per-school limit.

    Only while registration is open or closed (a running group takes no newcomers). The caller
    holds the Work Group's row lock.
    """
    if work_group.status not in (WorkGroupStatus.OPEN, WorkGroupStatus.CLOSED):
        return []
    holding = list(
        work_group.registrations.filter(status__in=PLACE_HOLDING_STATUSES).values_list("school_id", flat=True)
    )
    free = work_group.capacity - len(holding)
    if free <= 0:
        return []
    per_school = Counter(holding)
    offered = []
    waiting = work_group.registrations.filter(status=RS.WAITLISTED).order_by("waitlisted_at", "created_at", "pk")
    now = timezone.now()
    for registration in waiting:
        if len(offered) >= free:
            break
        if per_school[registration.school_id] >= work_group.teachers_per_school:
            continue
        per_school[registration.school_id] += 1
        registration.status = RS.OFFERED
        registration.offered_at = now
        offered.append(registration)
    Registration.objects.bulk_update(offered, ["status", "offered_at"])
    for registration in offered:
        _queue_registration_email(registration, "offered")
    return offered


def registration_create(
    *,
    work_group: WorkGroup,
    teacher,
    school,
    role_in_school: str,
    headteacher_name: str,
    headteacher_email: str,
    trn: str = "",
) -> Registration:
    """Register ``teacher`` for an open Work Group.

    Guarantees, even under concurrent sign-ups: one registration per teacher per Work Group, no
    sign-up after the deadline, and no more place-holders than the capacity or the per-school limit
    (a full group or school quota puts the teacher on the waitlist instead). Queues the "received"
    (or "waitlisted") e-mail and the headteacher's consent request after commit.
    """
    with transaction.atomic():
        locked = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
        if locked.status != WorkGroupStatus.OPEN:
            raise ValidationError("This Work Group is not open for registration.")
        if locked.registration_deadline and timezone.localdate() > locked.registration_deadline:
            raise ValidationError(f"Registration closed on {locked.registration_deadline:%-d %B %Y}.", code="deadline")
        if locked.registrations.filter(teacher=teacher).exists():
            raise ValidationError("You have already registered for this Work Group.", code="duplicate")
        has_room = _has_room(locked, school.pk)
        now = timezone.now()
        registration = Registration(
            work_group=locked,
            academic_year_id=locked.academic_year_id,
            teacher=teacher,
            school=school,
            role_in_school=role_in_school,
            trn=trn,
            headteacher_name=headteacher_name,
            headteacher_email=headteacher_email,
            status=RS.APPLIED if has_room else RS.WAITLISTED,
            waitlisted_at=None if has_room else now,
        )
        registration.full_clean(exclude=["work_group", "teacher", "school"])
        registration.save()
        _queue_registration_email(registration, "received" if has_room else "waitlisted")
        _queue_consent_request(registration)
    return registration


def _decide(registration: Registration, action: str, actor) -> Registration:
    """One decision on one registration; the caller holds the Work Group's lock. Returns the registration."""
    work_group = registration.work_group
    now = timezone.now()
    was_holding = registration.status in PLACE_HOLDING_STATUSES
    if registration.status in (RS.COMPLETED, RS.WITHDRAWN):
        raise ValidationError(f"{registration.teacher} has {registration.get_status_display().lower()}; no change.")
    if action == "approve":
        if registration.status == RS.APPROVED:
            raise ValidationError(f"{registration.teacher} is already approved.")
        if registration.consent_status == ConsentStatus.DECLINED:
            raise ValidationError(f"{registration.teacher}'s headteacher declined; they cannot be approved.")
        if not was_holding and not _has_room(work_group, registration.school_id):
            raise ValidationError(f"No room for {registration.teacher}: the group or their school's quota is full.")
        registration.status = RS.APPROVED
        kind = "approved"
    elif action == "reject":
        if registration.status == RS.REJECTED:
            raise ValidationError(f"{registration.teacher} is already rejected.")
        registration.status = RS.REJECTED
        kind = "rejected"
    elif action == "waitlist":
        if registration.status == RS.WAITLISTED:
            raise ValidationError(f"{registration.teacher} is already on the waitlist.")
        registration.status = RS.WAITLISTED
        registration.waitlisted_at = now
        kind = "waitlisted"
    else:
        raise ValueError(f"Unknown decision: {action}")
    registration.decided_at = now
    registration.decided_by = actor
    registration.save(update_fields=["status", "decided_at", "decided_by", "waitlisted_at"])
    _queue_registration_email(registration, kind)
    if was_holding and action == "reject":
        _offer_free_places(work_group)
    return registration


@dataclass
class BulkDecision:
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # messages


@transaction.atomic
def registration_decide(*, registration: Registration, action: str, actor) -> Registration:
    """Approve, reject or waitlist one registration ("approve" | "reject" | "waitlist").

    Approving a waitlisted teacher needs room; a headteacher's refusal blocks approval; rejecting a
    place-holder offers the place to the first on the waitlist.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.select_related("teacher").get(pk=registration.pk)
    locked.work_group = locked_group
    return _decide(locked, action, actor)


def registration_approve(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="approve", actor=actor)


def registration_reject(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="reject", actor=actor)


def registration_waitlist(*, registration: Registration, actor) -> Registration:
    return registration_decide(registration=registration, action="waitlist", actor=actor)


@transaction.atomic
def registrations_decide_bulk(*, work_group: WorkGroup, registration_ids, action: str, actor) -> BulkDecision:
    """The same decision on several registrations of one Work Group, in order of sign-up.

    Each is decided by the same rules as one by one; those refused are reported, the rest done.
    """
    locked_group = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    result = BulkDecision()
    registrations = locked_group.registrations.filter(pk__in=registration_ids).select_related("teacher")
    for registration in registrations.order_by("created_at", "pk"):
        registration.work_group = locked_group
        try:
            result.done.append(_decide(registration, action, actor))
        except ValidationError as error:
            result.refused.extend(error.messages)
    return result


@transaction.atomic
def registration_withdraw(*, registration: Registration) -> Registration:
    """The teacher withdraws; a place they held is offered to the first on the waitlist."""
    locked_group = WorkGroup.objects.select_for_update().get(pk=registration.work_group_id)
    locked = Registration.objects.get(pk=registration.pk)
    if locked.status in (RS.WITHDRAWN, RS.COMPLETED, RS.REJECTED):
        raise ValidationError(f"This registration is {locked.get_status_display().lower()}; it cannot be withdrawn.")
    was_holding = locked.status in PLACE_HOLDING_STATUSES
    locked.status = RS.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    if was_holding:
        _offer_free_places(locked_group)
    return locked


@transaction.atomic
def registration_accept_offer(*, registration: Registration) -> Registration:
    """The teacher takes up a place offered from the waitlist: back among the applicants for approval."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != RS.OFFERED:
        raise ValidationError("There is no offer of a place to accept.")
    locked.status = RS.APPLIED
    locked.save(update_fields=["status"])
    _queue_registration_email(locked, "received")
    return locked


# --------------------------------------------------------------------------- headteacher consent

CONSENT_SALT = "workgroups.headteacher-consent"
CONSENT_MAX_AGE = datetime.timedelta(days=14)


class ConsentLinkError(ValidationError):
    """The consent link is forged, expired or no longer matches a registration."""


def consent_token_make(*, registration: Registration) -> str:
    """A signed, timestamped token naming the registration and the headteacher it was sent to."""
    signer = signing.TimestampSigner(salt=CONSENT_SALT)
    return signer.sign_object({"r": registration.pk, "e": registration.headteacher_email.lower()})


def consent_registration_from_token(*, token: str) -> Registration:
    """The registration a consent token stands for. Raises ConsentLinkError when forged or expired."""
    signer = signing.TimestampSigner(salt=CONSENT_SALT)
    try:
        payload = signer.unsign_object(token, max_age=CONSENT_MAX_AGE)
    except signing.SignatureExpired:
        raise ConsentLinkError(
            "This link has expired (links last 14 days). Ask the teacher or the hub for a new one.", code="expired"
        ) from None
    except signing.BadSignature:
        raise ConsentLinkError("This link is not valid. Check that you copied the whole link.", code="forged") from None
    registration = (
        Registration.objects.select_related("work_group__hub", "teacher", "school").filter(pk=payload.get("r")).first()
    )
    if registration is None or registration.headteacher_email.lower() != payload.get("e"):
        raise ConsentLinkError("This link no longer matches a registration.", code="stale")
    return registration


@transaction.atomic
def consent_decide(*, token: str, confirm: bool) -> Registration:
    """Record the headteacher's answer from a consent link. A decided consent is not changed again."""
    registration = consent_registration_from_token(token=token)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.consent_status != ConsentStatus.PENDING:
        raise ValidationError(f"You have already answered: {locked.get_consent_status_display().lower()}.")
    locked.consent_status = ConsentStatus.CONFIRMED if confirm else ConsentStatus.DECLINED
    locked.consent_decided_at = timezone.now()
    locked.save(update_fields=["consent_status", "consent_decided_at"])
    return locked


@transaction.atomic
def consent_request_resend(*, registration: Registration) -> None:
    """Send the headteacher a fresh consent link (the old one keeps working until it expires)."""
    if registration.consent_status != ConsentStatus.PENDING:
        raise ValidationError("The headteacher has already answered.")
    _queue_consent_request(registration)


# --------------------------------------------------------------------------- registers


@dataclass
class RegisterSaved:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@transaction.atomic
def attendance_record(*, session: Session, marks: dict[int, str], recorded_by) -> RegisterSaved:
    """Save a session's register in one go: ``marks`` maps registration id → attendance status.

    A constant handful of queries whatever the group's size (bulk create, bulk update, and one
    AttendanceChange row per new or corrected mark, so who changed what is kept). Registrations
    that are not approved participants of the session's Work Group are refused.
    """
    valid = set(AttendanceStatus.values)
    bad = [status for status in marks.values() if status not in valid]
    if bad:
        raise ValidationError(f"Unknown attendance status: {bad[0]}.")
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("The register cannot be taken for a cancelled session.")
    participant_ids = set(
        Registration.objects.filter(
            work_group_id=session.work_group_id, status__in=(RS.APPROVED, RS.COMPLETED)
        ).values_list("pk", flat=True)
    )
    strangers = set(marks) - participant_ids
    if strangers:
        raise ValidationError("The register names someone who is not a participant of this Work Group.")
    existing = {a.registration_id: a for a in Attendance.objects.filter(session=session, registration_id__in=marks)}
    now = timezone.now()
    new, changed, log = [], [], []
    for registration_id, status in marks.items():
        attendance = existing.get(registration_id)
        if attendance is None:
            new.append(
                Attendance(
                    registration_id=registration_id,
                    session=session,
                    status=status,
                    recorded_by=recorded_by,
                    recorded_at=now,
                )
            )
        elif attendance.status != status:
            log.append(AttendanceChange(attendance=attendance, old_status=attendance.status, new_status=status))
            attendance.status = status
            attendance.recorded_by = recorded_by
            attendance.recorded_at = now
            changed.append(attendance)
    if new:
        Attendance.objects.bulk_create(new)
        log.extend(AttendanceChange(attendance=a, old_status="", new_status=a.status) for a in new)
    if changed:
        Attendance.objects.bulk_update(changed, ["status", "recorded_by", "recorded_at"])
    for entry in log:
        entry.changed_by = recorded_by
        entry.changed_at = now
    if log:
        AttendanceChange.objects.bulk_create(log)
    return RegisterSaved(created=len(new), changed=len(changed), unchanged=len(marks) - len(new) - len(changed))


@transaction.atomic
def attendance_send_apologies(*, registration: Registration, session: Session) -> Attendance:
    """A participant sends apologies for a session that has not started; the register shows them."""
    if registration.status not in (RS.APPROVED, RS.COMPLETED) or session.work_group_id != registration.work_group_id:
        raise ValidationError("Only participants of this Work Group can send apologies for its sessions.")
    if session.status == SessionStatus.CANCELLED or session.starts_at <= timezone.now():
        raise ValidationError("Apologies can be sent only before a session that is going ahead.")
    attendance = Attendance.objects.select_for_update().filter(registration=registration, session=session).first()
    if attendance and attendance.status == AttendanceStatus.APOLOGIES:
        return attendance
    old = attendance.status if attendance else ""
    if attendance is None:
        attendance = Attendance(registration=registration, session=session)
    attendance.status = AttendanceStatus.APOLOGIES
    attendance.recorded_by = registration.teacher
    attendance.save()
    AttendanceChange.objects.create(
        attendance=attendance, old_status=old, new_status=AttendanceStatus.APOLOGIES, changed_by=registration.teacher
    )
    return attendance


# --------------------------------------------------------------------------- task reflections

TASK_FILE_MAX_BYTES = 5 * 1024 * 1024
# Extension → the bytes such a file starts with (checked, so a renamed file is refused).
TASK_FILE_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
}


def task_file_check(upload) -> None:
    """Refuse a file that is too large or is not really a PDF, PNG, JPEG or Word (.docx) document."""
    name = getattr(upload, "name", "") or ""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in TASK_FILE_SIGNATURES:
        raise ValidationError({"file": "Upload a PDF, PNG, JPEG or Word (.docx) file."})
    if upload.size > TASK_FILE_MAX_BYTES:
        raise ValidationError({"file": f"The file is {upload.size / 1048576:.1f} MB; the limit is 5 MB."})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in TASK_FILE_SIGNATURES[suffix]):
        raise ValidationError({"file": f"The file does not look like a {suffix[1:].upper()} file."})


@transaction.atomic
def task_response_submit(*, registration: Registration, session: Session, reflection: str, upload=None) -> TaskResponse:
    """Save (or replace) a participant's reflection on a session's task, with an optional checked file."""
    if registration.status not in (RS.APPROVED, RS.COMPLETED):
        raise ValidationError("Only participants with a place can submit reflections.")
    if session.work_group_id != registration.work_group_id:
        raise ValidationError("That session belongs to another Work Group.")
    if not reflection.strip():
        raise ValidationError({"reflection": "Write a few lines about how the task went."})
    if upload is not None:
        task_file_check(upload)
    response = TaskResponse.objects.select_for_update().filter(registration=registration, session=session).first()
    if response is None:
        response = TaskResponse(registration=registration, session=session)
    response.reflection = reflection
    old_file = response.file.name if response.file else ""
    if upload is not None:
        response.file_name = upload.name.rsplit("/", 1)[-1][:255]
        response.file.save(upload.name, upload, save=False)
    response.save()
    if upload is not None and old_file:
        storage = response.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return response


# --------------------------------------------------------------------------- completion and evaluation


@transaction.atomic
def registrations_evaluate_completion(*, work_group: WorkGroup) -> int:
    """Mark as completed every approved participant who attended the required share of sessions.

    Share = sessions attended (present or late) ÷ sessions not cancelled. Returns how many completed.
    Safe to run again: completed participants stay completed.
    """
    held = work_group.sessions.exclude(status=SessionStatus.CANCELLED).count()
    if held == 0:
        return 0
    approved = work_group.registrations.filter(status=RS.APPROVED).annotate(
        attended=Count(
            "attendances",
            filter=Q(attendances__status__in=ATTENDED_STATUSES)
            & ~Q(attendances__session__status=SessionStatus.CANCELLED),
        )
    )
    now = timezone.now()
    done = [r for r in approved if r.attended * 100 >= work_group.required_attendance_percent * held]
    for registration in done:
        registration.status = RS.COMPLETED
        registration.completed_at = now
    Registration.objects.bulk_update(done, ["status", "completed_at"])
    return len(done)


@transaction.atomic
def evaluation_submit(
    *, registration: Registration, overall: int, impact_on_practice: int, comments: str = ""
) -> Evaluation:
    """A participant's end-of-group evaluation, once the Work Group is completed. One each; resubmitting edits it."""
    if registration.work_group.status != WorkGroupStatus.COMPLETED or registration.status not in (
        RS.APPROVED,
        RS.COMPLETED,
    ):
        raise ValidationError("The evaluation opens when your Work Group is completed.")
    evaluation, _ = Evaluation.objects.update_or_create(
        registration=registration,
        defaults={"overall": overall, "impact_on_practice": impact_on_practice, "comments": comments},
    )
    evaluation.full_clean()
    return evaluation


# --------------------------------------------------------------------------- calendar feeds


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give the user a new secret feed address; the old one stops working at once."""
    from workgroups.models.feeds import new_feed_token

    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed


# --------------------------------------------------------------------------- e-mails (called by tasks)

REGISTRATION_EMAIL_SUBJECTS = {
    "received": "We have your registration for {code}",
    "approved": "Your place in {code} is confirmed",
    "waitlisted": "You are on the waitlist for {code}",
    "offered": "A place in {code} is free for you",
    "rejected": "Your registration for {code}",
}
SESSION_EMAIL_SUBJECTS = {
    "moved": "{code}: session {number} has moved",
    "cancelled": "{code}: session {number} is cancelled",
}


def _site_url(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


def _message(*, to: list[str], subject: str, template: str, context: dict):
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    context = {**context, "site_url": _site_url("")}
    text = render_to_string(f"workgroups/email/{template}.txt", context)
    html = render_to_string(f"workgroups/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=f"[Maths Hubs] {subject}", body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def registration_email_send(*, registration_id: int, kind: str) -> bool:
    """E-mail the teacher about their registration (``kind`` of REGISTRATION_EMAIL_SUBJECTS). False if gone."""
    from django.urls import reverse

    registration = (
        Registration.objects.select_related("work_group__hub", "teacher", "school").filter(pk=registration_id).first()
    )
    if registration is None:
        return False
    work_group = registration.work_group
    _message(
        to=[registration.teacher.email],
        subject=REGISTRATION_EMAIL_SUBJECTS[kind].format(code=work_group.code),
        template=f"registration_{kind}",
        context={
            "registration": registration,
            "work_group": work_group,
            "my_cpd_url": _site_url(reverse("workgroups:my_cpd")),
        },
    ).send()
    return True


def consent_request_send(*, registration_id: int) -> bool:
    """E-mail the headteacher a signed link to confirm or decline the teacher's participation."""
    from django.urls import reverse

    registration = (
        Registration.objects.select_related("work_group__hub", "teacher", "school").filter(pk=registration_id).first()
    )
    if registration is None or registration.consent_status != ConsentStatus.PENDING:
        return False
    token = consent_token_make(registration=registration)
    _message(
        to=[registration.headteacher_email],
        subject=f"Please confirm {registration.teacher.full_name}'s place in a Maths Hubs Work Group",
        template="consent_request",
        context={
            "registration": registration,
            "work_group": registration.work_group,
            "consent_url": _site_url(reverse("workgroups:consent", args=[token])),
            "days": CONSENT_MAX_AGE.days,
        },
    ).send()
    return True


def session_change_email_send(*, session_id: int, kind: str) -> int:
    """Tell every participant holding a place that a session moved or was cancelled. One SMTP connection."""
    from django.core.mail import get_connection
    from django.urls import reverse

    session = Session.objects.select_related("work_group__hub").filter(pk=session_id).first()
    if session is None:
        return 0
    work_group = session.work_group
    recipients = (
        Registration.objects.filter(work_group=work_group, status__in=PLACE_HOLDING_STATUSES)
        .select_related("teacher")
        .order_by("pk")
    )
    messages = [
        _message(
            to=[registration.teacher.email],
            subject=SESSION_EMAIL_SUBJECTS[kind].format(code=work_group.code, number=session.number),
            template=f"session_{kind}",
            context={
                "session": session,
                "work_group": work_group,
                "registration": registration,
                "my_cpd_url": _site_url(reverse("workgroups:my_cpd")),
            },
        )
        for registration in recipients
    ]
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)
