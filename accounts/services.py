from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_create_verified(*, email: str, full_name: str, password: str, **fields) -> User:
    """Create (or update) a user whose e-mail is already verified, e.g. staff set up by an administrator.

    Idempotent by e-mail: an existing user gets the given name, password and fields.
    """
    email = email.lower()
    user, _ = User.objects.update_or_create(email=email, defaults={"full_name": full_name, **fields})
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user
