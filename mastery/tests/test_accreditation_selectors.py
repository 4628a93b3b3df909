"""A specialist's PD Lead status, as lists and the reports read it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mastery import selectors
from mastery.enums import AccreditationKind, AccreditationPhase
from mastery.enums import AccreditationStatus as AS
from mastery.models import MasterySpecialist
from mastery.tests.factories import AccreditationFactory, CohortFactory, MasterySpecialistFactory

pytestmark = pytest.mark.django_db


def _granted(**kwargs):
    return AccreditationFactory(accredited_on=datetime.date(2025, 7, 10), **kwargs)


def test_with_pd_lead_status_gives_each_specialist_their_best_standing_pd_lead(django_assert_num_queries):
    none = MasterySpecialistFactory()  # no accreditation row: not started
    one = AccreditationFactory(status=AS.IN_PROGRESS).specialist
    several = MasterySpecialistFactory()
    _granted(specialist=several, status=AS.LAPSED)
    _granted(specialist=several, phase=AccreditationPhase.EARLY_YEARS, status=AS.REREGISTRATION_DUE)
    AccreditationFactory(specialist=several, phase=AccreditationPhase.SECONDARY, status=AS.IN_PROGRESS)
    sdl_only = MasterySpecialistFactory()  # School Development Lead is not PD Lead
    _granted(specialist=sdl_only, kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, phase=None, status=AS.ACCREDITED)

    with django_assert_num_queries(1):
        rows = {s.pk: s for s in selectors.with_pd_lead_status(MasterySpecialist.objects.all())}

    def standing(specialist):
        row = rows[specialist.pk]
        return row.pd_lead_status, row.pd_lead_phase, row.pd_lead_accredited_on

    assert standing(none) == (AS.NOT_STARTED, None, None)
    assert standing(one) == (AS.IN_PROGRESS, AccreditationPhase.PRIMARY, None)
    assert standing(several) == (AS.REREGISTRATION_DUE, AccreditationPhase.EARLY_YEARS, datetime.date(2025, 7, 10))
    assert standing(sdl_only) == (AS.NOT_STARTED, None, None)


def test_cohorts_with_counts_counts_specialists_holding_pd_lead_once():
    cohort = CohortFactory()
    twice = MasterySpecialistFactory(cohort=cohort)
    _granted(specialist=twice, status=AS.ACCREDITED)
    _granted(specialist=twice, phase=AccreditationPhase.EARLY_YEARS, status=AS.REREGISTRATION_DUE)
    _granted(specialist=MasterySpecialistFactory(cohort=cohort), status=AS.LAPSED)
    MasterySpecialistFactory(cohort=cohort)

    (row,) = selectors.cohorts_with_counts()

    assert (row.specialists_count, row.accredited_count) == (3, 1)


@pytest.mark.parametrize("size", [1, 4])
def test_accreditations_of_reads_every_accreditation_and_its_history_in_two_queries(size):
    specialist = MasterySpecialistFactory()
    phases = list(AccreditationPhase.values)[:size]
    for phase in phases:
        AccreditationFactory(specialist=specialist, phase=phase, status=AS.NOT_STARTED).events.create(
            from_status="", to_status=AS.NOT_STARTED, on=datetime.date(2026, 1, 1)
        )

    with CaptureQueriesContext(connection) as queries:
        accreditations = selectors.accreditations_of(specialist=specialist)
        histories = [[str(e) for e in a.history] for a in accreditations]

    assert len(queries) == 2
    assert len(accreditations) == size and histories == [["New → Not started"]] * size
