"""What the Mastery programme holds about a person, for their rights over their data (``accounts.personal_data``).

A specialist's place on the programme and its milestones, their accreditations with the evidence NCETM staff
recorded and the history of each decision, and the open lessons they hosted or booked. The closure removes what
names or describes them in free text (evidence notes, the evidence document and its file name, the notes of each
decision, the name of who came to their launch) and keeps the statuses and dates the network's figures count (PD Leads, specialists per cohort).
"""

from mastery.models import Accreditation, AccreditationEvent, MasterySpecialist, OpenLesson, OpenLessonBooking


def _specialisms(user) -> list[dict]:
    rows = MasterySpecialist.objects.filter(user=user).select_related(
        "hub", "cohort__academic_year", "first_work_group"
    )
    return [
        {
            "hub": s.hub.name,
            "cohort": str(s.cohort),
            "programme_year": s.get_programme_year_display(),
            "nominated_at": s.nominated_at,
            "training_days_attended": s.training_days_attended,
            "launch_attendee": s.get_launch_attendee_display(),
            "launch_attendee_name": s.launch_attendee_name,
            "first_work_group": s.first_work_group.code if s.first_work_group_id else "",
        }
        for s in rows.order_by("nominated_at", "pk")
    ]


def _accreditations(user) -> list[Accreditation]:
    return list(Accreditation.objects.filter(specialist__user=user).order_by("created_at", "pk"))


def accreditation_document_path(accreditation: Accreditation) -> str:
    """Where the download's zip holds the evidence document of ``accreditation``."""
    return f"files/accreditation-{accreditation.pk}-{accreditation.document_name or 'document'}"


def mastery_data_collect(*, user) -> dict:
    """The Mastery programme's records of ``user``: plain data, each list empty for someone never on it."""
    accreditations = _accreditations(user)
    events = AccreditationEvent.objects.filter(accreditation__specialist__user=user).select_related("accreditation")
    return {
        "mastery_specialisms": _specialisms(user),
        "accreditations": [
            {
                "accreditation": a.label,
                "status": a.get_status_display(),
                "accredited_on": a.accredited_on,
                "reregistration_due_on": a.reregistration_due_on,
                "evidence_notes": a.evidence_notes,
                "evidence_document": accreditation_document_path(a) if a.document else "",
                "decided_at": a.decided_at,
            }
            for a in accreditations
        ],
        "accreditation_history": [
            {
                "accreditation": e.accreditation.label,
                "from": e.get_from_status_display(),
                "to": e.get_to_status_display(),
                "took_effect_on": e.on,
                "notes": e.notes,
                "document_name": e.document_name,
                "recorded_at": e.at,
            }
            for e in events.order_by("at", "pk")
        ],
        "open_lessons_hosted": [
            {"starts_at": lesson.starts_at, "focus": lesson.focus, "status": lesson.get_status_display()}
            for lesson in OpenLesson.objects.filter(specialist__user=user).order_by("starts_at", "pk")
        ],
        "open_lesson_bookings": [
            {
                "starts_at": b.lesson.starts_at,
                "focus": b.lesson.focus,
                "school": str(b.school),
                "status": b.get_status_display(),
                "booked_at": b.created_at,
            }
            for b in OpenLessonBooking.objects.filter(teacher=user)
            .select_related("lesson", "school")
            .order_by("lesson__starts_at", "pk")
        ],
    }


def mastery_documents(*, user) -> list[tuple[str, object]]:
    """(path in the zip, the stored file) of each evidence document held about ``user``."""
    return [(accreditation_document_path(a), a.document) for a in _accreditations(user) if a.document]


def mastery_data_erase(*, user) -> list[str]:
    """Remove the free text and documents about ``user`` (inside the closure's transaction); the stored names of
    the documents removed, for the caller to delete once the transaction commits."""
    accreditations = Accreditation.objects.filter(specialist__user=user)
    names = [name for name in accreditations.exclude(document="").values_list("document", flat=True)]
    accreditations.update(evidence_notes="", document="", document_name="")
    AccreditationEvent.objects.filter(accreditation__specialist__user=user).update(notes="", document_name="")
    MasterySpecialist.objects.filter(user=user).update(launch_attendee_name="")
    return names
