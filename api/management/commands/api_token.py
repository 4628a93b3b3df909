"""Make a personal API token from the command line (the same service as Profile → API tokens)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from api.enums import TOKEN_LIFETIMES, TokenScope
from api.services import api_token_create


class Command(BaseCommand):
    help = "Make a personal API token for a portal account and print its secret (shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's e-mail address.")
        parser.add_argument("--name", default="Command line", help="What the token is for.")
        parser.add_argument("--write", action="store_true", help="Read and write (default: read only).")
        parser.add_argument("--days", type=int, default=90, choices=sorted(TOKEN_LIFETIMES), help="Lifetime in days.")

    def handle(self, *args, email, name, write, days, **options):
        user = User.objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"No portal account has the e-mail {email}.")
        scope = TokenScope.READ_WRITE if write else TokenScope.READ
        try:
            issued = api_token_create(user=user, name=name, scope=scope, lifetime_days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Token “{issued.token.name}” for {user.email}: {issued.token.get_scope_display().lower()}, "
            f"expires {issued.token.expires_at:%-d %B %Y}. Keep the secret below; it is not shown again."
        )
        self.stdout.write(issued.secret)
