"""`manage.py erase_person EMAIL`: anonymise one person everywhere (asks first unless --yes)."""

from django.core.management.base import BaseCommand, CommandError

from privacy import services


class Command(BaseCommand):
    help = "Erase one person: names, e-mail addresses and phone numbers anonymised everywhere. Irreversible."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email, yes, **options):
        try:
            person = services.find_person(email)
        except services.PrivacyError as error:
            raise CommandError(error.message) from None
        if not yes:
            answer = input(
                f"Erase {person.name or email} ({', '.join(sorted(person.emails))})? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing was erased.")
        changed = services.erase(person, actor=None)
        self.stdout.write(
            f"Erased: {sum(changed.values())} rows anonymised ({', '.join(f'{k} {v}' for k, v in changed.items())})."
        )
