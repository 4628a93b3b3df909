"""The alert that a participant has missed sessions in a row (absent, not apologies): to the hub's leads and
the Work Group's leads, once per run of absences. Queued when a register is saved
(``workgroups.services.attendance.attendance_record``)."""

from django.urls import reverse

from notifications.registry import SEND, register, skip
from notifications.rendering import site_link
from workgroups.enums import PARTICIPANT_STATUSES, AttendanceStatus, MailKind
from workgroups.mail_kinds.registrations import RegistrationKind
from workgroups.models import Attendance, Session


@register
class AbsencesInARow(RegistrationKind):
    name = MailKind.ABSENCES_IN_A_ROW
    label = "Absences in a row"
    template = "workgroups/email/absences_in_a_row"

    def prepare(self, batch, rows):
        super().prepare(batch, rows)
        session_ids = {pk for row in rows for pk in row.context.get("sessions", [])}
        registration_ids = {row.topic_id for row in rows}
        batch.cache["absence_sessions"] = Session.objects.in_bulk(session_ids)
        batch.cache["still_absent"] = set(
            Attendance.objects.filter(
                registration_id__in=registration_ids, session_id__in=session_ids, status=AttendanceStatus.ABSENT
            ).values_list("registration_id", "session_id")
        )

    def decide(self, batch, row):
        registration = self.topic(batch, row)
        if registration is None:
            return skip("the registration no longer exists")
        if registration.status not in PARTICIPANT_STATUSES:
            return skip(f"the registration is {registration.get_status_display().lower()} now")
        if any((row.topic_id, pk) not in batch.cache["still_absent"] for pk in row.context.get("sessions", [])):
            return skip("the register was corrected since: the absences are no longer in a row")
        return SEND

    def context(self, batch, row):
        registration = self.topic(batch, row)
        found = batch.cache["absence_sessions"]
        sessions = sorted((found[pk] for pk in row.context["sessions"] if pk in found), key=lambda s: s.starts_at)
        return {
            "registration": registration,
            "work_group": registration.work_group,
            "sessions": sessions,
            "register_url": site_link(reverse("workgroups:register", args=[sessions[-1].pk])) if sessions else "",
        }
