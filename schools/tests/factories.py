import factory

from schools.enums import EstablishmentStatus, Phase
from schools.models import LocalAuthority, Region, School, Trust


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    code = factory.Sequence(lambda n: f"{100 + n}")
    name = factory.Sequence(lambda n: f"Local Authority {n}")
    region = factory.SubFactory(RegionFactory)


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    code = factory.Sequence(lambda n: f"TR{n:05d}")
    name = factory.Sequence(lambda n: f"Trust {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: 100000 + n)
    name = factory.Sequence(lambda n: f"School {n}")
    phase = Phase.PRIMARY
    status = EstablishmentStatus.OPEN
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    postcode = factory.Sequence(lambda n: f"AB{n % 90 + 1} {n % 9}CD")
