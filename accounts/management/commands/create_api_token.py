"""Make an API token for a funder reviewer (docs/api.md): manage.py create_api_token EMAIL NAME [--days N]."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import api_tokens
from accounts.models import User


class Command(BaseCommand):
    help = "Make a token with which one of OPH's systems reads the programme overview's JSON feed; shown once."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the funder reviewer's e-mail address")
        parser.add_argument("name", help="which system uses the token")
        parser.add_argument("--days", type=int, default=None, help="days the token is valid (API_TOKEN_DAYS)")

    def handle(self, *args, email, name, days, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user {email}.")
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        try:
            api_token, token = api_tokens.create(user, name, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{token}\n")
        self.stderr.write(f"Token {api_token.prefix}… for {user.email}, expires {api_token.expires_at:%Y-%m-%d}.")
