"""The reports' kept figures (``workgroups.models.figures``) follow every change the services make, at once."""

import datetime
import random
import threading

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.seeding import seed_network
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.engagement import (
    completed_registrations,
    engaged_participations,
    engaged_school_ids,
    participating_schools,
)
from workgroups.enums import PARTICIPANT_STATUSES, RegistrationStatus, WorkGroupStatus
from workgroups.models import (
    AcademicYear,
    Registration,
    SchoolParticipation,
    Session,
    SessionRegister,
    WorkGroup,
    WorkGroupFigures,
)
from workgroups.tests.changes import random_decisions
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

RS = RegistrationStatus


def _figures(work_group) -> dict:
    figures = WorkGroupFigures.objects.filter(work_group=work_group).first()
    schools = dict(SchoolParticipation.objects.filter(work_group=work_group).values_list("school_id", "completed"))
    registers = {
        r.session.number: (r.marks, r.attended)
        for r in SessionRegister.objects.filter(session__work_group=work_group).select_related("session")
    }
    if figures is None:
        return {"places": 0, "teachers": 0, "schools": schools, "registers": registers, "evaluations": 0}
    return {
        "places": figures.places,
        "completions": figures.completions,
        "teachers": len(figures.teacher_ids),
        "schools": schools,
        "registers": registers,
        "evaluations": figures.evaluations,
        "overall_total": figures.overall_total,
    }


@pytest.fixture
def group():
    work_group = WorkGroupFactory(status=WorkGroupStatus.OPEN, capacity=10, teachers_per_school=2)
    past = timezone.now() - datetime.timedelta(days=3)
    SessionFactory(work_group=work_group, number=1, starts_at=past)
    school_a, school_b = SchoolFactory(), SchoolFactory()
    applied = [
        RegistrationFactory(work_group=work_group, school=school, status=RS.APPLIED, consent_status="confirmed")
        for school in (school_a, school_a, school_b)
    ]
    return work_group, applied, school_a, school_b


@pytest.mark.django_db
def test_figures_follow_decisions_and_withdrawals(group):
    work_group, (first, second, third), school_a, school_b = group
    lead = UserFactory()

    services.registration_approve(registration=first, actor=lead)
    assert _figures(work_group) | {"registers": None} == {
        "places": 1, "completions": 0, "teachers": 1, "schools": {school_a.pk: False}, "registers": None,
        "evaluations": 0, "overall_total": 0,
    }
    services.registrations_decide_bulk(work_group=work_group, registration_ids=[second.pk, third.pk],
                                       action="approve", actor=lead)
    assert _figures(work_group)["places"] == 3
    assert _figures(work_group)["schools"] == {school_a.pk: False, school_b.pk: False}

    services.registration_withdraw(registration=third)

    assert _figures(work_group)["places"] == 2
    assert _figures(work_group)["schools"] == {school_a.pk: False}
    services.registration_reject(registration=Registration.objects.get(pk=second.pk), actor=lead)
    assert _figures(work_group)["teachers"] == 1


@pytest.mark.django_db
def test_figures_follow_the_register_apologies_completion_and_evaluations(group):
    work_group, registrations, school_a, _ = group
    lead = UserFactory()
    for registration in registrations:
        services.registration_approve(registration=registration, actor=lead)
    registrations = [Registration.objects.get(pk=r.pk) for r in registrations]
    held = work_group.sessions.get(number=1)
    coming = SessionFactory(work_group=work_group, number=2, starts_at=timezone.now() + datetime.timedelta(days=9))

    services.attendance_record(session=held, marks={r.pk: "present" for r in registrations}, recorded_by=lead)
    assert _figures(work_group)["registers"] == {1: (3, 3)}
    services.attendance_record(session=held, marks={registrations[2].pk: "absent"}, recorded_by=lead)  # a correction
    assert _figures(work_group)["registers"] == {1: (3, 2)}
    services.attendance_send_apologies(registration=registrations[0], session=coming)
    assert _figures(work_group)["registers"] == {1: (3, 2), 2: (1, 0)}

    Session.objects.filter(pk=coming.pk).update(status="cancelled")  # completion: 1 of 1 session held
    WorkGroup.objects.filter(pk=work_group.pk).update(status=WorkGroupStatus.COMPLETED)
    work_group.refresh_from_db()
    assert services.registrations_evaluate_completion(work_group=work_group) == 2
    assert _figures(work_group)["completions"] == 2
    assert _figures(work_group)["schools"][school_a.pk] is True
    registration = Registration.objects.select_related("work_group").get(pk=registrations[0].pk)
    services.evaluation_submit(registration=registration, overall=5, impact_on_practice=4)
    services.evaluation_submit(registration=registration, overall=3, impact_on_practice=4)  # edited

    assert (_figures(work_group)["evaluations"], _figures(work_group)["overall_total"]) == (1, 3)


