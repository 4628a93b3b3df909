import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from api.enums import TokenScope
from api.models import ApiToken
from api.services import api_token_create


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row without a usable secret; use ``token_for`` for one a request can present."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Token {n}")
    scope = TokenScope.READ
    prefix = "mhp_test"
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


def token_for(user, *, scope: str = TokenScope.READ, days: int = 30) -> str:
    """A working token secret for ``user``, made by the service the tokens page calls."""
    return api_token_create(user=user, name="Tests", scope=scope, lifetime_days=days).secret
