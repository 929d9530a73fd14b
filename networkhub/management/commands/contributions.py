"""`manage.py contributions`: everything the apps contribute, assembled, and who provides each piece."""

from django.core.management.base import BaseCommand
from django.utils import translation

from networkhub import contributions


def _dotted(function):
    return f"{function.__module__}.{function.__qualname__}"


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
        for kind, provided in sorted(assembled.reminder_kinds.items()):
            spec = provided.value
            self._row(provided.app, f"{kind}: {spec.label}{' (essential)' if spec.essential else ''}")
        self._section("Reminder planners (in the order they run)")
        for provided in assembled.planners:
            self._row(provided.app, _dotted(provided.value))
        self._section("Link purposes")
        for purpose, provided in sorted(assembled.token_purposes.items()):
            self._row(provided.app, f"{purpose}: {provided.value}")
        self._section("Personal-data handlers (export in this order, erasure in reverse)")
        for provided in assembled.personal_data:
            handler = provided.value
            self._row(provided.app, f"{handler.name}: {_dotted(handler.export)}, {_dotted(handler.erase)}")
        self._section("Commitment state of a membership")
        if assembled.commitment_states is not None:
            self._row(assembled.commitment_states.app, _dotted(assembled.commitment_states.value))
        self._section("Network-health items (modules)")
        for provided in assembled.health_items:
            self._row(provided.app, provided.value)
        self._section("Report sections (in this order, after the outputs)")
        for provided in assembled.report_sections:
            self._row(provided.app, _dotted(provided.value))
        self._section("Messages page sections")
        for provided in assembled.message_sections:
            self._row(provided.app, _dotted(provided.value))
        self._section("Goal measures")
        for measure, provided in assembled.goal_measures.items():
            self._row(provided.app, f"{measure}: {_dotted(provided.value)}")

    def _section(self, title):
        self.stdout.write(f"\n{title}")

    def _row(self, app, text):
        self.stdout.write(f"  {app:<12} {text}")
