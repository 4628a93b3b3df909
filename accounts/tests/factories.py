import factory
from allauth.account.models import EmailAddress
from faker import Faker

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"
NAMES = Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@school.example")
    # Faker's names include O'Brien now and then; tests look for a name in HTML, where the apostrophe is escaped,
    # so a random name must not carry one (that made several tests fail one run in ten).
    full_name = factory.LazyFunction(lambda: NAMES.name().replace("'", ""))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
