"""The e-mails an ending owes people, queued through the outbox by the service that makes it: a Work Group
cancelled, a withdrawal, a headteacher's decline, a lapsed offer, completion. Each row is asserted (recipient,
kind, link), and a repeat of the same ending adds no row."""

import datetime
import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from notifications.delivery import outbox_deliver
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.services import message_enqueue
from workgroups import selectors, services
from workgroups.enums import MailKind, RegistrationStatus, WorkGroupStatus
from workgroups.services.notify_endings import (
    tell_completed,
    tell_declined,
    tell_offer_expired,
    tell_withdrawal,
    tell_workgroup_cancelled,
)
from workgroups.tests.factories import RegistrationFactory, confirmed, register

pytestmark = pytest.mark.django_db
RS, WS = RegistrationStatus, WorkGroupStatus


def rows(kind):
    return OutboxMessage.objects.filter(kind=kind).order_by("pk")


def recipients(kind) -> set[str]:
    return {row.to_address for row in rows(kind).select_related("recipient")}


def sent_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def fill(work_group):
    return [register(work_group) for _ in range(work_group.capacity)]


# --------------------------------------------------------------------------- cancelling a Work Group


def test_cancelling_a_work_group_emails_participants_waitlist_leads_and_awaiting_headteachers(
    work_group, hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    approved = confirmed(register(work_group, headteacher_email="head.one@school.example"))
    services.registration_approve(registration=approved, actor=hub_lead)
    applied = [register(work_group, headteacher_email="head.two@school.example") for _ in range(2)]
    services.workgroup_update(work_group=work_group, capacity=3)
    waiting = register(work_group, headteacher_email="head.three@school.example")

    with django_capture_on_commit_callbacks(execute=True):
        services.workgroup_cancel(work_group=work_group, actor=hub_lead)

    audiences = {row.to_address: row.context["audience"] for row in rows(MailKind.WORKGROUP_CANCELLED)}
    assert audiences == {
        approved.teacher.email: "participant",
        applied[0].teacher.email: "participant",
        applied[1].teacher.email: "participant",
        waiting.teacher.email: "waitlisted",
        wg_lead.email: "lead",
        "head.two@school.example": "headteacher",  # one e-mail for the two teachers of one school
        "head.three@school.example": "headteacher",
    }
    assert {row.topic_id for row in rows(MailKind.WORKGROUP_CANCELLED)} == {work_group.pk}
    assert {row.status for row in rows(MailKind.WORKGROUP_CANCELLED)} == {OutboxStatus.SENT}
    teacher_mail = sent_to(approved.teacher.email)
    assert teacher_mail.subject == f"[Maths Hubs] {work_group.code} is cancelled"
    assert reverse("workgroups:my_cpd") in teacher_mail.body and "Your place has ended" in teacher_mail.body
    assert "no place will be offered" in sent_to(waiting.teacher.email).body
    assert reverse("workgroups:led") in sent_to(wg_lead.email).body
    head_mail = sent_to("head.two@school.example").body
    assert all(r.teacher.full_name in head_mail for r in applied) and "no longer need to answer" in head_mail
    assert "head.one@school.example" not in audiences  # that headteacher had answered

    count = OutboxMessage.objects.count()
    impact = selectors.workgroup_cancellation_impact(work_group=work_group)
    tell_workgroup_cancelled(work_group=work_group, impact=impact)  # a retried enqueue
    assert OutboxMessage.objects.count() == count


def test_a_consent_request_still_queued_when_the_work_group_is_cancelled_is_skipped(
    work_group, hub_lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(work_group)
    services.workgroup_cancel(work_group=work_group, actor=hub_lead)

    for callback in callbacks:
        callback()  # the sign-up's delivery runs late

    request = rows(MailKind.CONSENT_REQUEST).get()
    assert (request.status, request.skip_reason) == (
        OutboxStatus.SKIPPED,
        "the registration has ended (work group cancelled)",
    )


def test_cancel_confirmation_page_names_who_is_emailed(client, work_group, hub_lead, wg_lead):
    services.registration_approve(registration=confirmed(register(work_group)), actor=hub_lead)
    register(work_group)
    client.force_login(hub_lead)

    page = html.unescape(client.get(reverse("workgroups:cancel", args=[work_group.pk])).content.decode())

    assert "2 participants and no waitlisted teachers, by e-mail" in page
    assert "The Work Group's leads (Wendy Lead), by e-mail" in page
    assert "1 headteacher who has not answered yet, by e-mail" in page


# --------------------------------------------------------------------------- withdrawing


def test_withdrawal_is_confirmed_to_the_teacher_and_told_to_the_hub_and_the_leads(
    work_group, hub_lead, wg_lead, django_capture_on_commit_callbacks
):
    administrator = HubMembershipFactory(hub=work_group.hub, role=HubRole.ADMINISTRATOR).user
    HubMembershipFactory(hub=work_group.hub, role=HubRole.LEADERSHIP_TEAM)  # not told
    HubMembershipFactory(role=HubRole.LEAD)  # another hub's lead: not told
    registration = register(work_group)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_withdraw(registration=registration)

    assert recipients(MailKind.REGISTRATION_WITHDRAWN) == {registration.teacher.email}
    assert recipients(MailKind.WITHDRAWAL_REPORTED) == {hub_lead.email, administrator.email, wg_lead.email}
    confirmation = sent_to(registration.teacher.email)
    assert confirmation.subject == f"[Maths Hubs] You have withdrawn from {work_group.code}"
    assert reverse("workgroups:my_cpd") in confirmation.body and "register again" in confirmation.body
    report = sent_to(hub_lead.email)
    assert registration.teacher.full_name in report.subject and registration.school.name in report.body
    assert reverse("workgroups:manage", args=[work_group.pk]) in report.body
    assert "offered to the next teacher on the waitlist" in report.body
    assert reverse("workgroups:led") in sent_to(wg_lead.email).body

    count = OutboxMessage.objects.count()
    registration.refresh_from_db()
    tell_withdrawal(registration=registration, had_place=True)  # a retried enqueue
    assert OutboxMessage.objects.count() == count


def test_withdrawal_of_a_hub_lead_who_also_leads_the_work_group_tells_them_once(work_group, hub_lead):
    work_group.leads.add(hub_lead)

    services.registration_withdraw(registration=register(work_group))

    assert [row.recipient_id for row in rows(MailKind.WITHDRAWAL_REPORTED)].count(hub_lead.pk) == 1


def test_withdraw_confirmation_page_says_the_teacher_the_hub_and_the_leads_are_emailed(client, work_group):
    registration = register(work_group)
    client.force_login(registration.teacher)

    page = html.unescape(client.get(reverse("workgroups:withdraw", args=[registration.pk])).content.decode())

    assert "You, by e-mail: a confirmation." in page
    assert "The hub's leads and administrators, and the Work Group's leads, by e-mail." in page


# --------------------------------------------------------------------------- the headteacher declines


def test_headteachers_decline_is_emailed_to_the_teacher(work_group, django_capture_on_commit_callbacks):
    registration = register(work_group)
    token = services.consent_token_make(registration=registration)

    with django_capture_on_commit_callbacks(execute=True):
        services.consent_decide(token=token, confirm=False)

    assert recipients(MailKind.REGISTRATION_DECLINED) == {registration.teacher.email}
    message = sent_to(registration.teacher.email)
    assert message.subject == f"[Maths Hubs] Your headteacher declined your place in {work_group.code}"
    assert "Pat Head" in message.body and reverse("workgroups:my_cpd") in message.body

    registration.refresh_from_db()
    tell_declined(registration=registration)  # a retried enqueue
    assert rows(MailKind.REGISTRATION_DECLINED).count() == 1


def test_headteachers_confirmation_sends_the_teacher_no_decline(work_group):
    registration = register(work_group)

    services.consent_decide(token=services.consent_token_make(registration=registration), confirm=True)

    assert not rows(MailKind.REGISTRATION_DECLINED).exists()


# --------------------------------------------------------------------------- offers that lapse


def test_a_lapsed_offer_is_emailed_to_the_teacher_and_the_next_is_offered_by_email(
    work_group, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.REGISTRATION_OFFER_DAYS = 7
    held = fill(work_group)
    first, second = register(work_group), register(work_group)
    services.registration_withdraw(registration=held[0])
    first.refresh_from_db()
    assert recipients(MailKind.REGISTRATION_OFFERED) == {first.teacher.email}

    time_machine.move_to(first.offer_expires_at, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_offers_sweep() == 1

    assert recipients(MailKind.REGISTRATION_OFFER_EXPIRED) == {first.teacher.email}
    assert rows(MailKind.REGISTRATION_OFFER_EXPIRED).get().context == {"reason": "lapsed"}
    assert recipients(MailKind.REGISTRATION_OFFERED) == {first.teacher.email, second.teacher.email}
    message = sent_to(first.teacher.email)
    assert message.subject == f"[Maths Hubs] The place offered to you in {work_group.code} has gone"
    assert "the offer has lapsed" in message.body and "register again" in message.body
    assert reverse("workgroups:my_cpd") in message.body

    assert services.registration_offers_sweep() == 0  # the sweep again: nothing new
    first.refresh_from_db()
    tell_offer_expired(registration=first, reason="lapsed")  # a retried enqueue
    assert rows(MailKind.REGISTRATION_OFFER_EXPIRED).count() == 1


def test_an_offer_ended_by_registration_closing_says_so(work_group, django_capture_on_commit_callbacks):
    held = fill(work_group)
    waiting = register(work_group)
    services.registration_withdraw(registration=held[0])

    with django_capture_on_commit_callbacks(execute=True):
        services.workgroup_transition(work_group=work_group, to_status=WS.CLOSED)

    assert rows(MailKind.REGISTRATION_OFFER_EXPIRED).get().context == {"reason": "registration closed"}
    assert "Registration for" in sent_to(waiting.teacher.email).body


# --------------------------------------------------------------------------- completion


def test_completed_teachers_get_an_email_with_the_certificate_link(
    work_group, wg_lead, time_machine, django_capture_on_commit_callbacks
):
    completing, absent = (RegistrationFactory(work_group=work_group, status=RS.APPROVED) for _ in range(2))
    first, second = work_group.sessions.order_by("starts_at")
    for status in (WS.CLOSED, WS.RUNNING):
        services.workgroup_transition(work_group=work_group, to_status=status)
    time_machine.move_to(second.starts_at + datetime.timedelta(hours=3), tick=False)
    for session in (first, second):
        services.attendance_record(
            session=session, marks={completing.pk: "present", absent.pk: "absent"}, recorded_by=wg_lead
        )

    with django_capture_on_commit_callbacks(execute=True):
        services.workgroup_complete(work_group=work_group)

    assert recipients(MailKind.REGISTRATION_COMPLETED) == {completing.teacher.email}
    message = sent_to(completing.teacher.email)
    assert message.subject == f"[Maths Hubs] You have completed {work_group.code}: your certificate"
    assert reverse("workgroups:certificate", args=[completing.pk]) in message.body
    assert reverse("workgroups:evaluation", args=[completing.pk]) in message.body

    work_group.refresh_from_db()
    services.registrations_evaluate_completion(work_group=work_group)  # after a register correction
    completing.refresh_from_db()
    tell_completed(registrations=[completing])  # a retried enqueue
    assert rows(MailKind.REGISTRATION_COMPLETED).count() == 1


def test_complete_confirmation_page_says_completers_are_emailed_their_certificate(client, work_group, hub_lead):
    client.force_login(hub_lead)

    page = client.get(reverse("workgroups:complete", args=[work_group.pk])).content.decode()

    assert "Each participant who completes, by e-mail with the link to their certificate." in page


# --------------------------------------------------------------------------- the hub sees them


def test_ending_emails_are_on_the_hubs_outbox_with_what_they_are_about(client, work_group, hub_lead):
    registration = register(work_group)
    services.registration_withdraw(registration=registration)
    services.workgroup_cancel(work_group=work_group, actor=hub_lead)
    client.force_login(hub_lead)

    page = client.get(reverse("notifications:hub_outbox", args=[work_group.hub.slug])).content.decode()

    assert "Withdrawal confirmed" in page and "Withdrawal reported to the hub" in page
    assert "Work Group cancelled" in page and f"Work Group {work_group.code} {work_group.title}" in page


# --------------------------------------------------------------------------- session changes (already on the outbox)


def test_a_session_change_whose_delivery_fails_half_way_sends_only_to_those_not_yet_mailed(
    work_group, settings, smtp_sink, django_capture_on_commit_callbacks
):
    teachers = [RegistrationFactory(work_group=work_group, status=RS.APPROVED).teacher for _ in range(3)]
    session = work_group.sessions.first()
    sink = smtp_sink(refuse_first=1)  # the server turns the first e-mail away, then takes the rest
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False
    settings.OUTBOX_MAX_ATTEMPTS = 3

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)
    with django_capture_on_commit_callbacks(execute=True):  # the change's e-mails queued again (a retried task)
        message_enqueue(
            kind=MailKind.SESSION_CANCELLED,
            object_key=f"session:{session.pk}:seq:{session.sequence + 1}",
            recipients=teachers,
            hub=work_group.hub,
            topic=session,
        )
    [refused] = rows(MailKind.SESSION_CANCELLED).filter(status=OutboxStatus.QUEUED)
    outbox_deliver(outbox_ids=[refused.pk], now=refused.next_attempt_at)

    assert rows(MailKind.SESSION_CANCELLED).count() == 3
    assert set(rows(MailKind.SESSION_CANCELLED).values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert sorted(r.to[0] for r in sink.handler.received) == sorted(t.email for t in teachers)


def test_consent_page_says_a_decline_is_emailed_to_the_teacher(client, work_group):
    registration = register(work_group)
    url = reverse("workgroups:consent", args=[services.consent_token_make(registration=registration)])

    asked = html.unescape(client.get(url).content.decode())
    answered = html.unescape(client.post(url, {"answer": "decline"}, follow=True).content.decode())

    assert "If you decline, the registration ends and the teacher is told by e-mail." in asked
    assert f"{registration.teacher.full_name} has been told by e-mail." in answered
    assert recipients(MailKind.REGISTRATION_DECLINED) == {registration.teacher.email}


@pytest.mark.parametrize(
    "kind",
    [
        MailKind.REGISTRATION_WITHDRAWN,
        MailKind.WITHDRAWAL_REPORTED,
        MailKind.REGISTRATION_DECLINED,
        MailKind.REGISTRATION_OFFER_EXPIRED,
        MailKind.REGISTRATION_COMPLETED,
    ],
)
def test_ending_email_has_text_and_html_parts_and_cannot_be_stopped(
    work_group, kind, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(work_group=work_group, status=RS.COMPLETED)
    registration.teacher.full_name = "Siobhan O'Neill"
    registration.teacher.save()

    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(
            kind=kind, object_key=f"registration:{registration.pk}:x", recipients=[registration.teacher],
            hub=work_group.hub, topic=registration,
        )  # fmt: skip

    [message] = mail.outbox
    assert message.subject.startswith("[Maths Hubs] ") and work_group.code in message.subject
    assert "Dear Siobhan O'Neill," in message.body
    html_part, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Siobhan O&#x27;Neill" in html_part
    assert "List-Unsubscribe" not in message.extra_headers


def test_consent_link_of_a_registration_ended_with_its_work_group_asks_nothing_and_records_nothing(
    client, work_group, hub_lead
):
    registration = register(work_group)
    token = services.consent_token_make(registration=registration)
    services.workgroup_cancel(work_group=work_group, actor=hub_lead)
    url = reverse("workgroups:consent", args=[token])

    page = client.get(url).content.decode()
    client.post(url, {"answer": "confirm"})

    assert "no answer is needed" in page and "Confirm participation" not in page
    registration.refresh_from_db()
    assert registration.consent_status == "pending"
    with pytest.raises(ValidationError, match="no answer is needed"):
        services.consent_decide(token=token, confirm=False)
