"""`manage.py export_person EMAIL`: everything networkhub holds of one person, as JSON on standard output."""

import json

from django.core.management.base import BaseCommand, CommandError

from privacy import services


class Command(BaseCommand):
    help = "Print one person's personal data (account and contact persons with this e-mail address) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        try:
            person = services.find_person(email)
        except services.PrivacyError as error:
            raise CommandError(error.message) from None
        data = services.export(person, actor=None)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
