import factory

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.models import Hub, HubArea, HubMembership
from schools.tests.factories import LocalAuthorityFactory, RegionFactory


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
