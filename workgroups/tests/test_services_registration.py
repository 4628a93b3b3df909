import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import ConsentStatus, RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration
from workgroups.tests.factories import RegistrationFactory, WorkGroupFactory, confirmed, register

pytestmark = pytest.mark.django_db
RS = RegistrationStatus


def test_registration_create_with_room_applies_and_mails_teacher_and_headteacher(
    work_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(work_group, trn="1234567")

    assert registration.status == RS.APPLIED
    assert registration.consent_status == ConsentStatus.PENDING
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("We have your registration" in s for s in subjects)
    assert any("Please confirm" in s for s in subjects)
    consent = next(m for m in mail.outbox if "Please confirm" in m.subject)
    assert consent.to == ["head@school.example"]
    assert "/work-groups/consent/" in consent.body
    assert consent.alternatives and "text/html" == consent.alternatives[0][1]


def test_registration_create_copies_the_work_groups_academic_year(work_group):
    registration = register(work_group)

    registration.refresh_from_db()
    assert registration.academic_year_id == work_group.academic_year_id
    # The copy cannot go stale: a Work Group's year is not among the fields the service lets anyone change.
    with pytest.raises(ValueError, match="academic_year"):
        services.workgroup_update(work_group=work_group, academic_year=work_group.academic_year)


def test_registration_factory_copies_the_work_groups_academic_year():
    registration = RegistrationFactory()

    assert registration.academic_year_id == registration.work_group.academic_year_id


def test_registration_create_twice_for_same_teacher_is_refused(work_group):
    teacher = UserFactory()
    register(work_group, teacher=teacher)

    with pytest.raises(ValidationError, match="already registered"):
        register(work_group, teacher=teacher)
    assert Registration.objects.filter(teacher=teacher).count() == 1


def test_registration_create_after_deadline_is_refused(work_group):
    work_group.registration_deadline = timezone.localdate() - datetime.timedelta(days=1)
    work_group.save()

    with pytest.raises(ValidationError, match="Registration closed"):
        register(work_group)
    assert not Registration.objects.exists()


def test_registration_create_on_draft_group_is_refused(work_group):
    work_group.status = WorkGroupStatus.DRAFT
    work_group.save()

    with pytest.raises(ValidationError, match="not open"):
        register(work_group)


def test_registration_create_with_bad_trn_is_refused_and_nothing_saved(work_group):
    with pytest.raises(ValidationError):
        register(work_group, trn="12ab")
    assert not Registration.objects.exists()


def test_registration_create_when_full_waitlists(work_group, django_capture_on_commit_callbacks):
    for _ in range(work_group.capacity):
        register(work_group)

    with django_capture_on_commit_callbacks(execute=True):
        late = register(work_group)

    assert late.status == RS.WAITLISTED
    assert late.waitlisted_at is not None
    assert any("waitlist" in m.subject for m in mail.outbox)


def test_registration_create_beyond_school_quota_waitlists(work_group):
    school = SchoolFactory()
    first, second = register(work_group, school=school), register(work_group, school=school)

    third = register(work_group, school=school)

    assert [first.status, second.status, third.status] == [RS.APPLIED, RS.APPLIED, RS.WAITLISTED]


def test_registration_withdraw_offers_place_to_first_on_waitlist(work_group, django_capture_on_commit_callbacks):
    holders = [register(work_group) for _ in range(work_group.capacity)]
    first_waiting, second_waiting = register(work_group), register(work_group)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_withdraw(registration=holders[0])

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RS.OFFERED
    assert first_waiting.offered_at is not None
    assert second_waiting.status == RS.WAITLISTED
    assert [m.to for m in mail.outbox if "is free for you" in m.subject] == [[first_waiting.teacher.email]]


def test_registration_reject_offers_place_respecting_school_quota(work_group):
    school = SchoolFactory()
    holders = [register(work_group, school=school), register(work_group, school=school)]
    holders += [register(work_group), register(work_group)]
    same_school_waiting = register(work_group, school=school)  # quota full, waitlisted
    other_waiting = register(work_group)  # group full, waitlisted

    services.registration_reject(registration=holders[2], actor=None)

    same_school_waiting.refresh_from_db()
    other_waiting.refresh_from_db()
    assert same_school_waiting.status == RS.WAITLISTED  # would break the per-school limit
    assert other_waiting.status == RS.OFFERED


def test_registration_accept_offer_returns_to_applicants(work_group):
    holder = register(work_group)
    for _ in range(work_group.capacity - 1):
        register(work_group)
    waiting = register(work_group)
    services.registration_withdraw(registration=holder)

    accepted = services.registration_accept_offer(registration=waiting)

    assert accepted.status == RS.APPLIED


def test_registration_approve_records_decision_and_mails(work_group, hub_lead, django_capture_on_commit_callbacks):
    registration = confirmed(register(work_group))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_approve(registration=registration, actor=hub_lead)

    registration.refresh_from_db()
    assert registration.status == RS.APPROVED
    assert registration.decided_by == hub_lead
    assert [m.subject for m in mail.outbox] == [f"[Maths Hubs] Your place in {work_group.code} is confirmed"]


def test_registration_approve_when_headteacher_declined_is_refused(work_group, hub_lead):
    registration = RegistrationFactory(work_group=work_group, consent_status=ConsentStatus.DECLINED)

    with pytest.raises(ValidationError, match="declined"):
        services.registration_approve(registration=registration, actor=hub_lead)
    registration.refresh_from_db()
    assert registration.status == RS.APPLIED


def test_registration_approve_waitlisted_without_room_is_refused(work_group, hub_lead):
    for _ in range(work_group.capacity):
        register(work_group)
    waiting = confirmed(register(work_group))

    with pytest.raises(ValidationError, match="No room"):
        services.registration_approve(registration=waiting, actor=hub_lead)


def test_registrations_decide_bulk_reports_refusals_and_does_the_rest(work_group, hub_lead):
    ok = [confirmed(register(work_group)), confirmed(register(work_group))]
    declined = RegistrationFactory(work_group=work_group, consent_status=ConsentStatus.DECLINED)

    result = services.registrations_decide_bulk(
        work_group=work_group, registration_ids=[r.pk for r in [*ok, declined]], action="approve", actor=hub_lead
    )

    assert len(result.done) == 2
    assert len(result.refused) == 1 and "declined" in result.refused[0]
    assert set(Registration.objects.filter(status=RS.APPROVED).values_list("pk", flat=True)) == {r.pk for r in ok}


def test_registration_waitlist_by_hub_lead_moves_to_waitlist(work_group, hub_lead):
    registration = register(work_group)

    services.registration_waitlist(registration=registration, actor=hub_lead)

    registration.refresh_from_db()
    assert registration.status == RS.WAITLISTED


def test_workgroup_update_capacity_below_approvals_is_refused(work_group, hub_lead):
    for _ in range(3):
        services.registration_approve(registration=confirmed(register(work_group)), actor=hub_lead)

    with pytest.raises(ValidationError, match="already approved"):
        services.workgroup_update(work_group=work_group, capacity=2)
    work_group.refresh_from_db()
    assert work_group.capacity == 4


def test_workgroup_update_capacity_raise_offers_waitlist(work_group):
    for _ in range(work_group.capacity):
        register(work_group)
    waiting = register(work_group)

    services.workgroup_update(work_group=work_group, capacity=work_group.capacity + 1)

    waiting.refresh_from_db()
    assert waiting.status == RS.OFFERED


def test_registration_withdraw_in_running_group_offers_nobody(work_group):
    holder = register(work_group)
    for _ in range(work_group.capacity - 1):
        register(work_group)
    waiting = register(work_group)
    work_group.status = WorkGroupStatus.RUNNING
    work_group.save()

    services.registration_withdraw(registration=holder)

    waiting.refresh_from_db()
    assert waiting.status == RS.WAITLISTED


def test_registration_saved_outside_the_service_takes_its_work_groups_year():
    work_group = WorkGroupFactory()

    registration = work_group.registrations.create(
        teacher=UserFactory(),
        school=SchoolFactory(),
        role_in_school="Teacher",
        headteacher_name="Pat Head",
        headteacher_email="head@school.example",
    )

    assert registration.academic_year_id == work_group.academic_year_id
