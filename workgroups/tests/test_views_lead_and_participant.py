import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import UserFactory
from workgroups import services
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.models import Attendance, AttendanceChange, TaskResponse
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db
RS = RegistrationStatus
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def participants(work_group, n):
    return [RegistrationFactory(work_group=work_group, status=RS.APPROVED) for _ in range(n)]


def register_post(registrations, status="present"):
    return {f"r{r.pk}": status for r in registrations}


# --------------------------------------------------------------------------- Work Group leads


def after_start(time_machine, session, minutes=5):
    """The clock moves to just after ``session`` starts (registers open at a session's start)."""
    time_machine.move_to(session.starts_at + datetime.timedelta(minutes=minutes), tick=True)


def after_last_session(time_machine, work_group):
    after_start(time_machine, work_group.sessions.order_by("-starts_at").first())


def test_led_lists_only_the_leads_groups(client, work_group, wg_lead, time_machine):
    WorkGroupFactory(title="Someone else's group")
    client.force_login(wg_lead)

    before = client.get(reverse("workgroups:led")).content.decode()
    after_start(time_machine, work_group.sessions.get(number=1))
    body = client.get(reverse("workgroups:led")).content.decode()

    assert work_group.title in body and "Someone else" not in body
    assert "Take the register" not in before and "the register opens at the start" in before
    assert 'Take the register<span class="visually-hidden"> for session 1' in body


def test_register_save_records_everyone_in_constant_queries(client, work_group, wg_lead, time_machine):
    session = work_group.sessions.first()
    after_start(time_machine, session)
    client.force_login(wg_lead)
    client.get(reverse("workgroups:led"))  # session, user loaded once

    def save(post):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(reverse("workgroups:register", args=[session.pk]), post)
        assert response.status_code == 302
        return len(ctx)

    few = participants(work_group, 3)
    services.attendance_record(session=session, marks={r.pk: "present" for r in few[:2]}, recorded_by=wg_lead)
    small = save(register_post(few, "absent"))  # 2 corrections + 1 new, with absences (looked at for runs)
    many = participants(work_group, 17)
    large = save(register_post(few, "late") | register_post(many, "absent"))  # 3 corrections + 17 new

    assert Attendance.objects.filter(session=session).count() == 20
    assert large == small
    assert large <= 18  # with the register figures for the reports (one upsert) and the absentees' runs (one read)


def test_register_correction_keeps_who_changed_what(client, work_group, wg_lead, hub_lead, time_machine):
    session = work_group.sessions.first()
    after_start(time_machine, session)
    [registration] = participants(work_group, 1)
    services.attendance_record(session=session, marks={registration.pk: "absent"}, recorded_by=wg_lead)
    client.force_login(hub_lead)

    client.post(reverse("workgroups:register", args=[session.pk]), {f"r{registration.pk}": "present"})

    attendance = Attendance.objects.get(session=session, registration=registration)
    assert attendance.status == "present" and attendance.recorded_by == hub_lead
    correction = AttendanceChange.objects.get(attendance=attendance, old_status="absent")
    assert (correction.new_status, correction.changed_by) == ("present", hub_lead)
    page = client.get(reverse("workgroups:register", args=[session.pk])).content.decode()
    assert "Corrections" in page and escape(hub_lead.full_name) in page  # a generated name may have an apostrophe


