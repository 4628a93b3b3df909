"""A registration's life: register again after withdrawing, phases, the headteacher's address and answer,
approval without confirmation, offers that lapse, the waitlist queue."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from schools.enums import Phase
from schools.tests.factories import SchoolFactory
from workgroups import selectors, services
from workgroups.enums import ConsentStatus, RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration
from workgroups.tests.factories import RegistrationFactory, register

pytestmark = pytest.mark.django_db
RS = RegistrationStatus


def fill(work_group):
    """Every place taken, each by a different school."""
    return [register(work_group) for _ in range(work_group.capacity)]


# --------------------------------------------------------------------------- withdrawing and registering again


def test_registration_withdrawn_teacher_registers_again_and_the_history_stays(work_group):
    teacher = UserFactory()
    first = register(work_group, teacher=teacher)
    services.registration_withdraw(registration=first)

    again = register(work_group, teacher=teacher)

    first.refresh_from_db()
    assert (first.status, again.status) == (RS.WITHDRAWN, RS.APPLIED)
    assert list(Registration.objects.filter(teacher=teacher).order_by("pk")) == [first, again]


def test_registration_two_active_for_one_teacher_are_refused_by_the_database(work_group):
    registration = RegistrationFactory(work_group=work_group, status=RS.APPROVED)

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(work_group=work_group, teacher=registration.teacher, status=RS.WAITLISTED)


def test_registration_again_after_the_hub_rejected_it_is_refused(work_group, hub_lead):
    teacher = UserFactory()
    services.registration_reject(registration=register(work_group, teacher=teacher), actor=hub_lead)

    with pytest.raises(ValidationError, match="turned down"):
        register(work_group, teacher=teacher)


# --------------------------------------------------------------------------- phases


def test_registration_from_a_school_of_another_phase_is_refused_with_the_reason(work_group):
    secondary = SchoolFactory(name="Ely College", phase=Phase.SECONDARY)

    with pytest.raises(ValidationError) as refused:
        register(work_group, school=secondary)

    assert refused.value.message_dict["school"] == [
        "This Work Group is for primary schools; Ely College is a secondary school. Look for a secondary Work "
        "Group instead."
    ]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("phase", [Phase.PRIMARY, Phase.ALL_THROUGH, Phase.MIDDLE, Phase.NOT_APPLICABLE])
def test_registration_from_a_school_whose_phase_fits_is_taken(work_group, phase):
    assert register(work_group, school=SchoolFactory(phase=phase)).status == RS.APPLIED


def test_registration_form_shows_the_phase_message_on_the_school_field(client, work_group):
    school = SchoolFactory(phase=Phase.SECONDARY)
    teacher = UserFactory(school=school)
    client.force_login(teacher)

    response = client.post(
        reverse("workgroups:register_for", args=[work_group.pk]),
        {
            "school": school.pk,
            "role_in_school": "Maths lead",
            "headteacher_name": "Pat Head",
            "headteacher_email": "head@school.example",
        },
    )

    assert response.status_code == 200
    assert "is a secondary school" in " ".join(response.context["form"].errors["school"])


# --------------------------------------------------------------------------- the headteacher's address


def test_registration_headteacher_address_cannot_be_the_teachers_own(work_group):
    teacher = UserFactory(email="tom@school.example")

    with pytest.raises(ValidationError) as refused:
        register(work_group, teacher=teacher, headteacher_email="Tom@School.example")

    assert "your own address" in refused.value.message_dict["headteacher_email"][0]


def test_registration_headteacher_address_of_another_portal_user_is_refused(work_group):
    UserFactory(email="colleague@school.example")

    with pytest.raises(ValidationError) as refused:
        register(work_group, headteacher_email="colleague@school.example")

    assert "another portal user" in refused.value.message_dict["headteacher_email"][0]


def test_registration_headteacher_address_of_the_schools_recorded_headteacher_is_taken(work_group):
    school = SchoolFactory()
    UserFactory(email="head@school.example")  # the headteacher also has an account
    RegistrationFactory(school=school, headteacher_email="head@school.example", consent_status=ConsentStatus.CONFIRMED)

    registration = register(work_group, school=school, headteacher_email="head@school.example")

    assert selectors.school_recorded_headteacher(school=school).email == "head@school.example"
    assert registration.status == RS.APPLIED


# --------------------------------------------------------------------------- the headteacher's answer, approval


def test_consent_decline_ends_the_registration_and_offers_its_place_on(work_group):
    held = fill(work_group)
    waiting = register(work_group)
    token = services.consent_token_make(registration=held[0])

    services.consent_decide(token=token, confirm=False)

    held[0].refresh_from_db()
    waiting.refresh_from_db()
    assert (held[0].status, held[0].consent_status) == (RS.DECLINED, ConsentStatus.DECLINED)
    assert waiting.status == RS.OFFERED


def test_registration_approve_without_the_headteachers_confirmation_is_refused(work_group, hub_lead):
    registration = register(work_group)

    with pytest.raises(ValidationError, match="has not confirmed yet"):
        services.registration_approve(registration=registration, actor=hub_lead)
    registration.refresh_from_db()
    assert registration.status == RS.APPLIED


def test_registration_approve_overridden_with_a_reason_records_it(work_group, hub_lead):
    registration = register(work_group)

    services.registration_approve(
        registration=registration, actor=hub_lead, override_reason="Head away; agreed by phone"
    )

    registration.refresh_from_db()
    assert registration.status == RS.APPROVED
    assert registration.consent_override_reason == "Head away; agreed by phone"
    entry = AuditEntry.objects.get(action="registration.decided")
    assert (entry.actor, entry.reason) == (hub_lead, "Head away; agreed by phone")


def test_approve_in_the_browser_without_confirmation_says_why_and_with_a_reason_approves(client, work_group, hub_lead):
    registration = register(work_group)
    client.force_login(hub_lead)
    url = reverse("workgroups:decide", args=[work_group.pk])

    refused = client.post(url, {"action": "approve", "registration": [registration.pk]}, follow=True)
    registration.refresh_from_db()
    assert registration.status == RS.APPLIED and "has not confirmed yet" in refused.content.decode()

    client.post(url, {"action": "approve", "registration": [registration.pk], "override_reason": "Head on leave"})
    registration.refresh_from_db()
    assert (registration.status, registration.consent_override_reason) == (RS.APPROVED, "Head on leave")


# --------------------------------------------------------------------------- offers and the waitlist


def test_offer_lapses_after_registration_offer_days_and_the_next_is_offered(work_group, settings, time_machine):
    settings.REGISTRATION_OFFER_DAYS = 7
    held = fill(work_group)
    first, second = register(work_group), register(work_group)
    services.registration_withdraw(registration=held[0])
    first.refresh_from_db()
    assert first.status == RS.OFFERED

    time_machine.move_to(first.offer_expires_at - datetime.timedelta(minutes=1), tick=False)
    assert services.registration_offers_sweep() == 0
    time_machine.move_to(first.offer_expires_at, tick=False)
    assert services.registration_offers_sweep() == 1

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RS.EXPIRED, RS.OFFERED)
    assert services.registration_offers_sweep() == 0  # safe to run again
    with pytest.raises(ValidationError, match="no offer"):
        services.registration_accept_offer(registration=first)


def test_offer_lapsed_but_not_swept_yet_cannot_be_accepted(work_group, time_machine):
    held = fill(work_group)
    waiting = register(work_group)
    services.registration_withdraw(registration=held[0])
    waiting.refresh_from_db()

    time_machine.move_to(waiting.offer_expires_at + datetime.timedelta(seconds=1), tick=False)

    with pytest.raises(ValidationError, match="lapsed"):
        services.registration_accept_offer(registration=waiting)


def test_offer_ends_when_registration_is_closed(work_group):
    held = fill(work_group)
    waiting = register(work_group)
    services.registration_withdraw(registration=held[0])

    services.workgroup_transition(work_group=work_group, to_status=WorkGroupStatus.CLOSED)

    waiting.refresh_from_db()
    assert waiting.status == RS.EXPIRED
    with pytest.raises(ValidationError, match="no offer"):
        services.registration_accept_offer(registration=waiting)


def test_offer_cannot_be_accepted_once_the_registration_deadline_has_passed(work_group, time_machine):
    work_group.registration_deadline = datetime.date.today() + datetime.timedelta(days=2)
    work_group.save()
    held = fill(work_group)
    waiting = register(work_group)
    services.registration_withdraw(registration=held[0])

    time_machine.move_to(
        datetime.datetime.combine(work_group.registration_deadline, datetime.time(23, 59)) + datetime.timedelta(days=1),
        tick=False,
    )

    with pytest.raises(ValidationError, match="has closed"):
        services.registration_accept_offer(registration=waiting)
    assert services.registration_offers_sweep() == 1  # the sweep ends it
    waiting.refresh_from_db()
    assert waiting.status == RS.EXPIRED


def test_my_cpd_shows_each_teacher_their_place_in_the_waitlist_queue(client, work_group):
    fill(work_group)
    queue = [register(work_group) for _ in range(3)]
    client.force_login(queue[2].teacher)

    page = client.get(reverse("workgroups:my_cpd")).content.decode()

    assert "You are number 3 in the waitlist queue" in page


# --------------------------------------------------------------------------- confirmation pages, My CPD


def test_withdraw_page_says_what_happens_and_an_unconfirmed_post_changes_nothing(client, work_group):
    registration = register(work_group)
    client.force_login(registration.teacher)
    url = reverse("workgroups:withdraw", args=[registration.pk])

    page = client.get(url).content.decode()
    client.post(url)

    registration.refresh_from_db()
    assert registration.status == RS.APPLIED
    assert "Withdraw from" in page and "What will happen" in page and "Who will be told" in page
    assert "offered your place by e-mail" in page


def test_reject_selected_goes_through_a_confirmation_page_naming_the_teachers(client, work_group, hub_lead):
    registration = register(work_group, teacher=UserFactory(full_name="Rita Reject"))
    client.force_login(hub_lead)
    url = reverse("workgroups:decide", args=[work_group.pk])

    page = client.post(url, {"action": "reject", "registration": [registration.pk]}).content.decode()
    registration.refresh_from_db()
    assert registration.status == RS.APPLIED
    assert "Rita Reject" in page and "Reject 1 registration" in page

    response = client.post(url, {"action": "reject", "registration": [registration.pk], "confirm": "yes"})
    registration.refresh_from_db()
    assert registration.status == RS.REJECTED
    assert response.url == reverse("workgroups:manage", args=[work_group.pk]) + "#registrations"


def test_my_cpd_keeps_a_withdrawn_registration_under_past_with_register_again(client, work_group):
    registration = register(work_group)
    services.registration_withdraw(registration=registration)
    client.force_login(registration.teacher)

    entries = client.get(reverse("workgroups:my_cpd")).context["entries"]

    assert entries.current == [] and [e.registration for e in entries.past] == [registration]
    assert entries.past[0].can_register_again
