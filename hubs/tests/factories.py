import factory

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.models import Hub, HubArea, HubMembership
from schools.tests.factories import LocalAuthorityFactory, RegionFactory
from workgroups.services import work_group_figures_rebuild


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    region = factory.SubFactory(RegionFactory)


class HubAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubArea

    hub = factory.SubFactory(HubFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class HubMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubMembership

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)
    role = HubRole.LEAD


def kept_figures_after_factories() -> None:
    """Factories write registrations without the services, which keep the participations the dashboards read
    engagement from: recompute them, as after a bulk load."""
    work_group_figures_rebuild()