def test_register_page_runs_fixed_queries_at_two_sizes(client, work_group, wg_lead, time_machine):
    session = work_group.sessions.first()
    after_start(time_machine, session)
    client.force_login(wg_lead)
    url = reverse("workgroups:register", args=[session.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    first = participants(work_group, 2)
    services.attendance_record(session=session, marks={r.pk: "present" for r in first}, recorded_by=wg_lead)
    services.attendance_record(session=session, marks={first[0].pk: "late"}, recorded_by=wg_lead)
    small = count()
    more = participants(work_group, 15)
    services.attendance_record(session=session, marks={r.pk: "absent" for r in more}, recorded_by=wg_lead)
    services.attendance_record(session=session, marks={r.pk: "apologies" for r in more[:5]}, recorded_by=wg_lead)
    assert count() == small


def test_register_ignores_people_outside_the_group(work_group, wg_lead):
    stranger = RegistrationFactory(status=RS.APPROVED)
    session = work_group.sessions.first()

    with pytest.raises(ValidationError):
        services.attendance_record(session=session, marks={stranger.pk: "present"}, recorded_by=wg_lead)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["other_hub_lead", "teacher"])
def test_register_page_for_others_answers_404(client, work_group, other_hub_lead, who):
    participants(work_group, 1)
    user = other_hub_lead if who == "other_hub_lead" else UserFactory()
    client.force_login(user)

    url = reverse("workgroups:register", args=[work_group.sessions.first().pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


# --------------------------------------------------------------------------- My CPD


def test_my_cpd_shows_next_session_task_and_standing(client, work_group, wg_lead):
    registration = RegistrationFactory(work_group=work_group, status=RS.APPROVED)
    past = SessionFactory(
        work_group=work_group,
        number=9,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
        task="Bring two pieces of student work",
    )
    services.attendance_record(session=past, marks={registration.pk: "present"}, recorded_by=wg_lead)
    client.force_login(registration.teacher)

    body = client.get(reverse("workgroups:my_cpd")).content.decode()

    next_session = work_group.sessions.get(number=1)
    assert f"Next session: {next_session.number}" in body
    assert "Bring two pieces of student work" in body  # the task set at the last session
    assert "Attended 1 of 1 session so far (3 planned" in body
    assert "Approved" in body


def test_my_cpd_runs_fixed_queries_at_two_sizes(client, wg_lead):
    teacher = UserFactory()
    client.force_login(teacher)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workgroups:my_cpd")).status_code == 200
        return len(ctx)

    def join():
        group = WorkGroupFactory()
        registration = RegistrationFactory(work_group=group, teacher=teacher, status=RS.APPROVED)
        for n in (1, 2):
            starts_at = timezone.now() - datetime.timedelta(days=14 - n)
            session = SessionFactory(work_group=group, number=n, task="Task", starts_at=starts_at)
            services.attendance_record(session=session, marks={registration.pk: "present"}, recorded_by=wg_lead)
        return registration

    join()
    small = count()
    for _ in range(4):
        join()
    assert count() == small


def test_my_cpd_shows_only_own_registrations(client, work_group):
    mine = RegistrationFactory(work_group=work_group)
    RegistrationFactory(work_group=WorkGroupFactory(title="Not mine"))
    client.force_login(mine.teacher)

    body = client.get(reverse("workgroups:my_cpd")).content.decode()

    assert work_group.title in body and "Not mine" not in body


def test_offered_place_can_be_accepted_from_my_cpd(client, work_group):
    registration = RegistrationFactory(work_group=work_group, status=RS.OFFERED)
    client.force_login(registration.teacher)

    assert "Accept the place" in client.get(reverse("workgroups:my_cpd")).content.decode()
    client.post(reverse("workgroups:accept_offer", args=[registration.pk]))

    registration.refresh_from_db()
    assert registration.status == RS.APPLIED


def test_withdraw_from_my_cpd_frees_place(client, work_group):
    registration = RegistrationFactory(work_group=work_group)
    client.force_login(registration.teacher)

    response = client.post(reverse("workgroups:withdraw", args=[registration.pk]), {"confirm": "yes"})

    registration.refresh_from_db()
    assert registration.status == RS.WITHDRAWN
    assert response.url == reverse("workgroups:my_cpd") + f"#registration-{registration.pk}"


def test_withdraw_someone_elses_registration_answers_404(client, work_group):
    registration = RegistrationFactory(work_group=work_group)
    client.force_login(UserFactory())

    assert client.post(reverse("workgroups:withdraw", args=[registration.pk]), {"confirm": "yes"}).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RS.APPLIED


# --------------------------------------------------------------------------- reflections and files


@pytest.fixture
def approved(work_group):
    return RegistrationFactory(work_group=work_group, status=RS.APPROVED)


def reflect(client, registration, session, **data):
    return client.post(
        reverse("workgroups:task_response", args=[registration.pk, session.pk]),
        {"reflection": "It went well.", **data},
    )


def test_reflection_with_pdf_is_stored_privately_and_served_to_participant(client, approved, settings):
    session = approved.work_group.sessions.first()
    client.force_login(approved.teacher)

    response = reflect(client, approved, session, file=SimpleUploadedFile("work.pdf", PDF, "application/pdf"))

    assert response.status_code == 302
    saved = TaskResponse.objects.get(registration=approved, session=session)
    assert saved.file_name == "work.pdf"
    assert saved.file.name.startswith("task-responses/") and "work" not in saved.file.name
    assert saved.file.path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(settings.MEDIA_URL + saved.file.name).status_code == 404  # no public URL for uploads
    download = client.get(reverse("workgroups:task_response_file", args=[saved.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("work.exe", b"MZ\x90\x00", "Upload a PDF"),
        ("work.pdf", b"\x89PNG\r\n\x1a\nnot a pdf", "does not look like a PDF"),
        ("work.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "the limit is 5 MB"),
    ],
)
def test_reflection_with_bad_file_is_refused_and_nothing_saved(client, approved, name, content, message):
    client.force_login(approved.teacher)

    response = reflect(client, approved, approved.work_group.sessions.first(), file=SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TaskResponse.objects.exists()


def test_reflection_resubmitted_replaces_text(client, approved):
    session = approved.work_group.sessions.first()
    client.force_login(approved.teacher)

    reflect(client, approved, session)
    reflect(client, approved, session, reflection="Second thoughts.")

    assert TaskResponse.objects.get().reflection == "Second thoughts."


def test_reflection_of_applicant_without_place_is_refused(client, work_group):
    registration = RegistrationFactory(work_group=work_group, status=RS.APPLIED)
    client.force_login(registration.teacher)

    response = reflect(client, registration, work_group.sessions.first())

    assert "Only participants with a place" in response.content.decode()
    assert not TaskResponse.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("participant", 200),
        ("wg_lead", 200),
        ("hub_lead", 200),
        ("other_hub_lead", 404),
        ("stranger", 404),
        ("other_participant", 404),
    ],
)
def test_student_work_is_served_only_to_participant_leads_and_hub(
    client, approved, wg_lead, hub_lead, other_hub_lead, who, status
):
    session = approved.work_group.sessions.first()
    response = services.task_response_submit(
        registration=approved, session=session, reflection="Fine", upload=SimpleUploadedFile("w.pdf", PDF)
    )
    people = {
        "participant": approved.teacher,
        "wg_lead": wg_lead,
        "hub_lead": hub_lead,
        "other_hub_lead": other_hub_lead,
        "stranger": UserFactory(),
        "other_participant": RegistrationFactory(work_group=approved.work_group, status=RS.APPROVED).teacher,
    }
    client.force_login(people[who])

    assert client.get(reverse("workgroups:task_response_file", args=[response.pk])).status_code == status


def test_reflections_page_for_lead_lists_responses(client, approved, wg_lead):
    session = approved.work_group.sessions.first()
    services.task_response_submit(registration=approved, session=session, reflection="Pupils reasoned aloud.")
    client.force_login(wg_lead)

    body = client.get(reverse("workgroups:reflections", args=[approved.work_group.pk])).content.decode()

    assert "Pupils reasoned aloud." in body


# --------------------------------------------------------------------------- completion, evaluation, certificate


def complete_group(work_group, wg_lead, present_for):
    """Mark ``present_for`` present at every session, others absent at all but one, then complete the group."""
    for session in work_group.sessions.all():
        marks = {r.pk: "present" for r in present_for}
        services.attendance_record(session=session, marks=marks, recorded_by=wg_lead)
    for status in (WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING):
        services.workgroup_transition(work_group=work_group, to_status=status)
    services.workgroup_complete(work_group=work_group, missing_registers_confirmed=True)


def test_completion_needs_the_required_share_of_sessions(work_group, wg_lead, time_machine):
    keen, patchy = participants(work_group, 2)
    after_last_session(time_machine, work_group)
    first, second = work_group.sessions.order_by("number")
    services.attendance_record(session=first, marks={keen.pk: "present", patchy.pk: "present"}, recorded_by=wg_lead)
    services.attendance_record(session=second, marks={keen.pk: "late", patchy.pk: "absent"}, recorded_by=wg_lead)

    for status in (WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING, WorkGroupStatus.COMPLETED):
        services.workgroup_transition(work_group=work_group, to_status=status)

    keen.refresh_from_db()
    patchy.refresh_from_db()
    assert keen.status == RS.COMPLETED and keen.completed_at is not None
    assert patchy.status == RS.APPROVED  # 50% < 75%


def test_completion_ignores_cancelled_sessions(work_group, wg_lead, time_machine):
    [person] = participants(work_group, 1)
    first, second = work_group.sessions.order_by("number")
    after_start(time_machine, first)
    services.attendance_record(session=first, marks={person.pk: "present"}, recorded_by=wg_lead)
    services.session_cancel(session=second)
    for status in (WorkGroupStatus.CLOSED, WorkGroupStatus.RUNNING, WorkGroupStatus.COMPLETED):
        services.workgroup_transition(work_group=work_group, to_status=status)

    person.refresh_from_db()
    assert person.status == RS.COMPLETED  # 1 of 1 held session: the cancelled one does not count


def test_certificate_pdf_for_completed_participant(client, work_group, wg_lead, time_machine):
    after_last_session(time_machine, work_group)
    [person] = participants(work_group, 1)
    complete_group(work_group, wg_lead, [person])
    client.force_login(person.teacher)

    response = client.get(reverse("workgroups:certificate", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader  # noqa: PLC0415

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert work_group.title in text and work_group.project.code in text and work_group.hub.name in text
    assert "Session 1" in text and "Session 2" in text


def test_certificate_for_participant_not_completed_answers_404(client, work_group, wg_lead, time_machine):
    after_last_session(time_machine, work_group)
    present, absent = participants(work_group, 2)
    complete_group(work_group, wg_lead, [present])
    client.force_login(absent.teacher)

    assert client.get(reverse("workgroups:certificate", args=[absent.pk])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("workgroups:certificate", args=[present.pk])).status_code == 404


def test_evaluation_after_completion_is_saved(client, work_group, wg_lead, time_machine):
    after_last_session(time_machine, work_group)
    [person] = participants(work_group, 1)
    complete_group(work_group, wg_lead, [person])
    client.force_login(person.teacher)

    response = client.post(
        reverse("workgroups:evaluation", args=[person.pk]),
        {"overall": "5", "impact_on_practice": "4", "comments": "Great"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.evaluation.overall, person.evaluation.impact_on_practice) == (5, 4)


def test_evaluation_before_completion_is_refused(client, work_group):
    [person] = participants(work_group, 1)
    client.force_login(person.teacher)

    response = client.post(
        reverse("workgroups:evaluation", args=[person.pk]), {"overall": "5", "impact_on_practice": "4"}
    )

    assert "opens when your Work Group is completed" in response.content.decode()


def test_work_group_lead_edits_the_task_of_their_session(client, work_group, wg_lead):
    session = work_group.sessions.first()
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    client.force_login(wg_lead)

    response = client.post(
        reverse("workgroups:session_edit", args=[session.pk]),
        {
            "date": start.date().isoformat(),
            "start_time": start.strftime("%H:%M"),
            "end_time": end.strftime("%H:%M"),
            "venue": "Room 4",
            "online_link": "",
            "agenda": "",
            "task": "Try a number-talk warm-up.",
        },
    )

    assert response.url == reverse("workgroups:led")
    session.refresh_from_db()
    assert (session.task, session.venue, session.sequence) == ("Try a number-talk warm-up.", "Room 4", 0)


def test_session_edit_by_teacher_answers_404(client, work_group):
    registration = RegistrationFactory(work_group=work_group, status=RS.APPROVED)
    client.force_login(registration.teacher)

    assert client.get(reverse("workgroups:session_edit", args=[work_group.sessions.first().pk])).status_code == 404


def test_my_cpd_lists_groups_under_way_before_finished_ones(client, work_group):
    teacher = UserFactory()
    finished = WorkGroupFactory(status=WorkGroupStatus.COMPLETED, title="Finished group")
    RegistrationFactory(work_group=work_group, teacher=teacher, status=RS.APPROVED)
    RegistrationFactory(work_group=finished, teacher=teacher, status=RS.COMPLETED)  # registered later
    client.force_login(teacher)

    body = client.get(reverse("workgroups:my_cpd")).content.decode()

    assert body.index(work_group.title) < body.index("Finished group")


def test_participant_sends_apologies_in_advance_and_register_shows_them(client, approved, wg_lead):
    session = approved.work_group.sessions.get(number=1)
    client.force_login(approved.teacher)
    assert "send apologies" in client.get(reverse("workgroups:my_cpd")).content.decode()

    client.post(reverse("workgroups:apologies", args=[approved.pk, session.pk]))

    attendance = Attendance.objects.get(registration=approved, session=session)
    assert (attendance.status, attendance.recorded_by) == ("apologies", approved.teacher)
    assert "You have sent apologies" in client.get(reverse("workgroups:my_cpd")).content.decode()
    client.force_login(wg_lead)
    register = client.get(reverse("workgroups:register", args=[session.pk]))
    assert register.context["form"][f"r{approved.pk}"].initial == "apologies"


def test_apologies_for_a_past_session_are_refused(client, approved):
    past = SessionFactory(
        work_group=approved.work_group,
        number=7,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=22),
    )
    client.force_login(approved.teacher)

    response = client.post(reverse("workgroups:apologies", args=[approved.pk, past.pk]), follow=True)

    assert "only before a session" in response.content.decode()
    assert not Attendance.objects.exists()


def test_apologies_for_someone_elses_registration_answer_404(client, approved):
    client.force_login(UserFactory())

    response = client.post(reverse("workgroups:apologies", args=[approved.pk, approved.work_group.sessions.first().pk]))

    assert response.status_code == 404
    assert not Attendance.objects.exists()
