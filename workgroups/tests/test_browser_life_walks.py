"""How a registration or a Work Group ends, walked in Debian's Chromium: the hub lead cancels a Work Group, a
teacher withdraws and registers again, a headteacher declines from the consent link, an offer of a place lapses,
and the hub's outbox lists these e-mails and sends a failed one again. The clock is frozen (ticking) at a fixed
moment of today, and the sessions are dated from it."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import ConsentStatus, MailKind, RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration
from workgroups.services.places import registration_offers_sweep
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory, register
from workgroups.tests.test_browser_journey import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Today at 10:00 UTC (the real date, so the browser's cookies and the server's clock agree).
NOW = datetime.datetime.now(datetime.UTC).replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=True)
    return NOW


@pytest.fixture
def hub():
    return HubFactory(name="Matrix", slug="matrix")


@pytest.fixture
def hub_lead(hub):
    return HubMembershipFactory(hub=hub, role=HubRole.LEAD, user=UserFactory(full_name="Helen Lead")).user


def open_group(hub, now, **fields):
    """An open Work Group of the hub with two sessions, in one and two weeks' time."""
    group = WorkGroupFactory(hub=hub, status=WorkGroupStatus.OPEN, **fields)
    for number in (1, 2):
        starts = now + datetime.timedelta(weeks=number)
        SessionFactory(work_group=group, number=number, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    return group


def participant(group, name):
    return RegistrationFactory(
        work_group=group,
        status=RegistrationStatus.APPROVED,
        consent_status=ConsentStatus.CONFIRMED,
        teacher=UserFactory(full_name=name),
    )


def outbox_to(kind, user):
    return OutboxMessage.objects.filter(kind=kind, recipient=user)


def long_date(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


def test_hub_lead_cancels_a_work_group_and_its_participants_are_told_and_see_it(
    browser_context, live_server, now, hub, hub_lead
):
    base = live_server.url
    group = open_group(hub, now, title="Fractions — Fenland")
    ada, ben = participant(group, "Ada Able"), participant(group, "Ben Bright")

    lead_page = browser_context().new_page()
    log_in(lead_page, base, hub_lead)
    lead_page.goto(f"{base}/work-groups/{group.pk}/manage/")
    lead_page.get_by_role("link", name="Cancel Work Group…").click()
    expect(lead_page.get_by_role("heading", name=f"Cancel {group.code} Fractions — Fenland?")).to_be_visible()
    expect(lead_page.get_by_test_id("happens")).to_contain_text("2 sessions still to come are cancelled")
    expect(lead_page.get_by_test_id("told")).to_contain_text("2 participants")
    lead_page.get_by_role("button", name="Cancel the Work Group").click()
    expect(lead_page.get_by_text(f"{group.code} is cancelled.")).to_be_visible()

    group.refresh_from_db()
    assert group.status == WorkGroupStatus.CANCELLED
    for registration in (ada, ben):
        [message] = outbox_to(MailKind.WORKGROUP_CANCELLED, registration.teacher)
        assert message.status == OutboxStatus.SENT
        assert any(m.to == [registration.teacher.email] for m in mail.outbox)

    teacher_page = browser_context().new_page()
    log_in(teacher_page, base, ada.teacher)
    teacher_page.goto(f"{base}/work-groups/my-cpd/")
    entry = teacher_page.locator(f"#registration-{ada.pk}")
    expect(entry.get_by_test_id("cancelled")).to_have_text(
        f"Cancelled on {long_date(group.cancelled_at)}. Its sessions will not take place."
    )
    expect(entry.get_by_role("heading", name="Next session")).to_have_count(0)

    teacher_page.goto(f"{base}/work-groups/calendar/")
    feed_url = teacher_page.locator("#feed-url")
    expect(feed_url).to_have_value(re.compile(r"/work-groups/calendar/\S+\.ics$"))
    feed = teacher_page.request.get(base + urlsplit(feed_url.input_value()).path)
    assert feed.ok
    body = feed.text()
    assert body.count("BEGIN:VEVENT") == 2
    assert body.count("STATUS:CANCELLED") == 2


def test_teacher_withdraws_through_the_confirmation_page_and_registers_again(browser_page, live_server, now, hub):
    page, base = browser_page, live_server.url
    group = open_group(hub, now, title="Algebra — Ely")
    school = SchoolFactory(name="Ely Primary")
    teacher = UserFactory(full_name="Tom Teacher", school=school)
    first = register(group, teacher=teacher, school=school, headteacher_name="Hilary Head")

    log_in(page, base, teacher)
    page.goto(f"{base}/work-groups/my-cpd/")
    page.get_by_role("link", name=f"Withdraw from {group.code}").click()
    expect(page.get_by_role("heading", name=f"Withdraw from {group.code}?")).to_be_visible()
    expect(page.get_by_test_id("told")).to_contain_text("You, by e-mail: a confirmation.")
    page.get_by_role("button", name="Withdraw", exact=True).click()
    entry = page.locator(f"#registration-{first.pk}")
    expect(entry.get_by_text(f"You have withdrawn from {group.code}.")).to_be_visible()
    expect(entry.get_by_text(f"You withdrew on {long_date(now)}.")).to_be_visible()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.WITHDRAWN
    assert outbox_to(MailKind.REGISTRATION_WITHDRAWN, teacher).count() == 1

    entry.get_by_role("link", name=f"Register again for {group.code}").click()
    expect(page.locator("#id_school")).to_have_value(str(school.pk))
    page.get_by_label("Your role in school").fill("Year 5 teacher")
    page.get_by_label("Headteacher's name").fill("Hilary Head")
    page.get_by_label("Headteacher's e-mail").fill("head@ely.example")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.")).to_be_visible()

    again = Registration.objects.exclude(pk=first.pk).get(teacher=teacher, work_group=group)
    assert again.status == RegistrationStatus.APPLIED
    first.refresh_from_db()
    assert first.status == RegistrationStatus.WITHDRAWN  # kept as history


def test_headteacher_declines_from_the_consent_link_and_the_teacher_is_told(browser_page, live_server, now, hub):
    page, base = browser_page, live_server.url
    group = open_group(hub, now, title="Geometry — March")
    teacher = UserFactory(full_name="Tess Teacher")
    registration = register(group, teacher=teacher, headteacher_name="Hilary Head")
    token = services.consent_token_make(registration=registration)

    page.goto(f"{base}/work-groups/consent/{token}/")
    expect(page.get_by_text("As headteacher, Hilary Head")).to_be_visible()
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("status")).to_contain_text("You have declined Tess Teacher's participation.")

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.DECLINED
    assert registration.consent_status == ConsentStatus.DECLINED
    [message] = outbox_to(MailKind.REGISTRATION_DECLINED, teacher)
    assert message.status == OutboxStatus.SENT
    assert any(m.to == [teacher.email] for m in mail.outbox)


def test_an_offer_of_a_place_lapses_and_the_teacher_sees_it_and_is_told(
    browser_page, live_server, now, hub, time_machine, settings
):
    page, base = browser_page, live_server.url
    group = open_group(hub, now, title="Number — Wisbech", capacity=1)
    holder = participant(group, "Ada Able")
    waiting_teacher = UserFactory(full_name="Wes Waiting")
    waiting = register(group, teacher=waiting_teacher)
    assert waiting.status == RegistrationStatus.WAITLISTED
    services.registration_withdraw(registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED

    lapsed_at = now + datetime.timedelta(days=settings.REGISTRATION_OFFER_DAYS, hours=1)
    time_machine.move_to(lapsed_at, tick=True)
    assert registration_offers_sweep() == 1

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.EXPIRED
    [message] = outbox_to(MailKind.REGISTRATION_OFFER_EXPIRED, waiting_teacher)
    assert message.status == OutboxStatus.SENT
    assert any(m.to == [waiting_teacher.email] for m in mail.outbox)

    log_in(page, base, waiting_teacher)
    page.goto(f"{base}/work-groups/my-cpd/")
    entry = page.locator(f"#registration-{waiting.pk}")
    expect(entry.get_by_text(f"The offer of a place lapsed on {long_date(waiting.decided_at)}.")).to_be_visible()
    expect(entry.get_by_test_id("standing")).to_contain_text("Offer expired")
    expect(entry.get_by_role("button", name="Accept the place")).to_have_count(0)


def test_the_hub_outbox_lists_the_endings_and_sends_a_failed_one_again(browser_page, live_server, now, hub, hub_lead):
    page, base = browser_page, live_server.url
    group = open_group(hub, now, title="Reasoning — Chatteris")
    ada = participant(group, "Ada Able")
    withdrawing = register(group, teacher=UserFactory(full_name="Wyn Withdrawn"))
    declined = register(group, teacher=UserFactory(full_name="Dee Declined"))
    services.registration_withdraw(registration=withdrawing)
    services.consent_decide(token=services.consent_token_make(registration=declined), confirm=False)
    services.workgroup_cancel(work_group=group, actor=hub_lead)
    [failed] = outbox_to(MailKind.WORKGROUP_CANCELLED, ada.teacher)
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED, attempts=6, last_error="451 busy")
    sent_before = len([m for m in mail.outbox if m.to == [ada.teacher.email]])

    log_in(page, base, hub_lead)
    page.goto(f"{base}/e-mails/hubs/{hub.slug}/")
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="Withdrawal confirmed").filter(has_text="Wyn Withdrawn")).to_have_count(1)
    expect(rows.filter(has_text="Declined by the headteacher").filter(has_text="Dee Declined")).to_have_count(1)
    cancelled = rows.filter(has_text="Work Group cancelled").filter(has_text="Ada Able")
    expect(cancelled).to_have_count(1)
    expect(cancelled).to_contain_text("451 busy")
    cancelled.get_by_role("button", name=f"Send again to {ada.teacher.email}").click()

    expect(page.get_by_text(f"The e-mail to {ada.teacher.email} is queued to be sent again.")).to_be_visible()
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert len([m for m in mail.outbox if m.to == [ada.teacher.email]]) == sent_before + 1
