"""The specialist's single PD Lead status (``accreditation_status``, ``accredited_on``) becomes their PD Lead
accreditation: mastery 0004 makes the table, 0005 fills it, 0006 drops the old fields."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubFactory
from mastery.enums import AccreditationKind, AccreditationPhase, AccreditationStatus
from mastery.models import Accreditation, MasterySpecialist
from workgroups.tests.factories import AcademicYearFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("mastery", "0003_open_lessons_and_journeys")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)
def test_migrations_turn_each_specialists_status_into_a_pd_lead_accreditation_in_their_cohorts_phase():
    hub, year, older = HubFactory(), AcademicYearFactory(start_year=2024), AcademicYearFactory(start_year=2021)
    users = [UserFactory() for _ in range(5)]
    # Every app back at its latest migration afterwards (later tests need every table as the models say).
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    loader = _migrate([BEFORE])
    old = loader.project_state([BEFORE]).apps
    Cohort, Specialist = old.get_model("mastery", "Cohort"), old.get_model("mastery", "MasterySpecialist")
    primary = Cohort.objects.create(academic_year_id=year.pk, phase="primary")
    post16 = Cohort.objects.create(academic_year_id=year.pk, phase="16_plus")
    secondary = Cohort.objects.create(academic_year_id=older.pk, phase="secondary")

    def specialist(user, cohort, status, on=None, programme_year=2):
        return Specialist.objects.create(
            user_id=user.pk, hub_id=hub.pk, cohort=cohort, programme_year=programme_year,
            accreditation_status=status, accredited_on=on,
        ).pk  # fmt: skip

    not_started = specialist(users[0], primary, "not_started", programme_year=1)
    in_progress = specialist(users[1], post16, "in_progress")
    accredited = specialist(users[2], primary, "accredited", datetime.date(2025, 7, 10))
    long_ago = specialist(users[3], secondary, "accredited", datetime.date(2023, 7, 10))  # due July 2026: passed
    leap = specialist(users[4], secondary, "accredited", datetime.date(2024, 2, 29))

    _migrate(latest)

    rows = {a.specialist_id: a for a in Accreditation.objects.all()}
    assert set(rows) == {not_started, in_progress, accredited, long_ago, leap}
    assert {a.kind for a in rows.values()} == {AccreditationKind.PD_LEAD}

    def shape(pk):
        a = rows[pk]
        return a.phase, a.status, a.accredited_on, a.reregistration_due_on

    assert shape(not_started) == (AccreditationPhase.PRIMARY, AccreditationStatus.NOT_STARTED, None, None)
    assert shape(in_progress) == (AccreditationPhase.CORE_MATHS_LEVEL_3, AccreditationStatus.IN_PROGRESS, None, None)
    assert shape(accredited) == (
        AccreditationPhase.PRIMARY,
        AccreditationStatus.ACCREDITED,
        datetime.date(2025, 7, 10),
        datetime.date(2028, 7, 10),
    )
    assert shape(long_ago) == (
        AccreditationPhase.SECONDARY,
        AccreditationStatus.REREGISTRATION_DUE,
        datetime.date(2023, 7, 10),
        datetime.date(2026, 7, 10),
    )
    assert shape(leap)[2:] == (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28))
    # No history is invented (the old fields did not say who decided, or when), and the old columns are gone.
    assert not any(a.events.exists() for a in rows.values())
    columns = {
        c.name for c in connection.introspection.get_table_description(connection.cursor(), "mastery_masteryspecialist")
    }
    assert not {"accreditation_status", "accredited_on"} & columns
    assert MasterySpecialist.objects.count() == 5
