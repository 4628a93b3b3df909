"""Schemathesis against the live schema, as two roles: no answer is a 500, and every answer fits the schema.

The schema is read from the running app (``/api/v1/schema/``), and every operation is called in-process (WSGI)
with generated parameters and bodies, on a small network with data for each endpoint to return. The number of
examples per operation is bounded (``API_FUZZ_EXAMPLES``, 12 by default) and generation is derandomised, so the
run is quick and the same on every machine; raise it locally to search harder.
"""

import datetime
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tests.factories import token_for
from mastery.enums import AccreditationKind, AccreditationStatus
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory
from workgroups import services
from workgroups.enums import RegistrationStatus
from workgroups.tests.factories import RegistrationFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))

pytestmark = pytest.mark.django_db


class InProcessApp:
    """The portal's WSGI app, answering inside the test's database transaction.

    Django closes the database connection at the end of each request (``close_old_connections``), which would
    end the test's transaction; Django's own test client stops that for the request's duration, and so does this.
    """

    def __init__(self):
        self.app = get_wsgi_application()

    def __call__(self, environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            result = self.app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                result.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return [body]


# Read once, at collection, from the app itself (no database needed to serve the schema).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", InProcessApp())


@pytest.fixture
def filled_network(network):
    """The network, with a participant marked present, so registers and attendance have rows to return, and a
    Mastery Specialist in each hub."""
    participant = RegistrationFactory(work_group=network.alpha_group, status=RegistrationStatus.APPROVED)
    specialist = MasterySpecialistFactory(hub=network.alpha, user=participant.teacher)
    AccreditationFactory(
        specialist=specialist, status=AccreditationStatus.ACCREDITED, accredited_on=datetime.date(2025, 3, 1)
    )
    AccreditationFactory(specialist=specialist, kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, phase=None)
    MasterySpecialistFactory(hub=network.beta)
    session = network.alpha_group.sessions.get()
    services.attendance_record(session=session, marks={participant.pk: "present"}, recorded_by=network.wg_lead)
    return network


FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def ncetm_header(filled_network):
    return {"Authorization": f"Token {token_for(filled_network.ncetm, scope='read_write')}"}


@pytest.fixture
def hub_lead_header(filled_network):
    return {"Authorization": f"Token {token_for(filled_network.alpha_lead, scope='read_write')}"}


@schema.parametrize()
@FUZZ
def test_api_as_ncetm_staff_never_fails_and_fits_its_schema(case, ncetm_header):
    case.call_and_validate(headers=ncetm_header, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_as_hub_lead_never_fails_and_fits_its_schema(case, hub_lead_header):
    case.call_and_validate(headers=hub_lead_header, checks=CHECKS)
