import pytest

from accounts.models import AuditEntry
from mastery.enums import ProgrammeYear
from mastery.models import Cohort, MasterySpecialist
from mastery.services import (
    MasteryRefused,
    cohort_create,
    specialist_milestones_record,
    specialist_nominate,
    specialist_place,
)
from mastery.tests.factories import MasterySpecialistFactory
from schools.enums import Phase
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db


def test_cohort_create_makes_the_cohort_and_records_it(programme):
    cohort = cohort_create(start_year=2030, phase=Phase.SECONDARY, actor=programme.ncetm)

    assert (cohort.academic_year.start_year, cohort.phase, cohort.created_by) == (2030, "secondary", programme.ncetm)
    entry = AuditEntry.objects.get(action="mastery.cohort_created")
    assert (entry.actor, entry.target_id, entry.after["phase"]) == (programme.ncetm, str(cohort.pk), "secondary")


def test_cohort_create_refuses_a_second_cohort_of_the_year_and_phase(programme):
    start = programme.this_year.academic_year.start_year

    with pytest.raises(MasteryRefused) as refused:
        cohort_create(start_year=start, phase=Phase.PRIMARY, actor=programme.ncetm)

    assert "already" in refused.value.message_dict["start_year"][0]
    assert Cohort.objects.filter(academic_year__start_year=start, phase=Phase.PRIMARY).count() == 1


def test_cohort_create_refuses_a_phase_without_cohorts(programme):
    with pytest.raises(MasteryRefused):
        cohort_create(start_year=2030, phase=Phase.NURSERY, actor=programme.ncetm)
    assert not Cohort.objects.filter(academic_year__start_year=2030).exists()


def test_specialist_nominate_places_a_hub_teacher_in_year_one_and_records_it(programme):
    specialist = specialist_nominate(
        hub=programme.hub, user=programme.teacher, cohort=programme.next_year, actor=programme.lead
    )

    assert (specialist.hub, specialist.cohort, specialist.programme_year) == (
        programme.hub,
        programme.next_year,
        ProgrammeYear.TRAINING,
    )
    assert specialist.nominated_by == programme.lead
    entry = AuditEntry.objects.get(action="mastery.specialist_nominated")
    assert (entry.actor, entry.subject, entry.hub) == (programme.lead, programme.teacher, programme.hub)


def test_specialist_nominate_refuses_a_teacher_of_another_hubs_school(programme):
    with pytest.raises(MasteryRefused) as refused:
        specialist_nominate(
            hub=programme.hub, user=programme.other_teacher, cohort=programme.next_year, actor=programme.lead
        )
    assert "does not teach at a school the Matrix hub serves" in refused.value.message_dict["email"][0]
    assert not MasterySpecialist.objects.exists()


def test_specialist_nominate_refuses_a_cohort_whose_training_started(programme):
    with pytest.raises(MasteryRefused) as refused:
        specialist_nominate(hub=programme.hub, user=programme.teacher, cohort=programme.last_year, actor=programme.lead)
    assert "has started its training already" in refused.value.message_dict["cohort"][0]


def test_specialist_nominate_refuses_someone_who_is_a_specialist_already(programme):
    specialist_nominate(hub=programme.hub, user=programme.teacher, cohort=programme.this_year, actor=programme.lead)

    with pytest.raises(MasteryRefused) as refused:
        specialist_nominate(hub=programme.hub, user=programme.teacher, cohort=programme.next_year, actor=programme.lead)

    assert "is a Mastery Specialist already" in refused.value.message_dict["email"][0]
    assert MasterySpecialist.objects.count() == 1


def test_specialist_milestones_record_keeps_them_and_audits_only_the_changes(programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)
    work_group = WorkGroupFactory(hub=programme.hub)
    work_group.leads.add(programme.teacher)

    changed = specialist_milestones_record(
        specialist=specialist,
        programme_year=2,
        training_days_attended=14,
        launch_attendee="headteacher",
        launch_attendee_name=" Pat Head ",
        first_work_group=work_group,
        actor=programme.lead,
    )

    specialist.refresh_from_db()
    assert changed
    assert (specialist.programme_year, specialist.training_days_attended, specialist.launch_attendee_name) == (
        2,
        14,
        "Pat Head",
    )
    assert specialist.first_work_group == work_group
    entry = AuditEntry.objects.get(action="mastery.milestones_recorded")
    assert entry.before == {
        "programme_year": 1,
        "training_days_attended": 0,
        "launch_attendee": "",
        "launch_attendee_name": "",
        "first_work_group": None,
    }
    assert entry.after["first_work_group"] == work_group.pk


def test_specialist_milestones_record_with_nothing_changed_records_nothing(programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)

    changed = specialist_milestones_record(
        specialist=specialist,
        programme_year=1,
        training_days_attended=0,
        launch_attendee="",
        launch_attendee_name="",
        first_work_group=None,
        actor=programme.lead,
    )

    assert not changed
    assert not AuditEntry.objects.filter(action="mastery.milestones_recorded").exists()


def test_specialist_milestones_record_refuses_a_work_group_they_do_not_lead(programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)
    not_theirs = WorkGroupFactory(hub=programme.hub)
    other_hubs = WorkGroupFactory(hub=programme.other_hub)
    other_hubs.leads.add(programme.teacher)

    for work_group in (not_theirs, other_hubs):
        with pytest.raises(MasteryRefused) as refused:
            specialist_milestones_record(
                specialist=specialist,
                programme_year=2,
                training_days_attended=10,
                launch_attendee="",
                launch_attendee_name="",
                first_work_group=work_group,
                actor=programme.lead,
            )
        assert "first_work_group" in refused.value.message_dict

    specialist.refresh_from_db()
    assert (specialist.programme_year, specialist.first_work_group) == (1, None)


def test_specialist_milestones_record_refuses_too_many_training_days(programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)

    with pytest.raises(MasteryRefused) as refused:
        specialist_milestones_record(
            specialist=specialist,
            programme_year=1,
            training_days_attended=31,
            launch_attendee="",
            launch_attendee_name="Pat Head",
            first_work_group=None,
            actor=programme.lead,
        )

    assert set(refused.value.message_dict) == {"training_days_attended", "launch_attendee"}


def test_specialist_place_moves_them_to_another_cohort_and_records_why(programme):
    specialist = MasterySpecialistFactory(hub=programme.hub, user=programme.teacher, cohort=programme.this_year)

    assert specialist_place(specialist=specialist, cohort=programme.next_year, actor=programme.ncetm, reason="Deferred")
    assert not specialist_place(specialist=specialist, cohort=programme.next_year, actor=programme.ncetm)

    specialist.refresh_from_db()
    assert specialist.cohort == programme.next_year
    entry = AuditEntry.objects.get(action="mastery.specialist_placed")
    assert (entry.before, entry.after, entry.reason) == (
        {"cohort": programme.this_year.pk},
        {"cohort": programme.next_year.pk},
        "Deferred",
    )
