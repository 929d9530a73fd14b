"""Every state change in projects.services writes its audit event."""

from functools import partial

from networkhub import reminders
from projects import services
from tests.audit_coverage import audit_coverage_tests
from tests.factories import CoordinatorFactory


def _update_project(world):
    world.project.name = "Uusi nimi"
    return partial(
        services.update_project, world.project, actor=world.coordinator, changed_fields=["name"]
    ), world.project


def _add_coordinator(world):
    second = CoordinatorFactory()
    return partial(services.add_coordinator, world.project, email=second.email, actor=world.coordinator), world.project


def _remove_coordinator(world):
    second = CoordinatorFactory()
    world.project.coordinators.add(second)
    return partial(services.remove_coordinator, world.project, user=second, actor=world.coordinator), world.project


def _save_reminder_settings(world):
    kind = reminders.kind_choices(essential=False)[0][0]
    call = partial(services.save_reminder_settings, world.project, {kind: (False, [])}, actor=world.coordinator)
    return call, world.project


STATE_CHANGING = {
    "update_project": ("project.updated", _update_project),
    "add_coordinator": ("project.coordinator_added", _add_coordinator),
    "remove_coordinator": ("project.coordinator_removed", _remove_coordinator),
    "save_reminder_settings": ("project.reminder_settings_saved", _save_reminder_settings),
}
READ_ONLY = set()


test_every_public_service_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY)
)
