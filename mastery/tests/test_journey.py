"""A school's Teaching for Mastery stage, derived year by year from the Work Groups its teachers completed."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from mastery.journey import journey_rank_expression, school_journey_stage, school_journeys, stage_of_rank
from mastery.services import school_stage_record
from schools.models import School
from schools.tests.factories import SchoolFactory
from workgroups.enums import JourneyStage, RegistrationStatus, WorkGroupStatus
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db
JS = JourneyStage


def took_part(school, stage, start_year, *, teacher=None, status=RegistrationStatus.COMPLETED, group_status=None):
    """A teacher of ``school`` in a Work Group of ``start_year`` whose project marks ``stage``."""
    project = NationalProjectFactory(
        academic_year=AcademicYearFactory(start_year=start_year),
        journey_stage=stage,
        is_teaching_for_mastery=stage != JS.NONE,
    )
    work_group = WorkGroupFactory(
        project=project,
        status=group_status
        or (WorkGroupStatus.COMPLETED if status == RegistrationStatus.COMPLETED else WorkGroupStatus.RUNNING),
    )
    registration = RegistrationFactory(
        work_group=work_group, school=school, teacher=teacher or UserFactory(school=school), status=status
    )
    work_group_figures_rebuild(work_group_ids=[work_group.pk])
    return registration


def _stages(journey):
    return [(y.start_year, y.stage, y.stage_after, y.moved_on) for y in journey.history]


def test_stage_moves_on_year_by_year():
    school = SchoolFactory()
    took_part(school, JS.READINESS, 2021)
    took_part(school, JS.DEVELOPMENT, 2022)
    took_part(school, JS.EMBEDDING, 2023)
    took_part(school, JS.SUSTAINING, 2024)
    journey = school_journey_stage(school)
    assert journey.stage == JS.SUSTAINING
    assert _stages(journey) == [
        (2021, JS.READINESS, JS.READINESS, True),
        (2022, JS.DEVELOPMENT, JS.DEVELOPMENT, True),
        (2023, JS.EMBEDDING, JS.EMBEDDING, True),
        (2024, JS.SUSTAINING, JS.SUSTAINING, True),
    ]


def test_school_that_repeated_a_year_stays_where_it_was():
    school = SchoolFactory()
    took_part(school, JS.DEVELOPMENT, 2022)
    took_part(school, JS.DEVELOPMENT, 2023)  # Development is done once: a second one moves nothing
    took_part(school, JS.EMBEDDING, 2024)
    took_part(school, JS.EMBEDDING, 2025)
    journey = school_journey_stage(school)
    assert journey.stage == JS.EMBEDDING
    assert [(y.start_year, y.moved_on, y.repeated) for y in journey.history] == [
        (2022, True, False),
        (2023, False, True),
        (2024, True, False),
        (2025, False, True),
    ]


def test_a_later_stage_done_before_an_earlier_one_never_moves_the_school_back():
    school = SchoolFactory()
    took_part(school, JS.EMBEDDING, 2022)
    took_part(school, JS.READINESS, 2023)
    journey = school_journey_stage(school)
    assert journey.stage == JS.EMBEDDING
    assert _stages(journey)[1] == (2023, JS.READINESS, JS.EMBEDDING, False)


def test_school_whose_teachers_left_mid_journey_keeps_its_history_and_stops():
    school, new_school = SchoolFactory(), SchoolFactory()
    teacher = UserFactory(school=school)
    took_part(school, JS.DEVELOPMENT, 2023, teacher=teacher)
    # The next year the Mastery Advocate withdrew from Embedding and moved school: nothing completed that year.
    took_part(school, JS.EMBEDDING, 2024, teacher=teacher, status=RegistrationStatus.WITHDRAWN)
    teacher.school = new_school
    teacher.save()
    journeys = school_journeys(school_ids=[school.pk, new_school.pk])
    assert journeys[school.pk].stage == JS.DEVELOPMENT
    assert [y.start_year for y in journeys[school.pk].history] == [2023]
    assert journeys[new_school.pk].stage == JS.NONE and journeys[new_school.pk].history == []


def test_only_completed_work_groups_with_a_stage_count():
    school = SchoolFactory()
    took_part(school, JS.READINESS, 2023, status=RegistrationStatus.APPROVED)  # still running
    took_part(school, JS.DEVELOPMENT, 2023, group_status=WorkGroupStatus.CANCELLED)
    took_part(school, JS.NONE, 2023)  # not a journey project
    assert school_journey_stage(school).stage == JS.NONE


def test_recorded_stage_replaces_the_derived_one_and_is_audited():
    school, lead = SchoolFactory(), UserFactory()
    took_part(school, JS.READINESS, 2023)
    school_stage_record(school=school, hub=None, stage=JS.EMBEDDING, reason="Development in 2019/20", actor=lead)
    journey = school_journey_stage(school)
    assert (journey.stage, journey.derived_stage) == (JS.EMBEDDING, JS.READINESS)
    entry = AuditEntry.objects.get(action="school.journey_stage_recorded")
    assert (entry.actor, entry.reason, entry.after) == (lead, "Development in 2019/20", {"stage": JS.EMBEDDING})
    school_stage_record(school=school, hub=None, stage="", reason="Recorded in error", actor=lead)
    assert school_journey_stage(school).stage == JS.READINESS
    assert AuditEntry.objects.filter(action="school.journey_stage_record_removed").count() == 1


@pytest.mark.parametrize(("stage", "reason", "field"), [("sideways", "x", "stage"), (JS.DEVELOPMENT, " ", "reason")])
def test_recorded_stage_refuses_bad_input(stage, reason, field):
    with pytest.raises(ValidationError) as error:
        school_stage_record(school=SchoolFactory(), hub=None, stage=stage, reason=reason, actor=None)
    assert field in error.value.error_dict


def test_the_rank_expression_agrees_with_the_history():
    schools = [SchoolFactory() for _ in range(4)]
    took_part(schools[0], JS.READINESS, 2022)
    took_part(schools[1], JS.DEVELOPMENT, 2022)
    took_part(schools[1], JS.DEVELOPMENT, 2023)
    took_part(schools[2], JS.SUSTAINING, 2023)
    school_stage_record(school=schools[3], hub=None, stage=JS.NONE, reason="Started again", actor=None)
    ranked = School.objects.filter(pk__in=[s.pk for s in schools]).annotate(rank=journey_rank_expression())
    by_expression = {pk: stage_of_rank(rank) for pk, rank in ranked.values_list("pk", "rank")}
    by_history = {pk: j.stage for pk, j in school_journeys(school_ids=[s.pk for s in schools]).items()}
    assert (
        by_expression
        == by_history
        == {
            schools[0].pk: JS.READINESS,
            schools[1].pk: JS.DEVELOPMENT,
            schools[2].pk: JS.SUSTAINING,
            schools[3].pk: JS.NONE,
        }
    )


def test_school_journeys_query_count_is_fixed(django_assert_num_queries):
    schools = [SchoolFactory() for _ in range(3)]
    for year, school in enumerate(schools):
        took_part(school, JS.READINESS, 2020 + year)
    with django_assert_num_queries(2):
        school_journeys(school_ids=[schools[0].pk])
    with django_assert_num_queries(2):
        school_journeys(school_ids=[s.pk for s in schools])