@pytest.mark.django_db
def test_figures_kept_by_the_services_match_a_rebuild_from_scratch():
    seed_network(scale=0.02, seed=5)
    rng = random.Random(5)
    lead = UserFactory()
    changed = {r.work_group_id for r in random_decisions(rng, count=30, actor=lead)}
    participants = Registration.objects.filter(work_group_id__in=changed, status__in=PARTICIPANT_STATUSES)
    for session in Session.objects.filter(work_group_id__in=changed, starts_at__lte=timezone.now(),
                                          status="scheduled")[:10]:
        marks = {r.pk: rng.choice(["present", "absent", "late"]) for r in participants.filter(work_group=session.work_group)}
        services.attendance_record(session=session, marks=marks, recorded_by=lead)
    assert changed
    kept = {pk: _figures(pk) for pk in changed}

    services.work_group_figures_rebuild()

    assert {pk: _figures(pk) for pk in changed} == kept


@pytest.mark.django_db(transaction=True)
def test_figures_count_every_evaluation_submitted_at_once():
    work_group = WorkGroupFactory(status=WorkGroupStatus.COMPLETED)
    registrations = [RegistrationFactory(work_group=work_group, status=RS.COMPLETED) for _ in range(8)]
    barrier = threading.Barrier(len(registrations))
    errors = []

    def submit(registration):
        try:
            barrier.wait()
            services.evaluation_submit(registration=registration, overall=4, impact_on_practice=4)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(r,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    figures = WorkGroupFigures.objects.get(work_group=work_group)
    assert (figures.evaluations, figures.overall_total) == (8, 32)


@pytest.mark.django_db
def test_figures_follow_a_registration_deleted_in_the_admin(client, group):
    work_group, (first, *_), school_a, _ = group
    services.registration_approve(registration=first, actor=UserFactory())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(reverse("admin:workgroups_registration_delete", args=[first.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert _figures(work_group)["places"] == 0
    assert _figures(work_group)["schools"] == {}


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["one", "action"])
def test_figures_follow_a_teacher_deleted_in_the_admin(client, group, how):
    work_group, (first, _, third), _, school_b = group
    for registration in (first, third):
        services.registration_approve(registration=registration, actor=UserFactory())
    assert _figures(work_group)["places"] == 2
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    if how == "one":
        response = client.post(reverse("admin:accounts_user_delete", args=[first.teacher_id]), {"post": "yes"})
    else:
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "delete_selected", "_selected_action": [first.teacher_id], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=first.pk).exists()
    figures = _figures(work_group)
    assert figures["places"] == 1
    assert figures["teachers"] == 1
    assert figures["schools"] == {school_b.pk: False}


@pytest.mark.django_db
def test_engaged_schools_read_from_the_figures_are_those_of_the_registrations():
    seed_network(scale=0.02, seed=6)
    for year in AcademicYear.objects.all():
        by_registrations = set(engaged_school_ids(academic_year=year).values_list("school_id", flat=True))
        completed = set(completed_registrations(academic_year=year).values_list("school_id", flat=True))
        rows = engaged_participations(academic_year=year)

        assert set(rows.values_list("school_id", flat=True)) == by_registrations
        assert set(rows.filter(completed=True).values_list("school_id", flat=True)) == completed
        kept = participating_schools(start_year=year.start_year)
        assert set(kept.values_list("school_id", flat=True)) == by_registrations


@pytest.mark.django_db
def test_figures_follow_a_headteacher_declining_an_approved_teacher(group):
    work_group, (first, *_), *_ = group
    Registration.objects.filter(pk=first.pk).update(consent_status="pending")
    services.registration_approve(registration=first, actor=UserFactory(), override_reason="Head is away")
    assert _figures(work_group)["places"] == 1
    token = services.consent_token_make(registration=Registration.objects.get(pk=first.pk))

    services.consent_decide(token=token, confirm=False)

    assert _figures(work_group)["places"] == 0


def _participating(work_group) -> set:
    return set(participating_schools(start_year=work_group.academic_year.start_year).values_list("school_id", flat=True))


@pytest.mark.django_db
def test_participations_keep_their_work_groups_year_and_leave_the_engaged_schools_on_cancellation(group):
    work_group, (first, *_), school_a, _ = group
    services.registration_approve(registration=first, actor=UserFactory())
    participation = SchoolParticipation.objects.get(work_group=work_group)
    assert (participation.academic_year_id, participation.ran) == (work_group.academic_year_id, True)
    assert _participating(work_group) == {school_a.pk}

    services.workgroup_cancel(work_group=work_group, actor=UserFactory())

    assert _participating(work_group) == set()
    assert not SchoolParticipation.objects.get(work_group=work_group).ran


@pytest.mark.django_db
def test_participations_count_once_their_work_group_is_published():
    work_group = WorkGroupFactory(status=WorkGroupStatus.DRAFT)
    SessionFactory(work_group=work_group, number=1)
    school = SchoolFactory()
    RegistrationFactory(work_group=work_group, school=school, status=RS.APPROVED)
    services.work_group_figures_rebuild(work_group_ids=[work_group.pk])
    assert _participating(work_group) == set()

    services.workgroup_transition(work_group=work_group, to_status=WorkGroupStatus.OPEN, actor=UserFactory())

    assert _participating(work_group) == {school.pk}
