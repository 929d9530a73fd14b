"""Source strings are English, so each entry of the English catalogue translates to its own msgid."""

from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Fill locale/en's catalogue from the msgids (run after makemessages)."

    def handle(self, *args, **options):
        path = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale="en")
        catalog.fuzzy = False
        catalog.project = "networkhub"
        catalog.version = ""
        catalog.language_team = "English"
        catalog.last_translator = ""
        catalog.revision_date = timezone.now()
        for message in catalog:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
        with open(path, "wb") as handle:
            write_po(handle, catalog, width=0, omit_header=False)
        self.stdout.write(f"Filled {len(catalog)} entries in {path}")
