"""Every state change in privacy.services writes its audit event (the export too: a disclosure is logged)."""

from functools import partial

from privacy import services
from tests.audit_coverage import audit_coverage_tests

from .helpers import administrator


def _export(world):
    return partial(services.export, services.find_person(world.partner.email), actor=administrator()), None


def _erase(world):
    return partial(services.erase, services.find_person(world.partner.email), actor=administrator()), None


STATE_CHANGING = {
    "export": ("person.exported", _export),
    "erase": ("person.erased", _erase),
}
READ_ONLY = {"find_person", "person_for_user", "person_for_contact"}


test_every_public_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY)
)
