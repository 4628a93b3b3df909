"""A small network for the API's tests: two hubs, their leads, a Work Group lead, NCETM staff and teachers."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from api.enums import TokenScope
from api.tests.factories import token_for
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from workgroups.enums import ConsentStatus, RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    SessionFactory,
    WorkGroupFactory,
)


@dataclass
class Network:
    alpha: object
    beta: object
    alpha_lead: object
    beta_lead: object
    wg_lead: object
    ncetm: object
    teacher: object
    alpha_group: object
    alpha_draft: object
    beta_group: object
    alpha_registration: object
    beta_registration: object
    last_year_group: object


@pytest.fixture
def network(db) -> Network:
    this_year = AcademicYearFactory()
    last_year = AcademicYearFactory(start_year=this_year.start_year - 1)
    alpha, beta = HubFactory(name="Alpha", slug="alpha"), HubFactory(name="Beta", slug="beta")
    alpha_lead = HubMembershipFactory(hub=alpha, role=HubRole.LEAD).user
    beta_lead = HubMembershipFactory(hub=beta, role=HubRole.LEAD).user
    wg_lead = UserFactory(full_name="Wendy Lead")
    project = NationalProjectFactory(academic_year=this_year)
    alpha_group = WorkGroupFactory(hub=alpha, project=project, status=WorkGroupStatus.OPEN)
    alpha_group.leads.add(wg_lead)
    # Session 1 is under way (its register is open) and is still the group's next session.
    start = timezone.now() - datetime.timedelta(hours=1)
    SessionFactory(work_group=alpha_group, number=1, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    alpha_draft = WorkGroupFactory(hub=alpha, project=project, status=WorkGroupStatus.DRAFT)
    beta_group = WorkGroupFactory(hub=beta, project=project, status=WorkGroupStatus.OPEN)
    last_year_group = WorkGroupFactory(
        hub=beta, project=NationalProjectFactory(academic_year=last_year), status=WorkGroupStatus.COMPLETED
    )
    teacher = UserFactory(full_name="Tom Teacher")
    return Network(
        alpha=alpha,
        beta=beta,
        alpha_lead=alpha_lead,
        beta_lead=beta_lead,
        wg_lead=wg_lead,
        ncetm=UserFactory(is_ncetm_staff=True),
        teacher=teacher,
        alpha_group=alpha_group,
        alpha_draft=alpha_draft,
        beta_group=beta_group,
        # The headteacher has confirmed, so the hub can approve it.
        alpha_registration=RegistrationFactory(
            work_group=alpha_group,
            teacher=teacher,
            trn="1234567",
            status=RegistrationStatus.APPLIED,
            consent_status=ConsentStatus.CONFIRMED,
        ),
        beta_registration=RegistrationFactory(work_group=beta_group, status=RegistrationStatus.APPLIED),
        last_year_group=last_year_group,
    )


@pytest.fixture
def api_as():
    """``api_as(user, scope=…)``: an API client presenting a fresh personal token of ``user``."""

    def make(user, scope: str = TokenScope.READ) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, scope=scope)}")
        return client

    return make
