"""Every state change in mobility.services writes its audit event."""

from functools import partial

from mobility import services
from tests.audit_coverage import audit_coverage_tests
from tests.factories import MobilityFactory


def _new(world):
    return MobilityFactory.build(project=world.project, sending_organisation=world.membership.organisation)


def _add(world):
    return partial(services.add_mobility, _new(world), actor=world.partner), world.project


def _update(world):
    mobility = MobilityFactory(project=world.project, sending_organisation=world.membership.organisation)
    mobility.participants = 9
    return partial(services.update_mobility, mobility, actor=world.coordinator, changed_fields=["participants"]), (
        world.project
    )


def _delete(world):
    mobility = MobilityFactory(project=world.project, sending_organisation=world.membership.organisation)
    return partial(services.delete_mobility, mobility, actor=world.coordinator), world.project


def _import(world):
    records = [_new(world), _new(world)]
    return partial(
        services.import_mobilities, world.project, records, actor=world.coordinator, file_name="liikkuvuus.xlsx"
    ), world.project


STATE_CHANGING = {
    "add_mobility": ("mobility.added", _add),
    "update_mobility": ("mobility.updated", _update),
    "delete_mobility": ("mobility.deleted", _delete),
    "import_mobilities": ("mobility.imported", _import),
}
READ_ONLY = set()


test_every_public_service_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY)
)
