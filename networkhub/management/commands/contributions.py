"""`manage.py contributions`: everything the apps contribute, assembled, and who provides each piece."""

from django.core.management.base import BaseCommand
from django.utils import translation

from networkhub import contributions, privacy, registry, reminders


def _app_of(function):
    return getattr(function, "__module__", "?").split(".")[0]


class Command(BaseCommand):
    help = "Print what each app contributes (navigation, linked pages, e-mail kinds, ...) and who provides it."

    def handle(self, *args, **options):
        translation.activate("en")
        assembled = contributions.collected()
        self._section("Project navigation (group, order: page, URL name)")
        for provided in assembled.nav:
            entry = provided.value
            self._row(provided.app, f"{entry.group} {entry.order}: {entry.label} ({entry.url_name})")
        self._section("Pages linked to by role")
        for role, provided in sorted(assembled.links.items()):
            self._row(provided.app, f"{role}: {provided.value}")
        self._section("E-mail kinds")
        for kind, provided in sorted(assembled.message_kinds.items()):
            self._row(provided.app, f"{kind}: {provided.value}")
        self._section("Reminder kinds")
        for kind, spec in sorted(reminders.REGISTRY.items()):
            self._row(_app_of(spec.still_due), f"{kind}: {spec.label}{' (essential)' if spec.essential else ''}")
        self._section("Link purposes")
        for purpose, label in sorted(registry.LINK_PURPOSES.items()):
            self._row(registry.LINK_PURPOSE_PROVIDERS.get(purpose, "?"), f"{purpose}: {label}")
        self._section("Personal-data handlers (export and erasure)")
        for handler in privacy.handlers():
            self._row(handler.app, f"{handler.export.__module__}.{handler.export.__name__}, {handler.erase.__name__}")

    def _section(self, title):
        self.stdout.write(f"\n{title}")

    def _row(self, app, text):
        self.stdout.write(f"  {app:<12} {text}")
